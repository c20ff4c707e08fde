// @ts-check
// Mutation testing (`npm run mutation`, docs/mutation.md): only the modules that stand between the
// fleet's or the user's text and the screen, and between the user and a flood of requests. Too long
// for CI; run it by hand after changing one of them.
import { fileURLToPath } from 'node:url';

// The sandbox gets a node_modules link only when the project's node_modules is a folder (not in a git
// worktree, where it is a link); tsx then resolves tsconfig.json's "#sdk-partitions" path from the
// project's own tsconfig, which every test process inherits from this one.
process.env.TSX_TSCONFIG_PATH ??= fileURLToPath(new URL('./tsconfig.json', import.meta.url));

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
    // The fleet and output modules (issue 20). Pure ones, held by the unit tests:
    'src/core/nodeWatches.ts',
    'src/core/fleetWatch.ts',
    'src/core/console.ts',
    'src/core/grouping.ts',
    'src/core/failures.ts',
    'src/core/discoveredNodes.ts',
    'src/core/runOutput.ts',
    'src/aws/outputProblems.ts',
    'src/aws/runLayout.ts',
    'src/tree/treeModel.ts',
    'src/tree/nodeInformationStore.ts',
    'src/tree/associationWatches.ts',
    'src/tree/nodeState.ts',
    // The SDK's side, held by test/integration through the local endpoint:
    'src/aws/sdk/culprits.ts',
    'src/aws/sdk/describeNodes.ts',
    'src/aws/sdk/discovery.ts',
    'src/aws/sdk/outputReader.ts',
    'src/aws/sdk/associationRuns.ts',
    'src/aws/sdk/s3Reader.ts',
  ],
  testRunner: 'tap',
  // The unit tests, and the integration tests (the real SDK against the local endpoint) for the
  // src/aws/sdk modules; per-test coverage runs only the files that reach a mutant. The editor
  // suites (e2e, in-host) take minutes per mutant: not here.
  tap: {
    testFiles: ['test/unit/*.test.ts', 'test/integration/*.test.ts'],
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
  // bench/ stays: a unit test reads bench/firstClick.ts. `.stryker-tmp*`: the sandboxes of another run
  // (`--tempDirName .stryker-tmp-b --incrementalFile …` runs a second set of modules beside the first).
  ignorePatterns: ['dist', 'out', 'test/vscode', 'docs', '.stryker-tmp*', '.vscode-test', 'test-results', 'reports', '*.vsix'],
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
