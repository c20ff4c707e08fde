// Pages as the endpoint sends them, however odd: every row shown once, a bad row never costing the
// others, and page tokens never written to the log in full.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Backend, NodeTarget } from '../../src/aws/contract';
import type { NodeElement } from '../../src/tree/elements';
import { NodeState } from '../../src/tree/nodeState';
import { DEMO, fleetWith, makeAssociations, uuidFrom, type Fleet } from '../emulator/index';
import { never, useWorld } from './helpers';

const BIG = 'i-0a1b2c3d4e5f6b160';
const ODD = 'i-0a1b2c3d4e5f6b0dd';

function rowsFleet(): Fleet {
  const fleet = fleetWith([{ id: BIG, count: 10_000 }, { id: ODD, count: 0 }], { withDefaultNodes: true });
  const odd = fleet.accounts[0].regions[DEMO.region].find((n) => n.InstanceId === ODD)!;
  const good = makeAssociations(ODD, 2);
  odd.associations = [
    good[0],
    { ...good[1], AssociationId: undefined }, // no ID: cannot be shown stably, dropped
    { ...good[1], AssociationId: 12345 as unknown as string }, // an ID of the wrong type: dropped
    { ...good[1], AssociationId: '' }, // an empty ID: dropped
    // Wrong types in the other fields: the row stays, with the fields that are usable. (A date of the
    // wrong type, which the SDK alone would fail the page on, is the 'wrong-types' fault below.)
    { ...good[1], AssociationId: uuidFrom('odd/kept'), Status: 42 as unknown as string, OutputUrl: 'x' as unknown as undefined },
  ];
  return fleet;
}

/** A node's tree state wired to the real backend, as the provider wires it. */
function nodeState(backend: Backend, target: NodeTarget, pageSize: number): NodeState {
  const element: NodeElement = { kind: 'node', entry: { kind: 'node', id: target.nodeId, index: 0 } };
  const state: NodeState = new NodeState(element, target, (token, signal) => backend.fetchAssociationsPage({ target, token, pageSize, signal, pageNumber: state.pager.pages + 1 }), {
    profile: target.profile,
  });
  return state;
}

describe('rows as the endpoint sends them', () => {
  const world = useWorld(rowsFleet());

  it('10,000 rows in one page: all 10,000 shown, each once, in order, nothing more to load', async () => {
    world().emulator.setFault({ oversizePage: 10_000 }, BIG);
    const state = nodeState(world().backend(), { nodeId: BIG, profile: 'ssm-demo' }, 50);
    await state.pager.loadNext();
    assert.equal(state.pager.state, 'ready');
    const ids = state.associations.map((a) => a.info.AssociationId);
    assert.equal(ids.length, 10_000);
    assert.equal(new Set(ids).size, 10_000);
    assert.deepEqual(ids, makeAssociations(BIG, 10_000).map((a) => a.AssociationId));
    const children = state.children();
    assert.equal(children.length, 10_000, 'no Load more, no error row');
    assert.ok(children.every((c) => c.kind === 'association'));
    assert.equal(world().emulator.log.length, 1, 'one request');
  });

  it('malformed rows never fail the page: the good rows are shown, the bad ones dropped and counted', async () => {
    const state = nodeState(world().backend(), { nodeId: ODD, profile: 'ssm-demo' }, 50);
    await state.pager.loadNext();
    assert.equal(state.pager.state, 'ready', 'the page loaded');
    assert.equal(state.errorElement, undefined, 'no error row');
    const infos = state.associations.map((a) => a.info);
    assert.deepEqual(infos.map((i) => i.AssociationId), [makeAssociations(ODD, 2)[0].AssociationId, uuidFrom('odd/kept')]);
    assert.equal(infos[1].Status, undefined, 'a status of the wrong type is left out');
    assert.equal(infos[1].OutputUrl, undefined);
    assert.equal(infos[1].Name, makeAssociations(ODD, 2)[1].Name, 'the usable fields stay');
    assert.match(world().log.text, /3 rows without an AssociationId were dropped/);
  });

  it('a whole page of wrongly typed rows: the page loads, with no rows ("No associations"), never an error', async () => {
    for (const malformed of ['wrong-types', 'missing-fields'] as const) {
      world().emulator.clearFaults();
      world().emulator.setFault({ malformed }, DEMO.nodes.three);
      const state = nodeState(world().backend(), { nodeId: DEMO.nodes.three, profile: 'ssm-demo' }, 5);
      await state.pager.loadNext();
      assert.equal(state.pager.state, 'ready', malformed);
      assert.equal(state.associations.length, 0, malformed);
      assert.deepEqual(state.children().map((c) => c.kind), ['message'], malformed);
    }
  });

  it('page tokens are never logged in full, only their start and length', async () => {
    const backend = world().backend();
    const target = { nodeId: DEMO.nodes.many, profile: 'ssm-demo' };
    let token: string | undefined;
    let pages = 0;
    do {
      token = (await backend.fetchAssociationsPage({ target, token, pageSize: 5, signal: never, pageNumber: ++pages })).nextToken;
    } while (token);
    const issued = world().emulator.log.map((e) => e.nextTokenOut).filter((t): t is string => !!t);
    assert.equal(issued.length, 27, 'the endpoint issued a token for every page but the last');
    const log = world().log.text;
    for (const t of issued) {
      assert.ok(t.length > 16, 'tokens long enough that a prefix is not the token');
      assert.ok(!log.includes(t), `token ${t.slice(0, 8)}… logged in full`);
      assert.ok(log.includes(`${t.slice(0, 8)}…(${t.length})`), 'the short form is logged, for matching requests');
    }
  });
});
