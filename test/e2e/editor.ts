/**
 * Builds the extension once, and starts a real editor with it: code-server (VS Code served to a
 * browser, with the ordinary Node extension host) driven by playwright-core in Debian's Chromium.
 * See /work/shared/real-editor.md for why this is the way (no VS Code download is possible here).
 *
 * Each startEditor() gets its own user-data dir and workspace folder, so that no state (settings,
 * global/workspace storage, open views) leaks from one scenario into the next. The installed
 * extension itself is read-only at run time, so one extensions dir is shared by all editors of a
 * run and the .vsix is installed into it only once.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { codeServerState, ensureTools, type Tools } from './tools';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
export const VSIX_PATH = path.join(REPO_ROOT, 'dist', 'ssm-association-explorer.vsix');
export const EXTENSION_ID = 'ssmtools.ssm-association-explorer';

/** Settings that keep the workbench quiet and deterministic: no welcome page, no walkthroughs,
 *  no telemetry, no update checks, no trust prompt, no chat/AI panels, no git scanning. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.layoutControl.enabled': false,
  'workbench.view.alwaysShowHeaderActions': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'git.openRepositoryInParentFolders': 'never',
  'github.gitAuthentication': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'remote.autoForwardPorts': false,
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
  'workbench.colorTheme': 'Default Dark Modern',
};

export interface StartOptions {
  /** Folder name under test-results/ for logs and screenshots. */
  scenario: string;
  vsix: string;
  /** Merged into code-server's environment; the extension host inherits it (AWS_* variables). */
  env?: Record<string, string>;
  userSettings?: Record<string, unknown>;
  workspaceSettings?: Record<string, unknown>;
  /** Fixed host port (the demo); by default a free port is picked. */
  port?: number;
  /** Do not launch a browser (the demo: the user opens the URL). */
  noBrowser?: boolean;
  viewport?: { width: number; height: number };
  /** Accept the self-signed certificate of a local https server (a picture's host in a scenario). */
  ignoreHTTPSErrors?: boolean;
  /** Leave workspace trust on (the in-host suite's untrusted phase); by default it is disabled. */
  workspaceTrust?: boolean;
}

export interface Editor {
  page: Page;
  context: BrowserContext;
  browser: Browser;
  url: string;
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  resultsDir: string;
  /** Browser console errors seen so far (the closed network's noise included). */
  consoleErrors: string[];
  /** Stops browser and code-server (its whole process group) and copies the logs. Never throws. */
  stop(): Promise<void>;
}

function say(msg: string): void {
  console.log(`[e2e editor] ${msg}`);
}

let packaged: string | undefined;

/** `npm run package` in the repo root, once per process; returns the .vsix path. */
export function buildAndPackage(): string {
  if (packaged) return packaged;
  const prebuilt = process.env.SSM_E2E_VSIX;
  if (prebuilt) {
    // For debugging the harness only: a .vsix built elsewhere, used as it is.
    if (!fs.existsSync(prebuilt)) throw new Error(`SSM_E2E_VSIX=${prebuilt} does not exist`);
    say(`using SSM_E2E_VSIX=${prebuilt} (not packaging)`);
    packaged = path.resolve(prebuilt);
    return packaged;
  }
  const t0 = Date.now();
  say('npm run package');
  const r = spawnSync('npm', ['run', 'package'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status ?? r.signal})`);
  if (!fs.existsSync(VSIX_PATH)) throw new Error(`npm run package did not produce ${VSIX_PATH}`);
  say(`packaged ${path.relative(REPO_ROOT, VSIX_PATH)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  packaged = VSIX_PATH;
  return packaged;
}

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

/** Arguments common to every code-server invocation: its own user-data, extensions and config
 *  folders, so that it writes nothing under the user's home (~/.config, ~/.local/share). */
function baseArgs(tools: Tools, userDataDir: string, extensionsDir: string): string[] {
  return [tools.codeServerEntry, ...codeServerState(stateDir()).args, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
}

/** The environment every code-server invocation gets: XDG folders inside this run's temp folder. */
function baseEnv(): Record<string, string> {
  return codeServerState(stateDir()).env;
}

function stateDir(): string {
  return path.join(tmpRoot(), 'code-server-state');
}

const installed = new Map<string, string>(); // vsix key -> extensions dir
let runTmp: string | undefined;

/** A temp folder for this process's editors, removed at exit. */
export function tmpRoot(): string {
  if (!runTmp) {
    runTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ssm-e2e-'));
    const dir = runTmp;
    process.on('exit', () => {
      if (!process.env.SSM_E2E_KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
    });
  }
  return runTmp;
}

/** Install the .vsix into a shared extensions dir (once per vsix content). */
function installExtension(tools: Tools, vsix: string): string {
  const st = fs.statSync(vsix);
  const key = `${path.resolve(vsix)}:${st.size}:${st.mtimeMs}`;
  const have = installed.get(key);
  if (have) return have;
  const extensionsDir = fs.mkdtempSync(path.join(tmpRoot(), 'extensions-'));
  const scratchData = fs.mkdtempSync(path.join(tmpRoot(), 'install-data-'));
  const t0 = Date.now();
  say(`installing ${path.basename(vsix)} into ${extensionsDir}`);
  const r = spawnSync(tools.node, [...baseArgs(tools, scratchData, extensionsDir), '--install-extension', vsix], {
    encoding: 'utf8',
    env: { ...process.env, ...baseEnv() },
    timeout: 120_000,
  });
  if (r.status !== 0) {
    throw new Error(`--install-extension failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  if (!/successfully installed/i.test(r.stdout + r.stderr)) {
    say(`install output: ${(r.stdout + r.stderr).trim()}`);
  }
  say(`installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  installed.set(key, extensionsDir);
  return extensionsDir;
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited early (${child.exitCode ?? child.signalCode}); see ${logFile}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.status < 500) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() - started > timeoutMs) throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** Every file under `dir` (recursively). */
function walk(dir: string): string[] {
  const out: string[] = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Copies the extension-host log and the "SSM Associations" output channel log to `dest`. */
export function collectLogs(userDataDir: string, dest: string): string[] {
  const copied: string[] = [];
  const logs = walk(path.join(userDataDir, 'logs'));
  fs.mkdirSync(dest, { recursive: true });
  for (const f of logs) {
    const base = path.basename(f);
    const wanted =
      /exthost\.log$/.test(base) || /SSM Associations/i.test(base) || f.includes(EXTENSION_ID) || base === 'remoteagent.log';
    if (!wanted) continue;
    let name = base;
    if (/SSM Associations/i.test(base) || f.includes(EXTENSION_ID)) name = base.replace(/^\d+-/, '');
    let target = path.join(dest, name);
    for (let i = 2; fs.existsSync(target); i++) target = path.join(dest, `${i}-${name}`);
    fs.copyFileSync(f, target);
    copied.push(target);
  }
  return copied;
}

export function resultsDirFor(scenario: string): string {
  const dir = path.join(RESULTS_DIR, scenario);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export interface CodeServer {
  url: string;
  port: number;
  child: ChildProcess;
  userDataDir: string;
  extensionsDir: string;
  workspace: string;
  logFile: string;
  kill(): Promise<void>;
}

/** Start code-server (no browser) with fresh user-data and workspace dirs. */
export async function startCodeServer(opts: Omit<StartOptions, 'noBrowser' | 'viewport'>, resultsDir: string): Promise<CodeServer> {
  const tools = await ensureTools();
  const extensionsDir = installExtension(tools, opts.vsix);
  const root = fs.mkdtempSync(path.join(tmpRoot(), `${opts.scenario.replace(/[^\w.-]+/g, '_')}-`));
  const userDataDir = path.join(root, 'user-data');
  const workspace = path.join(root, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  fs.writeFileSync(path.join(workspace, 'README.txt'), 'Workspace of an SSM Association Explorer end-to-end test.\n');
  writeJson(path.join(userDataDir, 'User', 'settings.json'), { ...QUIET_SETTINGS, ...opts.userSettings });
  if (opts.workspaceSettings) writeJson(path.join(workspace, '.vscode', 'settings.json'), opts.workspaceSettings);

  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(resultsDir, 'code-server.log');
  const log = fs.openSync(logFile, 'w');
  const args = [
    ...baseArgs(tools, userDataDir, extensionsDir),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--log', 'debug',
    workspace,
  ];
  // The extension host must see only the AWS setup the test gives it: never the credentials,
  // profile or region of whoever runs the tests.
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  Object.assign(env, baseEnv(), opts.env);
  // The test runner's own Node/tsx settings must not leak into code-server's Node 24.
  delete env.NODE_OPTIONS;
  delete env.TSX_TSCONFIG_PATH;
  const t0 = Date.now();
  const child = spawn(tools.node, args, { detached: true, stdio: ['ignore', log, log], env, cwd: workspace });
  fs.closeSync(log);
  let killed = false;
  const kill = async () => {
    if (killed) return;
    killed = true;
    const pid = child.pid;
    if (!pid) return;
    const exited = new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      /* group already gone */
    }
    await Promise.race([exited, sleep(5000)]);
    try {
      process.kill(-pid, 'SIGKILL'); // helpers (extension host, file watcher) that ignored SIGTERM
    } catch {
      /* group already gone */
    }
  };
  // If the test process dies, take code-server with it.
  const onExit = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  };
  process.on('exit', onExit);
  child.once('exit', () => process.off('exit', onExit));
  try {
    await waitForHttp(url, child, 60_000, logFile);
  } catch (e) {
    await kill();
    throw e;
  }
  say(`code-server up on ${url} in ${((Date.now() - t0) / 1000).toFixed(1)} s (user data ${userDataDir})`);
  return { url, port, child, userDataDir, extensionsDir, workspace, logFile, kill };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Start code-server with the extension, open the workspace in Chromium, wait for the workbench. */
export async function startEditor(opts: StartOptions): Promise<Editor> {
  const resultsDir = resultsDirFor(opts.scenario);
  const cs = await startCodeServer(opts, resultsDir);
  let browser: Browser | undefined;
  const consoleErrors: string[] = [];
  const consoleLog = path.join(resultsDir, 'browser-console.log');
  fs.writeFileSync(consoleLog, '');
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      await browser?.close();
    } catch (e) {
      say(`closing the browser: ${String(e)}`);
    }
    try {
      await cs.kill();
    } catch (e) {
      say(`killing code-server: ${String(e)}`);
    }
    try {
      collectLogs(cs.userDataDir, resultsDir);
    } catch (e) {
      say(`collecting logs: ${String(e)}`);
    }
  };
  try {
    const tools = await ensureTools();
    const folderUrl = `${cs.url}/?folder=${encodeURIComponent(cs.workspace)}`;
    const served = { url: cs.url, workspace: cs.workspace, userDataDir: cs.userDataDir, extensionsDir: cs.extensionsDir, resultsDir, consoleErrors, stop };
    if (opts.noBrowser) {
      return {
        page: undefined as unknown as Page,
        context: undefined as unknown as BrowserContext,
        browser: undefined as unknown as Browser,
        ...served,
      };
    }
    // Chromium (crash reports) and GTK (dconf) write under XDG_CONFIG_HOME / XDG_CACHE_HOME: keep
    // them in this run's temp folder, not in the user's home.
    browser = await chromium.launch({
      executablePath: tools.chromium,
      args: CHROMIUM_ARGS,
      headless: true,
      env: { ...process.env, ...baseEnv() } as Record<string, string>,
    });
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1400, height: 900 }, ignoreHTTPSErrors: opts.ignoreHTTPSErrors });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cs.url });
    const page = await context.newPage();
    page.on('console', (m: ConsoleMessage) => {
      const line = `[${m.type()}] ${m.text()}`;
      fs.appendFileSync(consoleLog, line + '\n');
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => fs.appendFileSync(consoleLog, `[pageerror] ${e.message}\n`));
    const t0 = Date.now();
    await page.goto(folderUrl);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    // The activity bar appears once the workbench has laid itself out.
    await page.waitForSelector('.part.activitybar .action-item', { timeout: 60_000 });
    say(`workbench ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return { page, context, browser, ...served };
  } catch (e) {
    await stop();
    throw e;
  }
}
