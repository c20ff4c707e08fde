// Item 6: requests for View Output (S3 and Run Command) and for a watch after Apply Now, counted in the
// logs of the local SSM endpoint and the S3 mock. Bound = the minimal chain.
import { LazyBackend } from '../src/aws/lazyBackend';
import { parseSettings } from '../src/core/settings';
import type { AssociationElement, ItemSpec, NodeElement } from '../src/tree/elements';
import { NodesTree } from '../src/tree/nodesTree';
import { AssociationWatches } from '../src/tree/associationWatches';
import { DEMO, DEMO_FLEET as F, demoFleet } from '../test/emulator/index';
import { putManyStepRun, putOldRuns, startOutputStack } from '../test/support/outputStack';
import { NEWEST_RUN_MAX_REQUESTS, runIdOf, runTime } from '../src/aws/runLayout';
import { MAX_BYTES_HELD, MAX_STREAMS_READ, type StreamRef } from '../src/core/runOutput';
import type { Row } from './report';

const never = new AbortController().signal;
const log = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export async function outputRuns(): Promise<{ rows: Row[]; method: string[] }> {
  const pendingMs = 1_000;
  const inProgressMs = 1_000;
  const world = await startOutputStack({ fleet: demoFleet(), outputOf: [F.nodes.failedHardening], runTimings: { pendingMs, inProgressMs }, log, requestTimeoutMs: 15_000 });
  const { stack, backend } = world;
  const rows: Row[] = [];
  const method: string[] = [];
  const target = (nodeId: string) => ({ nodeId, profile: 'ssm-demo' });
  const count = (metric: string, got: number, min: number, detail: string) =>
    rows.push({ item: '6', metric, figure: `${got} requests (${detail})`, bound: `= ${min}`, pass: got === min, value: got });
  try {
    // S3: a failed run of a 3-step document (stdout of 2 steps, stderr of 1) in a bucket of another region.
    const page = await backend.fetchAssociationsPage({ target: target(F.nodes.failedHardening), token: undefined, pageSize: 50, signal: never, pageNumber: 1 });
    const row = page.items.find((i) => i.AssociationId === F.associations.hardening);
    stack.ssm.clearLog();
    stack.s3.clearLog();
    const s3 = await backend.readOutput({ target: target(F.nodes.failedHardening), associationId: F.associations.hardening, outputUrl: row?.OutputUrl?.S3OutputUrl?.OutputUrl }, never);
    const streams = s3.ok ? s3.streams.length : 0;
    const s3Ops = [...stack.ssm.log.map((e) => e.operation), ...stack.s3.log.map((e) => e.operation)];
    count(`View Output from S3 (${streams} streams shown)`, s3Ops.length, 1 + 1 + streams, `${stack.ssm.log.length} SSM: DescribeAssociation; ${stack.s3.log.length} S3: 1 list + ${stack.s3.log.filter((e) => e.operation === 'GetObject').length} get`);

    // Run Command: an association without S3 output, one step.
    stack.ssm.clearLog();
    stack.s3.clearLog();
    const rc = await backend.readOutput({ target: target(F.nodes.web), associationId: F.associations.inventory }, never);
    const steps = new Set(rc.ok ? rc.streams.map((s) => s.step) : []).size;
    count(
      `View Output from Run Command (${steps} step)`,
      stack.ssm.log.length + stack.s3.log.length,
      4 + steps,
      stack.ssm.log.map((e) => e.operation.replace(/^Describe|^List|^Get/, '')).join(' → '),
    );

    // The newest run among 100,000 objects: 50,000 older runs (hourly, stdout and stderr) under the same prefix; the
    // row names no run (the agent sent only the bucket), so the run folders are listed (issue 19 §1).
    const hardeningPrefix = `hardening/${DEMO.region}/${F.nodes.failedHardening}/${F.associations.hardening}/`;
    const newestTime = runTime((row?.OutputUrl?.S3OutputUrl?.OutputUrl ?? '').split('/').pop() ?? '') ?? Date.now();
    putOldRuns(stack.s3, F.buckets.demo.logs, hardeningPrefix, { newest: newestTime - 3_600_000, count: 50_000, step: 'awsrunShellScript/checkPackages' });
    stack.s3.clearLog();
    const newest = await backend.readOutput({ target: target(F.nodes.failedHardening), associationId: F.associations.hardening, outputUrl: F.buckets.demo.logs }, never);
    const folderLists = stack.s3.log.filter((e) => e.operation === 'ListObjectsV2' && e.delimiter === '/').length;
    const ageDays = Math.round((Date.now() - newestTime) / 86_400_000);
    rows.push({
      item: '6',
      metric: `View Output: the newest run among 100,000 objects (the newest ${ageDays} days old, 50,000 older runs)`,
      figure: `${folderLists} ListObjectsV2 of run folders (then 1 of the run, ${stack.s3.log.filter((e) => e.operation === 'GetObject').length} GetObject)`,
      bound: `≤ ${NEWEST_RUN_MAX_REQUESTS}, and the newest run found`,
      pass: folderLists <= NEWEST_RUN_MAX_REQUESTS && newest.ok && `${F.buckets.demo.logs}/${hardeningPrefix}${newest.runId}` === row?.OutputUrl?.S3OutputUrl?.OutputUrl,
      value: folderLists,
      note: 'When the newest run is from the last day it takes 1 request (test/integration/outputLayout.test.ts).',
    });

    // A run of 200 steps of 1 MB each (stdout and stderr): the pick comes before any download; at most six by default,
    // and whatever is picked, at most MAX_STREAMS_READ streams and MAX_BYTES_HELD bytes (issue 20).
    const bigRun = runIdOf(Date.now() + 60_000);
    putManyStepRun(stack.s3, F.buckets.demo.logs, hardeningPrefix, bigRun, 200, 'x'.repeat(1024 * 1024));
    for (const [label, choose] of [['default pick', undefined], ['all 400 picked', async (all: readonly StreamRef[]) => all]] as const) {
      stack.s3.clearLog();
      let getsBeforePick = 0;
      const result = await backend.readOutput(
        {
          target: target(F.nodes.failedHardening),
          associationId: F.associations.hardening,
          outputUrl: `${F.buckets.demo.logs}/${hardeningPrefix}${bigRun}`,
          choose: choose && (async (all) => ((getsBeforePick = stack.s3.log.filter((e) => e.operation === 'GetObject').length), choose(all))),
        },
        never,
      );
      const held = result.ok ? result.streams.reduce((n, st) => n + Buffer.byteLength(st.text), 0) : 0;
      const gets = stack.s3.log.filter((e) => e.operation === 'GetObject').length;
      rows.push({
        item: '6',
        metric: `View Output of a 200-step run, 1 MB a stream (${label})`,
        figure: `${stack.s3.log.length} S3 requests (${gets} GetObject, ${getsBeforePick} before the pick), ${(held / 1024 / 1024).toFixed(1)} MB held`,
        bound: `≤ ${MAX_STREAMS_READ} GetObject, ≤ ${MAX_BYTES_HELD / 1024 / 1024} MB held`,
        pass: gets <= MAX_STREAMS_READ && held <= MAX_BYTES_HELD && getsBeforePick === 0,
        value: held,
      });
    }

    // Apply Now, then the watch until the run has finished (k status changes).
    const settings = parseSettings({ nodes: [F.nodes.web], profile: 'ssm-demo', region: DEMO.region });
    const lazy = new LazyBackend(() => backend);
    // The provider's path: a watched row is forgotten and drawn again, decorated by the watches.
    const drawn = new NodesTree<ItemSpec>({ readSettings: () => settings, backend: lazy, onChange: () => undefined }, (spec) => spec);
    const tree = drawn.model;
    const [node] = (await tree.getChildren()) as NodeElement[];
    const association = (await tree.getChildren(node)).find((e): e is AssociationElement => e.kind === 'association' && e.info.AssociationId === F.associations.hardening);
    if (!association) throw new Error('hardening not listed on the web node');
    const seen: string[] = [];
    const firstDelayMs = 400;
    const maxDelayMs = 800;
    stack.ssm.clearLog();
    const started = Date.now();
    const ended = await new Promise<string>((resolve) => {
      const watches = new AssociationWatches({
        tree,
        backend: lazy,
        redraw: (element) => {
          drawn.forget(element);
          const d = drawn.itemOf(element).description ?? '';
          if (d.startsWith('watching') && seen.at(-1) !== d) seen.push(d);
        },
        announce: (text) => resolve(text),
        timing: { firstDelayMs, maxDelayMs },
      });
      drawn.decorate = (element, spec) => watches.decorate(element, spec);
      void backend.applyNow(target(F.nodes.web), F.associations.hardening, never).then(() => watches.watch(association));
    });
    const ms = Date.now() - started;
    const reads = stack.ssm.log.filter((e) => e.operation === 'DescribeInstanceAssociationsStatus').length;
    // "watching · starting" is drawn before the first read: not a status.
    const statuses = seen.map((d) => d.replace('watching · ', '')).filter((d) => d !== 'starting');
    const changes = statuses.length - 1;
    // The schedule's reads while the run lasts (pending + in progress), plus the one that sees it finished.
    let t = 0;
    let d = firstDelayMs;
    let bound = 0;
    while (t < pendingMs + inProgressMs) {
      t += d;
      d = Math.min(d * 2, maxDelayMs);
      bound++;
    }
    bound += 1;
    rows.push({
      item: '6',
      metric: `Apply Now → watch until the run ended (k = ${changes} status changes: ${statuses.join(' → ')})`,
      figure: `1 StartAssociationsOnce + ${reads} status reads in ${(ms / 1000).toFixed(1)} s; the row shows the status read, no page read again`,
      bound: `≤ ${bound} reads (the backoff schedule over a ${(pendingMs + inProgressMs) / 1000} s run, + 1)`,
      pass: reads <= bound && stack.ssm.log.filter((e) => e.operation === 'StartAssociationsOnce').length === 1,
      value: reads,
      note: ended,
    });
    method.push(
      `Output and watch (item 6): the demo fleet on the local SSM endpoint and the S3 mock (startStack); requests counted in both logs. The watch used delays of ${firstDelayMs} ms up to ${maxDelayMs} ms (the extension: 5 s up to 60 s) against runs that stay ${pendingMs} ms Pending and ${inProgressMs} ms InProgress.`,
    );
  } finally {
    await world.stop();
  }
  return { rows, method };
}
