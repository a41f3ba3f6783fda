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
      pool: 'forks',
      fileParallelism: options.fileParallelism ?? true,
    },
  });
}
