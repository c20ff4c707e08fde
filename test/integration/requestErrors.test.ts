// Every SSM and S3 request goes through one request path: a failure is a RequestError that names its
// operation, so "Access denied" names the IAM action that request needs. Denials come from the local
// endpoints' fault injection (an injected AccessDeniedException / AccessDenied for one operation).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { asRequestError, describeError } from '../../src/aws/errors';
import { createS3Reader, type S3Access } from '../../src/aws/sdk/s3Reader';
import { DEMO, defaultFleet, KEYS, opScope, type S3Mock, startS3 } from '../emulator/index';
import { MemoryLog, never, useWorld } from './helpers';

describe('request errors name their operation (SSM)', () => {
  const world = useWorld();

  it('AccessDenied on DescribeInstanceInformation names ssm:DescribeInstanceInformation, for the summaries and for discovery', async () => {
    world().emulator.setFault({ apiError: { type: 'AccessDeniedException', status: 400, count: 'always' } }, opScope('DescribeInstanceInformation'));
    const backend = world().backend();
    const summaries = await backend.describeNodes({ profile: 'ssm-demo' }, [DEMO.nodes.three], never).then(
      () => assert.fail('resolved'),
      (e: unknown) => e,
    );
    assert.equal(asRequestError(summaries)?.operation, 'DescribeInstanceInformation');
    assert.equal(describeError(summaries, { profile: 'ssm-demo' }).code, 'AccessDenied');
    assert.match(describeError(summaries, { profile: 'ssm-demo' }).detail, /may not call ssm:DescribeInstanceInformation here/);
    await assert.rejects(backend.discoverNodes({ profile: 'ssm-demo' }, [], { signal: never }), (e: unknown) => {
      assert.match(describeError(e).detail, /may not call ssm:DescribeInstanceInformation here/);
      return true;
    });
    // The tree's own request still names its own action.
    world().emulator.clearFaults();
    world().emulator.setFault({ apiError: { type: 'AccessDeniedException', status: 400, count: 'always' } }, opScope('DescribeInstanceAssociationsStatus'));
    await assert.rejects(backend.fetchAssociationsPage({ target: { nodeId: DEMO.nodes.three, profile: 'ssm-demo' }, token: undefined, pageSize: 5, signal: never, pageNumber: 1 }), (e: unknown) => {
      assert.match(describeError(e).detail, /may not call ssm:DescribeInstanceAssociationsStatus here/);
      return true;
    });
    assert.doesNotMatch(world().log.text, new RegExp(KEYS.demo.secretAccessKey.replace(/[/+]/g, '\\$&')), 'no secret in the log');
  });
});

describe('request errors name their IAM action (S3)', () => {
  let s3: S3Mock;
  const log = new MemoryLog();
  const saved = { path: process.env.AWS_ENDPOINT_URL_S3 };
  before(async () => {
    s3 = await startS3({ fleet: defaultFleet() });
    process.env.AWS_ENDPOINT_URL_S3 = s3.url;
  });
  after(async () => {
    if (saved.path === undefined) delete process.env.AWS_ENDPOINT_URL_S3;
    else process.env.AWS_ENDPOINT_URL_S3 = saved.path;
    await s3.stop();
  });
  beforeEach(() => s3.clearFaults());

  it('GetBucketLocation, ListObjectsV2 (s3:ListBucket) and GetObject each name theirs, and the log holds no secret', async () => {
    const reader = createS3Reader({ log, requestTimeoutMs: 5_000, maxAttempts: 1 });
    const access: S3Access = { profile: 'ssm-demo', region: DEMO.region, credentials: async () => KEYS.demo };
    const cases: [string, string, () => Promise<unknown>][] = [
      ['GetBucketLocation', 's3:GetBucketLocation', () => reader.bucketRegion(access, DEMO.bucket, never)],
      ['ListObjectsV2', 's3:ListBucket', () => reader.list(access, DEMO.bucket, 'backup/', never)],
      ['GetObject', 's3:GetObject', () => reader.read(access, DEMO.bucket, 'backup/x/stdout', 10, 100, never)],
    ];
    try {
      for (const [operation, action, call] of cases) {
        s3.setFault({ apiError: { type: 'AccessDenied', status: 403, count: 'always' } }, opScope(operation));
        const error = await call().then(
          () => assert.fail(`${operation} resolved`),
          (e: unknown) => e,
        );
        s3.clearFaults();
        assert.equal(asRequestError(error)?.operation, operation);
        assert.equal(asRequestError(error)?.action, action);
        const described = describeError(error, { profile: 'ssm-demo' });
        assert.equal(described.code, 'AccessDenied', operation);
        assert.match(described.detail, new RegExp(`may not call ${action} here`), operation);
        assert.match(log.text, new RegExp(`S3 ${operation} .* → failed: AccessDenied \\(HTTP 403\\)`));
      }
    } finally {
      reader.reset();
    }
    assert.ok(!log.text.includes(KEYS.demo.secretAccessKey), 'no secret in the log');
  });
});
