// The table of figures, the comparisons, and the files the benchmark writes.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { firstClickRows } from './firstClick';

export interface Row {
  /** 1–5: the issue's items. */
  item: string;
  metric: string;
  figure: string;
  /** The bound as text; '' for a figure that is only reported. */
  bound: string;
  /** true/false against the bound; null when only reported; 'skipped' when not measured. */
  pass: boolean | null | 'skipped';
  /** Why it was skipped, or a note. */
  note?: string;
  /** The number behind the figure, for results.json. */
  value?: number;
  samples?: number[];
}

export interface Comparison {
  what: string;
  figure: string;
  /** 'measured' in this run, or 'quoted' (not measured here). */
  kind: 'measured' | 'quoted' | 'skipped';
  note?: string;
  value?: number;
}

export interface Machine {
  cpus: number;
  /** The 1-minute load average when the run ended: on a shared machine, how many others ran beside it. */
  loadAverage?: number;
  cpuModel: string;
  node: string;
  platform: string;
  date: string;
}

export function machine(): Machine {
  const c = cpus();
  return {
    cpus: c.length,
    loadAverage: loadavg()[0],
    cpuModel: c[0]?.model?.trim() ?? 'unknown',
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    date: new Date().toISOString(),
  };
}

function verdict(pass: Row['pass']): string {
  if (pass === 'skipped') return 'SKIPPED';
  if (pass === null) return '—';
  return pass ? 'pass' : 'FAIL';
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** A plain-text table for the terminal. */
export function textTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i])).join(' │ ');
  const sep = widths.map((w) => '─'.repeat(w)).join('─┼─');
  return [line(headers), sep, ...rows.map(line)].join('\n');
}

function mdEscape(s: string): string {
  return s.replace(/\|/g, '\\|');
}

export function markdownTable(headers: string[], rows: string[][]): string {
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(mdEscape).join(' | ')} |`),
  ].join('\n');
}

function figureCell(r: Row): string {
  return r.pass === 'skipped' ? `SKIPPED (${r.note ?? 'not run'})` : r.figure;
}

export interface Report {
  machine: Machine;
  rows: Row[];
  comparisons: Comparison[];
  method: string[];
  durationS: number;
  args: string[];
}

/** Rows in the order of the issue's items (stable within an item). */
function ordered(rows: Row[]): Row[] {
  return rows.map((r, i) => ({ r, i })).sort((a, b) => a.r.item.localeCompare(b.r.item) || a.i - b.i).map((x) => x.r);
}

export function printReport(report: Report): void {
  const { machine: m } = report;
  const rows = ordered(report.rows);
  console.log('');
  console.log(`SSM Association Explorer — benchmark (${m.date}; ${m.cpus} CPUs ${m.cpuModel}; Node ${m.node}; ${m.platform})`);
  console.log('');
  console.log(
    textTable(
      ['#', 'metric', 'figure', 'bound', 'result'],
      rows.map((r) => [r.item, r.metric, figureCell(r), r.bound || '(reported)', verdict(r.pass)]),
    ),
  );
  const notes = rows.filter((r) => r.note && r.pass !== 'skipped');
  if (notes.length) {
    console.log('');
    for (const r of notes) console.log(`  [${r.item}] ${r.metric}: ${r.note}`);
  }
  console.log('');
  console.log('Comparisons (same run, same endpoint, same profile unless marked):');
  console.log(
    textTable(
      ['comparison', 'figure', ''],
      report.comparisons.map((c) => [c.what, c.kind === 'skipped' ? `SKIPPED (${c.note ?? ''})` : c.figure, c.kind === 'quoted' ? 'NOT MEASURED HERE (quoted)' : c.kind === 'measured' ? (c.note ?? '') : '']),
    ),
  );
  console.log('');
  for (const line of report.method) console.log(`  ${line}`);
  console.log('');
  const failed = report.rows.filter((r) => r.pass === false);
  const skipped = report.rows.filter((r) => r.pass === 'skipped');
  console.log(
    `${report.rows.filter((r) => r.pass === true).length} bounds met, ${failed.length} missed${skipped.length ? `, ${skipped.length} skipped` : ''} (${report.durationS.toFixed(0)} s).`,
  );
  for (const r of failed) console.log(`  MISSED [${r.item}] ${r.metric}: ${r.figure} (bound ${r.bound})`);
}

export function writeReport(dir: string, report: Report): void {
  writeFileSync(join(dir, 'results.json'), JSON.stringify(report, null, 2) + '\n');
  const { machine: m } = report;
  const rows = ordered(report.rows);
  const notes = rows.filter((r) => r.note && r.pass !== 'skipped');
  const md = [
    `<!-- Written by \`npm run bench\` (bench/run.ts) on ${m.date}. The performance table of the docs is taken from it. -->`,
    '',
    markdownTable(
      ['#', 'metric', 'figure', 'bound', 'result'],
      rows.map((r) => [r.item, r.metric, figureCell(r), r.bound || '(reported)', verdict(r.pass)]),
    ),
    '',
    '<details><summary>Details of the figures</summary>',
    '',
    ...notes.map((r) => `- [${r.item}] ${r.metric}: ${r.note}`),
    '',
    '</details>',
    '',
    '**Beside it, in the same run:**',
    '',
    markdownTable(
      ['comparison', 'figure', 'note'],
      report.comparisons.map((c) => [
        c.what,
        c.kind === 'skipped' ? `SKIPPED (${c.note ?? ''})` : c.figure,
        c.kind === 'quoted' ? '**not measured here** (quoted)' : (c.note ?? ''),
      ]),
    ),
    '',
    `How it was taken: \`npm run bench${report.args.length ? ' -- ' + report.args.join(' ') : ''}\` on ${m.date.slice(0, 10)}, ` +
      `${m.cpus} CPUs (${m.cpuModel}), Node ${m.node}, ${m.platform}, a shared (noisy) machine${m.loadAverage !== undefined ? ` (load average ${m.loadAverage.toFixed(1)} at the end)` : ''}; ${report.durationS.toFixed(0)} s in all.`,
    '',
    ...report.method.map((l) => `- ${l}`),
    '',
  ].join('\n');
  writeFileSync(join(dir, 'RESULTS.md'), md);
}

/** Endpoint latency for the real-editor click measurement (item 5). */
export const EDITOR_LATENCY_MS = 100;

/** The real-editor rows, when they were not measured (--no-editor, no code-server, no .vsix). */
export function skippedEditorRows(reason: string): Row[] {
  return [
    { item: '4', metric: 'Module load + activate() in the real extension host (code-server), median', figure: '', bound: '≤ 50 ms', pass: 'skipped', note: reason },
    { item: '4', metric: 'Requests after activation and listing, nodeSummaries off (real extension host)', figure: '', bound: '0 requests', pass: 'skipped', note: reason },
    { item: '5', metric: `Click on a node → first rows visible, endpoint at ${EDITOR_LATENCY_MS} ms, median of 5`, figure: '', bound: `≤ ${EDITOR_LATENCY_MS} + 400 ms`, pass: 'skipped', note: reason },
    ...firstClickRows([], EDITOR_LATENCY_MS).map((r): Row => ({ ...r, figure: '', pass: 'skipped', note: reason, value: undefined, samples: undefined })),
  ];
}
