// The e2e/demo tool cache (test/e2e/tools.ts) without installing anything real: a killed first run
// recovers on the next, a failed step says what to do, and a nested npm sees its own Node.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ensureCachedInstall, InstallError, nestedNpmEnv, withLock, type CachedInstall } from '../e2e/tools';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ssm-toolcache-test-'));
}

/** A tool whose install writes `complete` into its prefix and whose check needs that file. */
function fakeTool(prefix: string, over: Partial<CachedInstall> = {}): CachedInstall & { installs: number } {
  const tool = {
    installs: 0,
    step: 'fake tool',
    prefix,
    marker: path.join(prefix, '.ssm-e2e-complete'),
    command: 'fake-install --prefix x',
    expect: 'instant',
    advice: 'try again',
    finishedWithoutMarker: () => false,
    check: () => (fs.existsSync(path.join(prefix, 'complete')) ? 'v1.2.3' : undefined),
    install: async () => {
      tool.installs++;
      fs.writeFileSync(path.join(prefix, 'complete'), 'ok');
    },
    ...over,
  };
  return tool;
}

describe('tool cache', () => {
  it('a first run killed mid-install is redone from scratch by the next run, which then keeps it', async () => {
    const cache = tmp();
    const prefix = path.join(cache, 'tool');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'installKilled.ts'), cache, prefix], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('half') && resolve());
      child.once('exit', (code) => reject(new Error(`fixture exited early (${code})`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // What the killed run left: a half-written prefix, no marker, and its lock.
    assert.ok(fs.existsSync(path.join(prefix, 'half-written')));
    assert.ok(!fs.existsSync(path.join(prefix, '.ssm-e2e-complete')));
    assert.equal(fs.readFileSync(path.join(cache, '.install.lock', 'pid'), 'utf8'), String(child.pid));

    const tool = fakeTool(prefix);
    await withLock(cache, () => ensureCachedInstall(tool, '[1/1]'));
    assert.equal(tool.installs, 1);
    assert.ok(!fs.existsSync(path.join(prefix, 'half-written')), 'the half install was discarded');
    assert.equal(fs.readFileSync(tool.marker, 'utf8'), 'v1.2.3\n');
    assert.ok(!fs.existsSync(path.join(cache, '.install.lock')), 'the lock is released');

    await withLock(cache, () => ensureCachedInstall(tool, '[1/1]'));
    assert.equal(tool.installs, 1, 'a complete install is not redone');
  });

  it('an install finished without the marker is kept only when it works', async () => {
    const prefix = path.join(tmp(), 'tool');
    fs.mkdirSync(prefix);
    fs.writeFileSync(path.join(prefix, 'complete'), 'ok');
    const works = fakeTool(prefix, { finishedWithoutMarker: () => true });
    await ensureCachedInstall(works, '[1/1]');
    assert.equal(works.installs, 0);
    assert.ok(fs.existsSync(works.marker));

    const prefix2 = path.join(tmp(), 'tool');
    fs.mkdirSync(prefix2);
    fs.writeFileSync(path.join(prefix2, 'leftover'), 'x');
    const broken = fakeTool(prefix2, { finishedWithoutMarker: () => true });
    await ensureCachedInstall(broken, '[1/1]');
    assert.equal(broken.installs, 1);
    assert.ok(!fs.existsSync(path.join(prefix2, 'leftover')));
  });

  it('a failed install names the step, the command and what to do, and leaves no marker', async () => {
    const prefix = path.join(tmp(), 'tool');
    const tool = fakeTool(prefix, {
      install: async () => {
        throw new Error('exited with code 1');
      },
    });
    const err = await ensureCachedInstall(tool, '[2/3]').then(
      () => assert.fail('should have failed'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof InstallError);
    assert.match(err.message, /Install step "fake tool" failed: exited with code 1/);
    assert.match(err.message, /command: fake-install --prefix x/);
    assert.match(err.message, /what to do: try again/);
    assert.ok(!fs.existsSync(tool.marker));

    const silent = fakeTool(path.join(tmp(), 'tool'), { install: async () => undefined });
    await assert.rejects(ensureCachedInstall(silent, '[2/3]'), /finished but the tool does not work/);
  });

  it('a nested npm reports its own Node, not the outer npm run’s', () => {
    // What `npm run` exports to its script, as seen with npm 11 on Node 20.
    const outer = {
      ...process.env,
      npm_config_user_agent: 'npm/11.0.0 node/v20.0.0 linux x64 workspaces/false',
      npm_node_execpath: '/usr/bin/node',
      NODE: '/usr/bin/node',
      npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
      npm_config_registry: 'https://registry.example.test/',
      npm_lifecycle_event: 'demo',
    };
    // The user agent that an install script of a package sees (code-server's postinstall reads it).
    const project = tmp();
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'probe', version: '1.0.0', scripts: { ua: 'node -e "console.log(process.env.npm_config_user_agent)"' } }),
    );
    const agent = (env: NodeJS.ProcessEnv) => spawnSync('npm', ['run', '-s', 'ua'], { env, encoding: 'utf8', cwd: project }).stdout.trim();
    // The cause: npm takes npm_config_* from the environment as its own settings.
    assert.match(agent(outer), /node\/v20\.0\.0/);
    const inner = nestedNpmEnv(outer, { EXTRA: '1' });
    assert.match(agent(inner), new RegExp(`node/${process.version.replace(/\./g, '\\.')}`));
    assert.equal(inner.npm_node_execpath, undefined);
    assert.equal(inner.NODE, undefined);
    assert.equal(inner.npm_lifecycle_event, undefined);
    assert.equal(inner.npm_config_registry, 'https://registry.example.test/', "the user's own npm settings stay");
    assert.equal(inner.PATH, process.env.PATH);
    assert.equal(inner.EXTRA, '1');
  });
});
