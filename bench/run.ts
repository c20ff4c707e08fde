// npm run bench [-- --no-editor] [-- --quick] [-- --only economy,output,perPage,scale,fleet,associations,templates,footprint,cli,editor]
// npm run bench:quick (= -- --guards: what CI runs, the counts and sizes only, no editor, no timing bounds)
//
// Measures the extension against the local SSM endpoint (test/emulator) and prints a table of
// figures with their bounds; writes bench/results.json and bench/RESULTS.md; exits 0 when every bound
// is met, 1 when one is missed (or, without --no-editor, not measured). See bench/README.md.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { spawnSync } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { associationsView } from './associations';
import { awsCli } from './awsCli';
import { economy } from './economy';
import { outputRuns } from './outputRuns';
import { fleet } from './fleet';
import { REPO, footprint, packageExtension, VSIX, type PackageResult } from './footprint';
import { startBench } from './harness';
import { perPage } from './perPage';
import { machine, printReport, skippedEditorRows, writeReport, type Comparison, type Report, type Row } from './report';
import { scale } from './scale';
import { templateReaders } from './templates';

const QUOTED: Comparison = {
  what: 'AWS Toolkit for VS Code',
  figure: 'AWS Toolkit for VS Code: activation 1.1–1.3 s and a multi-megabyte package, as reported in its own issue tracker — not measured here',
  kind: 'quoted',
};

/** What `--guards` (npm run bench:quick, in .ci/run) runs: sizes and what the bundles hold, and request counts. */
const GUARDS = ['footprint', 'economy', 'output', 'fleet', 'templates'];

function parseArgs(argv: string[]) {
  const args = { noEditor: false, quick: false, guards: false, only: undefined as Set<string> | undefined, passthrough: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-editor') args.noEditor = true;
    else if (a === '--quick') args.quick = true;
    else if (a === '--guards') {
      // The parts that guard bundle contents and request counts: deterministic, no editor, about a minute.
      args.guards = true;
      args.quick = true;
      args.noEditor = true;
      args.only = new Set(GUARDS);
    }
    else if (a === '--only') args.only = new Set(argv[++i]?.split(','));
    else if (a.startsWith('--only=')) args.only = new Set(a.slice(7).split(','));
    else {
      console.error(`unknown argument ${a}\nusage: npm run bench [-- --no-editor] [--quick] [--guards] [--only economy,output,perPage,scale,fleet,associations,templates,footprint,cli,editor]`);
      process.exit(2);
    }
    args.passthrough.push(a);
    if (a === '--only') args.passthrough.push(argv[i]);
  }
  return args;
}

/** When `npm run package` fails after bundling, a .vsix of the same build for the editor part (its size is shown, never passed). */
function fallbackVsix(): string | undefined {
  const out = join(mkdtempSync(join(tmpdir(), 'ssm-bench-vsix-')), 'ssm-association-explorer.vsix');
  const r = spawnSync(
    join(REPO, 'node_modules', '.bin', 'vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--baseContentUrl', 'https://example.invalid/', '--baseImagesUrl', 'https://example.invalid/', '--out', out],
    { cwd: REPO, encoding: 'utf8' },
  );
  return r.status === 0 && existsSync(out) ? out : undefined;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const want = (name: string) => !args.only || args.only.has(name);
  const t0 = Date.now();
  const rows: Row[] = [];
  const comparisons: Comparison[] = [];
  const method: string[] = [];
  const q = args.quick;
  const step = (name: string) => console.log(`[bench] ${name}… (${((Date.now() - t0) / 1000).toFixed(0)} s)`);

  let pkg: PackageResult | undefined;
  let fallback: string | undefined;
  if (want('footprint') || want('editor')) {
    step('npm run package');
    pkg = packageExtension();
    if (!pkg.ok) {
      console.log(`[bench] ${pkg.error}`);
      fallback = pkg.bundleFresh ? fallbackVsix() : undefined;
    }
  }

  const bench = await startBench();
  try {
    if (want('economy')) {
      step('1. request economy');
      rows.push(...(await economy(bench)));
    }
    if (want('output')) {
      step('6. View Output and the watch (local endpoint + S3 mock)');
      const o = await outputRuns();
      rows.push(...o.rows);
      method.push(...o.method);
    }
    let coldClick: number | undefined;
    if (want('footprint') && pkg) {
      step('4. footprint (sizes, lazy AWS layer)');
      const f = await footprint(pkg, { nodeActivations: q ? 3 : 7, fallbackVsix: fallback });
      rows.push(...f.rows);
      method.push(...f.method);
      coldClick = f.coldFirstExpandMs;
    }
    if (want('perPage')) {
      step('2. overhead per page, raw SDK comparison');
      const p = await perPage(bench, { samples0: q ? 15 : 40, samples100: q ? 8 : 30, rawRounds: q ? 10 : 30 });
      rows.push(...p.rows);
      comparisons.push(...p.comparisons);
      method.push(...p.method);
    }
    if (want('scale')) {
      step('3. scale');
      const s = await scale(bench, { listRuns: q ? 9 : 25, pagingRuns: q ? 2 : 8, window: 5 });
      rows.push(...s.rows);
      method.push(...s.method);
    }
    if (want('fleet')) {
      step('6. fleet (summaries, discovery, listing)');
      // --guards: the request counts only (the listing's time is a timing bound).
      const f = await fleet(bench, { listRuns: args.guards ? 0 : q ? 9 : 25 });
      rows.push(...f.rows);
      method.push(...f.method);
    }
    if (want('associations')) {
      step('7. Associations view');
      const a = await associationsView({ listRuns: q ? 9 : 25 });
      rows.push(...a.rows);
      method.push(...a.method);
    }
    if (want('templates')) {
      step('8. template readers (CloudFormation YAML, Terraform)');
      // --guards: the definitions found only (the parse time is a timing bound).
      const t = await templateReaders({ runs: q ? 9 : 25, timed: !args.guards });
      rows.push(...t.rows);
      method.push(...t.method);
    }
    if (want('cli')) {
      step('AWS CLI comparison');
      const c = await awsCli(bench, { runs: 3, coldExtensionMs: coldClick });
      comparisons.push(...c.comparisons);
      method.push(...c.method);
    }
    if (want('editor')) {
      if (args.noEditor) {
        rows.push(...skippedEditorRows('--no-editor given'));
      } else {
        const vsix = pkg?.ok ? VSIX : fallback;
        let run: typeof import('./editorBench').editorBench | undefined;
        try {
          run = (await import('./editorBench')).editorBench;
        } catch (e) {
          rows.push(...skippedEditorRows(`the real-editor harness (test/e2e) could not be loaded: ${(e as Error).message.split('\n')[0]}`));
        }
        if (run && !vsix) rows.push(...skippedEditorRows('no .vsix could be built'));
        if (run && vsix) {
          step('4./5. real editor (code-server)');
          const { cacheDir } = await import('../test/e2e/tools');
          if (!existsSync(join(cacheDir(), 'code-server', '.ssm-e2e-complete'))) {
            console.log(`[bench] code-server is not in ${cacheDir()} yet: installing it first (3–5 min). \`npm run bench -- --no-editor\` skips the real editor.`);
          }
          try {
            const e = await run(bench, vsix, { activations: q ? 3 : 5, starts: q ? 2 : 7, clicksPerStart: 3, controlStarts: q ? 2 : 7 });
            rows.push(...e.rows);
            method.push(...e.method);
            if (!pkg?.ok) method.push('The real-editor figures used a .vsix of the same build packaged with --baseImagesUrl (npm run package failed; see the .vsix row).');
          } catch (e) {
            const msg = (e as Error).message.split('\n')[0];
            console.error(`[bench] real editor failed: ${(e as Error).stack}`);
            for (const r of skippedEditorRows(msg)) rows.push({ ...r, pass: false, figure: `ERROR: ${msg.slice(0, 90)}`, note: msg });
          }
        }
      }
    }
  } finally {
    await bench.stop();
  }
  comparisons.push(QUOTED);

  const report: Report = { machine: machine(), rows, comparisons, method, durationS: (Date.now() - t0) / 1000, args: args.passthrough };
  printReport(report);
  if (!args.only) writeReport(__dirname, report);
  else console.log('(--only: bench/results.json and bench/RESULTS.md not written)');
  // A bound not measured is not met, unless the run was asked to leave the editor out.
  process.exitCode = rows.some((r) => r.pass === false || (r.pass === 'skipped' && !args.noEditor)) ? 1 : 0;
}

main().then(
  () => setTimeout(() => process.exit(process.exitCode ?? 0), 100).unref(),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
