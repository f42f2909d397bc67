// The suite Stryker runs against every mutant (`npm run mutation`): the in-process tests only.
// Left out: test/lab and test/kernel (root, network namespaces, minutes), and the tests that spawn
// bin/kube-rulec, which runs the built dist/ and so never sees a mutant in src/.
// Stryker 9's vitest runner forces pool 'threads' whatever this file says; no test chdirs, so
// that works.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/lab/**', 'test/kernel/**', 'test/cli/process.test.ts', 'test/cli/output.test.ts', '**/node_modules/**'],
    pool: 'threads',
    env: { KUBE_RULEC_PROPERTY_RUNS: '3' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
