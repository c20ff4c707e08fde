// The lint guards the layers (CONTRIBUTING.md) by folder, keeps the AWS SDK in the lazily loaded bundles, and
// catches what a type check does not: a promise nobody waits for or handles, and a module imported twice.
import tseslint from 'typescript-eslint';

/**
 * The layers are folders (CONTRIBUTING.md): a new file is in a layer by where it is, never by a list
 * of files. The editor side is src/extension.ts, src/editor/ and src/commands/: only it imports 'vscode'.
 */
const EDITOR_SIDE = ['**/extension', '**/editor/**', '**/commands/**'];

/** Folders that run in plain Node, tested without an editor. */
const PURE = ['src/core/**', 'src/aws/**', 'src/paging/**', 'src/tree/**', 'src/templates/**'];

/** What only the lazily loaded AWS bundles may load: the SDK, and src/aws/sdk/ that uses it. */
const SDK_SIDE = ['@aws-sdk/*', '@smithy/*', '**/aws/sdk/**', '**/sdk/*'];

const VSCODE_MESSAGE =
  'Pure layers (core, aws, paging, tree, templates) never import vscode: they are tested in plain Node. Put editor code in src/editor or src/commands.';
const SDK_MESSAGE =
  'The AWS SDK and src/aws/sdk/ live in the lazily loaded bundles (dist/aws.js, runs.js, s3.js): the main bundle may import their types only (import type), and reaches them through LazyBackend.';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'coverage/**'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    // Only the rules below are on, and every disable directive must still be needed.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A control character in a pattern is a mistake unless a directive says why it is meant.
      'no-control-regex': 'error',
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's describe() and it() return promises that the runner itself awaits.
          allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'before', 'after', 'beforeEach', 'afterEach', 'test', 'suite'] }],
        },
      ],
    },
  },
  {
    // Outside src/aws/sdk/, the SDK and src/aws/sdk/ are reached by `import type` alone.
    files: ['src/**/*.ts'],
    ignores: ['src/aws/sdk/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: VSCODE_MESSAGE }],
          patterns: [
            { group: EDITOR_SIDE, message: 'A pure layer does not import the editor side (it would bring vscode in).' },
            { group: SDK_SIDE, allowTypeImports: true, message: SDK_MESSAGE },
          ],
        },
      ],
    },
  },
  {
    // The editor side may import vscode and itself; the SDK rule still holds.
    files: ['src/extension.ts', 'src/editor/**', 'src/commands/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: SDK_SIDE, allowTypeImports: true, message: SDK_MESSAGE }] }],
    },
  },
  {
    // src/aws/sdk/ may use the SDK, but not vscode nor the editor side.
    files: ['src/aws/sdk/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: VSCODE_MESSAGE }],
          patterns: [{ group: EDITOR_SIDE, message: 'A pure layer does not import the editor side (it would bring vscode in).' }],
        },
      ],
    },
  },
);
