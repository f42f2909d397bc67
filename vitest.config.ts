import { defineConfig } from 'vitest/config';

// No test calls process.chdir (the CLI takes its directory through IO.cwd), so every suite but
// the lab has also been run with `--pool threads`, the pool Stryker's vitest runner forces. The
// default stays forks, where the lab suite (network namespaces, child processes) is known to run.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
