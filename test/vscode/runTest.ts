// `npm run test:vscode`: the in-host suite (suite.ts) in a desktop VS Code downloaded by
// @vscode/test-electron, one editor per phase (phases.ts), against the local SSM endpoint. It needs
// the internet to download VS Code; the project's own machines have none and run the same suite
// inside code-server instead (`npm run test:inhost`, inhost.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runTests } from '@vscode/test-electron';
import { QUIET_SETTINGS } from '../e2e/editor';
import { defaultFleet, start as startEmulator, writeProfiles } from '../emulator/index';
import { bundleSuite } from './bundle';
import { PHASES, trustSettings } from './phases';

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  if (spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) throw new Error('npm run build failed');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ssm-vscode-'));
  const suite = await bundleSuite(path.join(tmp, 'suite.js'));
  const failed: string[] = [];
  for (const phase of PHASES) {
    const emu = await startEmulator({ fleet: defaultFleet(), port: 0, quiet: true });
    try {
      const dir = path.join(tmp, phase.name);
      const profiles = writeProfiles(path.join(dir, 'aws'), emu.url);
      writeJson(path.join(dir, 'user-data', 'User', 'settings.json'), { ...QUIET_SETTINGS, ...trustSettings(phase), ...phase.userSettings });
      writeJson(path.join(dir, 'workspace', '.vscode', 'settings.json'), phase.workspaceSettings);
      // Only the AWS setup of the test: never the credentials or profile of whoever runs it.
      const env: Record<string, string | undefined> = {};
      for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) env[k] = undefined;
      await runTests({
        extensionDevelopmentPath: root,
        extensionTestsPath: suite,
        extensionTestsEnv: { ...env, ...profiles.env, SSM_VSCODE_PHASE: phase.name, SSM_VSCODE_RESULTS: path.join(dir, 'results.json') },
        launchArgs: [
          path.join(dir, 'workspace'),
          '--user-data-dir', path.join(dir, 'user-data'),
          '--disable-extensions',
          ...(phase.trusted ? ['--disable-workspace-trust'] : []),
        ],
      }).catch((e: unknown) => {
        failed.push(`${phase.name}: ${String(e)}`);
      });
    } finally {
      await emu.stop();
    }
  }
  if (failed.length > 0) throw new Error(failed.join('; '));
  console.log(`test:vscode: ${PHASES.length} phases passed`);
}

main().catch((error) => {
  console.error('test:vscode failed:', error);
  process.exit(1);
});
