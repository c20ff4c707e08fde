import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  DescribeInstanceAssociationsStatusCommand,
  DescribeInstanceInformationCommand,
  type DescribeInstanceAssociationsStatusCommandOutput,
  SSMClient,
  type SSMClientConfig,
  StartAssociationsOnceCommand,
} from '@aws-sdk/client-ssm';
import { fromIni } from '@aws-sdk/credential-providers';
import { type Emulator, DEMO, HOSTILE, KEYS, defaultFleet, fleetWith, makeAssociations, start, writeProfiles } from './index.js';
import { rawCall, rejectsWith } from './helpers.js';
import { TokenCodec } from './tokens.js';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

function client(emu: Emulator, creds: Creds = KEYS.demo, extra: Partial<SSMClientConfig> = {}): SSMClient {
  return new SSMClient({ endpoint: emu.url, region: DEMO.region, credentials: creds, maxAttempts: 1, ...extra });
}

const dias = (c: SSMClient, InstanceId: string, more: { MaxResults?: number; NextToken?: string } = {}) =>
  c.send(new DescribeInstanceAssociationsStatusCommand({ InstanceId, ...more }));

async function pageAll(c: SSMClient, id: string, MaxResults?: number) {
  const ids: string[] = [];
  const pages: DescribeInstanceAssociationsStatusCommandOutput[] = [];
  let NextToken: string | undefined;
  do {
    const out = await dias(c, id, { MaxResults, NextToken });
    pages.push(out);
    ids.push(...(out.InstanceAssociationStatusInfos ?? []).map((a) => a.AssociationId!));
    NextToken = out.NextToken;
    assert.ok(pages.length < 100, 'runaway paging');
  } while (NextToken);
  return { ids, pages };
}

describe('SSM emulator', () => {
  let emu: Emulator;
  let c: SSMClient;
  before(async () => {
    emu = await start();
    c = client(emu);
  });
  after(() => emu.stop());
  beforeEach(() => {
    emu.clearLog();
    emu.clearFaults();
  });

  describe('DescribeInstanceAssociationsStatus', () => {
    it('returns the 3-association node as the API does', async () => {
      const out = await dias(c, DEMO.nodes.three);
      const rows = out.InstanceAssociationStatusInfos!;
      assert.deepEqual(rows.map((r) => r.Status), ['Success', 'Failed', 'Pending']);
      assert.equal(out.NextToken, undefined);
      assert.ok(rows[0].ExecutionDate instanceof Date);
      assert.equal(rows[0].ExecutionDate!.toISOString(), '2025-06-01T11:58:12.198Z');
      assert.equal(rows[2].ExecutionDate!.getTime(), 1748778000 * 1000);
      assert.match(rows[0].OutputUrl!.S3OutputUrl!.OutputUrl!, /^https:\/\/s3\.eu-west-1\.amazonaws\.com\//);
      assert.ok(rows[1].OutputUrl?.S3OutputUrl?.OutputUrl);
      assert.equal(rows[2].OutputUrl, undefined);
      assert.equal(rows[2].DetailedStatus, 'Associated');
      for (const r of rows) assert.match(r.AssociationId!, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const [entry] = emu.log;
      assert.equal(entry.requestId, out.$metadata.requestId);
      assert.deepEqual(
        { op: entry.operation, node: entry.instanceId, key: entry.accessKeyId, region: entry.region, status: entry.status, returned: entry.returned },
        { op: 'DescribeInstanceAssociationsStatus', node: DEMO.nodes.three, key: KEYS.demo.accessKeyId, region: DEMO.region, status: 200, returned: 3 },
      );
    });

    it('sends the wire format: epoch seconds with fraction, request id and a correct Date', async () => {
      const res = await rawCall(emu.url, 'AmazonSSM.DescribeInstanceAssociationsStatus', { InstanceId: DEMO.nodes.three });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
      assert.match(res.headers.get('x-amzn-requestid')!, /^[0-9a-f-]{36}$/);
      assert.ok(Math.abs(Date.parse(res.headers.get('date')!) - Date.now()) < 5000);
      assert.match(res.text, /"ExecutionDate":1748779092\.198/);
      assert.equal('NextToken' in res.json!, false);
    });

    it('pages 137 associations in 3 calls of 50 with unique ids', async () => {
      const { ids, pages } = await pageAll(c, DEMO.nodes.many, 50);
      assert.equal(pages.length, 3);
      assert.equal(ids.length, 137);
      assert.equal(new Set(ids).size, 137);
      assert.deepEqual(emu.log.map((e) => e.returned), [50, 50, 37]);
      assert.deepEqual(emu.log.map((e) => e.maxResults), [50, 50, 50]);
      assert.equal(emu.log[1].nextToken, emu.log[0].nextTokenOut);
      assert.equal(emu.log[2].nextTokenOut, undefined);
    });

    it('uses 50 when MaxResults is absent, and honours small pages', async () => {
      assert.equal((await dias(c, DEMO.nodes.many)).InstanceAssociationStatusInfos!.length, 50);
      const { ids, pages } = await pageAll(c, DEMO.nodes.many, 1 + 6);
      assert.equal(pages.length, 20);
      assert.equal(new Set(ids).size, 137);
    });

    it('returns an empty list for a node without associations', async () => {
      const out = await dias(c, DEMO.nodes.empty);
      assert.deepEqual(out.InstanceAssociationStatusInfos, []);
      assert.equal(out.NextToken, undefined);
    });

    it('validates MaxResults and InstanceId like the service', async () => {
      await rejectsWith(dias(c, DEMO.nodes.three, { MaxResults: 500 }), 'ValidationException', 400,
        /^1 validation error detected: Value '500' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50$/);
      await rejectsWith(dias(c, DEMO.nodes.three, { MaxResults: 0 }), 'ValidationException', 400, /greater than or equal to 1/);
      await rejectsWith(dias(c, 'i-123'), 'ValidationException', 400, /at 'instanceId' failed to satisfy constraint: Member must satisfy regular expression pattern/);
      await rejectsWith(dias(c, 'bogus', { MaxResults: 51 }), 'ValidationException', 400, /^2 validation errors detected: /);
      const res = await rawCall(emu.url, 'AmazonSSM.DescribeInstanceAssociationsStatus', {});
      assert.equal(res.status, 400);
      assert.equal(res.json!.__type, 'ValidationException');
      assert.match(String(res.json!.message), /Value null at 'instanceId' failed to satisfy constraint: Member must not be null/);
    });

    it('accepts the 8-character EC2 id form and mi- ids', async () => {
      assert.equal((await dias(c, DEMO.nodes.shortId)).InstanceAssociationStatusInfos!.length, 2);
      assert.equal((await dias(c, DEMO.nodes.hybrid)).InstanceAssociationStatusInfos!.length, 4);
    });

    it('answers InvalidInstanceId for no-access, unknown, other-account and other-region nodes', async () => {
      for (const id of [DEMO.nodes.noAccess, 'i-0fffffffffffffff0', DEMO.nodes.secondAccount, DEMO.nodes.otherRegion]) {
        const err = await rejectsWith(dias(c, id), 'InvalidInstanceId', 400);
        assert.match(err.message, new RegExp(id));
      }
      // ...and each is visible to its owner.
      assert.equal((await dias(client(emu, KEYS.second), DEMO.nodes.secondAccount)).InstanceAssociationStatusInfos!.length, 2);
      const virginia = client(emu, KEYS.demo, { region: DEMO.otherRegion });
      assert.equal((await dias(virginia, DEMO.nodes.otherRegion)).InstanceAssociationStatusInfos!.length, 2);
      await rejectsWith(dias(virginia, DEMO.nodes.three), 'InvalidInstanceId');
      await rejectsWith(dias(client(emu, KEYS.second), DEMO.nodes.three), 'InvalidInstanceId');
    });

    it('refuses forged, foreign and other-node tokens with InvalidNextToken', async () => {
      const first = await dias(c, DEMO.nodes.many, { MaxResults: 10 });
      const token = first.NextToken!;
      await rejectsWith(dias(c, DEMO.nodes.many, { NextToken: 'not-a-token' }), 'InvalidNextToken', 400);
      await rejectsWith(dias(c, DEMO.nodes.three, { NextToken: token }), 'InvalidNextToken', 400);
      const flipped = Buffer.from(token, 'base64');
      flipped[flipped.length - 3] ^= 1;
      await rejectsWith(dias(c, DEMO.nodes.many, { NextToken: flipped.toString('base64') }), 'InvalidNextToken');
      const foreign = new TokenCodec().issue('DescribeInstanceAssociationsStatus', `111111111111/${DEMO.region}/${DEMO.nodes.many}`, 10);
      await rejectsWith(dias(c, DEMO.nodes.many, { NextToken: foreign }), 'InvalidNextToken');
      const dii = await c.send(new DescribeInstanceInformationCommand({ MaxResults: 5 }));
      await rejectsWith(dias(c, DEMO.nodes.many, { NextToken: dii.NextToken }), 'InvalidNextToken');
      // The genuine token still works, and continues where the first page stopped.
      const second = await dias(c, DEMO.nodes.many, { MaxResults: 10, NextToken: token });
      assert.equal(second.InstanceAssociationStatusInfos![0].AssociationId, makeAssociations(DEMO.nodes.many, 11)[10].AssociationId);
    });

    it('serves the hostile node verbatim: every status and hostile text', async () => {
      const rows = (await dias(c, DEMO.nodes.hostile)).InstanceAssociationStatusInfos!;
      const statuses = new Set(rows.map((r) => r.Status));
      for (const s of ['Success', 'Failed', 'Pending', 'InProgress', 'TimedOut', 'Skipped', 'Associated', 'Weird']) assert.ok(statuses.has(s), s);
      const all = JSON.stringify(rows);
      for (const s of [HOSTILE.html, HOSTILE.control, HOSTILE.rtl, HOSTILE.commandLink, HOSTILE.long512]) assert.ok(all.includes(JSON.stringify(s).slice(1, -1)), s.slice(0, 20));
      assert.ok(rows.some((r) => r.ExecutionSummary?.length === 512));
      const urls = rows.map((r) => r.OutputUrl?.S3OutputUrl?.OutputUrl);
      for (const u of HOSTILE.outputUrls) assert.ok(urls.includes(u), u);
      for (const u of Object.values(HOSTILE.outputLinks)) assert.ok(urls.includes(u), u);
    });
  });

  describe('DescribeInstanceInformation', () => {
    it('pages through the visible nodes, never listing no-access ones', async () => {
      const seen: string[] = [];
      let NextToken: string | undefined;
      let calls = 0;
      do {
        const out = await c.send(new DescribeInstanceInformationCommand({ MaxResults: 5, NextToken }));
        seen.push(...out.InstanceInformationList!.map((n) => n.InstanceId!));
        NextToken = out.NextToken;
        calls++;
      } while (NextToken);
      assert.equal(calls, 3);
      assert.equal(seen.length, 11);
      assert.ok(!seen.includes(DEMO.nodes.noAccess));
      assert.ok(!seen.includes(DEMO.nodes.secondAccount));
      const info = (await c.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: [DEMO.nodes.hybrid] }] }))).InstanceInformationList!;
      assert.equal(info.length, 1);
      assert.equal(info[0].ResourceType, 'ManagedInstance');
      assert.equal(info[0].PlatformType, 'Windows');
      assert.ok(info[0].LastPingDateTime instanceof Date);
      assert.deepEqual(info[0].AssociationOverview?.InstanceAssociationStatusAggregatedCount, { Success: 3, Failed: 1 });
    });

    it('filters by InstanceIds and PingStatus (both filter forms)', async () => {
      const lost = await c.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'PingStatus', Values: ['ConnectionLost', 'Inactive'] }] }));
      assert.deepEqual(lost.InstanceInformationList!.map((n) => n.PingStatus).sort(), ['ConnectionLost', 'Inactive']);
      const two = await c.send(
        new DescribeInstanceInformationCommand({ InstanceInformationFilterList: [{ key: 'InstanceIds', valueSet: [DEMO.nodes.three, DEMO.nodes.hybrid] }] }),
      );
      assert.deepEqual(two.InstanceInformationList!.map((n) => n.InstanceId), [DEMO.nodes.three, DEMO.nodes.hybrid]);
      const tagged = await c.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'tag:Role', Values: ['db'] }] }));
      assert.equal(tagged.InstanceInformationList!.length, 2);
    });

    it('validates MaxResults 5-50 and filter keys', async () => {
      await rejectsWith(c.send(new DescribeInstanceInformationCommand({ MaxResults: 4 })), 'ValidationException', 400, /greater than or equal to 5/);
      await rejectsWith(c.send(new DescribeInstanceInformationCommand({ MaxResults: 51 })), 'ValidationException', 400, /less than or equal to 50/);
      await rejectsWith(c.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'Colour', Values: ['x'] }] })), 'InvalidFilterKey', 400);
    });
  });

  describe('StartAssociationsOnce', () => {
    it('starts visible associations (they go back to Pending) and refuses others', async () => {
      const own = await start();
      try {
        const oc = client(own);
        const failed = (await dias(oc, DEMO.nodes.three)).InstanceAssociationStatusInfos![1];
        assert.equal(failed.Status, 'Failed');
        await oc.send(new StartAssociationsOnceCommand({ AssociationIds: [failed.AssociationId!] }));
        assert.equal((await dias(oc, DEMO.nodes.three)).InstanceAssociationStatusInfos![1].Status, 'Pending');
        const secret = own.fleet.accounts[0].regions[DEMO.region].find((n) => n.InstanceId === DEMO.nodes.noAccess)!.associations![0].AssociationId!;
        await rejectsWith(oc.send(new StartAssociationsOnceCommand({ AssociationIds: [secret] })), 'InvalidAssociation', 400);
        const other = makeAssociations(DEMO.nodes.secondAccount, 1)[0].AssociationId!;
        await rejectsWith(oc.send(new StartAssociationsOnceCommand({ AssociationIds: [other] })), 'InvalidAssociation', 400);
        await rejectsWith(oc.send(new StartAssociationsOnceCommand({ AssociationIds: Array(11).fill(failed.AssociationId!) })), 'ValidationException', 400, /less than or equal to 10/);
        await rejectsWith(oc.send(new StartAssociationsOnceCommand({ AssociationIds: ['nope'] })), 'ValidationException', 400);
        assert.deepEqual(own.log.map((e) => e.operation).filter((o) => o === 'StartAssociationsOnce').length, 5);
      } finally {
        await own.stop();
      }
    });
  });

  describe('protocol errors', () => {
    it('answers unknown operations with UnknownOperationException', async () => {
      const res = await rawCall(emu.url, 'AmazonSSM.DescribeEverything', {});
      assert.equal(res.status, 400);
      assert.equal(res.json!.__type, 'com.amazon.coral.service#UnknownOperationException');
      const other = await rawCall(emu.url, 'DynamoDB_20120810.ListTables', {});
      assert.equal(other.status, 400);
      assert.equal(emu.log.at(-1)!.errorType, 'UnknownOperationException');
    });

    it('rejects a body that is not JSON with SerializationException', async () => {
      const res = await rawCall(emu.url, 'AmazonSSM.DescribeInstanceAssociationsStatus', '{not json');
      assert.equal(res.status, 400);
      assert.equal(res.json!.__type, 'SerializationException');
    });
  });

  describe('SigV4', () => {
    it('accepts session credentials and logs the signing key', async () => {
      await dias(client(emu, KEYS.session), DEMO.nodes.three);
      assert.equal(emu.log[0].accessKeyId, KEYS.session.accessKeyId);
      assert.equal(emu.log[0].status, 200);
    });

    it('refuses a wrong secret, an unknown key, a missing or wrong session token and an expired one', async () => {
      await rejectsWith(dias(client(emu, { ...KEYS.demo, secretAccessKey: 'wrong' }), DEMO.nodes.three), 'InvalidSignatureException', 400, /signature we calculated does not match/);
      await rejectsWith(dias(client(emu, KEYS.unknown), DEMO.nodes.three), 'UnrecognizedClientException', 400, /security token included in the request is invalid/);
      await rejectsWith(dias(client(emu, { accessKeyId: KEYS.session.accessKeyId, secretAccessKey: KEYS.session.secretAccessKey }), DEMO.nodes.three), 'UnrecognizedClientException');
      await rejectsWith(dias(client(emu, { ...KEYS.session, sessionToken: 'other' }), DEMO.nodes.three), 'UnrecognizedClientException');
      await rejectsWith(dias(client(emu, KEYS.expiredSession), DEMO.nodes.three), 'ExpiredTokenException', 400, /expired/);
      assert.deepEqual(
        emu.log.map((e) => [e.accessKeyId, e.errorType]),
        [
          [KEYS.demo.accessKeyId, 'InvalidSignatureException'],
          [KEYS.unknown.accessKeyId, 'UnrecognizedClientException'],
          [KEYS.session.accessKeyId, 'UnrecognizedClientException'],
          [KEYS.session.accessKeyId, 'UnrecognizedClientException'],
          [KEYS.expiredSession.accessKeyId, 'ExpiredTokenException'],
        ],
      );
    });

    it('refuses a tampered body, a missing signature and a stale date', async () => {
      const tampered = await rawCall(emu.url, 'AmazonSSM.DescribeInstanceAssociationsStatus', { InstanceId: DEMO.nodes.three }, {
        tamper: (r) => void (r.body = r.body.replace(DEMO.nodes.three, DEMO.nodes.many)),
      });
      assert.equal(tampered.json!.__type, 'InvalidSignatureException');
      const unsigned = await rawCall(emu.url, 'AmazonSSM.DescribeInstanceAssociationsStatus', { InstanceId: DEMO.nodes.three }, { sign: false });
      assert.equal(unsigned.status, 400);
      assert.equal(unsigned.json!.__type, 'MissingAuthenticationTokenException');
      const stale = await rawCall(emu.url, 'AmazonSSM.DescribeInstanceAssociationsStatus', { InstanceId: DEMO.nodes.three }, { signingDate: new Date(Date.now() - 3_600_000) });
      assert.equal(stale.json!.__type, 'InvalidSignatureException');
      assert.match(String(stale.json!.message), /Signature expired/);
    });
  });

  describe('faults', () => {
    it('adds fixed and random latency', async () => {
      emu.setFault({ latencyMs: 150 });
      let t = Date.now();
      await dias(c, DEMO.nodes.three);
      assert.ok(Date.now() - t >= 145);
      // Apart enough that a loaded machine cannot blur them: the node's own 300–320 ms, everyone else's 0.
      emu.setFault({ latencyMs: { min: 300, max: 320 } }, DEMO.nodes.empty);
      emu.setFault({ latencyMs: 0 });
      t = Date.now();
      await dias(c, DEMO.nodes.empty);
      const d = Date.now() - t;
      assert.ok(d >= 295 && d < 1_000, String(d));
      t = Date.now();
      await dias(c, DEMO.nodes.three);
      assert.ok(Date.now() - t < 250, String(Date.now() - t));
    });

    it('InternalServerError for the next N calls, then recovers', async () => {
      emu.setFault({ internalError: 2 });
      await rejectsWith(dias(c, DEMO.nodes.three), 'InternalServerError', 500);
      await rejectsWith(dias(c, DEMO.nodes.three), 'InternalServerError', 500);
      await dias(c, DEMO.nodes.three);
      assert.deepEqual(emu.log.map((e) => e.status), [500, 500, 200]);
    });

    it('"always" faults make the SDK retry; each attempt is logged', async () => {
      emu.setFault({ internalError: 'always' }, DEMO.nodes.three);
      await rejectsWith(dias(client(emu, KEYS.demo, { maxAttempts: 3 }), DEMO.nodes.three), 'InternalServerError', 500);
      assert.equal(emu.log.length, 3);
      await dias(c, DEMO.nodes.empty); // other nodes are unaffected
    });

    it('ThrottlingException "Rate exceeded" for the next N calls', async () => {
      emu.setFault({ throttle: 1 });
      await rejectsWith(dias(c, DEMO.nodes.three), 'ThrottlingException', 400, /^Rate exceeded$/);
      await dias(c, DEMO.nodes.three);
      emu.setFault({ throttle: 2 });
      await dias(client(emu, KEYS.demo, { maxAttempts: 3 }), DEMO.nodes.three); // retried through
      assert.deepEqual(emu.log.map((e) => e.errorType ?? e.status), ['ThrottlingException', 200, 'ThrottlingException', 'ThrottlingException', 200]);
    });

    it('fires one error fault per request, in the order reset, hang, throttle, internalError', async () => {
      emu.setFault({ throttle: 1, internalError: 1 });
      await rejectsWith(dias(c, DEMO.nodes.three), 'ThrottlingException');
      await rejectsWith(dias(c, DEMO.nodes.three), 'InternalServerError');
      await dias(c, DEMO.nodes.three);
    });

    it('resets the connection', async () => {
      emu.setFault({ reset: 1 });
      await assert.rejects(dias(c, DEMO.nodes.three), (e: Error & { code?: string }) => /ECONNRESET|socket hang up/i.test(`${e.code} ${e.message}`));
      assert.equal(emu.log[0].errorType, 'ConnectionReset');
      assert.equal(emu.log[0].status, 0);
      await dias(c, DEMO.nodes.three);
    });

    it('hangs a response forever, and stop() still finishes', async () => {
      const own = await start();
      own.setFault({ hang: 'always' });
      const pending = dias(client(own), DEMO.nodes.three).catch((e: Error) => e);
      // Wait until the request has arrived (a busy machine may take a while), then for nothing else.
      for (let i = 0; i < 100 && own.log.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(own.log[0]?.errorType, 'Hang');
      const t = Date.now();
      await own.stop();
      assert.ok(Date.now() - t < 1000);
      const err = await pending;
      assert.ok(err instanceof Error);
    });

    it('a hung call can be abandoned by the client (abortSignal)', async () => {
      emu.setFault({ hang: 1 });
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      await assert.rejects(c.send(new DescribeInstanceAssociationsStatusCommand({ InstanceId: DEMO.nodes.three }), { abortSignal: ac.signal }));
      await dias(c, DEMO.nodes.three);
    });

    it('empty pages that still carry a token that continues where it was', async () => {
      emu.setFault({ emptyPageWithToken: 2 }, DEMO.nodes.many);
      const { ids, pages } = await pageAll(c, DEMO.nodes.many, 50);
      assert.deepEqual(pages.map((p) => p.InstanceAssociationStatusInfos!.length), [0, 0, 50, 50, 37]);
      assert.ok(pages[0].NextToken && pages[1].NextToken && pages[0].NextToken !== pages[1].NextToken);
      assert.equal(new Set(ids).size, 137);
    });

    it('a token that repeats', async () => {
      emu.setFault({ repeatToken: true });
      const p1 = await dias(c, DEMO.nodes.many, { MaxResults: 50 });
      const p2 = await dias(c, DEMO.nodes.many, { MaxResults: 50, NextToken: p1.NextToken });
      assert.equal(p2.NextToken, p1.NextToken);
      const p3 = await dias(c, DEMO.nodes.many, { MaxResults: 50, NextToken: p2.NextToken });
      assert.equal(p3.NextToken, p1.NextToken);
      assert.deepEqual(p3.InstanceAssociationStatusInfos!.map((a) => a.AssociationId), p2.InstanceAssociationStatusInfos!.map((a) => a.AssociationId));
    });

    it('an oversize page ignores MaxResults and continues after it', async () => {
      emu.setFault({ oversizePage: 120 });
      const { ids, pages } = await pageAll(c, DEMO.nodes.many, 10);
      assert.deepEqual(pages.map((p) => p.InstanceAssociationStatusInfos!.length), [120, 17]);
      assert.equal(new Set(ids).size, 137);
    });

    it('malformed responses: non-json, wrong types, missing fields', async () => {
      emu.setFault({ malformed: 'non-json' });
      await assert.rejects(dias(c, DEMO.nodes.three));
      emu.setFault({ malformed: 'missing-fields' });
      const rows = (await dias(c, DEMO.nodes.three)).InstanceAssociationStatusInfos!;
      assert.equal(rows.length, 3);
      assert.equal(rows[0].AssociationId, undefined);
      assert.equal(rows[0].Status, undefined);
      emu.setFault({ malformed: 'wrong-types' });
      const raw = await rawCall(emu.url, 'AmazonSSM.DescribeInstanceAssociationsStatus', { InstanceId: DEMO.nodes.three });
      const row = (raw.json!.InstanceAssociationStatusInfos as Record<string, unknown>[])[0];
      assert.equal(row.Status, 12345);
      assert.equal(row.ExecutionDate, 'yesterday');
      assert.equal(row.OutputUrl, 'not-an-object');
    });

    it('node faults from the fleet file, and clearFaults()', async () => {
      const fleet = fleetWith([{ id: 'i-0000000000000000a', count: 3 }, { id: 'i-0000000000000000b', count: 3 }]);
      fleet.accounts[0].regions[DEMO.region][0].faults = { throttle: 'always' };
      fleet.faults = { internalError: 1 };
      const own = await start({ fleet });
      try {
        const oc = client(own);
        await rejectsWith(dias(oc, 'i-0000000000000000b'), 'InternalServerError');
        await rejectsWith(dias(oc, 'i-0000000000000000a'), 'ThrottlingException');
        await dias(oc, 'i-0000000000000000b');
        own.clearFaults();
        await dias(oc, 'i-0000000000000000a');
      } finally {
        await own.stop();
      }
    });
  });

  describe('control API', () => {
    it('reads and clears the log, sets and clears faults over HTTP without SigV4', async () => {
      await dias(c, DEMO.nodes.three);
      const log = (await (await fetch(`${emu.url}/__control/log`)).json()) as { operation: string }[];
      assert.equal(log.length, 1);
      assert.equal(log[0].operation, 'DescribeInstanceAssociationsStatus');
      assert.equal((await fetch(`${emu.url}/__control/log`, { method: 'DELETE' })).status, 200);
      assert.equal(emu.log.length, 0);

      const set = await fetch(`${emu.url}/__control/faults`, { method: 'POST', body: JSON.stringify({ node: DEMO.nodes.three, fault: { throttle: 1 } }) });
      assert.equal(set.status, 200);
      assert.deepEqual(((await set.json()) as { nodes: Record<string, unknown> }).nodes, { [DEMO.nodes.three]: { throttle: 1 } });
      await rejectsWith(dias(c, DEMO.nodes.three), 'ThrottlingException');
      await dias(c, DEMO.nodes.three);

      await fetch(`${emu.url}/__control/faults`, { method: 'POST', body: JSON.stringify({ fault: { internalError: 'always' } }) });
      await rejectsWith(dias(c, DEMO.nodes.three), 'InternalServerError');
      assert.equal((await fetch(`${emu.url}/__control/faults`, { method: 'DELETE' })).status, 200);
      await dias(c, DEMO.nodes.three);

      const bad = await fetch(`${emu.url}/__control/faults`, { method: 'POST', body: JSON.stringify({ fault: { explode: true } }) });
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { error: string }).error, /unknown fault "explode"/);
      assert.equal((await fetch(`${emu.url}/__control/nope`)).status, 404);
    });

    it('refuses requests whose Host is not loopback (DNS rebinding)', async () => {
      const { request } = await import('node:http');
      const status = await new Promise<number>((resolve, reject) => {
        const r = request(`${emu.url}/__control/log`, { headers: { host: 'evil.example' } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        r.on('error', reject);
        r.end();
      });
      assert.equal(status, 403);
    });
  });

  describe('start, fleet and profiles', () => {
    it('listens on loopback only and stops idempotently', async () => {
      await assert.rejects(start({ host: '0.0.0.0' }), /loopback/);
      const own = await start({ port: 0 });
      assert.match(own.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.notEqual(own.port, 0);
      await own.stop();
      await own.stop();
    });

    it('does not mutate the fleet passed in', async () => {
      const fleet = defaultFleet();
      const before = JSON.stringify(fleet);
      const own = await start({ fleet });
      await client(own).send(new StartAssociationsOnceCommand({ AssociationIds: [makeAssociations(DEMO.nodes.many, 1)[0].AssociationId!] }));
      await own.stop();
      assert.equal(JSON.stringify(fleet), before);
    });

    it('generates deterministic associations, 10,000 of them quickly', () => {
      const t = Date.now();
      const a = makeAssociations('i-00000000000000001', 10_000);
      assert.equal(a.length, 10_000);
      assert.equal(new Set(a.map((x) => x.AssociationId)).size, 10_000);
      assert.deepEqual(makeAssociations('i-00000000000000001', 3), a.slice(0, 3));
      assert.ok(Date.now() - t < 2000);
    });

    it('the default fleet carries every accepted OutputUrl form', () => {
      const urls = JSON.stringify(defaultFleet());
      assert.match(urls, /"OutputUrl":"ssm-demo-output-111111111111\//);
      assert.match(urls, /"OutputUrl":"https:\/\/s3\.amazonaws\.com\/ssm-demo/);
      assert.match(urls, /"OutputUrl":"https:\/\/s3\.eu-west-1\.amazonaws\.com\/ssm-demo/);
      assert.match(urls, /"OutputUrl":"https:\/\/ssm-demo-output-111111111111\.s3\.eu-west-1\.amazonaws\.com\//);
      assert.match(urls, /"OutputUrl":"s3:\/\/ssm-demo/);
    });

    it('refuses an invalid fleet with a clear message', async () => {
      await assert.rejects(start({ fleet: { accounts: [{ name: 'x', keys: [{ accessKeyId: 'A', secretAccessKey: 'B' }, { accessKeyId: 'A', secretAccessKey: 'C' }], regions: {} }] } }), /duplicate accessKeyId A/);
    });

    it('writes profiles the SDK can use; the region-less profile has no region', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ssm-emu-profiles-'));
      try {
        const p = writeProfiles(dir, emu.url);
        assert.equal(p.env.AWS_ENDPOINT_URL_SSM, emu.url);
        assert.equal(writeProfiles(dir).env.AWS_ENDPOINT_URL_SSM, undefined);
        const withS3 = writeProfiles(dir, emu.url, 'http://127.0.0.1:9', { usProfiles: true });
        assert.equal(withS3.env.AWS_ENDPOINT_URL_S3, 'http://127.0.0.1:9');
        const usConfig = readFileSync(withS3.configFile, 'utf8');
        assert.match(usConfig, /\[profile ssm-second-us\]\nregion = us-east-1/);
        assert.match(usConfig, /\ns3 =\n  endpoint_url = http:\/\/127\.0\.0\.1:9\n/);
        assert.doesNotMatch(readFileSync(writeProfiles(dir, emu.url).configFile, 'utf8'), /ssm-second-us|s3 =/);
        const config = readFileSync(p.configFile, 'utf8');
        const noregion = config.split('[profile ssm-noregion]')[1].split('[')[0];
        assert.doesNotMatch(noregion, /region/);
        assert.match(readFileSync(p.credentialsFile, 'utf8'), /\[ssm-session\][^[]*aws_session_token = /);
        const opts = { filepath: p.credentialsFile, configFilepath: p.configFile, ignoreCache: true };
        const ok = client(emu, await fromIni({ ...opts, profile: 'ssm-session' })());
        assert.equal((await dias(ok, DEMO.nodes.three)).InstanceAssociationStatusInfos!.length, 3);
        await rejectsWith(dias(client(emu, await fromIni({ ...opts, profile: 'ssm-expired' })()), DEMO.nodes.three), 'ExpiredTokenException');
        await rejectsWith(dias(client(emu, await fromIni({ ...opts, profile: 'ssm-unknown-key' })()), DEMO.nodes.three), 'UnrecognizedClientException');
        assert.equal((await dias(client(emu, await fromIni({ ...opts, profile: 'ssm-second' })()), DEMO.nodes.secondAccount)).InstanceAssociationStatusInfos!.length, 2);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
