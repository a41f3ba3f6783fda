import { projectConfig } from '../vitest.shared.js';

export default projectConfig({ include: ['e2e/**/*.test.ts'], testTimeout: 60_000 });
