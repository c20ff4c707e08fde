// The S3 reader (src/aws/sdk/s3Reader.ts) with the real S3 client over HTTP against the S3 mock (SigV4 checked):
// listings page by page within their ceilings, what a read asks for and what it holds, the bucket's region and how
// long it is remembered, retries, timeouts, credentials, the request runner, and what each request logs. What the
// mock answers, and where that comes from: test/emulator/README.md ("S3 mock", "Faults").
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RequestRunner } from '../../src/aws/contract';
import { asRequestError } from '../../src/aws/errors';
import { createS3Reader, type S3Access, type S3Reader, type S3ReaderOptions } from '../../src/aws/sdk/s3Reader';
import { defaultFleet, KEYS, opScope, type S3Mock, startS3, writeProfiles } from '../emulator/index';
import { AWS_ENV, isolateEnv } from '../support/awsEnv';
import { MemoryLog } from './helpers';

const NEAR = 'reader-near'; // eu-west-1, the region requests are signed for first
const FAR = 'reader-far'; // eu-central-1
const LEGACY_EU = 'reader-legacy-eu'; // GetBucketLocation answers "EU"
const VIRGINIA = 'reader-virginia'; // GetBucketLocation answers nothing: us-east-1
const SECOND = 'reader-second'; // account "second"
const MANY = Array.from({ length: 257 }, (_, i) => `reader-many-${String(i).padStart(3, '0')}`);

function fleet() {
  const f = defaultFleet();
  const demo = f.accounts.find((a) => a.name === 'demo')!;
  const second = f.accounts.find((a) => a.name === 'second')!;
  demo.buckets = {
    ...demo.buckets,
    [NEAR]: { region: 'eu-west-1' },
    [FAR]: { region: 'eu-central-1' },
    [LEGACY_EU]: { region: 'EU' },
    [VIRGINIA]: { region: 'us-east-1' },
    ...Object.fromEntries(MANY.map((b) => [b, { region: 'eu-west-2' }])),
  };
  second.buckets = { ...second.buckets, [SECOND]: { region: 'eu-west-1' } };
  return f;
}

const provider = (keys: { accessKeyId: string; secretAccessKey: string }) => async () => ({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey });
const demoCredentials = provider(KEYS.demo);
const access: S3Access = { profile: 'ssm-demo', region: 'eu-west-1', credentials: demoCredentials };
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('the S3 reader against the S3 mock', () => {
  let s3: S3Mock;
  let dir: string;
  let restoreEnv: () => void;
  let log: MemoryLog;
  let reader: S3Reader;
  const readers: S3Reader[] = [];
  const newReader = (options: Partial<S3ReaderOptions> = {}) => {
    const r = createS3Reader({ log, requestTimeoutMs: 30_000, maxAttempts: 1, ...options });
    readers.push(r);
    return r;
  };
  const ops = () => s3.log.map((e) => `${e.operation} ${e.bucket ?? ''} ${e.region} ${e.status}`);
  const count = (operation: string) => s3.log.filter((e) => e.operation === operation).length;

  before(async () => {
    s3 = await startS3({ fleet: fleet(), port: 0 });
    s3.putBulk(NEAR, Array.from({ length: 10_500 }, (_, i) => `big/k${String(i).padStart(5, '0')}`), 'abc');
    s3.putBulk(NEAR, ['runs/a/x', 'runs/b/x', 'runs/c/x', 'runs/top'], 'four');
    s3.putBulk(NEAR, ['obj/ten'], '0123456789');
    s3.putBulk(NEAR, ['emptied/x'], '');
    s3.putBulk(FAR, ['obj/far'], 'far away');
    s3.putBulk(SECOND, ['obj/second'], 'second account');
    dir = mkdtempSync(join(tmpdir(), 'ssm-s3-reader-'));
    restoreEnv = isolateEnv(AWS_ENV);
    Object.assign(process.env, writeProfiles(dir, undefined, s3.url).env);
  });
  after(async () => {
    for (const r of readers) r.reset();
    await s3.stop();
    restoreEnv();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    log = new MemoryLog();
    reader = newReader();
    s3.clearLog();
    s3.clearFaults();
  });

  describe('listings', () => {
    it('list: every object of a prefix with its size, page after page, and no more than maxPages pages (10 by default)', async () => {
      const small = await reader.list(access, NEAR, 'runs/');
      assert.deepEqual(small, [
        { key: 'runs/a/x', size: 4 },
        { key: 'runs/b/x', size: 4 },
        { key: 'runs/c/x', size: 4 },
        { key: 'runs/top', size: 4 },
      ]);
      assert.equal(count('ListObjectsV2'), 1);
      s3.clearLog();
      const two = await reader.list(access, NEAR, 'big/', undefined, 2);
      assert.equal(two.length, 2_000);
      assert.equal(count('ListObjectsV2'), 2);
      s3.clearLog();
      const all = await reader.list(access, NEAR, 'big/');
      assert.equal(all.length, 10_000, 'ten pages of 1,000, not the 10,500 there are');
      assert.equal(new Set(all.map((o) => o.key)).size, 10_000);
      assert.ok(all.every((o) => o.size === 3));
      assert.equal(count('ListObjectsV2'), 10);
    });

    it('listPage: the folders and objects of one page, the next page\'s token, and a log line saying what was asked', async () => {
      const first = await reader.listPage(access, NEAR, { prefix: 'runs/', delimiter: '/', maxKeys: 2 });
      assert.deepEqual(first.prefixes, ['runs/a/', 'runs/b/']);
      assert.deepEqual(first.objects, []);
      assert.ok(first.nextToken);
      const second = await reader.listPage(access, NEAR, { prefix: 'runs/', delimiter: '/', token: first.nextToken, maxKeys: 2 });
      assert.deepEqual(second, { objects: [{ key: 'runs/top', size: 4 }], prefixes: ['runs/c/'], nextToken: undefined });
      const after = await reader.listPage(access, NEAR, { prefix: 'runs/', delimiter: '/', startAfter: 'runs/b/x' });
      assert.deepEqual(after, { objects: [{ key: 'runs/top', size: 4 }], prefixes: ['runs/c/'], nextToken: undefined });
      const plain = await reader.listPage(access, NEAR, { prefix: 'obj/' });
      assert.deepEqual(plain, { objects: [{ key: 'obj/ten', size: 10 }], prefixes: [], nextToken: undefined });
      assert.deepEqual(
        s3.log.map((e) => [e.delimiter, e.startAfter, e.keys]),
        [['/', undefined, 2], ['/', undefined, 2], ['/', 'runs/b/x', 2], [undefined, undefined, 1]],
      );
      const lines = log.lines.filter((l) => / S3 ListObjectsV2 /.test(` ${l}`)).map((l) => l.replace(/ → .*/, ''));
      assert.deepEqual(lines, [
        `info S3 ListObjectsV2 s3://${NEAR}/runs/ delimiter=/ region=eu-west-1`,
        `info S3 ListObjectsV2 s3://${NEAR}/runs/ delimiter=/ page=next region=eu-west-1`,
        `info S3 ListObjectsV2 s3://${NEAR}/runs/ delimiter=/ startAfter=b/x region=eu-west-1`,
        `info S3 ListObjectsV2 s3://${NEAR}/obj/ region=eu-west-1`,
      ]);
      assert.ok(log.lines.every((l) => !l.includes(KEYS.demo.secretAccessKey) && !l.includes(first.nextToken!)), 'no secret and no whole token in the log');
    });

    it('an empty prefix: no objects, no folders, no next page', async () => {
      assert.deepEqual(await reader.listPage(access, NEAR, { prefix: 'nothing/', delimiter: '/' }), { objects: [], prefixes: [], nextToken: undefined });
      assert.deepEqual(await reader.list(access, NEAR, 'nothing/'), []);
    });

    it('a continuation token answered again ends the listing (one page more, not forever)', async () => {
      s3.setFault({ repeatToken: true }, opScope('ListObjectsV2'));
      const first = await reader.listPage(access, NEAR, { prefix: 'big/' });
      assert.ok(first.nextToken);
      const again = await reader.listPage(access, NEAR, { prefix: 'big/', token: first.nextToken });
      assert.equal(again.objects.length, 1_000);
      assert.equal(again.nextToken, undefined, 'the token it was asked with is no next page');
      s3.clearLog();
      const listed = await reader.list(access, NEAR, 'big/');
      assert.equal(listed.length, 2_000);
      assert.equal(count('ListObjectsV2'), 2);
    });
  });

  it("the caller's cancel ends a hanging listing and a hanging read at once, not at the request timeout", async () => {
    for (const [operation, call] of [
      ['ListObjectsV2', (signal: AbortSignal) => reader.listPage(access, NEAR, { prefix: 'obj/' }, signal)],
      ['GetObject', (signal: AbortSignal) => reader.read(access, NEAR, 'obj/ten', 10, 10, signal)],
    ] as const) {
      s3.setFault({ hang: 'always' }, opScope(operation));
      const controller = new AbortController();
      // Cancelled once the mock holds the request (not after a guessed time).
      const watch = setInterval(() => s3.log.some((e) => e.errorType === 'Hang') && controller.abort(), 10);
      const started = performance.now();
      await assert.rejects(call(controller.signal)).finally(() => clearInterval(watch));
      const waited = performance.now() - started;
      assert.ok(waited < 10_000, `${operation}: gave up after ${waited.toFixed(0)} ms (the request timeout is 30 s)`);
      s3.clearFaults();
      s3.clearLog();
    }
  });

  describe('reads', () => {
    const getOf = () => s3.log.filter((e) => e.operation === 'GetObject').map((e) => `${e.status} ${e.bytes}`);
    const getLines = () => log.lines.filter((l) => l.includes('S3 GetObject')).map((l) => l.replace(/ region=.*/, ''));

    it('a range even when the listing says the object fits (exactly at the limit too): the whole object, its size', async () => {
      const whole = await reader.read(access, NEAR, 'obj/ten', 10, 10);
      assert.equal(text(whole.bytes), '0123456789');
      assert.equal(whole.totalBytes, 10);
      assert.deepEqual(getOf(), ['206 10'], 'a node may have grown it since the listing: never more than the limit crosses the wire');
      assert.deepEqual(getLines(), [`info S3 GetObject s3://${NEAR}/obj/ten range=bytes=0-9`]);
    });

    it('a server that ignores the range (the ignoreRange fault): still at most the limit held, and the size said is its Content-Length, so the cut shows', async () => {
      s3.setFault({ ignoreRange: true }, opScope('GetObject'));
      const got = await reader.read(access, NEAR, 'obj/ten', 10, 4);
      assert.equal(text(got.bytes), '0123');
      assert.equal(got.totalBytes, 10);
      assert.deepEqual(getOf(), ['200 10'], 'the whole object was sent; only its first bytes were kept');
    });

    it('listed empty: nothing asked; listed with bytes but emptied since (S3 refuses any range of an empty object): empty, not a failure', async () => {
      const listedEmpty = await reader.read(access, NEAR, 'obj/ten', 0, 10);
      assert.deepEqual([listedEmpty.bytes.length, listedEmpty.totalBytes], [0, 0]);
      assert.deepEqual(getOf(), []);
      const emptied = await reader.read(access, NEAR, 'emptied/x', 5, 10);
      assert.deepEqual([emptied.bytes.length, emptied.totalBytes], [0, 0]);
      assert.deepEqual(getOf(), ['416 undefined']);
      s3.setFault({ apiError: { type: 'InvalidArgument', status: 400, count: 'always' } }, opScope('GetObject'));
      await assert.rejects(reader.read(access, NEAR, 'emptied/x', 5, 10), (e: Error) => e.name === 'RequestError', 'any other refusal is one');
    });

    it('a range when the object is larger or its size unknown: only the first bytes cross the wire, and the whole size comes from Content-Range', async () => {
      const cut = await reader.read(access, NEAR, 'obj/ten', 10, 4);
      assert.equal(text(cut.bytes), '0123');
      assert.equal(cut.totalBytes, 10);
      const unknown = await reader.read(access, NEAR, 'obj/ten', undefined, 4);
      assert.equal(text(unknown.bytes), '0123');
      assert.equal(unknown.totalBytes, 10, 'from Content-Range: bytes 0-3/10');
      const roomy = await reader.read(access, NEAR, 'obj/ten', undefined, 100);
      assert.equal(text(roomy.bytes), '0123456789');
      assert.equal(roomy.totalBytes, 10);
      assert.deepEqual(getOf(), ['206 4', '206 4', '206 10']);
      assert.deepEqual(getLines(), [
        `info S3 GetObject s3://${NEAR}/obj/ten range=bytes=0-3`,
        `info S3 GetObject s3://${NEAR}/obj/ten range=bytes=0-3`,
        `info S3 GetObject s3://${NEAR}/obj/ten range=bytes=0-99`,
      ]);
    });

    it('a listing older than the object (it grew): at most the limit is held, and the size said is what came, so the cut shows', async () => {
      const stale = await reader.read(access, NEAR, 'obj/ten', 3, 4);
      assert.equal(text(stale.bytes), '0123');
      assert.equal(stale.totalBytes, 10);
      assert.ok(stale.totalBytes > stale.bytes.length, 'the reader of the result can see that it was cut');
    });
  });

  describe("the bucket's region", () => {
    const locations = () => count('GetBucketLocation');

    it('"EU" is eu-west-1, the empty answer us-east-1, any other the region itself; each asked once per profile and bucket', async () => {
      assert.equal(await reader.bucketRegion(access, LEGACY_EU), 'eu-west-1');
      assert.equal(await reader.bucketRegion(access, VIRGINIA), 'us-east-1');
      assert.equal(await reader.bucketRegion(access, FAR), 'eu-central-1');
      assert.equal(locations(), 3);
      for (const bucket of [LEGACY_EU, VIRGINIA, FAR]) await reader.bucketRegion(access, bucket);
      assert.equal(locations(), 3, 'remembered');
      // Another profile (here: none) asks for itself, once.
      const none: S3Access = { region: 'eu-west-1', credentials: demoCredentials };
      assert.equal(await reader.bucketRegion(none, FAR), 'eu-central-1');
      assert.equal(await reader.bucketRegion(none, FAR), 'eu-central-1');
      assert.equal(locations(), 4);
      // What was learnt sends the reads there at once.
      s3.clearLog();
      assert.equal(text((await reader.read(none, FAR, 'obj/far', 8, 100)).bytes), 'far away');
      assert.deepEqual(ops(), [`GetObject ${FAR} eu-central-1 206`]);
    });

    it('a wrong-region answer to GetBucketLocation names the region, which is remembered; another refusal rejects and is not', async () => {
      s3.setFault({ apiError: { type: 'AuthorizationHeaderMalformed', status: 400 } }, opScope('GetBucketLocation'));
      assert.equal(await reader.bucketRegion(access, FAR), 'eu-central-1');
      assert.equal(await reader.bucketRegion(access, FAR), 'eu-central-1');
      assert.deepEqual(ops(), [`GetBucketLocation ${FAR} eu-west-1 400`]);
      s3.clearLog();
      s3.setFault({ apiError: { type: 'AccessDenied', status: 403, count: 'always' } }, opScope('GetBucketLocation'));
      for (let i = 0; i < 2; i++) {
        const error = await reader.bucketRegion(access, VIRGINIA).then(
          () => assert.fail('expected AccessDenied'),
          (e: unknown) => e,
        );
        assert.equal(asRequestError(error)?.operation, 'GetBucketLocation');
      }
      assert.equal(locations(), 2, 'asked again: a refusal is not an answer');
    });

    it('at most 256 buckets are remembered: the 257th starts the memory over', async () => {
      for (const bucket of MANY) assert.equal(await reader.bucketRegion(access, bucket), 'eu-west-2');
      assert.equal(locations(), 257);
      await reader.bucketRegion(access, MANY[256]);
      assert.equal(locations(), 257, 'the last one is remembered');
      await reader.bucketRegion(access, MANY[0]);
      assert.equal(locations(), 258, 'the first one was forgotten');
    });

    it("the caller's cancel ends a hanging lookup at once (without it, the 5 s bound: s3Regions.test.ts)", async () => {
      s3.setFault({ hang: 'always' }, opScope('GetBucketLocation'));
      const controller = new AbortController();
      const started = performance.now();
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(reader.bucketRegion(access, FAR, controller.signal));
      const waited = performance.now() - started;
      assert.ok(waited < 4_500, `gave up after ${waited.toFixed(0)} ms`);
      assert.ok(log.lines.some((l) => /^debug S3 GetBucketLocation bucket=reader-far region=eu-west-1 → cancelled/.test(l)), log.text);
    });
  });

  describe('regions, retries, timeouts and credentials', () => {
    it("a wrong-region answer is followed once, to the region S3 names, and said in the log", async () => {
      const read = await reader.read(access, FAR, 'obj/far', 8, 100);
      assert.equal(text(read.bytes), 'far away');
      assert.deepEqual(ops(), [`GetObject ${FAR} eu-west-1 400`, `GetObject ${FAR} eu-central-1 206`]);
      assert.ok(log.lines.includes(`info S3 bucket ${FAR} is in eu-central-1, not eu-west-1: asking there, and there from now on.`), log.text);
    });

    it('a wrong-region answer that names the region the request went to is not followed: one request, rejected', async () => {
      s3.setFault({ apiError: { type: 'AuthorizationHeaderMalformed', status: 400, count: 'always' } }, opScope('GetObject'));
      const error = await reader.read({ ...access, region: 'eu-central-1' }, FAR, 'obj/far', 8, 100).then(
        () => assert.fail('expected AuthorizationHeaderMalformed'),
        (e: unknown) => e,
      );
      assert.equal(asRequestError(error)?.operation, 'GetObject');
      assert.deepEqual(ops(), [`GetObject ${FAR} eu-central-1 400`]);
      assert.ok(!log.lines.some((l) => /asking there/.test(l)));
    });

    it('one attempt when the options say one; three by default', async () => {
      s3.setFault({ internalError: 'always' }, opScope('GetObject'));
      await assert.rejects(reader.read(access, NEAR, 'obj/ten', 10, 10));
      assert.equal(count('GetObject'), 1);
      s3.clearLog();
      await assert.rejects(newReader({ maxAttempts: undefined }).read(access, NEAR, 'obj/ten', 10, 10));
      assert.equal(count('GetObject'), 3);
    });

    it('a request that hangs past requestTimeoutMs fails instead of waiting', async () => {
      s3.setFault({ hang: 'always' }, opScope('GetObject'));
      const quick = newReader({ requestTimeoutMs: 300 });
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        quick.read(access, NEAR, 'obj/ten', 10, 10).then(
          () => 'answered',
          (e: unknown) => `failed: ${(asRequestError(e)?.cause as Error | undefined)?.name}`,
        ),
        new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still waiting after 5 s'), 5_000))),
      ]);
      clearTimeout(timer);
      assert.equal(outcome, 'failed: TimeoutError');
    });

    it('new credentials for the same profile and region get a client of their own: requests are signed with them', async () => {
      assert.equal(text((await reader.read(access, NEAR, 'obj/ten', 10, 10)).bytes), '0123456789');
      const asSecond: S3Access = { ...access, credentials: provider(KEYS.second) };
      assert.equal(text((await reader.read(asSecond, SECOND, 'obj/second', 14, 100)).bytes), 'second account');
      assert.deepEqual(
        s3.log.map((e) => e.accessKeyId),
        [KEYS.demo.accessKeyId, KEYS.second.accessKeyId],
      );
    });

    it("every request goes through the runner, with the caller's signal or one that never aborts", async () => {
      const signals: AbortSignal[] = [];
      const run: RequestRunner = (request, signal) => {
        signals.push(signal);
        return request();
      };
      const limited = newReader({ run });
      const controller = new AbortController();
      await limited.listPage(access, NEAR, { prefix: 'obj/' });
      await limited.read(access, NEAR, 'obj/ten', 10, 10, controller.signal);
      await limited.bucketRegion(access, FAR);
      assert.equal(signals.length, 3);
      assert.equal(signals.length, s3.log.length);
      assert.ok(signals[0] instanceof AbortSignal && !signals[0].aborted);
      assert.equal(signals[1], controller.signal);
    });

    it('reset: every client destroyed and every region forgotten; the reader works on after it', async () => {
      await reader.bucketRegion(access, FAR);
      reader.reset();
      await reader.bucketRegion(access, FAR);
      assert.equal(count('GetBucketLocation'), 2);
      assert.equal(text((await reader.read({ ...access, region: 'eu-central-1' }, FAR, 'obj/far', 8, 100)).bytes), 'far away');
    });

    it('an endpoint named by host name: requests are path-style, whether it comes from AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL', async () => {
      const byName = s3.url.replace('127.0.0.1', 'localhost');
      const saved = { s3: process.env.AWS_ENDPOINT_URL_S3, all: process.env.AWS_ENDPOINT_URL };
      try {
        process.env.AWS_ENDPOINT_URL_S3 = byName;
        assert.equal(text((await newReader().read(access, NEAR, 'obj/ten', 10, 10)).bytes), '0123456789');
        delete process.env.AWS_ENDPOINT_URL_S3;
        process.env.AWS_ENDPOINT_URL = byName;
        assert.equal(text((await newReader().read(access, NEAR, 'obj/ten', 10, 10)).bytes), '0123456789');
      } finally {
        process.env.AWS_ENDPOINT_URL_S3 = saved.s3;
        if (saved.all === undefined) delete process.env.AWS_ENDPOINT_URL;
        else process.env.AWS_ENDPOINT_URL = saved.all;
      }
      assert.deepEqual(ops(), [`GetObject ${NEAR} eu-west-1 206`, `GetObject ${NEAR} eu-west-1 206`]);
    });
  });
});
