// `npm run test:vscode`: the extension's in-editor smoke suite in a desktop VS Code downloaded by
// @vscode/test-electron. It needs the internet to download VS Code, so it does not run on the
// project's own machines (no internet): there the real-editor tests use code-server (npm run test:e2e).
import { build } from 'esbuild';
import { resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = resolve(__dirname, '../..');
  const suite = resolve(root, 'out/vscode-suite.js');
  await build({ entryPoints: [resolve(__dirname, 'suite.ts')], bundle: true, platform: 'node', format: 'cjs', external: ['vscode'], outfile: suite });
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: suite,
    launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((error) => {
  console.error('test:vscode failed:', error);
  process.exit(1);
});
