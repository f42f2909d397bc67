import { defineConfig } from 'vitest/config';

// Golden tests chdir into each case folder, which worker threads cannot do: use forks.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
