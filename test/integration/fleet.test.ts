import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClientPool } from '../../src/aws/sdk/clients';
import { discoverNodes } from '../../src/aws/sdk/discovery';
import { fetchNodeInformation } from '../../src/aws/sdk/describeNodes';
import type { FleetNodeSpec } from '../emulator/defaultFleet';
import { DEMO, fleetWith, KEYS, opScope, type RequestLogEntry } from '../emulator/index';
import { never, peakInFlight, useWorld } from './helpers';
import { warmUpRequestPath } from '../../src/aws/sdk/warmUp';

const id = (prefix: string, n: number) => `i-0${prefix}${String(n).padStart(15, '0')}`;
const demoIds = Array.from({ length: 250 }, (_, n) => id('d', n));
const secondIds = Array.from({ length: 250 }, (_, n) => id('e', n));
const specs: FleetNodeSpec[] = [
  ...demoIds.map((nodeId, n) => ({ id: nodeId, count: n % 7 === 0 ? 2 : 0 })),
  ...secondIds.map((nodeId) => ({ id: nodeId, count: 0, account: 'second' as const })),
];

const describeInfo = (entries: RequestLogEntry[]) => entries.filter((e) => e.operation === 'DescribeInstanceInformation');

describe('Fleet: node summaries and discovery against the local SSM endpoint (real SDK, real HTTP)', () => {
  const world = useWorld(fleetWith(specs));
  const pool = () => new ClientPool({ maxAttempts: 1, requestTimeoutMs: 5_000 });

  it('describes 500 nodes in two accounts in ⌈250/50⌉ = 5 requests per (profile, region), each signed by its profile', async () => {
    const clients = pool();
    const [demo, second] = await Promise.all([
      fetchNodeInformation(clients, world().log, { profile: 'ssm-demo' }, demoIds, never),
      fetchNodeInformation(clients, world().log, { profile: 'ssm-second' }, secondIds, never),
    ]);
    assert.equal(demo.found.length, 250);
    assert.equal(second.found.length, 250);
    assert.deepEqual([demo.requests, second.requests], [5, 5]);
    assert.equal(demo.region, DEMO.region);
    const log = describeInfo(world().emulator.log);
    assert.equal(log.length, 10);
    assert.equal(log.filter((e) => e.accessKeyId === KEYS.demo.accessKeyId).length, 5);
    assert.equal(log.filter((e) => e.accessKeyId === KEYS.second.accessKeyId).length, 5);
    assert.ok(log.every((e) => e.status === 200 && e.maxResults === 50));
    const withTwo = demo.found.find((n) => n.InstanceId === demoIds[7]);
    assert.equal(Object.values(withTwo?.AssociationOverview?.counts ?? {}).reduce((a, b) => a + b, 0), 2);
    assert.equal(withTwo?.PingStatus, 'Online');
    clients.reset();
  });

  it("nodes the account does not return are 'not found', the rest are described", async () => {
    const clients = pool();
    // Second-account nodes asked for with the demo profile: not this account's.
    const asked = [demoIds[0], secondIds[0], demoIds[1], secondIds[1]];
    const result = await fetchNodeInformation(clients, world().log, { profile: 'ssm-demo' }, asked, never);
    assert.deepEqual(result.found.map((n) => n.InstanceId).sort(), [demoIds[0], demoIds[1]].sort());
    assert.deepEqual([...result.notFound, ...result.invalid].sort(), [secondIds[0], secondIds[1]].sort());
    clients.reset();
  });

  it('one foreign ID in 50: the endpoint refuses the batch, the culprit is found in a few requests and the other 49 described', async () => {
    const clients = pool();
    const batch = [...demoIds.slice(0, 49), secondIds[0]];
    const result = await fetchNodeInformation(clients, world().log, { profile: 'ssm-demo' }, batch, never);
    const log = describeInfo(world().emulator.log);
    assert.equal(result.found.length, 49);
    assert.deepEqual(result.invalid, [secondIds[0]]);
    assert.deepEqual(result.notFound, []);
    assert.equal(result.requests, log.length, 'every request counted');
    assert.equal(log[0].errorType, 'InvalidInstanceId', 'the whole first request is refused');
    assert.ok(log.length <= 13, `${log.length} requests`);
    clients.reset();
  });

  it('500 IDs of another account: 7 requests per batch of 50 at the endpoint, every ID reported as refused together', async () => {
    const clients = pool();
    const foreign = [...secondIds, ...Array.from({ length: 250 }, (_, n) => id('c', n))];
    const result = await fetchNodeInformation(clients, world().log, { profile: 'ssm-demo' }, foreign, never);
    const log = describeInfo(world().emulator.log);
    assert.equal(log.length, 70, 'the whole batch, the batch without the ID its error names, 5 slices of 10');
    assert.ok(log.every((e) => e.errorType === 'InvalidInstanceId'));
    assert.equal(result.requests, 70);
    assert.deepEqual([...result.refusedTogether].sort(), [...foreign].sort());
    assert.deepEqual([result.found.length, result.invalid.length, result.notFound.length], [0, 0, 0]);
    clients.reset();
  });

  it('a batch that fails (here a 500) stops the other batches of its group: 500 foreign IDs, one request, none after it', async () => {
    // One request at a time: the other nine batches wait for their turn and must not take it. (A
    // throttle takes the same path, but the SDK's adaptive mode then spaces requests by itself, so a
    // 500 shows a missing stop sooner.)
    const backend = world().backend({ concurrency: 1 });
    world().emulator.setFault({ internalError: 1 });
    const foreign = [...secondIds, ...Array.from({ length: 250 }, (_, n) => id('c', n))];
    await assert.rejects(backend.describeNodes({ profile: 'ssm-demo' }, foreign, never), (e: { cause?: { name?: string } }) => e.cause?.name === 'InternalServerError');
    await new Promise((r) => setTimeout(r, 500));
    const log = describeInfo(world().emulator.log);
    assert.deepEqual(log.map((e) => e.errorType), ['InternalServerError'], 'requests that reached the endpoint');
  });

  it('node information: an empty page with a token is followed, a repeated token ends the batch (2 requests, not 10)', async () => {
    const clients = pool();
    world().emulator.setFault({ emptyPageWithToken: 1, repeatToken: true });
    const result = await fetchNodeInformation(clients, world().log, { profile: 'ssm-demo' }, demoIds.slice(0, 5), never);
    assert.equal(result.found.length, 5);
    const log = describeInfo(world().emulator.log);
    assert.equal(log.length, 2, 'the empty page, then the page whose token repeats');
    assert.equal(log[1].nextTokenOut, log[1].nextToken, 'the second page sent back the token it was asked with');
    clients.reset();
  });

  it('a failing profile rejects its batch only', async () => {
    const clients = pool();
    const [good, bad] = await Promise.allSettled([
      fetchNodeInformation(clients, world().log, { profile: 'ssm-demo' }, demoIds.slice(0, 3), never),
      fetchNodeInformation(clients, world().log, { profile: 'ssm-expired' }, demoIds.slice(3, 6), never),
    ]);
    assert.equal(good.status, 'fulfilled');
    assert.equal(bad.status, 'rejected');
    const reason = (bad as PromiseRejectedResult).reason;
    assert.equal(reason.name, 'RequestError');
    assert.equal(reason.cause.name, 'ExpiredTokenException');
    assert.equal(reason.region, DEMO.region, 'the region the request went to');
    clients.reset();
  });

  it('the backend describes through its concurrency limit: 250 nodes, 5 requests, at most 4 at once', async () => {
    const backend = world().backend({ concurrency: 4 });
    // Long enough that all four are open together even on a loaded 2-core machine (30 ms was not: 3 seen).
    world().emulator.setFault({ latencyMs: 400 });
    let result: Awaited<ReturnType<typeof backend.describeNodes>> | undefined;
    const peak = await peakInFlight(async () => (result = await backend.describeNodes({ profile: 'ssm-demo' }, demoIds, never)));
    assert.equal(result?.found.length, 250);
    assert.equal(describeInfo(world().emulator.log).length, 5);
    assert.equal(peak, 4, 'requests the endpoint had open at once');
  });

  it('prepare builds the client ahead of the first click: no request, and no rejection without a region', async () => {
    const backend = world().backend();
    await backend.prepare({ profile: 'ssm-demo' });
    await backend.prepare({ profile: 'ssm-noregion' });
    await backend.prepare({ profile: 'no-such-profile' });
    assert.equal(world().emulator.log.length, 0);
    await backend.fetchAssociationsPage({ target: { nodeId: demoIds[0], profile: 'ssm-demo' }, token: undefined, pageSize: 5, signal: never, pageNumber: 1 });
    assert.equal(world().emulator.log.length, 1);
  });

  it('the warm-up runs the page request path with no network: it answers itself, even with no endpoint reachable', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_SSM;
    // A port nothing listens on: a request that really left would fail here.
    process.env.AWS_ENDPOINT_URL_SSM = 'http://127.0.0.1:9';
    let page: Awaited<ReturnType<typeof warmUpRequestPath>> | undefined;
    try {
      page = await warmUpRequestPath();
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SSM;
      else process.env.AWS_ENDPOINT_URL_SSM = saved;
    }
    assert.equal(world().emulator.log.length, 0);
    // Its made-up row went through the whole parse (date, output URL, token), as a real page's would.
    assert.equal(page?.items.length, 1);
    assert.equal(page?.items[0].ExecutionDate?.getTime(), 1_700_000_000_500);
    assert.equal(page?.items[0].OutputUrl?.S3OutputUrl?.OutputUrl, 'https://s3.amazonaws.com/warm-up/i-00000000000000000');
    assert.equal(page?.nextToken, 'warm-up');
  });

  it('discovery pages through the account 50 at a time, first nodes after page 1', async () => {
    const clients = pool();
    const seen: number[] = [];
    const result = await discoverNodes(clients, world().log, { profile: 'ssm-second' }, [], {
      signal: never,
      onNodes: (_added, total) => seen.push(total),
    });
    assert.equal(result.nodes.length, 250);
    assert.equal(result.complete, true);
    assert.equal(result.pages, 5);
    assert.equal(seen[0], 50, 'the first 50 are handed over as soon as page 1 arrives');
    const log = describeInfo(world().emulator.log);
    assert.equal(log.length, 5);
    assert.ok(log.every((e) => e.accessKeyId === KEYS.second.accessKeyId));
    assert.equal(log[1].nextToken, log[0].nextTokenOut);
    clients.reset();
  });

  it('discovery sends the filters; Escape (abort) sends no further request', async () => {
    const clients = pool();
    const controller = new AbortController();
    const result = await discoverNodes(clients, world().log, { profile: 'ssm-demo' }, [{ key: 'PingStatus', values: ['Online'] }], {
      signal: controller.signal,
      onNodes: (_added, total) => total >= 100 && controller.abort(),
    });
    assert.equal(result.complete, false);
    assert.equal(result.nodes.length, 100);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(describeInfo(world().emulator.log).length, 2, 'no request after the abort');
    clients.reset();
  });

  it('discovery stopped while a page is in flight: that request is aborted, not waited for', async () => {
    const clients = pool();
    // Every answer takes 4 s: a discovery that waited for its page would take that long and keep its 50 nodes.
    world().emulator.setFault({ latencyMs: 4_000 }, opScope('DescribeInstanceInformation'));
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const result = await discoverNodes(clients, world().log, { profile: 'ssm-second' }, [], { signal: controller.signal });
    const took = Date.now() - started;
    assert.equal(result.complete, false);
    assert.deepEqual([result.nodes.length, result.pages], [0, 0], 'the page in flight was dropped');
    assert.ok(took < 2_000, `discovery returned ${took} ms after it started: the page in flight was not aborted`);
    world().emulator.clearFaults();
    clients.reset();
  });

  it('discovery keeps going on empty pages with a token and stops on a repeated token', async () => {
    const clients = pool();
    world().emulator.setFault({ emptyPageWithToken: 2 });
    const empty = await discoverNodes(clients, world().log, { profile: 'ssm-second' }, [], { signal: never });
    assert.equal(empty.nodes.length, 250);
    assert.equal(describeInfo(world().emulator.log).length, 7);
    world().emulator.clearFaults();
    world().emulator.clearLog();
    world().emulator.setFault({ repeatToken: true });
    const repeated = await discoverNodes(clients, world().log, { profile: 'ssm-second' }, [], { signal: never });
    assert.equal(repeated.stoppedOnRepeatedToken, true);
    assert.ok(describeInfo(world().emulator.log).length <= 3);
    clients.reset();
  });
});
