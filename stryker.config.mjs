// @ts-check
// Mutation testing (`npm run mutation`, docs/mutation.md): only the modules that stand between the
// fleet's or the user's text and the screen, and between the user and a flood of requests. Too long
// for CI; run it by hand after changing one of them.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  mutate: [
    'src/aws/outputUrl.ts',
    'src/aws/errors.ts',
    'src/core/text.ts',
    'src/core/nodeIds.ts',
    'src/core/nodeEntries.ts',
    'src/core/settings.ts',
    'src/core/fleetSettings.ts',
    'src/paging/pager.ts',
    'src/paging/limit.ts',
  ],
  testRunner: 'tap',
  // Only the fast unit tests: the endpoint and editor suites take minutes per mutant.
  tap: {
    testFiles: ['test/unit/*.test.ts'],
    nodeArgs: ['--import', 'tsx', '--test-reporter=tap', '{{testFile}}'],
  },
  // The tap runner reports coverage per test file: a mutant runs only the files that reach it.
  coverageAnalysis: 'perTest',
  // A mutant that does not type-check is one the compiler already catches: not worth a test run.
  checkers: ['typescript'],
  tsconfigFile: 'src/tsconfig.json',
  // The machine's two cores are shared; `npm run mutation` also runs under `nice`.
  concurrency: 2,
  timeoutMS: 20000,
  ignorePatterns: ['dist', 'out', 'test/vscode', 'bench', 'docs', '.vscode-test', 'test-results', 'reports', '*.vsix'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // Re-runs only the mutants whose code or covering tests changed since the last run (--force: all).
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  thresholds: { high: 90, low: 80, break: null },
};

export default config;
