// The watched rows after Apply Now (tree/associationWatches.ts) in the real TreeModel with a fake backend,
// beyond associationWatches.test.ts: how a watched row is drawn, when it is redrawn, what stopping does to
// it, what the user is told for each way a watch ends and what the log says, and a row that is no longer
// loaded when its run ends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AssociationStatusInfo } from '../../src/aws/contract';
import { LazyBackend } from '../../src/aws/lazyBackend';
import type { Clock, Observation, WatchEnd } from '../../src/core/nodeWatches';
import { parseSettings } from '../../src/core/settings';
import { AssociationWatches } from '../../src/tree/associationWatches';
import type { AssociationElement, ItemSpec, NodeElement } from '../../src/tree/elements';
import { NodesTree } from '../../src/tree/nodesTree';
import { fakeBackend } from './fixtures/fakeBackend';
import { FakeNodeClock, until } from './fixtures/fakeClocks';

const NODE = 'i-0123456789abcdef0';
const OLD = new Date('2026-01-01T00:00:00Z');
const NEW = Date.parse('2026-01-02T00:00:00Z');
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SPEC = { label: 'row', description: 'Failed', contextValue: 'association', collapsible: false } as ItemSpec;

/** One node labelled web-1 with one page (a1 "nightly", a2), both Failed long ago; the watch reads what `now` says, or fails. */
function world(options: { clock?: Clock } = {}) {
  const now = new Map<string, Observation>();
  const fail = { error: undefined as Error | undefined };
  let statusReads = 0;
  const info = (id: string, name?: string): AssociationStatusInfo => ({ AssociationId: id, AssociationName: name, Name: `doc-${id}`, Status: 'Failed', ExecutionDate: OLD });
  const backend = fakeBackend({
    fetchAssociationsPage: async () => ({ items: [info('a1', 'nightly'), info('a2')] }),
    readStatuses: async (_target, ids) => {
      statusReads++;
      if (fail.error) throw fail.error;
      return new Map(ids.filter((id) => now.has(id)).map((id) => [id, now.get(id) as Observation]));
    },
  });
  const settings = parseSettings({ nodes: [{ id: NODE, label: 'web-1' }], profile: 'p', region: 'eu-west-1' });
  const drawn = new NodesTree<ItemSpec>({ readSettings: () => settings, backend: new LazyBackend(() => backend), onChange: () => undefined }, (spec) => spec);
  const tree = drawn.model;
  const announced: { text: string; end: WatchEnd }[] = [];
  const redraws: string[] = [];
  const logged: string[] = [];
  const watches = new AssociationWatches({
    tree,
    backend: new LazyBackend(() => backend),
    redraw: (row) => redraws.push(row.info.AssociationId),
    announce: (text, end) => announced.push({ text, end }),
    log: (text) => logged.push(text),
    clock: options.clock,
    timing: options.clock ? undefined : { firstDelayMs: 5, maxDelayMs: 10 },
  });
  return { tree, watches, now, fail, announced, redraws, logged, statusReads: () => statusReads };
}

async function loaded(w: ReturnType<typeof world>): Promise<{ node: NodeElement; rows: AssociationElement[] }> {
  const [node] = (await w.tree.getChildren()) as NodeElement[];
  await w.tree.getChildren(node);
  await wait(1);
  const rows = (await w.tree.getChildren(node)).filter((e): e is AssociationElement => e.kind === 'association');
  assert.deepEqual(rows.map((r) => r.info.AssociationId), ['a1', 'a2']);
  return { node, rows };
}


describe('AssociationWatches: how a watched row is drawn and redrawn', () => {
  it('unwatched as the page drew it; then "starting" in blue, then the status read with its colour (none for Pending, blue for an unknown one)', async () => {
    const w = world();
    const { rows } = await loaded(w);
    const [a1, a2] = rows;
    assert.equal(w.watches.isWatching(a1), false, 'nothing watched yet');
    assert.equal(w.watches.decorate(a1, SPEC), SPEC);
    w.watches.watch(a1);
    assert.equal(w.watches.isWatching(a1), true);
    assert.equal(w.watches.isWatching(a2), false, 'another row of the same node');
    assert.deepEqual(w.watches.decorate(a1, SPEC), { ...SPEC, description: 'watching · starting', icon: { id: 'sync~spin', color: 'charts.blue' } });
    assert.equal(w.watches.decorate(a2, SPEC), SPEC);

    // An unknown status without a new date does not end the watch (it may be the old run's).
    w.now.set('a1', { status: 'Rebooting\u202e' });
    await until(() => w.watches.decorate(a1, SPEC).description !== 'watching · starting', 'an unknown status read');
    assert.equal(w.watches.decorate(a1, SPEC).description, 'watching · Rebooting\\u202E');
    assert.deepEqual(w.watches.decorate(a1, SPEC).icon, { id: 'sync~spin', color: 'charts.blue' });
    w.now.set('a1', { status: 'Pending' });
    await until(() => w.watches.decorate(a1, SPEC).description === 'watching · Pending', 'Pending read');
    assert.deepEqual(w.watches.decorate(a1, SPEC).icon, { id: 'sync~spin', color: undefined });
    w.watches.stopAll();
  });

  it('the row is redrawn when watching begins and when the status read changes, not on every read; the end redraws it with its node', async () => {
    const w = world();
    const { rows } = await loaded(w);
    w.now.set('a1', { status: 'InProgress', executionDate: NEW });
    w.watches.watch(rows[0]);
    assert.deepEqual(w.redraws, ['a1'], 'watching begins');
    await until(() => w.statusReads() >= 4, 'four reads of InProgress');
    assert.deepEqual(w.redraws, ['a1', 'a1'], 'once for InProgress, not once per read');
    w.now.set('a1', { status: 'Success', executionDate: NEW });
    await until(() => w.announced.length === 1, 'the end');
    assert.deepEqual(w.redraws, ['a1', 'a1', 'a1'], 'Success read; the replaced row is drawn with its node, not once more');
    assert.equal(w.tree.findAssociation(rows[0].targetKey, 'a1')?.info.Status, 'Success');
    assert.equal(w.watches.size, 0, 'nothing kept for the node');
  });
});

describe('AssociationWatches: stopping', () => {
  it('Collapse (stopNode): no message, the page\'s status comes back and the row is redrawn without the spinner', async () => {
    const w = world();
    const { node, rows } = await loaded(w);
    w.now.set('a1', { status: 'InProgress', executionDate: NEW });
    w.watches.watch(rows[0]);
    await until(() => w.watches.decorate(rows[0], SPEC).description === 'watching · InProgress', 'InProgress read');
    const before = w.redraws.length;
    w.watches.stopNode(node);
    assert.equal(w.watches.isWatching(rows[0]), false);
    assert.equal(w.watches.size, 0);
    assert.deepEqual(w.redraws.slice(before), ['a1'], 'redrawn once');
    assert.equal(w.tree.findAssociation(rows[0].targetKey, 'a1')?.info.Status, 'Failed', 'not what the stopped watch read');
    assert.deepEqual(w.announced, []);
    assert.deepEqual(w.logged, [`Watch of association a1 (${rows[0].targetKey}) ended: stopped.`]);
    const reads = w.statusReads();
    await wait(40);
    assert.equal(w.statusReads(), reads, 'no read after the stop');
  });

  it('Refresh (stopAll) stops every watched row of the node', async () => {
    const w = world();
    const { rows } = await loaded(w);
    w.now.set('a1', { status: 'InProgress' });
    w.now.set('a2', { status: 'InProgress' });
    w.watches.watch(rows[0]);
    w.watches.watch(rows[1]);
    assert.equal(w.watches.size, 1, 'one node');
    w.watches.stopAll();
    assert.equal(w.watches.isWatching(rows[0]), false);
    assert.equal(w.watches.isWatching(rows[1]), false);
    assert.equal(w.watches.size, 0);
    assert.deepEqual(w.announced, []);
    assert.equal(w.logged.length, 2);
  });
});

describe('AssociationWatches: what the user is told', () => {
  it('settled: the name and the node\'s label, the status; the log says why it ended', async () => {
    const w = world();
    const { rows } = await loaded(w);
    w.now.set('a1', { status: 'Success', executionDate: NEW });
    w.watches.watch(rows[0]);
    await until(() => w.announced.length === 1, 'the end');
    assert.equal(w.announced[0].text, 'nightly on web-1: Success');
    assert.deepEqual(w.logged, [`Watch of association a1 (${rows[0].targetKey}) ended: settled Success.`]);
  });

  it('gone: the association is no longer listed on the node (its document names it when it has no name)', async () => {
    const w = world();
    const { rows } = await loaded(w);
    w.watches.watch(rows[1]);
    await until(() => w.announced.length === 1, 'the end');
    assert.equal(w.announced[0].text, 'doc-a2 is no longer listed on web-1');
    assert.deepEqual(w.announced[0].end, { reason: 'gone' });
    assert.deepEqual(w.logged, [`Watch of association a2 (${rows[1].targetKey}) ended: gone.`]);
    assert.equal(w.tree.findAssociation(rows[1].targetKey, 'a2')?.info.Status, 'Failed', 'nothing was read: the row stays as it was');
  });

  it('failed: reads that keep failing end it with a sentence that says the status could not be read', async () => {
    const w = world();
    const { rows } = await loaded(w);
    w.fail.error = new Error('socket hang up');
    w.watches.watch(rows[0]);
    await until(() => w.announced.length === 1, 'the end');
    assert.equal(w.announced[0].text, 'nightly on web-1: watching stopped, the status could not be read');
    assert.equal(w.announced[0].end.reason, 'failed');
    assert.equal(w.statusReads(), 3);
  });

  it('timed out: still running after 15 minutes; the row shows the status last read', async () => {
    const clock = new FakeNodeClock();
    const w = world({ clock });
    const { rows } = await loaded(w);
    w.now.set('a1', { status: 'InProgress', executionDate: NEW });
    w.watches.watch(rows[0]);
    for (let i = 0; i < 40 && w.announced.length === 0; i++) await clock.next();
    assert.equal(clock.time, 15 * 60_000);
    assert.equal(w.announced[0]?.text, 'nightly on web-1: still running after 15 minutes; no longer watching (Refresh Node shows its status)');
    assert.equal(w.tree.findAssociation(rows[0].targetKey, 'a1')?.info.Status, 'InProgress');
    assert.equal(w.watches.size, 0);
  });

  it('a row no longer loaded (its node\'s pages were dropped) is still read, and its end is still told by the name it had', async () => {
    const w = world();
    const { node, rows } = await loaded(w);
    w.now.set('a1', { status: 'InProgress', executionDate: NEW });
    w.watches.watch(rows[0]);
    await until(() => w.statusReads() >= 1, 'read once');
    w.tree.refreshNode(node);
    assert.equal(w.tree.findAssociation(rows[0].targetKey, 'a1'), undefined, 'the row is gone');
    w.now.set('a1', { status: 'Failed', executionDate: NEW });
    await until(() => w.announced.length === 1, 'the end');
    assert.equal(w.announced[0].text, 'nightly on web-1: Failed');
    assert.equal(w.watches.size, 0);
  });
});
