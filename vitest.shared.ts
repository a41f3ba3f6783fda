import { defineConfig } from 'vitest/config';

/** Tests run against the TypeScript sources of our libs (the "@mjl/source" export condition), never stale builds. */
const conditions = ['@mjl/source', 'node', 'import', 'module', 'default'];

export function projectConfig(options: { testTimeout?: number; include?: string[]; fileParallelism?: boolean } = {}) {
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: conditions } },
    test: {
      include: options.include ?? ['src/**/*.test.ts'],
      testTimeout: options.testTimeout ?? 10_000,
      // Hooks start servers and processes; on a loaded 2-core machine that takes longer than a test.
      hookTimeout: Math.max(options.testTimeout ?? 10_000, 30_000),
      pool: 'forks',
      fileParallelism: options.fileParallelism ?? true,
    },
  });
}
