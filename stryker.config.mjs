// Mutation testing: `npm run mutation` (StrykerJS). Stryker 9, because Stryker 10 needs Node 22 and
// this project runs on Node 20; its vitest runner forces pool 'threads', which the suite supports.
// One file only: `npm run mutation -- --mutate src/net/ip.ts`.
// @ts-check
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: ['src/plan/**/*.ts', 'src/backends/**/*.ts', 'src/net/**/*.ts', 'src/check/rules/**/*.ts'],
  concurrency: 2,
  // A mutant times out after its tests' measured time × 1.5 + timeoutMS. Parsers run at module load
  // (src/net/cidr.ts parses LOOPBACK_NET), so their mutants are "static" and
  // run the whole suite, about 20 s; on a busy two-core machine, a 10 s margin counted equivalent
  // mutants there as timed out (detected). 60 s leaves only real endless loops.
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
