/**
 * The S3 mock with the real @aws-sdk/client-s3 over HTTP (path-style): list, get, the 5 MB
 * object, AccessDenied, the bucket's own region, signatures, faults, and output of new runs.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { GetBucketLocationCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeAssociationExecutionTargetsCommand,
  DescribeAssociationExecutionsCommand,
  GetCommandInvocationCommand,
  SSMClient,
  StartAssociationsOnceCommand,
} from '@aws-sdk/client-ssm';
import { DEMO, DEMO_FLEET, KEYS, type Stack, demoFleet, demoNodeId, opScope, startStack } from './index.js';
import { TRIGGER_TO_RUN_MS } from './runs.js';
import { rejectsWith } from './helpers.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const F = DEMO_FLEET;

describe('S3 mock', () => {
  let stack: Stack;
  const s3 = (region: string = DEMO.region, credentials: Creds = KEYS.demo) =>
    new S3Client({ endpoint: stack.s3.url, region, credentials, forcePathStyle: true, maxAttempts: 1 });
  const ssm = () => new SSMClient({ endpoint: stack.ssm.url, region: DEMO.region, credentials: KEYS.demo, maxAttempts: 1 });

  before(async () => {
    // Only the objects these tests read (the demo stores all ~970 of them).
    stack = await startStack({ fleet: demoFleet(), fill: false, runTimings: { pendingMs: 600_000, inProgressMs: 600_000 } });
    const wanted = [F.nodes.failedHardening, F.nodes.bigOutput, F.nodes.deniedOutput];
    await stack.s3.putObjects(stack.ssm.runs.latestOutputObjects().filter((o) => wanted.some((n) => o.key.includes(`/${n}/`))));
  });
  after(() => stack.stop());
  beforeEach(() => {
    stack.s3.clearLog();
    stack.s3.clearFaults();
  });

  it('lists and reads the output of a failed multi-step run in a bucket of another region; the same text as Run Command', async () => {
    const logs = s3(F.logsRegion);
    const prefix = `hardening/${DEMO.region}/${F.nodes.failedHardening}/${F.associations.hardening}/`;
    const list = await logs.send(new ListObjectsV2Command({ Bucket: F.buckets.demo.logs, Prefix: prefix }));
    const keys = list.Contents!.map((o) => o.Key!.slice(prefix.length).replace(/^[^/]+\//, ''));
    // <run id>/<plugin folder>/<step folder>/stdout|stderr (a 2.x document: the step folder is the step's name).
    assert.deepEqual(keys, ['awsrunShellScript/applyBaseline/stderr', 'awsrunShellScript/applyBaseline/stdout', 'awsrunShellScript/checkPackages/stdout']);
    const runId = list.Contents![0].Key!.slice(prefix.length).split('/')[0];
    assert.match(runId, /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z$/);
    const stderr = await (await logs.send(new GetObjectCommand({ Bucket: F.buckets.demo.logs, Key: `${prefix}${runId}/awsrunShellScript/applyBaseline/stderr` }))).Body!.transformToString();
    assert.match(stderr, /PermitRootLogin is yes/);

    const c = ssm();
    const exec = (await c.send(new DescribeAssociationExecutionsCommand({ AssociationId: F.associations.hardening, MaxResults: 1 }))).AssociationExecutions![0];
    const [target] = (await c.send(new DescribeAssociationExecutionTargetsCommand({ AssociationId: F.associations.hardening, ExecutionId: exec.ExecutionId!, Filters: [{ Key: 'ResourceId', Value: F.nodes.failedHardening }] }))).AssociationExecutionTargets!;
    const inv = await c.send(new GetCommandInvocationCommand({ CommandId: target.OutputSource!.OutputSourceId!, InstanceId: F.nodes.failedHardening, PluginName: 'applyBaseline' }));
    assert.equal(inv.StandardErrorContent, stderr);

    // Signed for the nodes' region instead of the bucket's: refused, and told where the bucket is.
    const wrong = await rejectsWith(s3(DEMO.region).send(new ListObjectsV2Command({ Bucket: F.buckets.demo.logs, Prefix: prefix })), 'AuthorizationHeaderMalformed', 400);
    assert.match(wrong.message, /the region 'eu-west-1' is wrong; expecting 'eu-central-1'/);
    const location = await s3('us-east-1').send(new GetBucketLocationCommand({ Bucket: F.buckets.demo.logs }));
    assert.equal(location.LocationConstraint, 'eu-central-1');
    assert.deepEqual(stack.s3.log.map((e) => [e.operation, e.status]), [
      ['ListObjectsV2', 200],
      ['GetObject', 200],
      ['ListObjectsV2', 400],
      ['GetBucketLocation', 200],
    ]);
    assert.equal(stack.s3.log[1].accessKeyId, KEYS.demo.accessKeyId);
    assert.equal(stack.s3.log[1].region, F.logsRegion);
  });

  it('serves the 5 MB object whole (Run Command has only its first 24,000 characters)', async () => {
    const c = s3();
    const list = await c.send(new ListObjectsV2Command({ Bucket: DEMO.bucket, Prefix: `backup/${F.nodes.bigOutput}/` }));
    const stdout = list.Contents!.find((o) => o.Key!.endsWith('/stdout'))!;
    assert.equal(stdout.Size, F.bigOutputChars);
    // Paging with continuation tokens.
    const page1 = await c.send(new ListObjectsV2Command({ Bucket: DEMO.bucket, Prefix: `backup/${F.nodes.bigOutput}/`, MaxKeys: 1 }));
    assert.equal(page1.IsTruncated, true);
    const page2 = await c.send(new ListObjectsV2Command({ Bucket: DEMO.bucket, Prefix: `backup/${F.nodes.bigOutput}/`, MaxKeys: 1, ContinuationToken: page1.NextContinuationToken }));
    assert.deepEqual([...page1.Contents!, ...page2.Contents!].map((o) => o.Key), list.Contents!.map((o) => o.Key));
    assert.equal(page2.IsTruncated, false);
    const head = await c.send(new HeadObjectCommand({ Bucket: DEMO.bucket, Key: stdout.Key! }));
    assert.equal(head.ContentLength, F.bigOutputChars);
    const part = await c.send(new GetObjectCommand({ Bucket: DEMO.bucket, Key: stdout.Key!, Range: 'bytes=0-1023' }));
    assert.equal((await part.Body!.transformToString()).length, 1024);
    const whole = await c.send(new GetObjectCommand({ Bucket: DEMO.bucket, Key: stdout.Key! }));
    assert.equal((await whole.Body!.transformToByteArray()).length, F.bigOutputChars);
    assert.equal(stack.s3.log.at(-1)!.bytes, F.bigOutputChars);
  });

  it('a range of an empty object, or one starting past the end, is 416 InvalidRange (stored and bulk objects alike); a range running past the end is cut', async () => {
    const c = s3();
    await stack.s3.putObjects([{ bucket: DEMO.bucket, key: 'ranges/stored-empty', body: '', account: 'demo' }, { bucket: DEMO.bucket, key: 'ranges/stored', body: 'abc', account: 'demo' }]);
    stack.s3.putBulk(DEMO.bucket, ['ranges/bulk-empty'], '');
    stack.s3.putBulk(DEMO.bucket, ['ranges/bulk'], 'abc');
    for (const key of ['ranges/stored-empty', 'ranges/bulk-empty']) {
      await rejectsWith(c.send(new GetObjectCommand({ Bucket: DEMO.bucket, Key: key, Range: 'bytes=0-1023' })), 'InvalidRange', 416);
      assert.equal(await (await c.send(new GetObjectCommand({ Bucket: DEMO.bucket, Key: key }))).Body!.transformToString(), '', 'without a range: the empty body');
    }
    for (const key of ['ranges/stored', 'ranges/bulk']) {
      await rejectsWith(c.send(new GetObjectCommand({ Bucket: DEMO.bucket, Key: key, Range: 'bytes=3-9' })), 'InvalidRange', 416);
      const part = await c.send(new GetObjectCommand({ Bucket: DEMO.bucket, Key: key, Range: 'bytes=0-1023' }));
      assert.equal(await part.Body!.transformToString(), 'abc');
      assert.equal(part.ContentRange, 'bytes 0-2/3');
    }
  });

  it('AccessDenied: the demo profile on the denied node, another account on the bucket; bad keys and signatures; no writes', async () => {
    const c = s3();
    const list = await c.send(new ListObjectsV2Command({ Bucket: DEMO.bucket, Prefix: `backup/${F.nodes.deniedOutput}/` }));
    const key = list.Contents![0].Key!;
    await rejectsWith(c.send(new GetObjectCommand({ Bucket: DEMO.bucket, Key: key })), 'AccessDenied', 403);
    await rejectsWith(s3(DEMO.region, KEYS.session).send(new GetObjectCommand({ Bucket: DEMO.bucket, Key: key })), 'AccessDenied', 403);
    await rejectsWith(s3(DEMO.region, KEYS.second).send(new ListObjectsV2Command({ Bucket: DEMO.bucket })), 'AccessDenied', 403);
    await rejectsWith(s3(DEMO.region, { ...KEYS.demo, secretAccessKey: 'wrong' }).send(new ListObjectsV2Command({ Bucket: DEMO.bucket })), 'SignatureDoesNotMatch', 403);
    await rejectsWith(s3(DEMO.region, KEYS.unknown).send(new ListObjectsV2Command({ Bucket: DEMO.bucket })), 'InvalidAccessKeyId', 403);
    await rejectsWith(s3(DEMO.region, KEYS.expiredSession).send(new ListObjectsV2Command({ Bucket: DEMO.bucket })), 'ExpiredToken', 400);
    await rejectsWith(c.send(new GetObjectCommand({ Bucket: DEMO.bucket, Key: 'backup/none/stdout' })), 'NoSuchKey', 404);
    await rejectsWith(c.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket-here' })), 'NoSuchBucket', 404);
    const unsigned = await fetch(`${stack.s3.url}/${DEMO.bucket}/${key}`);
    assert.equal(unsigned.status, 403);
    assert.match(await unsigned.text(), /<Code>AccessDenied<\/Code>/);
    const put = await fetch(`${stack.s3.url}/${DEMO.bucket}/x`, { method: 'PUT', body: 'x' });
    assert.equal(put.status, 403);
  });

  it('faults: SlowDown, 500 and injected errors, by operation or object', async () => {
    const c = s3();
    stack.s3.setFault({ throttle: 1 }, opScope('ListObjectsV2'));
    await rejectsWith(c.send(new ListObjectsV2Command({ Bucket: DEMO.bucket, Prefix: 'backup/' })), 'SlowDown', 503);
    await c.send(new ListObjectsV2Command({ Bucket: DEMO.bucket, Prefix: 'backup/', MaxKeys: 1 }));
    stack.s3.setFault({ internalError: 1 });
    await rejectsWith(c.send(new ListObjectsV2Command({ Bucket: DEMO.bucket })), 'InternalError', 500);
    stack.s3.setFault({ apiError: { type: 'NoSuchBucket', status: 404 } }, DEMO.bucket);
    await rejectsWith(c.send(new ListObjectsV2Command({ Bucket: DEMO.bucket })), 'NoSuchBucket', 404);
    const res = await fetch(`${stack.s3.url}/__control/faults`, { method: 'POST', body: JSON.stringify({ scope: 'op:GetObject', fault: { throttle: 'always' } }) });
    assert.equal(res.status, 200);
    assert.deepEqual(stack.s3.log.map((e) => e.errorType ?? e.status), ['SlowDown', 200, 'InternalError', 'NoSuchBucket']);
  });

  it('holds 100,000 keys cheaply and lists them as S3 does: Delimiter, StartAfter, MaxKeys, continuation, url encoding', async () => {
    const base = 'bulk/i-0000000000000000b/a/';
    const runs = Array.from({ length: 50_000 }, (_, i) => new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString().replace(/:/g, '-'));
    stack.s3.putBulk(DEMO.bucket, runs.flatMap((r) => [`${base}${r}/awsrunShellScript/0.awsrunShellScript/stdout`, `${base}${r}/awsrunShellScript/0.awsrunShellScript/stderr`]), 'bulk body');
    stack.s3.putBulk(DEMO.bucket, [`${base}odd key: ü/x/stdout`]);
    const c = s3();
    const first = await c.send(new ListObjectsV2Command({ Bucket: DEMO.bucket, Prefix: base, Delimiter: '/' }));
    assert.equal(first.CommonPrefixes!.length, 1000);
    assert.equal(first.KeyCount, 1000);
    assert.equal(first.CommonPrefixes![0].Prefix, `${base}${runs[0]}/`);
    assert.equal(first.IsTruncated, true);
    const second = await c.send(new ListObjectsV2Command({ Bucket: DEMO.bucket, Prefix: base, Delimiter: '/', ContinuationToken: first.NextContinuationToken }));
    assert.equal(second.CommonPrefixes![0].Prefix, `${base}${runs[1000]}/`);
    const recent = await c.send(new ListObjectsV2Command({ Bucket: DEMO.bucket, Prefix: base, Delimiter: '/', StartAfter: `${base}${runs[49_998]}` }));
    // StartAfter is a key: the folder of that very run sorts after it (its keys go on with '/').
    assert.deepEqual(recent.CommonPrefixes!.map((p) => p.Prefix!.slice(base.length)), [`${runs[49_998]}/`, `${runs[49_999]}/`, 'odd key: ü/']);
    assert.equal(recent.IsTruncated, false);
    const keys = await c.send(new ListObjectsV2Command({ Bucket: DEMO.bucket, Prefix: `${base}${runs[7]}/`, MaxKeys: 1 }));
    assert.deepEqual(keys.Contents!.map((o) => [o.Key!.slice(base.length), o.Size]), [[`${runs[7]}/awsrunShellScript/0.awsrunShellScript/stderr`, 9]]);
    assert.equal(keys.IsTruncated, true);
    const body = await (await c.send(new GetObjectCommand({ Bucket: DEMO.bucket, Key: keys.Contents![0].Key! }))).Body!.transformToString();
    assert.equal(body, 'bulk body');
    const ranged = await c.send(new GetObjectCommand({ Bucket: DEMO.bucket, Key: keys.Contents![0].Key!, Range: 'bytes=0-3' }));
    assert.equal(await ranged.Body!.transformToString(), 'bulk');
    assert.equal(ranged.ContentRange, 'bytes 0-3/9');
    await rejectsWith(c.send(new ListObjectsV2Command({ Bucket: DEMO.bucket, Prefix: base, ContinuationToken: 'not a token!' })), 'InvalidArgument', 400);
    assert.deepEqual(stack.s3.log.filter((e) => e.operation === 'ListObjectsV2').slice(0, 3).map((e) => [e.delimiter, e.keys]), [['/', 1000], ['/', 1000], ['/', 3]]);
  });

  it('a run started with StartAssociationsOnce leaves its output in S3 when it finishes', async () => {
    const c = ssm();
    await c.send(new StartAssociationsOnceCommand({ AssociationIds: [F.associations.backup] }));
    stack.ssm.advanceRuns();
    stack.ssm.advanceRuns();
    await stack.ssm.outputsStored();
    const exec = (await c.send(new DescribeAssociationExecutionsCommand({ AssociationId: F.associations.backup, MaxResults: 1 }))).AssociationExecutions![0];
    assert.equal(exec.Status, 'Success');
    const [target] = (await c.send(new DescribeAssociationExecutionTargetsCommand({ AssociationId: F.associations.backup, ExecutionId: exec.ExecutionId!, Filters: [{ Key: 'ResourceId', Value: demoNodeId('demo', DEMO.region, 10) }] }))).AssociationExecutionTargets!;
    // The run began a moment after the trigger; a schema 1.2 document: <plugin folder>/<step id without colons>.
    const runId = new Date(target.LastExecutionDate!.getTime() + TRIGGER_TO_RUN_MS).toISOString().replace(/:/g, '-');
    const key = `backup/${target.ResourceId}/${F.associations.backup}/${runId}/awsrunShellScript/0.awsrunShellScript/stdout`;
    const text = await (await s3().send(new GetObjectCommand({ Bucket: DEMO.bucket, Key: key }))).Body!.transformToString();
    assert.match(text, /completed, exit code 0/);
    // The target's command is the trigger, whose one line is not the run's output.
    const inv = await c.send(new GetCommandInvocationCommand({ CommandId: target.OutputSource!.OutputSourceId!, InstanceId: target.ResourceId! }));
    assert.equal(inv.DocumentName, 'AWS-RefreshAssociation');
    assert.match(inv.StandardOutputContent!, /have been requested to execute immediately/);
  });
});
