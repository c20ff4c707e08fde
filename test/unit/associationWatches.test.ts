// Watched rows in the real TreeModel, with a fake backend: a watch on page 2 survives another watch
// ending, and the status the watch read is what the row shows, with every loaded page kept.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AssociationStatusInfo, NodeTarget } from '../../src/aws/contract';
import { LazyBackend } from '../../src/aws/lazyBackend';
import type { Observation } from '../../src/core/nodeWatches';
import { parseSettings } from '../../src/core/settings';
import { AssociationWatches } from '../../src/tree/associationWatches';
import type { AssociationElement, ItemSpec, NodeElement } from '../../src/tree/elements';
import { NodesTree } from '../../src/tree/nodesTree';
import { fakeBackend } from './fixtures/fakeBackend';
import { until } from './fixtures/fakeClocks';

const NODE = 'i-0123456789abcdef0';
const OLD = new Date('2026-01-01T00:00:00Z');
const NEW = Date.parse('2026-01-02T00:00:00Z');
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Two pages of two rows (a1 a2 | a3 a4), all Failed long ago; the watch reads what `now` says. */
function world() {
  const pageReads: (string | undefined)[] = [];
  const now = new Map<string, Observation>();
  const info = (id: string): AssociationStatusInfo => ({ AssociationId: id, Name: id, Status: 'Failed', ExecutionDate: OLD });
  const backend = fakeBackend({
    fetchAssociationsPage: async ({ token }) => {
      pageReads.push(token);
      return token === undefined ? { items: [info('a1'), info('a2')], nextToken: 'p2' } : { items: [info('a3'), info('a4')] };
    },
    readStatuses: async (_target: NodeTarget, ids) => new Map(ids.filter((id) => now.has(id)).map((id) => [id, now.get(id) as Observation])),
  });
  const settings = parseSettings({ nodes: [NODE], profile: 'p', region: 'eu-west-1', pageSize: 2 });
  const drawn = new NodesTree<ItemSpec>({ readSettings: () => settings, backend: new LazyBackend(() => backend), onChange: () => undefined }, (spec) => spec);
  const tree = drawn.model;
  const announced: string[] = [];
  const watches = new AssociationWatches({ tree, backend: new LazyBackend(() => backend), redraw: () => undefined, announce: (text) => announced.push(text), timing: { firstDelayMs: 5, maxDelayMs: 10 } });
  return { tree, drawn, watches, now, announced, pageReads };
}

async function rowsOf(tree: NodesTree<ItemSpec>['model'], node: NodeElement): Promise<AssociationElement[]> {
  return (await tree.getChildren(node)).filter((e): e is AssociationElement => e.kind === 'association');
}


describe('AssociationWatches on the tree', () => {
  it('a watch on page 2 survives another watch ending; the watched status is shown at once; loaded pages stay', async () => {
    const w = world();
    const [node] = (await w.tree.getChildren()) as NodeElement[];
    await rowsOf(w.tree, node);
    w.tree.loadMore(node);
    await until(() => w.pageReads.length === 2, 'page 2 read');
    await wait(1);
    const rows = await rowsOf(w.tree, node);
    assert.deepEqual(rows.map((r) => r.info.AssociationId), ['a1', 'a2', 'a3', 'a4']);
    w.now.set('a1', { status: 'InProgress', executionDate: NEW });
    w.now.set('a3', { status: 'InProgress', executionDate: NEW });
    w.watches.watch(rows[0]);
    w.watches.watch(rows[2]);
    await until(() => w.watches.decorate(rows[2], { label: 'a3' } as ItemSpec).description === 'watching · InProgress', 'a3 seen running');

    // a1 finishes; a3 (on page 2) is still running.
    w.now.set('a1', { status: 'Success', executionDate: NEW });
    await until(() => w.announced.length === 1, 'a1 announced');
    assert.match(w.announced[0], /a1 on .*: Success/);
    // At once: the row shows what the watch read, not the status of its page (Failed, long ago).
    const a1 = w.tree.findAssociation(rows[0].targetKey, 'a1');
    assert.ok(a1, 'a1 still shown');
    assert.equal(a1.info.Status, 'Success');
    assert.equal(a1.info.ExecutionDate?.getTime(), NEW);
    assert.match(w.drawn.itemOf(a1).description ?? '', /Success/);
    // Every loaded page is still there, and a3 is still watched.
    assert.deepEqual((await rowsOf(w.tree, node)).map((r) => r.info.AssociationId), ['a1', 'a2', 'a3', 'a4']);
    const a3 = w.tree.findAssociation(rows[2].targetKey, 'a3');
    assert.ok(a3, 'a3 (page 2) still shown');
    await wait(40);
    assert.ok(w.watches.isWatching(a3), 'a3 still watched');
    assert.equal(w.announced.length, 1, `nothing else ended: ${w.announced.join(' | ')}`);

    w.now.set('a3', { status: 'Failed', executionDate: NEW });
    await until(() => w.announced.length === 2, 'a3 announced');
    assert.match(w.announced[1], /a3 on .*: Failed/);
    assert.equal(w.tree.findAssociation(rows[2].targetKey, 'a3')?.info.ExecutionDate?.getTime(), NEW);
    assert.deepEqual(w.pageReads, [undefined, 'p2'], 'no page read again');
    assert.equal(w.watches.size, 0);
  });
});
