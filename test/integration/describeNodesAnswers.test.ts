// What fetchNodeInformation (src/aws/sdk/describeNodes.ts) makes of DescribeInstanceInformation's
// answers, good and bad, and what it writes to the output channel (the injected Log) on the way:
// the lines a user reads there when a fleet row says less than expected.
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import { ClientPool } from '../../src/aws/sdk/clients';
import { fetchNodeInformation } from '../../src/aws/sdk/describeNodes';
import { DEMO, fleetWith, KEYS, opScope, type RequestLogEntry } from '../emulator/index';
import { never, useWorld } from './helpers';

const id = (prefix: string, n: number) => `i-0${prefix}${String(n).padStart(15, '0')}`;
/** Nodes of the demo account (the ssm-demo profile's), one association each. */
const mine = Array.from({ length: 60 }, (_, n) => id('a', n));
/** Nodes of the second account: the demo profile's requests are refused for them. */
const foreign = Array.from({ length: 60 }, (_, n) => id('f', n));
/** A demo node that is stopped: DescribeInstanceInformation leaves it out without refusing it. */
const stopped = id('5', 0);

function fleet() {
  const f = fleetWith([
    ...mine.map((nodeId) => ({ id: nodeId, count: 1 })),
    ...foreign.map((nodeId) => ({ id: nodeId, count: 0, account: 'second' as const })),
    { id: stopped, count: 0 },
  ]);
  const node = f.accounts[0].regions[DEMO.region].find((n) => n.InstanceId === stopped);
  if (node) node.state = 'stopped';
  return f;
}

const describeInfo = (entries: RequestLogEntry[]) => entries.filter((e) => e.operation === 'DescribeInstanceInformation');
const REQUEST_ID = '[0-9a-f-]{36}';

describe('fetchNodeInformation: the answers it trusts, and what it logs', () => {
  const world = useWorld(fleet());
  const pool = () => new ClientPool({ maxAttempts: 1, requestTimeoutMs: 5_000 });
  /** The lines logged while `run` ran. */
  async function logged<T>(run: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
    const before = world().log.lines.length;
    const value = await run();
    return { value, lines: world().log.lines.slice(before) };
  }
  const abortListeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

  it('logs one line per request: the profile, how many IDs, the region, and what came back; no warning when all is well', async () => {
    const clients = pool();
    const { value, lines } = await logged(() => fetchNodeInformation(clients, world().log, { profile: 'ssm-demo' }, [...mine, mine[0]], never));
    assert.equal(value.found.length, 60);
    assert.deepEqual([value.notFound, value.invalid, value.refusedTogether], [[], [], []]);
    assert.equal(lines.length, 2, lines.join('\n'));
    const [first, second] = [...lines].sort((a, b) => b.localeCompare(a));
    assert.match(first, new RegExp(`^info DescribeInstanceInformation profile=ssm-demo ids=50 region=${DEMO.region} → 50 nodes, next=- requestId=${REQUEST_ID} attempts=1 \\d+ ms$`));
    assert.match(second, new RegExp(`^info DescribeInstanceInformation profile=ssm-demo ids=10 region=${DEMO.region} → 10 nodes, next=- requestId=${REQUEST_ID} attempts=1 \\d+ ms$`));
    clients.reset();
  });

  it('a page with a token is logged as such, and the default credential chain is named as one', async () => {
    const clients = pool();
    world().emulator.setFault({ emptyPageWithToken: 1 });
    const saved = { key: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = KEYS.demo.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = KEYS.demo.secretAccessKey;
    try {
      const { value, lines } = await logged(() => fetchNodeInformation(clients, world().log, { region: DEMO.region }, mine.slice(0, 2), never));
      assert.equal(value.found.length, 2);
      assert.equal(lines.length, 2, lines.join('\n'));
      assert.match(lines[0], new RegExp(`^info DescribeInstanceInformation profile=\\(default chain\\) ids=2 region=${DEMO.region} → 0 nodes, next=yes `));
      assert.match(lines[1], new RegExp(`^info DescribeInstanceInformation profile=\\(default chain\\) ids=2 region=${DEMO.region} → 2 nodes, next=- `));
    } finally {
      for (const [name, value] of [['AWS_ACCESS_KEY_ID', saved.key], ['AWS_SECRET_ACCESS_KEY', saved.secret]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      clients.reset();
    }
  });

  it('IDs refused one by one: one warning that names each (ten in full), and how many requests finding them took', async () => {
    const clients = pool();
    const asked = foreign.slice(0, 10);
    const { value, lines } = await logged(() => fetchNodeInformation(clients, world().log, { profile: 'ssm-demo' }, asked, never));
    assert.deepEqual([...value.invalid].sort(), asked);
    assert.deepEqual([value.found, value.notFound, value.refusedTogether], [[], [], []]);
    assert.equal(value.requests, describeInfo(world().emulator.log).length);
    const warnings = lines.filter((l) => l.startsWith('warn ') && !l.includes(' → '));
    assert.deepEqual(warnings, [
      `warn DescribeInstanceInformation profile=ssm-demo region=${DEMO.region}: refused ${value.invalid.join(', ')} (InvalidInstanceId), found by ${value.requests} requests in all.`,
    ]);
    clients.reset();
  });

  it('IDs refused together: one warning with their count and the first ten of them', async () => {
    const clients = pool();
    const asked = foreign.slice(0, 50);
    const { value, lines } = await logged(() => fetchNodeInformation(clients, world().log, { profile: 'ssm-demo' }, asked, never));
    assert.deepEqual([...value.refusedTogether].sort(), asked);
    assert.deepEqual([value.found, value.notFound, value.invalid], [[], [], []]);
    const warnings = lines.filter((l) => l.startsWith('warn ') && !l.includes(' → '));
    assert.deepEqual(warnings, [
      `warn DescribeInstanceInformation profile=ssm-demo region=${DEMO.region}: 50 IDs refused together (InvalidInstanceId), not searched one by one: ${value.refusedTogether.slice(0, 10).join(', ')} and 40 more.`,
    ]);
    clients.reset();
  });

  it("a node asked for and not listed (stopped) is 'not found'; refused ones are not, and each found node counts once", async () => {
    const clients = pool();
    const value = await fetchNodeInformation(clients, world().log, { profile: 'ssm-demo' }, [mine[0], stopped, foreign[0], mine[0]], never);
    assert.deepEqual(value.found.map((n) => n.InstanceId), [mine[0]]);
    assert.deepEqual(value.notFound, [stopped]);
    assert.deepEqual(value.invalid, [foreign[0]]);
    clients.reset();
  });

  it('an answer that repeats a node or adds one not asked for adds no row: each ID asked for, once', async () => {
    const clients = pool();
    world().emulator.setFault({ strayNodes: true });
    const asked = mine.slice(0, 3);
    const value = await fetchNodeInformation(clients, world().log, { profile: 'ssm-demo' }, asked, never);
    const answered = describeInfo(world().emulator.log);
    assert.equal(answered.length, 1);
    assert.equal(answered[0].returned, 3, 'the page itself; the fault added two more rows to it');
    assert.deepEqual(value.found.map((n) => n.InstanceId), asked);
    assert.deepEqual([value.notFound, value.invalid], [[], []]);
    clients.reset();
  });

  it('an empty NextToken ends the batch: one request for 50 IDs, as for an absent one', async () => {
    const clients = pool();
    world().emulator.setFault({ emptyNextToken: true });
    const value = await fetchNodeInformation(clients, world().log, { profile: 'ssm-demo' }, mine.slice(0, 50), never);
    assert.equal(value.found.length, 50);
    assert.equal(value.requests, 1);
    assert.equal(describeInfo(world().emulator.log).length, 1);
    clients.reset();
  });

  it('an answer without InstanceInformationList describes none: every ID not found', async () => {
    const clients = pool();
    world().emulator.setFault({ malformed: 'no-list' });
    const value = await fetchNodeInformation(clients, world().log, { profile: 'ssm-demo' }, mine.slice(0, 2), never);
    assert.deepEqual(value.found, []);
    assert.deepEqual(value.notFound, mine.slice(0, 2));
  });

  it('rows that are no node (no InstanceId) are dropped: the IDs asked for are not found, nothing fails', async () => {
    const clients = pool();
    world().emulator.setFault({ malformed: 'missing-fields' });
    const value = await fetchNodeInformation(clients, world().log, { profile: 'ssm-demo' }, mine.slice(0, 3), never);
    assert.equal(describeInfo(world().emulator.log)[0].returned, 3, 'three rows came back');
    assert.deepEqual(value.found, []);
    assert.deepEqual(value.notFound, mine.slice(0, 3));
    clients.reset();
  });

  it('an InstanceInformationList that is not a list fails the group as a malformed answer, logged as one', async () => {
    const clients = pool();
    world().emulator.setFault({ malformed: 'not-a-list' });
    const { value: error, lines } = await logged(() =>
      fetchNodeInformation(clients, world().log, { profile: 'ssm-demo' }, mine.slice(0, 2), never).then(
        () => assert.fail('resolved'),
        (e: unknown) => e as { name?: string; operation?: string; region?: string; cause?: { name?: string; message?: string } },
      ),
    );
    assert.equal(error.name, 'RequestError');
    assert.equal(error.operation, 'DescribeInstanceInformation');
    assert.equal(error.region, DEMO.region);
    assert.deepEqual([error.cause?.name, error.cause?.message], ['DeserializationError', 'InstanceInformationList is not a list']);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0], new RegExp(`^warn DescribeInstanceInformation profile=ssm-demo ids=2 region=${DEMO.region} → failed: DeserializationError requestId=- attempts=- \\d+ ms$`));
    clients.reset();
  });

  it('a profile without a region fails before any request: a warning that says so, and an error with no region', async () => {
    const clients = pool();
    const { value: error, lines } = await logged(() =>
      fetchNodeInformation(clients, world().log, { profile: 'ssm-noregion' }, [mine[0], mine[1], mine[0]], never).then(
        () => assert.fail('resolved'),
        (e: unknown) => e as { name?: string; operation?: string; region?: string; cause?: { name?: string } },
      ),
    );
    assert.deepEqual([error.name, error.operation, error.region, error.cause?.name], ['RequestError', 'DescribeInstanceInformation', undefined, 'NoRegionError']);
    assert.deepEqual(lines, ['warn DescribeInstanceInformation profile=ssm-noregion ids=2 → failed before any request: NoRegionError']);
    assert.equal(world().emulator.log.length, 0);
    // Stopped by the caller, the same failure is only a debug line: nobody is waiting for it.
    const controller = new AbortController();
    controller.abort();
    const cancelled = await logged(() => fetchNodeInformation(clients, world().log, { profile: 'ssm-noregion' }, [mine[0]], controller.signal).catch(() => 'rejected'));
    assert.deepEqual([cancelled.value, cancelled.lines], ['rejected', ['debug DescribeInstanceInformation profile=ssm-noregion ids=1 → failed before any request: NoRegionError']]);
    clients.reset();
  });

  it('a signal aborted before the call: nothing reaches the endpoint, and the rejection says it was cancelled', async () => {
    const clients = pool();
    const controller = new AbortController();
    controller.abort();
    const { value: error, lines } = await logged(() =>
      fetchNodeInformation(clients, world().log, { profile: 'ssm-demo' }, mine.slice(0, 60), controller.signal).then(
        () => assert.fail('resolved'),
        (e: unknown) => e as { name?: string; cause?: { name?: string } },
      ),
    );
    assert.deepEqual([error.name, error.cause?.name], ['RequestError', 'AbortError']);
    assert.deepEqual(describeInfo(world().emulator.log), [], 'no request');
    assert.ok(lines.length > 0 && lines.every((l) => l.startsWith('debug ')), `cancelled, not failed: ${lines.join('\n')}`);
    assert.equal(abortListeners(controller.signal), 0);
    clients.reset();
  });

  it("leaves no listener on the caller's signal, whether it resolved or failed", async () => {
    const clients = pool();
    const signal = new AbortController().signal;
    await fetchNodeInformation(clients, world().log, { profile: 'ssm-demo' }, mine.slice(0, 2), signal);
    assert.equal(abortListeners(signal), 0, 'after an answer');
    world().emulator.setFault({ internalError: 1 });
    await assert.rejects(fetchNodeInformation(clients, world().log, { profile: 'ssm-demo' }, mine.slice(0, 2), signal));
    assert.equal(abortListeners(signal), 0, 'after a failure');
    await assert.rejects(fetchNodeInformation(clients, world().log, { profile: 'ssm-noregion' }, mine.slice(0, 2), signal));
    assert.equal(abortListeners(signal), 0, 'after a failure before any request');
    clients.reset();
  });

  it("the caller's abort stops the requests in flight: it rejects as cancelled, without their answers", async () => {
    const clients = pool();
    // Never answered: without the abort reaching them, the two requests (60 IDs) would wait forever.
    world().emulator.setFault({ hang: 'always' }, opScope('DescribeInstanceInformation'));
    const controller = new AbortController();
    const pending = logged(() =>
      fetchNodeInformation(clients, world().log, { profile: 'ssm-demo' }, mine, controller.signal).then(
        () => assert.fail('resolved'),
        (e: unknown) => e as { name?: string },
      ),
    );
    while (describeInfo(world().emulator.log).length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    const { value: error, lines } = await pending;
    assert.equal(error.name, 'RequestError');
    assert.ok(lines.length > 0 && lines.every((l) => l.startsWith('debug ')), lines.join('\n'));
    assert.equal(abortListeners(controller.signal), 0);
    clients.reset();
  });
});
