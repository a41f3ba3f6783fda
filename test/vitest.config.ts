import { projectConfig } from '../vitest.shared.js';

// One file at a time: each starts whole stacks of real processes, and on 2 cores several stacks at once
// turn timing (keepalives, windows) into noise.
export default projectConfig({ include: ['e2e/**/*.test.ts'], testTimeout: 120_000, fileParallelism: false });
