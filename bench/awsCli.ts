// The AWS CLI against the same endpoint and profile: what a user would do instead.
import { spawnSync } from 'node:child_process';
import { NODES, PROFILE, View, settingsFor, type Bench } from './harness';
import { extensionAllPages } from './perPage';
import { runProcess } from './process';
import type { Comparison } from './report';
import { median, ms, now, sleep, spread } from './stats';

async function runCli(args: string[]): Promise<{ ms: number; rows: number; code: number | null; err: string }> {
  const { code, out, err, ms: t } = await runProcess('aws', args);
  let rows = 0;
  try {
    rows = (JSON.parse(out) as { InstanceAssociationStatusInfos?: unknown[] }).InstanceAssociationStatusInfos?.length ?? 0;
  } catch {
    rows = -1;
  }
  return { ms: t, rows, code, err: err.trim().split('\n').slice(-1)[0] ?? '' };
}

export function cliVersion(): string | undefined {
  const r = spawnSync('aws', ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) return undefined;
  return `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split(' ')[0];
}

/** The extension's first page (a click on the node) on a warm extension, median of `runs`. */
async function extensionFirstPage(bench: Bench, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const view = new View(bench.backend, settingsFor([NODES.many]));
    await view.open();
    const t0 = now();
    await view.expand(view.node(NODES.many));
    out.push(now() - t0);
    await sleep(2);
    view.dispose();
  }
  return out;
}

export async function awsCli(bench: Bench, opts: { runs: number; coldExtensionMs?: number }): Promise<{ comparisons: Comparison[]; method: string[] }> {
  const version = cliVersion();
  if (!version) {
    return { comparisons: [{ what: 'AWS CLI', figure: '', kind: 'skipped', note: '`aws` not found on PATH' }], method: [] };
  }
  const emu = bench.world.emulator;
  emu.clearFaults();
  const base = ['ssm', 'describe-instance-associations-status', '--instance-id', NODES.many, '--endpoint-url', emu.url, '--profile', PROFILE, '--output', 'json'];
  const first: number[] = [];
  const all: number[] = [];
  const requests: number[] = [];
  await runCli(['--version']); // the first start of Python fills its caches
  for (let i = 0; i < opts.runs; i++) {
    emu.clearLog();
    const a = await runCli([...base, '--max-items', '50']);
    if (a.code !== 0 || a.rows !== 50) throw new Error(`aws --max-items 50: exit ${a.code}, ${a.rows} rows: ${a.err}`);
    first.push(a.ms);
    emu.clearLog();
    const b = await runCli([...base, '--page-size', '50']);
    if (b.code !== 0 || b.rows !== 137) throw new Error(`aws (all pages): exit ${b.code}, ${b.rows} rows: ${b.err}`);
    all.push(b.ms);
    requests.push(emu.log.length);
  }
  const extFirst = await extensionFirstPage(bench, Math.max(5, opts.runs));
  const extAll: number[] = [];
  for (let i = 0; i < Math.max(5, opts.runs); i++) {
    const t0 = now();
    await extensionAllPages(bench, NODES.many);
    extAll.push(now() - t0);
  }
  emu.clearLog();
  const cold = opts.coldExtensionMs;
  return {
    comparisons: [
      {
        what: `AWS CLI (${version}) first page: --max-items 50`,
        figure: spread(first),
        kind: 'measured',
        value: median(first),
        note: 'includes the CLI starting (Python), as the user waits for it',
      },
      {
        what: "  the extension's path for the same page (click on the node)",
        figure: `${spread(extFirst)}${cold !== undefined ? `; first click after start-up ${ms(cold)}` : ''}`,
        kind: 'measured',
        value: median(extFirst),
        note: cold !== undefined ? 'first click includes loading the AWS layer (dist/aws.js) and making the client' : undefined,
      },
      {
        what: 'AWS CLI all 137 rows: --page-size 50 (3 requests)',
        figure: spread(all),
        kind: 'measured',
        value: median(all),
        note: `${median(requests)} requests a run`,
      },
      {
        what: "  the extension's path for the same pages (click + 2 × Load more)",
        figure: spread(extAll),
        kind: 'measured',
        value: median(extAll),
      },
    ],
    method: [`AWS CLI: \`aws ${base.join(' ').replace(emu.url, 'URL')} --max-items 50\` (first page) and \`… --page-size 50\` (all rows), ${opts.runs} runs each (median), endpoint at 0 ms, the same profile files.`],
  };
}
