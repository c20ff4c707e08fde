// View Output's reader (src/aws/sdk/outputReader.ts) with the real SDKs over HTTP against the local SSM endpoint and
// the S3 mock: the bucket's region (from the association, from S3, or S3's redirect when both fail), every way finding
// the run can fail and what the document then says, reading stopped at the first refused object, the triggered run
// found under the command's own folder, the bounded search for the newest run, and a cancel at each step. What the
// endpoints answer, and where that comes from: test/emulator/README.md.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { AssociationRun, Backend, NodeTarget, OutputRequest } from '../../src/aws/contract';
import { createBackend } from '../../src/aws/sdk/backend';
import { commandPrefix, NEWEST_RUN_MAX_REQUESTS, runIdOf } from '../../src/aws/runLayout';
import { READ_CONCURRENCY } from '../../src/core/runOutput';
import { DEMO, DEMO_FLEET as F, demoFleet, opScope, STEP_SHOWCASE as S, type Stack, uuidFrom, withStepShowcase } from '../emulator/index';
import { putManyStepRun } from '../support/outputStack';
import { MemoryLog, useOutputStack } from './helpers';

const never = new AbortController().signal;
const demo = (nodeId: string): NodeTarget => ({ nodeId, profile: 'ssm-demo' });
/** Its output is in the S3 mock. */
const NODE_A = S.linuxNode;
/** Nothing of it is in the S3 mock unless a test puts it there. */
const NODE_B = F.nodes.connectionLost;
/** Writes to the logs bucket (eu-central-1) without naming its region. */
const NO_REGION = uuidFrom('reader-test-noregion');
/** Writes to the demo bucket under `empty/`, where nothing is unless a test puts it. */
const EMPTY = uuidFrom('reader-test-empty');
/** Writes to the demo bucket under `dense/`. */
const DENSE = uuidFrom('reader-test-dense');
/** Writes to the demo bucket under `junk/`, where a test puts thousands of folders that are not runs. */
const JUNK = uuidFrom('reader-test-junk');
/** Writes to the demo bucket under `oddstep/`, where a test puts a step whose folder has "stderr" in its name. */
const ODD_STEP = uuidFrom('reader-test-oddstep');

function fleet() {
  const f = withStepShowcase(demoFleet());
  const account = f.accounts.find((a) => a.name === 'demo')!;
  const def = (id: string, name: string, node: string, S3Location: Record<string, string>) => ({
    AssociationId: id,
    AssociationName: name,
    Name: 'AWS-RunShellScript',
    Targets: [{ Key: 'InstanceIds', Values: [node] }],
    OutputLocation: { S3Location },
  });
  account.associations![DEMO.region].push(
    def(NO_REGION, 'noregion', NODE_A, { OutputS3BucketName: F.buckets.demo.logs, OutputS3KeyPrefix: 'noregion' }),
    def(EMPTY, 'empty', NODE_B, { OutputS3Region: DEMO.region, OutputS3BucketName: DEMO.bucket, OutputS3KeyPrefix: 'empty' }),
    def(DENSE, 'dense', NODE_B, { OutputS3Region: DEMO.region, OutputS3BucketName: DEMO.bucket, OutputS3KeyPrefix: 'dense' }),
    def(JUNK, 'junk', NODE_B, { OutputS3Region: DEMO.region, OutputS3BucketName: DEMO.bucket, OutputS3KeyPrefix: 'junk' }),
    def(ODD_STEP, 'oddstep', NODE_B, { OutputS3Region: DEMO.region, OutputS3BucketName: DEMO.bucket, OutputS3KeyPrefix: 'oddstep' }),
  );
  const nodes = account.regions[DEMO.region];
  for (const [node, id, name] of [[NODE_A, NO_REGION, 'noregion'], [NODE_B, EMPTY, 'empty'], [NODE_B, DENSE, 'dense'], [NODE_B, JUNK, 'junk'], [NODE_B, ODD_STEP, 'oddstep']]) {
    nodes.find((n) => n.InstanceId === node)!.associations!.push({ AssociationId: id, AssociationName: name, Name: 'AWS-RunShellScript', AssociationVersion: '1', InstanceId: node, ExecutionDate: new Date(Date.now() - 600_000).toISOString(), Status: 'Success', DetailedStatus: 'Success' });
  }
  return f;
}

describe("View Output's reader against the local SSM endpoint and the S3 mock", () => {
  const log = new MemoryLog();
  const world = useOutputStack({ fleet: fleet(), outputOf: [NODE_A, S.windowsNode, F.nodes.failedHardening], log, requestTimeoutMs: 30_000 });
  let stack: Stack;
  before(() => ({ stack } = world()));
  /** A backend of its own: the S3 reader's memory of bucket regions starts empty. */
  const fresh = async <T>(use: (backend: Backend) => Promise<T>): Promise<T> => {
    const backend = createBackend({ log, maxAttempts: 1, requestTimeoutMs: 30_000 });
    try {
      return await use(backend);
    } finally {
      backend.reset();
    }
  };
  const s3Ops = () => stack.s3.log.map((e) => `${e.operation} ${e.region} ${e.status}`);
  const linesSince = (mark: number) => log.lines.slice(mark);

  describe("the bucket's region", () => {
    it("the association's own bucket: its OutputS3Region, no S3 request; when DescribeAssociation fails, S3 is asked, and the log says why", async () => {
      await fresh(async (backend) => {
        assert.equal(await backend.bucketRegion(demo(F.nodes.failedHardening), F.associations.hardening, F.buckets.demo.logs, never), F.logsRegion);
        assert.equal(stack.s3.log.length, 0);
        stack.ssm.setFault({ apiError: { type: 'AccessDeniedException', count: 'always' } }, opScope('DescribeAssociation'));
        const mark = log.lines.length;
        assert.equal(await backend.bucketRegion(demo(F.nodes.failedHardening), F.associations.hardening, F.buckets.demo.logs, never), F.logsRegion);
        assert.deepEqual(s3Ops(), [`GetBucketLocation ${DEMO.region} 200`]);
        assert.ok(linesSince(mark).includes(`info DescribeAssociation ${F.associations.hardening} for the bucket's region failed (RequestError); asking S3.`), log.text);
      });
    });

    it('S3 refusing too: undefined, and the log says so', async () => {
      await fresh(async (backend) => {
        stack.s3.setFault({ apiError: { type: 'AccessDenied', status: 403, count: 'always' } }, opScope('GetBucketLocation'));
        const mark = log.lines.length;
        assert.equal(await backend.bucketRegion(demo(F.nodes.failedHardening), F.associations.hardening, F.buckets.second[DEMO.region], never), undefined);
        assert.ok(linesSince(mark).includes(`info GetBucketLocation ${F.buckets.second[DEMO.region]} failed (RequestError).`), log.text);
      });
    });

    it('an association that names no region: GetBucketLocation once, then everything in the bucket\'s region', async () => {
      await fresh(async (backend) => {
        const result = await backend.readOutput({ target: demo(NODE_A), associationId: NO_REGION }, never);
        assert.ok(result.ok && result.source === 's3', JSON.stringify(result).slice(0, 400));
        assert.deepEqual(s3Ops(), [`GetBucketLocation ${DEMO.region} 200`, `ListObjectsV2 ${F.logsRegion} 200`, `ListObjectsV2 ${F.logsRegion} 200`, `GetObject ${F.logsRegion} 206`]);
        assert.deepEqual(result.notes, [], 'a search that was not cut adds no note');
      });
    });

    it("GetBucketLocation refused: read in the node's region, following S3's redirect, and the log says so", async () => {
      await fresh(async (backend) => {
        stack.s3.setFault({ apiError: { type: 'AccessDenied', status: 403, count: 'always' } }, opScope('GetBucketLocation'));
        const mark = log.lines.length;
        const result = await backend.readOutput({ target: demo(NODE_A), associationId: NO_REGION }, never);
        assert.ok(result.ok && result.source === 's3', JSON.stringify(result).slice(0, 400));
        assert.deepEqual(s3Ops().slice(0, 3), [`GetBucketLocation ${DEMO.region} 403`, `ListObjectsV2 ${DEMO.region} 400`, `ListObjectsV2 ${F.logsRegion} 200`]);
        assert.ok(linesSince(mark).includes(`info GetBucketLocation ${F.buckets.demo.logs} failed (RequestError); reading in ${DEMO.region}, following S3's redirect if it sends one.`), log.text);
      });
    });
  });

  describe('finding the run', () => {
    const emptyPrefix = `empty/${NODE_B}/${EMPTY}/`;

    it('nothing under the association\'s prefix: said, with where it looked; Run Command instead', async () => {
      const mark = log.lines.length;
      const result = await world().backend.readOutput({ target: demo(NODE_B), associationId: EMPTY }, never);
      assert.equal(result.attempts[0].source, 's3');
      assert.equal(result.attempts[0].tried, `list the run folders under s3://${DEMO.bucket}/${emptyPrefix} in ${DEMO.region}`);
      assert.equal(result.attempts[0].problem, 'No output objects are there: the association has not written output for this node yet, its steps printed nothing, or an S3 lifecycle rule removed it.');
      assert.ok(result.ok && result.source === 'runCommand', JSON.stringify(result).slice(0, 400));
      assert.ok(linesSince(mark).some((l) => new RegExp(`^info Newest run under s3://${DEMO.bucket}/${emptyPrefix}: none \\(\\d+ ListObjectsV2\\)$`).test(l)), log.text);
    });

    it("DescribeAssociation refused for the latest run: the attempt says what was asked, naming the profile; Run Command instead", async () => {
      stack.ssm.setFault({ apiError: { type: 'AccessDeniedException', count: 'always' } }, opScope('DescribeAssociation'));
      const result = await world().backend.readOutput({ target: demo(F.nodes.failedHardening), associationId: F.associations.hardening }, never);
      assert.deepEqual(result.attempts[0], {
        source: 's3',
        tried: `read the association's output location (DescribeAssociation ${F.associations.hardening})`,
        problem: `Access denied: profile "ssm-demo" may not call ssm:DescribeAssociation in ${DEMO.region}. Allow it in the IAM policy.`,
      });
      assert.ok(result.ok && result.source === 'runCommand', JSON.stringify(result).slice(0, 400));
    });

    it('nothing in S3 and no run on the node: both attempts said, in order', async () => {
      stack.ssm.setFault({ malformed: 'no-list' }, opScope('DescribeAssociationExecutions'));
      const result = await world().backend.readOutput({ target: demo(NODE_B), associationId: EMPTY }, never);
      assert.equal(result.ok, false);
      assert.deepEqual(result.attempts.map((a) => a.source), ['s3', 'runCommand']);
      assert.equal(result.attempts[1].problem, 'The association has no run on this node in its execution history.');
    });

    it(`thousands of folders that are not runs: the search stops after ${NEWEST_RUN_MAX_REQUESTS} listings and says so, not "nothing there"`, async () => {
      const prefix = `junk/${NODE_B}/${JUNK}/`;
      stack.s3.putBulk(DEMO.bucket, Array.from({ length: 1_100 }, (_, i) => `${prefix}zz-${String(i).padStart(4, '0')}/x`), 'x');
      const result = await world().backend.readOutput({ target: demo(NODE_B), associationId: JUNK }, never);
      assert.deepEqual(result.attempts[0], {
        source: 's3',
        tried: `list the run folders under s3://${DEMO.bucket}/${prefix} in ${DEMO.region}`,
        problem: `No run folder was found in the ${NEWEST_RUN_MAX_REQUESTS} listings allowed: the prefix holds more folders than they cover, and none of those seen is named as a run (by its start time).`,
      });
      assert.equal(stack.s3.log.filter((e) => e.operation === 'ListObjectsV2' && e.delimiter === '/').length, NEWEST_RUN_MAX_REQUESTS);
    });

    it('the run the row names is gone and there is no other: that is the problem said', async () => {
      const gone = runIdOf(Date.now() - 3_600_000);
      const result = await world().backend.readOutput({ target: demo(NODE_B), associationId: EMPTY, outputUrl: `${DEMO.bucket}/${emptyPrefix}${gone}` }, never);
      assert.equal(result.attempts[0].problem, `The status row names run ${gone}, but it has no objects: its steps printed nothing (the agent uploads only streams that are not empty), or an S3 lifecycle rule removed them. Showing the newest run found instead.`);
    });

    it('the newest run folder holds no stdout or stderr: said', async () => {
      const run = runIdOf(Date.now() - 60_000);
      stack.s3.putBulk(DEMO.bucket, [`${emptyPrefix}${run}/awsrunShellScript/0.awsrunShellScript/notes.txt`], 'x');
      const mark = log.lines.length;
      const result = await world().backend.readOutput({ target: demo(NODE_B), associationId: EMPTY }, never);
      assert.deepEqual(result.attempts[0], { source: 's3', tried: `list s3://${DEMO.bucket}/${emptyPrefix}${run}/ in ${DEMO.region}`, problem: 'The run wrote no stdout or stderr objects: its steps printed nothing.' });
      assert.ok(linesSince(mark).includes(`info Newest run under s3://${DEMO.bucket}/${emptyPrefix}: ${run} (1 ListObjectsV2)`), log.text);
    });

    it('listing refused: the attempt names the prefix, the region and s3:ListBucket', async () => {
      stack.s3.setFault({ apiError: { type: 'AccessDenied', status: 403, count: 'always' } }, opScope('ListObjectsV2'));
      const result = await world().backend.readOutput({ target: demo(F.nodes.failedHardening), associationId: F.associations.hardening }, never);
      assert.equal(result.attempts[0].tried, `list s3://${F.buckets.demo.logs}/hardening/${DEMO.region}/${F.nodes.failedHardening}/${F.associations.hardening}/ in ${F.logsRegion}`);
      assert.match(result.attempts[0].problem, /s3:ListBucket/);
      assert.ok(result.ok && result.source === 'runCommand');
    });

    it(`thousands of runs in the last seconds: at most ${NEWEST_RUN_MAX_REQUESTS} listings, the newest seen is shown, and the cut is said`, async () => {
      const prefix = `dense/${NODE_B}/${DENSE}/`;
      const end = Date.now() - 1_000;
      stack.s3.putBulk(DEMO.bucket, Array.from({ length: 5_000 }, (_, i) => `${prefix}${runIdOf(end - i)}/awsrunShellScript/0.awsrunShellScript/stdout`), 'dense\n');
      const mark = log.lines.length;
      const result = await world().backend.readOutput({ target: demo(NODE_B), associationId: DENSE }, never);
      assert.ok(result.ok && result.source === 's3', JSON.stringify(result).slice(0, 400));
      const folderLists = stack.s3.log.filter((e) => e.operation === 'ListObjectsV2' && e.delimiter === '/');
      assert.equal(folderLists.length, NEWEST_RUN_MAX_REQUESTS);
      assert.equal(result.notes?.[0], `The listing of run folders was cut after ${NEWEST_RUN_MAX_REQUESTS} requests: a newer run than ${result.runId} may exist.`);
      assert.ok(linesSince(mark).includes(`info Newest run under s3://${DEMO.bucket}/${prefix}: ${result.runId} (${NEWEST_RUN_MAX_REQUESTS} ListObjectsV2, cut short)`), log.text);
      assert.equal(result.streams[0].text, 'dense\n');
    });
  });

  describe('reading the picked streams', () => {
    const prefix = `windows/${S.windowsNode}/${S.windows}/`;
    let run: string;
    before(() => {
      run = runIdOf(Date.now() + 60_000);
      putManyStepRun(stack.s3, DEMO.bucket, prefix, run, 40, 'step output\n');
    });
    const request = (choose: OutputRequest['choose']): OutputRequest => ({ target: demo(S.windowsNode), associationId: S.windows, outputUrl: `${DEMO.bucket}/${prefix}${run}`, choose });

    it('the first refused object stops the reading: no more requests after it, and the attempt names the object', async () => {
      stack.s3.setFault({ apiError: { type: 'AccessDenied', status: 403, count: 'always' } }, opScope('GetObject'));
      const result = await world().backend.readOutput(request(async (streams) => streams.slice(0, 24)), never);
      const gets = stack.s3.log.filter((e) => e.operation === 'GetObject');
      assert.ok(gets.length >= 1 && gets.length <= READ_CONCURRENCY, `${gets.length} GetObject`);
      assert.match(result.attempts[0].tried, new RegExp(`^read s3://${DEMO.bucket}/${prefix}${run}/awsrunShellScript/step \\d{3}/std(out|err) in ${DEMO.region}$`));
      assert.match(result.attempts[0].problem, /s3:GetObject/);
    });

    it('picked over the ceilings: the log says how many were not read (and says nothing when all were)', async () => {
      const within = log.lines.length;
      assert.ok((await world().backend.readOutput(request(async (streams) => streams.slice(0, 20)), never)).ok);
      assert.ok(!linesSince(within).some((l) => /over the ceilings/.test(l)), log.text);
      const mark = log.lines.length;
      const result = await world().backend.readOutput(request(async (streams) => streams.slice(0, 30)), never);
      assert.ok(result.ok && result.source === 's3');
      assert.equal(result.streams.length, 24);
      assert.ok(linesSince(mark).includes('info View Output: 6 picked streams over the ceilings were not read.'), log.text);
      // 40 steps, each with a stdout and a stderr: 80 streams, 24 read; the command copies the whole run folder.
      assert.equal(result.leftOut, `56 of the run's 80 streams were not opened. All of them: aws s3 cp --recursive s3://${DEMO.bucket}/${prefix}${run}/ ./${run} --region ${DEMO.region} --profile ssm-demo`);
    });

    it('a step that printed only stderr: its stdout shown empty, where it would have been', async () => {
      const result = await world().backend.readOutput({ target: demo(S.linuxNode), associationId: S.deploy }, never);
      assert.ok(result.ok && result.source === 's3', JSON.stringify(result).slice(0, 400));
      const silent = result.streams.find((x) => x.step === S.steps.config && x.stream === 'stdout');
      assert.equal(silent?.empty, true);
      assert.equal(silent?.text, '');
      assert.match(silent?.location ?? '', new RegExp(`^s3://${DEMO.bucket}/deploy/${S.linuxNode}/${S.deploy}/[^/]+/awsrunShellScript/write config/stdout \\(no such object\\)$`));
    });

    it('a step whose folder has "stderr" in its name: its missing stdout is placed in that folder', async () => {
      const base = `oddstep/${NODE_B}/${ODD_STEP}/${runIdOf(Date.now() - 30_000)}/awsrunShellScript/stderr check`;
      stack.s3.putBulk(DEMO.bucket, [`${base}/stderr`], 'complaint\n');
      const result = await world().backend.readOutput({ target: demo(NODE_B), associationId: ODD_STEP }, never);
      assert.ok(result.ok && result.source === 's3', JSON.stringify(result).slice(0, 400));
      assert.deepEqual(
        result.streams.map((s) => [s.stream, s.location, s.empty ?? false]),
        [['stdout', `s3://${DEMO.bucket}/${base}/stdout (no such object)`, true], ['stderr', `s3://${DEMO.bucket}/${base}/stderr`, false]],
      );
    });

    it('the pick cancelled: nothing read, the answer says cancelled', async () => {
      const result = await world().backend.readOutput(request(async () => undefined), never);
      assert.ok(result.ok && result.source === 's3');
      assert.equal(result.cancelled, true);
      assert.deepEqual(result.streams, []);
      assert.equal(result.runId, run);
      assert.equal(stack.s3.log.filter((e) => e.operation === 'GetObject').length, 0);
    });
  });

  describe('a run that the refresh trigger started', () => {
    let first: AssociationRun;
    before(async () => {
      const all: AssociationRun[] = [];
      let token: string | undefined;
      do {
        const page = await world().backend.listRuns(demo(F.nodes.failedHardening), F.associations.hardening, token, 50, never);
        all.push(...page.runs);
        token = page.nextToken;
      } while (token);
      first = all.at(-1)!;
    });

    it("found under the command's own folder (Run Command's layout), without the trigger's own step", async () => {
      const base = commandPrefix(`hardening/${DEMO.region}`, first.commandId!, F.nodes.failedHardening);
      await stack.s3.putObjects([
        { bucket: F.buckets.demo.logs, key: `${base}awsrunShellScript/checkPackages/stdout`, body: 'checked\n', account: 'demo' },
        { bucket: F.buckets.demo.logs, key: `${base}awsrefreshAssociation/awsrefreshAssociation/stdout`, body: 'Associations [x] have been requested to execute immediately\n', account: 'demo' },
      ]);
      const result = await world().backend.readOutput({ target: demo(F.nodes.failedHardening), associationId: F.associations.hardening, run: first }, never);
      assert.ok(result.ok && result.source === 's3', JSON.stringify(result).slice(0, 400));
      assert.equal(result.runId, first.commandId);
      assert.deepEqual(result.streams.map((s) => [s.step, s.stream, s.text]), [['checkPackages', 'stdout', 'checked\n']]);
      assert.equal(result.notes?.length, 1);
      assert.match(result.notes![0], /AWS-RefreshAssociation/);
      const lists = stack.s3.log.filter((e) => e.operation === 'ListObjectsV2');
      assert.equal(lists[0].startAfter, `hardening/${DEMO.region}/${F.nodes.failedHardening}/${F.associations.hardening}/${runIdOf(first.date!.getTime() - 60_000)}`);
    });

    it('a run without a time: only the command\'s own folder is looked in; a refused listing there is "not there", not a failure', async () => {
      const timeless = { ...first, date: undefined };
      const result = await world().backend.readOutput({ target: demo(F.nodes.failedHardening), associationId: F.associations.hardening, run: timeless }, never);
      assert.ok(result.ok && result.source === 's3', JSON.stringify(result).slice(0, 400));
      assert.equal(result.runId, first.commandId);
      const lists = stack.s3.log.filter((e) => e.operation === 'ListObjectsV2');
      assert.deepEqual(lists.map((e) => e.prefix), [commandPrefix(`hardening/${DEMO.region}`, first.commandId!, F.nodes.failedHardening)]);
      stack.s3.clearLog();
      stack.s3.setFault({ apiError: { type: 'AccessDenied', status: 403, count: 'always' } }, opScope('ListObjectsV2'));
      const refused = await world().backend.readOutput({ target: demo(F.nodes.failedHardening), associationId: F.associations.hardening, run: timeless }, never);
      assert.equal(refused.ok, false);
      assert.match(refused.attempts[0].problem, /^No run folder of this run is there/);
      assert.equal(refused.attempts[0].tried, `look for this run under s3://${F.buckets.demo.logs}/hardening/${DEMO.region}/${F.nodes.failedHardening}/${F.associations.hardening}/ in ${F.logsRegion} and under the command's own folder`);
    });

    it('DescribeAssociation refused: that is said, not that the association writes no output', async () => {
      stack.ssm.setFault({ apiError: { type: 'AccessDeniedException', count: 'always' } }, opScope('DescribeAssociation'));
      const result = await world().backend.readOutput({ target: demo(F.nodes.failedHardening), associationId: F.associations.hardening, run: first }, never);
      assert.equal(result.ok, false);
      assert.match(result.notes?.[0] ?? '', /AWS-RefreshAssociation/);
      assert.match(result.attempts[0].problem, /may not call ssm:DescribeAssociation/);
      assert.deepEqual(result.attempts.at(-1), { source: 'runCommand', tried: `read Run Command ${first.commandId} on ${F.nodes.failedHardening}`, problem: result.notes?.[0] });
      assert.ok(!result.attempts.some((a) => /no OutputLocation/.test(a.problem)), JSON.stringify(result.attempts));
      assert.equal(stack.s3.log.length, 0);
    });

    it("found under the association's prefix, the first run after the trigger: the document says which", async () => {
      const runId = runIdOf(first.date!.getTime() + 5_000);
      const key = `hardening/${DEMO.region}/${F.nodes.failedHardening}/${F.associations.hardening}/${runId}/awsrunShellScript/verify/stdout`;
      await stack.s3.putObjects([{ bucket: F.buckets.demo.logs, key, body: 'verified\n', account: 'demo' }]);
      const result = await world().backend.readOutput({ target: demo(F.nodes.failedHardening), associationId: F.associations.hardening, run: first }, never);
      assert.ok(result.ok && result.source === 's3', JSON.stringify(result).slice(0, 400));
      assert.equal(result.runId, runId);
      assert.equal(result.notes?.[1], `Read from S3: the run that began at ${runId} under the association's prefix, the first after the trigger.`);
      assert.deepEqual(result.attempts, []);
      const none = await world().backend.readOutput({ target: demo(F.nodes.failedHardening), associationId: F.associations.hardening, run: first, choose: async () => [] }, never);
      assert.ok(none.ok && none.source === 's3', JSON.stringify(none).slice(0, 400));
      assert.equal(none.leftOut, `1 of the run's 1 streams were not opened. All of them: aws s3 cp --recursive s3://${F.buckets.demo.logs}/hardening/${DEMO.region}/${F.nodes.failedHardening}/${F.associations.hardening}/${runId}/ ./${runId} --region ${F.logsRegion} --profile ssm-demo`);
    });
  });

  describe('a cancel at any step ends View Output with the cancel, not with an answer, and nothing is asked after it', () => {
    /** `operation` hangs; the requests cancelled are its own (a few reads may hang at once), nothing is asked after them. */
    const cancelled = async (backend: Backend, operation: string, request: OutputRequest) => {
      const hang = { hang: 'always' as const };
      if (['DescribeAssociation', 'DescribeAssociationExecutions'].includes(operation)) stack.ssm.setFault(hang, opScope(operation));
      else stack.s3.setFault(hang, opScope(operation));
      // Cancelled once the endpoint holds the hanging request (not after a guessed time).
      const controller = new AbortController();
      const watch = setInterval(() => [...stack.ssm.log, ...stack.s3.log].some((e) => e.errorType === 'Hang') && controller.abort(), 10);
      const mark = log.lines.length;
      await assert.rejects(backend.readOutput(request, controller.signal)).finally(() => clearInterval(watch));
      const requests = linesSince(mark).filter((l) => l.includes(' → '));
      const ended = requests.filter((l) => / → cancelled /.test(l));
      assert.ok(ended.length >= 1, requests.join('\n'));
      assert.ok(ended.every((l) => l.startsWith(`debug ${operation} `) || l.startsWith(`debug S3 ${operation} `)), requests.join('\n'));
      assert.match(requests.at(-1) ?? '', / → cancelled /);
      assert.ok(!linesSince(mark).some((l) => /failed/.test(l)), log.text);
    };
    const hardening = { target: demo(F.nodes.failedHardening), associationId: F.associations.hardening };

    it('while DescribeAssociation hangs', () => cancelled(world().backend, 'DescribeAssociation', { target: demo(NODE_A), associationId: NO_REGION }));
    it("while the bucket's region is looked up", () => fresh((backend) => cancelled(backend, 'GetBucketLocation', { target: demo(NODE_A), associationId: NO_REGION })));
    it('while the run folders are listed', () => cancelled(world().backend, 'ListObjectsV2', hardening));
    it('while an object is read', () => cancelled(world().backend, 'GetObject', hardening));
    it('while the latest run is looked for', () => cancelled(world().backend, 'DescribeAssociationExecutions', { target: demo(F.nodes.web), associationId: F.associations.inventory }));
  });
});
