// View Output, Show History and Apply Now with the real SDKs over HTTP: the local SSM endpoint and the
// S3 mock (SigV4 checked by both), asserting what each received.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { AssociationRuns } from '../../src/aws/sdk/associationRuns';
import { createBackend } from '../../src/aws/sdk/backend';
import { ClientPool } from '../../src/aws/sdk/clients';
import { lazyPartsLoaded } from '../../src/aws/sdk/lazyParts';
import type { AssociationStatusInfo, Backend, NodeTarget } from '../../src/aws/contract';
import { LazyBackend } from '../../src/aws/lazyBackend';
import { S3_READ_LIMIT_BYTES } from '../../src/core/runOutput';
import { parseSettings } from '../../src/core/settings';
import type { AssociationElement, ItemSpec, NodeElement } from '../../src/tree/elements';
import { NodesTree } from '../../src/tree/nodesTree';
import { AssociationWatches } from '../../src/tree/associationWatches';
import { DEMO, DEMO_FLEET as F, demoFleet, KEYS, type Stack } from '../emulator/index';
import { MemoryLog, peakInFlight, useOutputStack } from './helpers';

const never = new AbortController().signal;
const demo = (nodeId: string): NodeTarget => ({ nodeId, profile: 'ssm-demo' });

describe('View Output, history and Apply Now against the local SSM endpoint and the S3 mock', () => {
  const log = new MemoryLog();
  const world = useOutputStack({
    fleet: demoFleet(),
    outputOf: [F.nodes.failedHardening, F.nodes.bigOutput, F.nodes.deniedOutput],
    // Runs started by StartAssociationsOnce pass Pending and InProgress in a few hundred ms.
    runTimings: { pendingMs: 300, inProgressMs: 300 },
    log,
    requestTimeoutMs: 5_000,
  });
  let stack: Stack;
  let backend: Backend;
  before(() => ({ stack, backend } = world()));

  const row = async (nodeId: string, associationId: string): Promise<AssociationStatusInfo> => {
    const page = await backend.fetchAssociationsPage({ target: demo(nodeId), token: undefined, pageSize: 50, signal: never, pageNumber: 1 });
    const found = page.items.find((i) => i.AssociationId === associationId);
    assert.ok(found, `${associationId} listed on ${nodeId}`);
    stack.ssm.clearLog();
    return found;
  };
  const ssmOps = () => stack.ssm.log.map((e) => e.operation);
  const s3Ops = () => stack.s3.log.map((e) => `${e.operation} ${e.status}`);

  it('loads no output code before output is asked for; the S3 client only for S3', async () => {
    await backend.fetchAssociationsPage({ target: demo(F.nodes.web), token: undefined, pageSize: 5, signal: never, pageNumber: 1 });
    assert.deepEqual(lazyPartsLoaded(), { runs: false, s3: false }, 'listing loads neither dist/runs.js nor dist/s3.js');
    await backend.listRuns(demo(F.nodes.web), F.associations.inventory, undefined, 1, never);
    assert.deepEqual(lazyPartsLoaded(), { runs: true, s3: false }, 'history loads dist/runs.js only');
  });

  it('S3: a failed 3-step run in a bucket of another region — 1 list and 1 get per stream, in the bucket\'s region', async () => {
    const info = await row(F.nodes.failedHardening, F.associations.hardening);
    const result = await backend.readOutput({ target: demo(F.nodes.failedHardening), associationId: F.associations.hardening, outputUrl: info.OutputUrl?.S3OutputUrl?.OutputUrl }, never);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.source, 's3');
    assert.deepEqual(result.streams.map((s) => `${s.step}/${s.stream}`), ['applyBaseline/stdout', 'applyBaseline/stderr', 'checkPackages/stdout']);
    const stderr = result.streams[1];
    assert.match(stderr.text, /PermitRootLogin is yes/);
    assert.match(stderr.text, /command:/, 'hostile text arrives as it is (the document shows it as plain text)');
    assert.equal(stderr.truncated, undefined);
    assert.match(stderr.location, new RegExp(`^s3://${F.buckets.demo.logs}/hardening/${DEMO.region}/${F.nodes.failedHardening}/${F.associations.hardening}/`));
    assert.deepEqual(ssmOps(), ['DescribeAssociation']);
    assert.deepEqual(s3Ops(), ['ListObjectsV2 200', 'GetObject 206', 'GetObject 206', 'GetObject 206']);
    assert.ok(stack.s3.log.every((e) => e.region === F.logsRegion && e.accessKeyId === KEYS.demo.accessKeyId), 'signed for the bucket\'s region with the profile\'s key');
    assert.equal(backend.s3Loaded, true);
  });

  it('View Output and history send each request under the concurrency limit: with a limit of 1, never two at once', async () => {
    const limited = createBackend({ log, maxAttempts: 1, requestTimeoutMs: 5_000, concurrency: 1 });
    const info = await row(F.nodes.failedHardening, F.associations.hardening);
    stack.ssm.setFault({ latencyMs: 50 });
    let output: Awaited<ReturnType<Backend['readOutput']>> | undefined;
    const peak = await peakInFlight(() =>
      Promise.all([
        limited.readOutput({ target: demo(F.nodes.failedHardening), associationId: F.associations.hardening, outputUrl: info.OutputUrl?.S3OutputUrl?.OutputUrl }, never).then((r) => (output = r)),
        limited.listRuns(demo(F.nodes.web), F.associations.inventory, undefined, 5, never),
        limited.fetchAssociationsPage({ target: demo(F.nodes.web), token: undefined, pageSize: 5, signal: never, pageNumber: 1 }),
      ]),
    );
    assert.ok(output?.ok, 'the output was read');
    assert.equal(peak, 1, 'requests the endpoints had open at once');
    assert.ok(stack.s3.log.length >= 2 && stack.ssm.log.length >= 3, 'both endpoints were asked');
    limited.reset();
  });

  it("a bucket's region: an empty LocationConstraint is us-east-1; a denied GetBucketLocation falls back (undefined), never rejects", async () => {
    const other = (region: string) => F.buckets.demo[region as keyof typeof F.buckets.demo];
    // A bucket the association does not name: the region must come from GetBucketLocation.
    assert.equal(await backend.bucketRegion(demo(F.nodes.failedHardening), F.associations.hardening, other('us-east-1'), never), 'us-east-1');
    const location = stack.s3.log.find((e) => e.operation === 'GetBucketLocation');
    assert.equal(location?.status, 200, 'answered with the empty LocationConstraint of us-east-1');
    assert.equal(await backend.bucketRegion(demo(F.nodes.failedHardening), F.associations.hardening, other(DEMO.region), never), DEMO.region);
    stack.s3.setFault({ apiError: { type: 'AccessDenied', status: 403, count: 'always' } });
    assert.equal(await backend.bucketRegion(demo(F.nodes.failedHardening), F.associations.hardening, F.buckets.second[DEMO.region], never), undefined);
  });

  it('S3: the 5 MB stdout opens truncated at 1 MB, saying its size and how to get all of it', async () => {
    const info = await row(F.nodes.bigOutput, F.associations.backup);
    const result = await backend.readOutput({ target: demo(F.nodes.bigOutput), associationId: F.associations.backup, outputUrl: info.OutputUrl?.S3OutputUrl?.OutputUrl }, never);
    assert.ok(result.ok && result.source === 's3', JSON.stringify(result).slice(0, 500));
    const stdout = result.streams.find((s) => s.stream === 'stdout');
    assert.ok(stdout);
    assert.ok(stdout.text.length <= S3_READ_LIMIT_BYTES && stdout.text.length > S3_READ_LIMIT_BYTES - 4);
    assert.match(stdout.truncated ?? '', /5,242,880 bytes; only the first 1,048,576 are shown\. The whole object: aws s3 cp s3:\/\/.+\/stdout - --region eu-west-1 --profile ssm-demo$/);
    const get = stack.s3.log.find((e) => e.operation === 'GetObject' && e.key?.endsWith('/stdout'));
    assert.equal(get?.bytes, S3_READ_LIMIT_BYTES, 'only 1 MB crossed the wire');
  });

  it('S3 access denied: Run Command output instead, with the S3 refusal named; the minimal Run Command chain', async () => {
    const info = await row(F.nodes.deniedOutput, F.associations.backup);
    const result = await backend.readOutput({ target: demo(F.nodes.deniedOutput), associationId: F.associations.backup, outputUrl: info.OutputUrl?.S3OutputUrl?.OutputUrl }, never);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.source, 'runCommand');
    assert.equal(result.attempts.length, 1);
    assert.equal(result.attempts[0].source, 's3');
    assert.match(result.attempts[0].problem, /Access denied: profile "ssm-demo" may not s3:GetObject on arn:aws:s3:::[a-z0-9-]+\/backup\//);
    assert.deepEqual(ssmOps(), ['DescribeAssociation', 'DescribeAssociationExecutions', 'DescribeAssociationExecutionTargets', 'ListCommandInvocations', 'GetCommandInvocation']);
    assert.ok(result.streams.length >= 1 && result.streams[0].location.startsWith('Run Command '));
  });

  it('Run Command: the service limits (24,000 / 8,000 characters) are said in the document', async () => {
    const { runs } = await backend.listRuns(demo(F.nodes.bigOutput), F.associations.backup, undefined, 1, never);
    stack.ssm.clearLog();
    const result = await backend.readOutput({ target: demo(F.nodes.bigOutput), associationId: F.associations.backup, run: runs[0] }, never);
    assert.ok(result.ok && result.source === 'runCommand', JSON.stringify(result).slice(0, 500));
    const stdout = result.streams.find((s) => s.stream === 'stdout');
    const stderr = result.streams.find((s) => s.stream === 'stderr');
    assert.equal(stdout?.text.length, 24_000);
    assert.match(stdout?.truncated ?? '', /first 24,000 characters of stdout/);
    assert.equal(stderr?.text.length, 8_000);
    assert.match(stderr?.truncated ?? '', /8,000/);
    assert.deepEqual(ssmOps(), ['ListCommandInvocations', 'GetCommandInvocation'], 'a run from the history skips S3 and the execution lookup');
  });

  it('an association without S3 output: Run Command, and the document says S3 is not set up', async () => {
    const result = await backend.readOutput({ target: demo(F.nodes.web), associationId: F.associations.inventory }, never);
    assert.ok(result.ok && result.source === 'runCommand', JSON.stringify(result).slice(0, 500));
    assert.match(result.attempts[0]?.problem ?? '', /no output to S3 \(no OutputLocation\)/);
    assert.equal(stack.s3.log.length, 0);
  });

  it('SSM access denied everywhere: one result naming each attempt and the ssm: action it needs', async () => {
    stack.ssm.setFault({ apiError: { type: 'AccessDeniedException', status: 400, count: 'always' } });
    const result = await backend.readOutput({ target: demo(F.nodes.failedHardening), associationId: F.associations.hardening }, never);
    assert.equal(result.ok, false);
    assert.deepEqual(result.attempts.map((a) => a.source), ['s3', 'runCommand']);
    assert.match(result.attempts[0].problem, /may not call ssm:DescribeAssociation in eu-west-1/);
    assert.match(result.attempts[1].problem, /may not call ssm:DescribeAssociationExecutions/);
    assert.equal(stack.s3.log.length, 0);
  });

  it('history: that node\'s runs, newest first, page by page', async () => {
    const first = await backend.listRuns(demo(F.nodes.failedHardening), F.associations.hardening, undefined, 5, never);
    assert.equal(first.runs.length, 5);
    assert.ok(first.nextToken);
    const second = await backend.listRuns(demo(F.nodes.failedHardening), F.associations.hardening, first.nextToken, 5, never);
    const dates = [...first.runs, ...second.runs].map((r) => r.date?.getTime() ?? 0);
    assert.deepEqual(dates, [...dates].sort((a, b) => b - a), 'newest first');
    assert.equal(new Set([...first.runs, ...second.runs].map((r) => r.executionId)).size, 10);
    assert.ok(first.runs.every((r) => r.commandId), 'each run names its Run Command command');
    const targets = stack.ssm.log.filter((e) => e.operation === 'DescribeAssociationExecutionTargets');
    assert.equal(targets.length, 10, 'one target request per execution');
  });

  it('latestRun: one execution read when the newest included the node; at most 3 pages (1 + 10 + 10) when none did', async () => {
    const runs = new AssociationRuns(new ClientPool({ maxAttempts: 1, requestTimeoutMs: 5_000 }), log);
    const executionReads = () => stack.ssm.log.filter((e) => e.operation === 'DescribeAssociationExecutions').map((e) => e.maxResults);
    const history = await backend.listRuns(demo(F.nodes.failedHardening), F.associations.hardening, undefined, 50, never);
    assert.ok(history.executionsRead > 21, `the history is longer than 3 pages (${history.executionsRead} executions)`);
    stack.ssm.clearLog();

    const latest = await runs.latestRun(demo(F.nodes.failedHardening), F.associations.hardening, never);
    assert.equal(latest?.executionId, history.runs[0].executionId, 'the newest run');
    assert.deepEqual(executionReads(), [1], 'one page of one execution, nothing after it');
    assert.equal(ssmOps().filter((o) => o === 'DescribeAssociationExecutionTargets').length, 1);
    stack.ssm.clearLog();

    // A node in none of the runs: 3 pages and no more, 21 target requests.
    const none = await runs.latestRun(demo('i-0fffffffffffffff0'), F.associations.hardening, never);
    assert.equal(none, undefined);
    assert.deepEqual(executionReads(), [1, 10, 10]);
    assert.equal(ssmOps().filter((o) => o === 'DescribeAssociationExecutionTargets').length, 21);
  });

  it('Apply Now runs on every target; the watch follows the row from Pending to its outcome, and the row shows the outcome it read', async () => {
    const described = await backend.describeAssociation(demo(F.nodes.web), F.associations.hardening, never);
    assert.deepEqual(described.targets, [{ key: 'tag:Role', values: ['web'] }]);

    const settings = parseSettings({ nodes: [F.nodes.web], profile: 'ssm-demo', region: DEMO.region });
    const lazy = new LazyBackend(() => backend);
    const redrawn: string[] = [];
    // The provider's path: a watched row is forgotten and drawn again, decorated by the watches.
    const drawn = new NodesTree<ItemSpec>({ readSettings: () => settings, backend: lazy, onChange: () => undefined }, (spec) => spec);
    const tree = drawn.model;
    const [node] = (await tree.getChildren()) as NodeElement[];
    const rowOf = async () => (await tree.getChildren(node)).find((e): e is AssociationElement => e.kind === 'association' && e.info.AssociationId === F.associations.hardening);
    const before = await rowOf();
    assert.ok(before);
    const ended = new Promise<string>((resolve) => {
      const watches = new AssociationWatches({
        tree,
        backend: lazy,
        redraw: (element) => {
          drawn.forget(element);
          redrawn.push(drawn.itemOf(element).description ?? '');
        },
        announce: (text) => resolve(text),
        timing: { firstDelayMs: 150, maxDelayMs: 300 },
      });
      drawn.decorate = (element, spec) => watches.decorate(element, spec);
      void backend.applyNow(demo(F.nodes.web), F.associations.hardening, never).then(() => watches.watch(before));
    });
    const text = await ended;
    assert.match(text, /hardening on i-\w+: (Success|Failed)/);
    assert.equal(redrawn[0], 'watching · starting');
    assert.ok(redrawn.some((d) => /watching · (Pending|InProgress)/.test(d)), redrawn.join(' | '));
    const after = await rowOf();
    assert.ok(after && after !== before, 'the row was replaced by one with the status the watch read');
    assert.ok(after.info.Status === 'Success' || after.info.Status === 'Failed');
    assert.ok((after.info.ExecutionDate?.getTime() ?? 0) > (before.info.ExecutionDate?.getTime() ?? 0));
    const ops = ssmOps();
    assert.equal(ops.filter((o) => o === 'StartAssociationsOnce').length, 1);
    // One watch read at a time: the reads never overlap (each starts after the previous answered).
    const reads = stack.ssm.log.filter((e) => e.operation === 'DescribeInstanceAssociationsStatus');
    assert.ok(reads.length >= 2);
  });
});
