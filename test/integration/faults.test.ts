import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { describe, it } from 'node:test';
import { describeError } from '../../src/aws/errors';
import type { Backend, NodeTarget } from '../../src/aws/contract';
import type { NodeElement } from '../../src/tree/elements';
import { NodeState } from '../../src/tree/nodeState';
import { DEMO, KEYS } from '../emulator/index';
import { fetchAll, never, peakInFlight, useWorld } from './helpers';

const { nodes } = DEMO;

/** A node's tree state wired to the real backend, as the provider wires it. */
function nodeState(backend: Backend, target: NodeTarget, pageSize: number): NodeState {
  const element: NodeElement = { kind: 'node', entry: { kind: 'node', id: target.nodeId, index: 0 } };
  const state: NodeState = new NodeState(element, target, (token, signal) => backend.fetchAssociationsPage({ target, token, pageSize, signal, pageNumber: state.pager.pages + 1 }), {
    profile: target.profile,
  });
  return state;
}

function rowIds(state: NodeState): string[] {
  return state.associations.map((a) => a.info.AssociationId);
}

describe('faults: the view keeps working and shows the truth', () => {
  const world = useWorld();

  it('throttling that clears within the retries is invisible; the SDK retried (adaptive mode)', async () => {
    const backend = world().backend({ maxAttempts: 3 });
    world().emulator.setFault({ throttle: 2 }, nodes.three);
    const page = await backend.fetchAssociationsPage({ target: { nodeId: nodes.three, profile: 'ssm-demo' }, token: undefined, pageSize: 20, signal: never, pageNumber: 1 });
    assert.equal(page.items.length, 3);
    assert.deepEqual(world().emulator.log.map((e) => e.errorType ?? e.status), ['ThrottlingException', 'ThrottlingException', 200]);
  });

  it('throttling and 500s that outlast the retries: an error with Retry on that node only; retry shows the rows once', async () => {
    const backend = world().backend({ maxAttempts: 2 });
    const failing = nodeState(backend, { nodeId: nodes.many, profile: 'ssm-demo' }, 50);
    const healthy = nodeState(backend, { nodeId: nodes.three, profile: 'ssm-demo' }, 50);
    world().emulator.setFault({ throttle: 'always' }, nodes.many);
    await Promise.all([failing.pager.loadNext(), healthy.pager.loadNext()]);
    assert.equal(failing.errorElement?.error.code, 'Throttling');
    assert.deepEqual(failing.errorElement?.error.actions, ['retry']);
    assert.equal(failing.children().length, 1, 'only the error item');
    assert.equal(healthy.associations.length, 3, 'other nodes are unaffected');
    assert.equal(world().emulator.log.filter((e) => e.instanceId === nodes.many).length, 2, 'two attempts, then it gave up');

    // Page 1 loads, then "Load more" hits a 500: the rows stay and the error offers retry below them.
    world().emulator.clearFaults();
    await failing.pager.loadNext();
    assert.equal(failing.associations.length, 50);
    world().emulator.setFault({ internalError: 'always' }, nodes.many);
    await failing.pager.loadNext();
    const children = failing.children();
    assert.equal(children.length, 51);
    const last = children[50];
    assert.equal(last.kind === 'error' && last.during, 'more');
    assert.equal(last.kind === 'error' && last.error.code, 'ServerError');
    world().emulator.clearFaults();
    await failing.pager.loadNext();
    await failing.pager.loadNext();
    const ids = rowIds(failing);
    assert.equal(ids.length, 137, 'no row missing after the retry');
    assert.equal(new Set(ids).size, 137, 'no row duplicated after the retry');
  });

  it('a request that hangs ends in a timeout error, not a hang', { timeout: 10_000 }, async () => {
    const backend = world().backend({ requestTimeoutMs: 300 });
    world().emulator.setFault({ hang: 'always' }, nodes.three);
    const started = Date.now();
    await assert.rejects(backend.fetchAssociationsPage({ target: { nodeId: nodes.three, profile: 'ssm-demo' }, token: undefined, pageSize: 5, signal: never, pageNumber: 1 }), (e: Error) => {
      assert.equal(describeError(e, { timeoutMs: 300 }).code, 'Timeout');
      return true;
    });
    assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
  });

  it('collapsing or refreshing aborts the request in flight; no late answer lands', async () => {
    const backend = world().backend({ requestTimeoutMs: 10_000 });
    // The answer is 1.4 s away when the load is cancelled: "at once" is well under that, with room for a
    // loaded machine (a 200 ms bound against 300 ms left failed once under a load average of 14).
    world().emulator.setFault({ latencyMs: 1_500 }, nodes.three);
    const state = nodeState(backend, { nodeId: nodes.three, profile: 'ssm-demo' }, 5);
    const load = state.pager.loadNext();
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    state.pager.cancel();
    assert.equal(await load, 'superseded');
    assert.ok(Date.now() - started < 700, `the cancelled load ends at once (took ${Date.now() - started} ms)`);
    await new Promise((r) => setTimeout(r, 1_600));
    assert.equal(state.associations.length, 0, 'the late answer did not land');
    assert.equal(state.pager.state, 'pristine', 'expanding again loads page 1');
    assert.match(world().log.text, /cancelled/);
  });

  it('connection reset and a closed port name the endpoint', async () => {
    const backend = world().backend();
    world().emulator.setFault({ reset: 'always' }, nodes.three);
    await assert.rejects(backend.fetchAssociationsPage({ target: { nodeId: nodes.three, profile: 'ssm-demo' }, token: undefined, pageSize: 5, signal: never, pageNumber: 1 }), (e: Error) => {
      const user = describeError(e, { profile: 'ssm-demo' });
      assert.equal(user.code, 'Network', `${e.name}: ${e.message}`);
      return true;
    });
    // A port nobody listens on: take a free one and close it.
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r));
    const saved = process.env.AWS_ENDPOINT_URL_SSM;
    process.env.AWS_ENDPOINT_URL_SSM = `http://127.0.0.1:${port}`;
    try {
      const fresh = world().backend();
      // The profile's [services] endpoint_url would win over the env var, so use explicit keys via the default chain.
      process.env.AWS_ACCESS_KEY_ID = KEYS.demo.accessKeyId;
      process.env.AWS_SECRET_ACCESS_KEY = KEYS.demo.secretAccessKey;
      await assert.rejects(fresh.fetchAssociationsPage({ target: { nodeId: nodes.three, region: DEMO.region }, token: undefined, pageSize: 5, signal: never, pageNumber: 1 }), (e: Error) => {
        const user = describeError(e, { endpoint: process.env.AWS_ENDPOINT_URL_SSM });
        assert.equal(user.code, 'Network', `${e.name}: ${e.message}`);
        assert.match(user.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
        return true;
      });
    } finally {
      process.env.AWS_ENDPOINT_URL_SSM = saved;
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
    }
  });

  it('InvalidNextToken on "Load more" keeps the rows and offers to reload from the start', async () => {
    const backend = world().backend();
    const target = { nodeId: nodes.many, profile: 'ssm-demo' };
    // A pager whose second request carries a token the endpoint never issued.
    const element: NodeElement = { kind: 'node', entry: { kind: 'node', id: nodes.many, index: 0 } };
    const state = new NodeState(element, target, (token, signal) => backend.fetchAssociationsPage({ target, token: token ? 'not-a-token' : undefined, pageSize: 20, signal, pageNumber: 1 }));
    await state.pager.loadNext();
    await state.pager.loadNext();
    assert.equal(state.associations.length, 20);
    assert.deepEqual(state.errorElement?.error.actions, ['reloadFromStart']);
    assert.equal(state.children().length, 21);
  });

  it('empty pages with a token and a repeating token: paging neither stops early nor loops', async () => {
    const backend = world().backend();
    world().emulator.setFault({ emptyPageWithToken: 2 }, nodes.three);
    const state = nodeState(backend, { nodeId: nodes.three, profile: 'ssm-demo' }, 2);
    while (state.pager.hasMore || state.pager.state === 'pristine') await state.pager.loadNext();
    assert.equal(state.associations.length, 3, 'every row arrived after the empty pages');

    world().emulator.clearFaults();
    world().emulator.clearLog();
    world().emulator.setFault({ repeatToken: true }, nodes.many);
    const looping = nodeState(backend, { nodeId: nodes.many, profile: 'ssm-demo' }, 10);
    for (let i = 0; i < 10 && (looping.pager.hasMore || looping.pager.state === 'pristine'); i++) await looping.pager.loadNext();
    assert.equal(looping.pager.hasMore, false);
    assert.ok(world().emulator.log.length <= 2, `stopped after ${world().emulator.log.length} requests`);
    assert.equal(new Set(rowIds(looping)).size, looping.associations.length);
  });

  it('an answer that is not JSON is an error row, "Unreadable answer from SSM"', async () => {
    const backend = world().backend();
    world().emulator.setFault({ malformed: 'non-json' }, nodes.three);
    await assert.rejects(backend.fetchAssociationsPage({ target: { nodeId: nodes.three, profile: 'ssm-demo' }, token: undefined, pageSize: 5, signal: never, pageNumber: 1 }), (e: Error) => {
      assert.equal(describeError(e).code, 'BadResponse', `${e.name}: ${e.message}`);
      return true;
    });
  });

  // Rows with missing fields or wrong types, and 10,000 rows in one page: rows.test.ts.

  it('refreshing many expanded nodes keeps at most 4 requests in flight', async () => {
    const backend = world().backend();
    // Long enough that four are open together even on a loaded 2-core machine.
    world().emulator.setFault({ latencyMs: 400 });
    const states = Array.from({ length: 10 }, () => nodeState(backend, { nodeId: nodes.three, profile: 'ssm-demo' }, 5));
    const peak = await peakInFlight(() => Promise.all(states.map((s) => s.pager.loadNext())));
    assert.equal(peak, 4, 'requests the endpoint had open at once');
    assert.ok(states.every((s) => s.associations.length === 3));
  });

  it('paging to the end gives the same rows as the raw SDK would', async () => {
    const { rows } = await fetchAll(world().backend(), { nodeId: nodes.many, profile: 'ssm-demo' }, 50);
    assert.equal(rows.length, 137);
  });
});
