/**
 * A mocha-like runner small enough to bundle into the extension host: `test(name, fn)` registers,
 * `runTests()` runs them in order (later tests build on the state earlier ones left), prints one
 * line per test, writes the results as JSON when SSM_VSCODE_RESULTS names a file, and rejects when
 * any test failed, so that the host reports a non-zero exit (test-electron's process exit code,
 * code-server's `codeAutomationExit`).
 */
import * as fs from 'node:fs';

export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export interface Results {
  phase: string;
  passed: number;
  failed: number;
  /** Tests after a failure: the shared editor is in an unknown state, so they are not run. */
  notRun: number;
  tests: TestResult[];
}

const registered: { name: string; fn: () => Promise<void> | void }[] = [];

export function test(name: string, fn: () => Promise<void> | void): void {
  registered.push({ name, fn });
}

/** Per-test time limit: a command that hangs (an input box nobody answers) fails its test, not the run. */
const TEST_TIMEOUT_MS = 30_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function runTests(phase: string): Promise<Results> {
  const results: Results = { phase, passed: 0, failed: 0, notRun: 0, tests: [] };
  const write = () => {
    const file = process.env.SSM_VSCODE_RESULTS;
    if (file) fs.writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  };
  console.log(`[in-host] ${phase}: ${registered.length} tests`);
  write(); // an empty result at once: the runner knows the suite was loaded
  let stopped = false;
  for (const { name, fn } of registered) {
    const t0 = Date.now();
    // The tests share one editor: after a failure the state the rest expect is unknown, so they
    // are reported as not run rather than piling up confusing follow-on errors.
    if (stopped) {
      results.tests.push({ name, ok: false, ms: 0, error: 'not run: an earlier test failed' });
      results.notRun++;
      continue;
    }
    try {
      await withTimeout(Promise.resolve().then(fn), TEST_TIMEOUT_MS, name);
      results.tests.push({ name, ok: true, ms: Date.now() - t0 });
      results.passed++;
      console.log(`[in-host]   ok   ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
      results.tests.push({ name, ok: false, ms: Date.now() - t0, error });
      results.failed++;
      stopped = true;
      console.log(`[in-host]   FAIL ${name} (${Date.now() - t0} ms)\n${error}`);
    }
    write();
  }
  write();
  console.log(`[in-host] ${phase}: ${results.passed} passed, ${results.failed} failed${results.notRun ? `, ${results.notRun} not run` : ''}`);
  if (results.failed > 0) throw new Error(`${results.failed} of ${registered.length} in-host tests failed (${phase})`);
  return results;
}

/** Polls `probe` until it returns something other than undefined. */
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
