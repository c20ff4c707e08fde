// The bucket's region, bounded, and S3's 403s told apart: the real S3 client over HTTP against the S3
// mock (SigV4 checked), which answers a request signed for the wrong region with a 400
// AuthorizationHeaderMalformed or a 301 PermanentRedirect, hangs, or refuses with the 403s injected as
// faults. What each answer is, and where that comes from: test/emulator/README.md, "Partitions and S3 regions".
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { s3Problem } from '../../src/aws/outputProblems';
import { describeError, requestCause } from '../../src/aws/errors';
import { BUCKET_REGION_TIMEOUT_MS, createS3Reader, type S3Access, type S3Reader } from '../../src/aws/sdk/s3Reader';
import { DEMO, DEMO_FLEET as F, demoFleet, KEYS, opScope, type Stack, startStack, writeProfiles } from '../emulator/index';
import { AWS_ENV, isolateEnv } from '../support/awsEnv';
import { MemoryLog } from './helpers';

const BUCKET = F.buckets.demo.logs;
const KEY_A = 'regions/i-0123456789abcdef0/run/awsrunShellScript/0.awsrunShellScript/stdout';
const KEY_B = 'regions/i-0123456789abcdef0/run/awsrunShellScript/0.awsrunShellScript/stderr';

describe("S3: the bucket's region followed and bounded, and 403s told apart", () => {
  let stack: Stack;
  let dir: string;
  let reader: S3Reader;
  let restoreEnv: () => void;
  // Signed for the node's region (eu-west-1); the logs bucket is in another one.
  const access: S3Access = { profile: 'ssm-demo', region: DEMO.region, credentials: async () => ({ accessKeyId: KEYS.demo.accessKeyId, secretAccessKey: KEYS.demo.secretAccessKey }) };
  const ops = () => stack.s3.log.map((e) => `${e.operation} ${e.region} ${e.status}${e.errorType ? ` ${e.errorType}` : ''}`);

  before(async () => {
    stack = await startStack({ fleet: demoFleet(), fill: false });
    await stack.s3.putObjects([
      { bucket: BUCKET, key: KEY_A, body: 'out\n', account: 'demo' },
      { bucket: BUCKET, key: KEY_B, body: 'err\n', account: 'demo' },
    ]);
    dir = mkdtempSync(join(tmpdir(), 'ssm-s3-regions-'));
    restoreEnv = isolateEnv(AWS_ENV);
    Object.assign(process.env, writeProfiles(dir, stack.ssm.url, stack.s3.url).env);
  });
  after(async () => {
    await stack.stop();
    restoreEnv();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    reader?.reset();
    reader = createS3Reader({ log: new MemoryLog(), requestTimeoutMs: 30_000, maxAttempts: 1 });
    stack.s3.clearLog();
    stack.s3.clearFaults();
  });

  it('the bucket is in another region than the node', () => {
    assert.notEqual(stack.s3.bucket(BUCKET)?.region, DEMO.region);
  });

  for (const answer of ['AuthorizationHeaderMalformed', 'PermanentRedirect'] as const) {
    it(`a ${answer === 'PermanentRedirect' ? '301 PermanentRedirect' : '400 AuthorizationHeaderMalformed'} is followed once per bucket, not once per request`, async () => {
      stack.s3.setFault({ wrongRegion: answer }, BUCKET);
      const listed = await reader.list(access, BUCKET, 'regions/');
      assert.deepEqual(listed.map((o) => o.key).sort(), [KEY_B, KEY_A].sort());
      for (const o of listed) await reader.read(access, BUCKET, o.key, o.size, 1024);
      const status = answer === 'PermanentRedirect' ? '301' : '400';
      assert.deepEqual(ops(), [
        `ListObjectsV2 ${DEMO.region} ${status} ${answer}`,
        `ListObjectsV2 ${F.logsRegion} 200`,
        `GetObject ${F.logsRegion} 206`,
        `GetObject ${F.logsRegion} 206`,
      ]);
      // And the region is known from then on: no GetBucketLocation needed.
      assert.equal(await reader.bucketRegion(access, BUCKET), F.logsRegion);
      assert.equal(stack.s3.log.length, 4);
    });
  }

  it('GetBucketLocation: the answer, remembered; a hanging lookup gives up after 5 s', async () => {
    assert.equal(await reader.bucketRegion(access, BUCKET), F.logsRegion);
    assert.equal(await reader.bucketRegion(access, BUCKET), F.logsRegion);
    assert.deepEqual(ops(), [`GetBucketLocation ${DEMO.region} 200`]);
    reader.reset();
    stack.s3.clearLog();
    stack.s3.setFault({ hang: 'always' }, opScope('GetBucketLocation'));
    const started = performance.now();
    await assert.rejects(reader.bucketRegion(access, BUCKET));
    const waited = performance.now() - started;
    assert.ok(waited >= BUCKET_REGION_TIMEOUT_MS - 100 && waited < BUCKET_REGION_TIMEOUT_MS + 3_000, `gave up after ${waited.toFixed(0)} ms`);
    assert.deepEqual(ops(), [`GetBucketLocation ${DEMO.region} 0 Hang`]);
  });

  const cases = [
    { type: 'InvalidObjectState', problem: /is archived.*lifecycle rule.*Restore it/ },
    { type: 'SignatureDoesNotMatch', problem: /refused the signature.*SignatureDoesNotMatch.*secret access key/ },
    { type: 'RequestTimeTooSkewed', problem: /clock is too far from AWS's time.*Set the system clock/ },
  ];
  for (const { type, problem } of cases) {
    it(`a 403 ${type} has its own message and next step, not "Access denied"`, async () => {
      stack.s3.setFault({ apiError: { type, status: 403, count: 'always' } }, opScope('GetObject'));
      const error = await reader.read({ ...access, region: F.logsRegion }, BUCKET, KEY_A, 4, 1024).then(
        () => assert.fail('expected a refusal'),
        (e: unknown) => e,
      );
      const cause = requestCause(error) as { name?: string; $metadata?: { httpStatusCode?: number } };
      assert.equal(cause.name, type);
      assert.equal(cause.$metadata?.httpStatusCode, 403);
      const text = s3Problem(error, { action: 's3:GetObject', bucket: BUCKET, key: KEY_A, region: F.logsRegion, profile: 'ssm-demo' }, describeError);
      assert.match(text, problem);
      assert.doesNotMatch(text, /^Access denied/);
    });
  }
});
