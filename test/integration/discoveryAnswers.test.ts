// What discovery (Add Managed Nodes from Account…, src/aws/sdk/discovery.ts) writes to the output
// channel page by page, when it stops, and that it leaves nothing behind on the caller's signal.
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import { ClientPool } from '../../src/aws/sdk/clients';
import { discoverNodes, MAX_DISCOVERY_PAGES } from '../../src/aws/sdk/discovery';
import { DEMO, fleetWith, type RequestLogEntry } from '../emulator/index';
import { never, useWorld } from './helpers';

const id = (n: number) => `i-0c${String(n).padStart(15, '0')}`;
/** 60 nodes of the second account: two pages of 50 and 10. */
const nodes = Array.from({ length: 60 }, (_, n) => id(n));

const describeInfo = (entries: RequestLogEntry[]) => entries.filter((e) => e.operation === 'DescribeInstanceInformation');
const REQUEST_ID = '[0-9a-f-]{36}';

describe('discoverNodes: its log lines, its stops, its listeners', () => {
  const world = useWorld(fleetWith(nodes.map((nodeId) => ({ id: nodeId, count: 0, account: 'second' as const }))));
  const pool = () => new ClientPool({ maxAttempts: 1, requestTimeoutMs: 5_000 });
  const abortListeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;
  const discoveryLines = (from: number) => world().log.lines.slice(from).filter((l) => l.includes('DescribeInstanceInformation'));

  it('logs each page: the profile, the filters as sent, the page number, and what came back', async () => {
    const clients = pool();
    const from = world().log.lines.length;
    const result = await discoverNodes(clients, world().log, { profile: 'ssm-second' }, [], { signal: never });
    assert.deepEqual([result.nodes.length, result.pages, result.complete, result.region], [60, 2, true, DEMO.region]);
    const lines = discoveryLines(from);
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[0], new RegExp(`^info DescribeInstanceInformation profile=ssm-second filters=\\[\\] page=1 region=${DEMO.region} → 50 nodes, next=yes requestId=${REQUEST_ID} attempts=1 \\d+ ms$`));
    // No filter: the requests carry no Filters member (not an empty list).
    assert.deepEqual(describeInfo(world().emulator.log).slice(-2).map((e) => 'filters' in e), [false, false]);
    assert.match(lines[1], new RegExp(`^info DescribeInstanceInformation profile=ssm-second filters=\\[\\] page=2 region=${DEMO.region} → 10 nodes, next=- requestId=${REQUEST_ID} attempts=1 \\d+ ms$`));
    clients.reset();
  });

  it('the filters in the log are the ones the endpoint applied; the default chain is named as one', async () => {
    const clients = pool();
    const from = world().log.lines.length;
    const filters = [{ key: 'tag:Role', values: ['web', 'db'] }];
    // The second account's nodes carry no Role tag: nothing matches, one page.
    const result = await discoverNodes(clients, world().log, { profile: 'ssm-second' }, filters, { signal: never });
    assert.deepEqual([result.nodes.length, result.pages, result.complete], [0, 1, true]);
    assert.deepEqual(describeInfo(world().emulator.log).at(-1)?.filters, [{ Key: 'tag:Role', Values: ['web', 'db'] }]);
    assert.match(discoveryLines(from)[0], /^info DescribeInstanceInformation profile=ssm-second filters=\[\{"key":"tag:Role","values":\["web","db"\]\}\] page=1 region=eu-west-1 → 0 nodes, next=- /);
    // No profile: the default chain (which has no credentials here): the failure names it.
    const before = world().log.lines.length;
    await assert.rejects(discoverNodes(clients, world().log, { region: DEMO.region }, [], { signal: never }));
    assert.match(discoveryLines(before)[0], /^warn DescribeInstanceInformation profile=\(default chain\) filters=\[\] page=1 region=eu-west-1 → failed: /);
    clients.reset();
  });

  it('stopped between two pages (the user pressed Escape as page 1 arrived): no second request, incomplete, the listener gone', async () => {
    const clients = pool();
    const controller = new AbortController();
    const result = await discoverNodes(clients, world().log, { profile: 'ssm-second' }, [], {
      signal: controller.signal,
      onNodes: () => controller.abort(),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(describeInfo(world().emulator.log).length, 1, 'requests sent');
    assert.deepEqual([result.nodes.length, result.pages, result.complete], [50, 1, false]);
    assert.equal(abortListeners(controller.signal), 0);
    clients.reset();
  });

  it('each request goes through the runner it is given, with the signal of its page', async () => {
    const clients = pool();
    const seen: boolean[] = [];
    const result = await discoverNodes(clients, world().log, { profile: 'ssm-second' }, [], {
      signal: never,
      run: (request, signal) => {
        seen.push(signal.aborted);
        return request();
      },
    });
    assert.equal(result.nodes.length, 60);
    assert.deepEqual(seen, [false, false]);
  });

  it('stops at its ceiling of pages (MAX_DISCOVERY_PAGES) when the service never sends a last page', async () => {
    const clients = pool();
    // Every page empty with a fresh token, for longer than the ceiling.
    world().emulator.setFault({ emptyPageWithToken: MAX_DISCOVERY_PAGES + 5 });
    const result = await discoverNodes(clients, world().log, { profile: 'ssm-second' }, [], { signal: never });
    assert.deepEqual([result.pages, result.complete, result.nodes.length, result.stoppedOnRepeatedToken], [MAX_DISCOVERY_PAGES, false, 0, false]);
    assert.equal(describeInfo(world().emulator.log).length, MAX_DISCOVERY_PAGES);
    clients.reset();
  });

  it("leaves no listener on the caller's signal, whether it completed or failed", async () => {
    const clients = pool();
    const signal = new AbortController().signal;
    await discoverNodes(clients, world().log, { profile: 'ssm-second' }, [], { signal });
    assert.equal(abortListeners(signal), 0, 'after completing');
    world().emulator.setFault({ internalError: 1 });
    await assert.rejects(discoverNodes(clients, world().log, { profile: 'ssm-second' }, [], { signal }));
    assert.equal(abortListeners(signal), 0, 'after a failure');
    clients.reset();
  });
});
