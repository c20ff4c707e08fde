/**
 * `npm run test:inhost`: the in-host suite (suite.ts) inside code-server's extension host, the same
 * Node extension host a user's remote or code-server install runs extensions in.
 *
 * How: VS Code's web workbench reads `extensionDevelopmentPath` and `extensionTestsPath` from the
 * `payload` query parameter of its URL. Given `vscode-remote://` URIs of the server's files, the
 * remote extension host loads the extension from there as the extension under development and
 * then requires the tests and calls their `run()`, as test-electron does on the desktop. When
 * `run()` settles, the workbench calls `window.codeAutomationExit(code)`, which the browser page
 * exposes to this process (as @vscode/test-web does). The suite also writes its results as JSON.
 *
 * The extension under development is the installed copy of the packaged .vsix (its folder in the
 * extensions dir), so these tests run the same bits a user installs. One editor per phase
 * (phases.ts): trusted, then an untrusted workspace. Each gets its own local SSM endpoint.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { buildAndPackage, CHROMIUM_ARGS, collectLogs, EXTENSION_ID, RESULTS_DIR, resultsDirFor, startCodeServer, tmpRoot, type CodeServer } from '../e2e/editor';
import { ensureTools } from '../e2e/tools';
import { defaultFleet, start as startEmulator, writeProfiles, type Emulator } from '../emulator/index';
import { bundleSuite } from './bundle';
import type { Results } from './harness';
import { PHASES, trustSettings, type Phase } from './phases';

/** The whole phase: editor start, workbench, activation, every test. */
const PHASE_TIMEOUT_MS = 240_000;
/** From opening the workbench to the suite being loaded (about 10 s when idle, 30 s on a busy machine). */
const LOAD_TIMEOUT_MS = 120_000;

function say(msg: string): void {
  console.log(`[in-host] ${msg}`);
}

interface PhaseOutcome {
  phase: string;
  exitCode?: number;
  results?: Results;
  problem?: string;
  ms: number;
}

/** The folder the .vsix was installed into, inside the editor's extensions dir. */
function installedExtension(cs: CodeServer): string {
  const folder = fs.readdirSync(cs.extensionsDir).find((f) => f.toLowerCase().startsWith(`${EXTENSION_ID}-`));
  if (!folder) throw new Error(`${EXTENSION_ID} is not installed in ${cs.extensionsDir}`);
  return path.join(cs.extensionsDir, folder);
}

async function runPhase(phase: Phase, vsix: string, suite: string): Promise<PhaseOutcome> {
  const t0 = Date.now();
  const scenario = `inhost-${phase.name}`;
  fs.rmSync(path.join(RESULTS_DIR, scenario), { recursive: true, force: true }); // no logs of an earlier run
  const resultsDir = resultsDirFor(scenario);
  const resultsFile = path.join(resultsDir, 'results.json');
  fs.rmSync(resultsFile, { force: true });
  let emu: Emulator | undefined;
  let cs: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    emu = await startEmulator({ fleet: defaultFleet(), port: 0, quiet: true });
    const profiles = writeProfiles(fs.mkdtempSync(path.join(tmpRoot(), `${scenario}-aws-`)), emu.url);
    cs = await startCodeServer(
      {
        scenario,
        vsix,
        env: {
          ...profiles.env,
          SSM_VSCODE_PHASE: phase.name,
          SSM_VSCODE_RESULTS: resultsFile,
          // A built VS Code ignores the payload's development and test paths unless the server runs
          // with --enable-smoke-test-driver (environmentService: `!isBuilt || enableSmokeTestDriver`).
          // code-server has no such flag of its own; it passes VSCODE_OPTIONS through to VS Code.
          VSCODE_OPTIONS: 'enable-smoke-test-driver',
        },
        userSettings: { ...trustSettings(phase), ...phase.userSettings },
        workspaceSettings: phase.workspaceSettings,
        workspaceTrust: !phase.trusted,
      },
      resultsDir,
    );
    // code-server's remote authority is the host the browser connects to.
    const remote = (file: string) => `vscode-remote://${new URL(cs!.url).host}${file}`;
    const payload = [
      ['extensionDevelopmentPath', remote(installedExtension(cs))],
      ['extensionTestsPath', remote(suite)],
    ];
    const url = `${cs.url}/?folder=${encodeURIComponent(cs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

    const tools = await ensureTools();
    browser = await chromium.launch({ executablePath: tools.chromium, args: CHROMIUM_ARGS, headless: true });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // The suite reads and writes the clipboard through the editor, which uses the browser's.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cs.url });
    const page = await context.newPage();
    const consoleLog = path.join(resultsDir, 'browser-console.log');
    fs.writeFileSync(consoleLog, '');
    page.on('console', (m) => fs.appendFileSync(consoleLog, `[${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => fs.appendFileSync(consoleLog, `[pageerror] ${e.message}\n`));
    // Called by the workbench when the tests' run() settled (0: resolved, 1: rejected).
    const exit: { code?: number } = {};
    await page.exposeFunction('codeAutomationExit', (code: number) => {
      exit.code = code;
    });
    say(`${phase.name}: opening the workbench with the tests in its payload`);
    await page.goto(url);
    // The suite writes an empty result as soon as it is loaded. If it never is (the workbench
    // ignored the payload), say so after LOAD_TIMEOUT_MS instead of waiting out the whole phase.
    const loadedBy = Date.now() + LOAD_TIMEOUT_MS;
    const giveUpAt = Date.now() + PHASE_TIMEOUT_MS;
    let notLoaded = false;
    while (exit.code === undefined && Date.now() < giveUpAt) {
      if (!fs.existsSync(resultsFile) && Date.now() > loadedBy) {
        notLoaded = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const exitCode = exit.code;
    const results = fs.existsSync(resultsFile) ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Results) : undefined;
    const outcome: PhaseOutcome = { phase: phase.name, exitCode, results, ms: Date.now() - t0 };
    if (notLoaded) outcome.problem = `the extension host did not load the tests within ${LOAD_TIMEOUT_MS / 1000} s of opening the workbench: the payload was ignored (a built VS Code needs --enable-smoke-test-driver) or the host did not start; see ${path.relative(process.cwd(), resultsDir)}`;
    else if (exitCode === undefined) outcome.problem = `the extension host did not report an exit within ${PHASE_TIMEOUT_MS / 1000} s`;
    else if (!results) outcome.problem = `the extension host exited (${exitCode}) without results: the tests did not run (see ${path.relative(process.cwd(), resultsDir)})`;
    return outcome;
  } catch (e) {
    return { phase: phase.name, problem: String((e as Error).stack ?? e), ms: Date.now() - t0 };
  } finally {
    await browser?.close().catch(() => undefined);
    await cs?.kill().catch(() => undefined);
    if (cs) collectLogs(cs.userDataDir, resultsDir);
    await emu?.stop().catch(() => undefined);
  }
}

function report(o: PhaseOutcome): boolean {
  for (const t of o.results?.tests ?? []) {
    const mark = t.ok ? 'ok     ' : t.error?.startsWith('not run') ? 'not run' : 'FAIL   ';
    console.log(`  ${mark} ${o.phase}: ${t.name}${t.ok ? ` (${t.ms} ms)` : ''}`);
    if (!t.ok && !t.error?.startsWith('not run')) console.log(`       ${(t.error ?? '').split('\n').join('\n       ')}`);
  }
  if (o.problem) console.log(`  FAIL ${o.phase}: ${o.problem}`);
  const ok = !o.problem && o.exitCode === 0 && !!o.results && o.results.failed === 0 && o.results.notRun === 0;
  if (!ok && !o.problem && o.exitCode !== 0) console.log(`  FAIL ${o.phase}: the extension host exited with ${o.exitCode}`);
  return ok;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const phases = PHASES.filter((p) => only.length === 0 || only.includes(p.name));
  const vsix = buildAndPackage();
  const suite = await bundleSuite(path.join(tmpRoot(), 'vscode-suite', 'suite.js'));
  const outcomes: PhaseOutcome[] = [];
  for (const phase of phases) outcomes.push(await runPhase(phase, vsix, suite));
  console.log('');
  let allOk = true;
  for (const o of outcomes) allOk = report(o) && allOk;
  const passed = outcomes.reduce((n, o) => n + (o.results?.passed ?? 0), 0);
  const failed = outcomes.reduce((n, o) => n + (o.results?.failed ?? 0) + (o.results ? 0 : 1), 0);
  const notRun = outcomes.reduce((n, o) => n + (o.results?.notRun ?? 0), 0);
  const secs = outcomes.map((o) => `${o.phase} ${(o.ms / 1000).toFixed(1)} s`).join(', ');
  fs.writeFileSync(path.join(resultsDirFor('inhost'), 'summary.json'), JSON.stringify({ passed, failed, notRun, outcomes }, null, 2) + '\n');
  console.log(`in-host: ${passed} passed, ${failed} failed${notRun ? `, ${notRun} not run` : ''} (${secs})`);
  process.exit(allOk ? 0 : 1);
}

main().catch((e) => {
  console.error('test:inhost failed:', e);
  process.exit(1);
});
