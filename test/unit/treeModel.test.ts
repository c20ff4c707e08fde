// The tree's ordering and race rules against a fake Backend whose pages arrive when the test says.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AssociationStatusInfo, Backend, NodeTarget } from '../../src/aws/contract';
import { LazyBackend } from '../../src/aws/lazyBackend';
import { parseSettings } from '../../src/core/settings';
import type { ItemSpec, TreeElement, NodeElement, Redraw } from '../../src/tree/elements';
import { NodesTree } from '../../src/tree/nodesTree';
import type { Page } from '../../src/paging/pager';
import { fakeBackend } from './fixtures/fakeBackend';

interface Call {
  readonly target: NodeTarget;
  readonly token: string | undefined;
  readonly signal: AbortSignal;
  answer(page: Page<AssociationStatusInfo>): Promise<void>;
  fail(error: Error): Promise<void>;
}

const rows = (from: number, n: number): AssociationStatusInfo[] => Array.from({ length: n }, (_, i) => ({ AssociationId: `a${from + i}`, Status: 'Success' }));
/** Lets the model's then-callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function world(raw: Parameters<typeof parseSettings>[0]) {
  const calls: Call[] = [];
  let loads = 0;
  let resets = 0;
  const backend: Backend = fakeBackend({
    fetchAssociationsPage: ({ target, token, signal }) =>
      new Promise((resolve, reject) => {
        const answered = (f: () => void) => async () => {
          f();
          await settle();
        };
        calls.push({ target, token, signal, answer: (page) => answered(() => resolve(page))(), fail: (error) => answered(() => reject(error))() });
      }),
    reset: () => void resets++,
  });
  let settings = parseSettings(raw);
  const changes: Redraw[] = [];
  // The provider's path (NodesTree), with items as data.
  const drawn = new NodesTree<ItemSpec>(
    {
      readSettings: () => settings,
      backend: new LazyBackend(() => (loads++, backend)),
      onChange: (element) => changes.push(element),
    },
    (spec) => spec,
  );
  const model = drawn.model;
  return {
    model,
    drawn,
    calls,
    changes,
    counts: () => ({ loads, resets }),
    setSettings(next: Parameters<typeof parseSettings>[0]) {
      settings = parseSettings(next);
      model.settingsChanged();
    },
    async node(id: string): Promise<NodeElement> {
      // Nodes of several (profile, region)s are under their group's row.
      const root = await model.getChildren();
      const all = [...root];
      for (const e of root) if (e.kind === 'group') all.push(...(await model.getChildren(e)));
      const found = all.find((e): e is NodeElement => e.kind === 'node' && e.entry.id === id);
      assert.ok(found, `node ${id} listed`);
      return found;
    },
    labels: (elements: TreeElement[]) => elements.map((e) => drawn.itemOf(e).label),
  };
}

const A = 'i-0123456789abcdef0';
const B = 'i-0123456789abcdef1';

describe('TreeModel against a fake backend', () => {
  it('lists the root from settings alone: no request, the backend not even loaded', async () => {
    const w = world({ nodes: [A, B], profile: 'p' });
    assert.equal((await w.model.getChildren()).length, 2);
    w.model.refreshAll();
    assert.deepEqual(w.counts(), { loads: 0, resets: 0 }, 'Refresh before any request loads nothing just to reset it');
    assert.equal(w.calls.length, 0);
  });

  it('expanding waits for page 1; rows keep the order AWS sent them across pages', async () => {
    const w = world({ nodes: [A], profile: 'p' });
    const node = await w.node(A);
    const children = w.model.getChildren(node);
    await settle();
    assert.equal(w.calls.length, 1);
    await w.calls[0].answer({ items: [...rows(5, 1), ...rows(0, 1)], nextToken: 't1' });
    assert.deepEqual(w.labels(await children), ['a5', 'a0', 'Load more…']);
    w.model.loadMore(node);
    await settle();
    assert.equal(w.calls[1].token, 't1');
    await w.calls[1].answer({ items: [...rows(9, 1), ...rows(5, 1)] });
    assert.deepEqual(w.labels(await w.model.getChildren(node)), ['a5', 'a0', 'a9'], 'a row sent twice is shown once; no "Load more…" after the last page');
  });

  it('"Load more…" reads "Loading…" while its page loads and only that row is redrawn; a double click is one request', async () => {
    const w = world({ nodes: [A], profile: 'p' });
    const node = await w.node(A);
    const first = w.model.getChildren(node);
    await settle();
    await w.calls[0].answer({ items: rows(0, 2), nextToken: 't1' });
    const loadMore = (await first).at(-1)!;
    assert.equal(w.model.itemOf(loadMore).label, 'Load more…');
    w.changes.length = 0;
    w.model.loadMore(node);
    w.model.loadMore(node);
    await settle();
    assert.equal(w.calls.length, 2, 'one request for two clicks');
    assert.deepEqual(w.changes, [loadMore], 'only the row changes while the page loads');
    assert.equal(w.model.itemOf(loadMore).label, 'Loading…');
    assert.deepEqual(w.labels(await w.model.getChildren(node)), ['a0', 'a1', 'Loading…'], 'a redraw meanwhile does not wait for the page');
    await w.calls[1].answer({ items: rows(2, 1), nextToken: 't2' });
    assert.deepEqual(w.changes, [loadMore, node]);
    assert.equal(w.model.itemOf(loadMore).label, 'Load more…');
  });

  it('a page that arrives after Refresh Node is dropped; the node starts again at page 1', async () => {
    const w = world({ nodes: [A], profile: 'p' });
    const node = await w.node(A);
    const first = w.model.getChildren(node);
    await settle();
    w.model.refreshNode(node);
    assert.equal(w.calls[0].signal.aborted, true, 'the request in flight is cancelled');
    const again = w.model.getChildren(node);
    await settle();
    assert.equal(w.calls.length, 2);
    assert.equal(w.calls[1].token, undefined);
    await w.calls[1].answer({ items: rows(10, 1) });
    await w.calls[0].answer({ items: rows(0, 3), nextToken: 'stale' });
    await first;
    assert.deepEqual(w.labels(await again), ['a10']);
    assert.deepEqual(w.labels(await w.model.getChildren(node)), ['a10'], 'the late page is not mixed in');
  });

  it('collapsing a node cancels its load; expanding again asks for the same page', async () => {
    const w = world({ nodes: [A], profile: 'p' });
    const node = await w.node(A);
    const first = w.model.getChildren(node);
    await settle();
    await w.calls[0].answer({ items: rows(0, 1), nextToken: 't1' });
    await first;
    w.model.loadMore(node);
    w.model.collapsed(node);
    await settle();
    assert.equal(w.calls[1].signal.aborted, true);
    await w.calls[1].answer({ items: rows(1, 1) });
    assert.deepEqual(w.labels(await w.model.getChildren(node)), ['a0', 'Load more…']);
    w.model.loadMore(node);
    await settle();
    assert.equal(w.calls[2].token, 't1');
  });

  it('a failed page keeps the rows above, then Retry asks for the same token', async () => {
    const w = world({ nodes: [A], profile: 'p' });
    const node = await w.node(A);
    const first = w.model.getChildren(node);
    await settle();
    await w.calls[0].answer({ items: rows(0, 2), nextToken: 't1' });
    await first;
    w.model.loadMore(node);
    await settle();
    await w.calls[1].fail(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const children = await w.model.getChildren(node);
    assert.deepEqual(children.map((c) => c.kind), ['association', 'association', 'error']);
    const error = children[2];
    assert.ok(error.kind === 'error');
    w.model.retry(error);
    await settle();
    assert.equal(w.calls[2].token, 't1');
  });

  it("a settings change keeps the pages of unchanged nodes, drops the others, and resets clients only when the profile or region changed", async () => {
    const w = world({ nodes: [A, B], profile: 'p' });
    const a = await w.node(A);
    const b = await w.node(B);
    for (const node of [a, b]) {
      const children = w.model.getChildren(node);
      await settle();
      await w.calls.at(-1)!.answer({ items: rows(0, 1) });
      await children;
    }
    w.setSettings({ nodes: [A, { id: B, region: 'us-west-2' }], profile: 'p' });
    await settle();
    assert.equal(w.counts().resets, 0, 'the same profile and region: clients stay');
    assert.equal(w.calls.length, 2);
    assert.deepEqual(w.labels(await w.model.getChildren(await w.node(A))), ['a0'], 'A kept its page');
    void w.model.getChildren(await w.node(B));
    await settle();
    assert.equal(w.calls.length, 3, 'B moved to another region: page 1 again');
    assert.equal(w.calls[2].target.region, 'us-west-2');
    w.setSettings({ nodes: [A], profile: 'q' });
    await settle();
    assert.equal(w.counts().resets, 1, 'another profile: new clients');
    assert.equal(w.calls[2].signal.aborted, true, "B's load is cancelled once B is gone");
    assert.equal(w.counts().loads, 1, 'the backend was loaded once');
  });
});
