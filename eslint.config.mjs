// The lint guards the layers (see CONTRIBUTING.md) and catches what a type check does not: a promise
// nobody waits for or handles, and a module imported twice.
import tseslint from 'typescript-eslint';

/** The editor side: only these may import 'vscode' (and nothing pure may import them). */
const EDITOR_SIDE = ['**/extension', '**/configuration', '**/statusBar', '**/outputDocuments', '**/commands/**', '**/tree/provider'];

/** Folders that run in plain Node, tested without an editor. */
const PURE = ['src/core/**', 'src/aws/**', 'src/paging/**', 'src/tree/**', 'src/backendLoader.ts'];

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
    files: PURE,
    ignores: ['src/tree/provider.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Pure layers (core, aws, paging, the tree model) never import vscode: they are tested in plain Node. Put editor code in src/commands, src/tree/provider.ts or src/configuration.ts.' }],
          patterns: [{ group: EDITOR_SIDE, message: 'A pure layer does not import the editor side (it would bring vscode in).' }],
        },
      ],
    },
  },
);
