// The fleet side of the tree (node information, groups, failed only, badge) against a fake Backend whose
// DescribeInstanceInformation answers come from a table.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AssociationStatusInfo, Backend, DescribedNodes } from '../../src/aws/contract';
import type { AwsScope } from '../../src/core/scope';
import { LazyBackend } from '../../src/aws/lazyBackend';
import type { NodeInformation } from '../../src/core/nodeInformation';
import { parseSettings } from '../../src/core/settings';
import type { ItemSpec, TreeElement, GroupElement, NodeElement, Redraw } from '../../src/tree/elements';
import { NodesTree } from '../../src/tree/nodesTree';
import { fakeBackend } from './fixtures/fakeBackend';

const settle = () => new Promise((resolve) => setImmediate(resolve));
const id = (n: number) => `i-0${String(n).padStart(16, '0')}`;

/** What the fake service knows: per profile, its nodes; profiles in `failing` reject. */
function world(raw: Parameters<typeof parseSettings>[0], fleet: Record<string, NodeInformation[]>, failing: Record<string, Error> = {}) {
  const describeCalls: { scope: AwsScope; ids: readonly string[] }[] = [];
  const pageCalls: string[] = [];
  let loads = 0;
  const backend: Backend = fakeBackend({
    fetchAssociationsPage: async ({ target }) => {
      pageCalls.push(target.nodeId);
      const rows: AssociationStatusInfo[] = [
        { AssociationId: 'ok', Status: 'Success' },
        { AssociationId: 'bad', Status: 'Failed' },
      ];
      return { items: rows };
    },
    describeNodes: async (scope, ids): Promise<DescribedNodes> => {
      describeCalls.push({ scope, ids });
      await settle();
      const profile = scope.profile ?? '';
      if (failing[profile]) throw failing[profile];
      const known = fleet[profile] ?? [];
      const found = known.filter((n) => ids.includes(n.InstanceId));
      return { found, notFound: ids.filter((i) => !found.some((n) => n.InstanceId === i)), invalid: [], refusedTogether: [], requests: Math.ceil(ids.length / 50), region: scope.region ?? 'eu-west-1' };
    },
  });
  let settings = parseSettings(raw);
  const changes: Redraw[] = [];
  // The provider's path (NodesTree), with items as data.
  const drawn = new NodesTree<ItemSpec>({ readSettings: () => settings, backend: new LazyBackend(() => (loads++, backend)), onChange: (e) => changes.push(e) }, (spec) => spec);
  const model = drawn.model;
  const labels = (elements: TreeElement[]) => elements.map((e) => drawn.itemOf(e).label);
  return {
    model,
    drawn,
    describeCalls,
    pageCalls,
    changes,
    loads: () => loads,
    labels,
    setSettings(next: Parameters<typeof parseSettings>[0]) {
      settings = parseSettings(next);
      model.settingsChanged();
    },
    async rows(): Promise<TreeElement[]> {
      const root = await model.getChildren();
      const out: TreeElement[] = [];
      for (const e of root) {
        out.push(e);
        if (e.kind === 'group') out.push(...(await model.getChildren(e)));
      }
      return out;
    },
  };
}

const info = (n: number, extra: Partial<NodeInformation> = {}): NodeInformation => ({
  InstanceId: id(n),
  PingStatus: 'Online',
  ComputerName: `host-${n}`,
  AssociationOverview: { counts: { Success: 3 } },
  ...extra,
});

describe('TreeModel: node information, groups, failed only, badge', () => {
  it('no request while the view is hidden; when shown, one batch per (profile, region)', async () => {
    const nodes = [id(1), id(2), { id: id(3), profile: 'b' }];
    const w = world({ nodes, profile: 'a' }, { a: [info(1), info(2)], b: [info(3)] });
    await w.rows();
    w.model.refreshAll();
    await settle();
    assert.equal(w.describeCalls.length, 0, 'hidden: nothing asked');
    assert.equal(w.loads(), 0, 'hidden: the backend not even loaded');
    w.model.setVisible(true);
    await settle();
    await settle();
    assert.deepEqual(
      w.describeCalls.map((c) => [c.scope.profile, c.ids]),
      [
        ['a', [id(1), id(2)]],
        ['b', [id(3)]],
      ],
    );
    await w.rows();
    assert.equal(w.describeCalls.length, 2, 'listing again asks nothing more');
  });

  it('nodeSummaries off: zero requests when shown', async () => {
    const w = world({ nodes: [id(1)], profile: 'a', nodeSummaries: false }, { a: [info(1)] });
    w.model.setVisible(true);
    await w.rows();
    await settle();
    assert.equal(w.describeCalls.length, 0);
    assert.equal(w.loads(), 0);
  });

  it('rows show the computer name, ping icon, overview; a node not returned says so', async () => {
    const w = world({ nodes: [id(1), id(9), { id: id(2), label: 'mine' }], profile: 'a' }, { a: [info(1, { AssociationOverview: { counts: { Failed: 2, Success: 12 } } }), info(2, { PingStatus: 'ConnectionLost' })] });
    w.model.setVisible(true);
    await w.rows();
    await settle();
    await settle();
    const rows = await w.rows();
    const items = rows.map((e) => w.model.itemOf(e));
    assert.deepEqual(
      items.map((i) => [i.label, i.description, i.icon?.id]),
      [
        [id(1), 'host-1 · 2 failed · 14', 'vm-running'],
        [id(9), 'not found', 'circle-slash'],
        ['mine', `${id(2)} · 3 associations`, 'debug-disconnect'],
      ],
    );
    const tooltip = w.model.tooltipOf(rows[1]) ?? '';
    assert.match(tooltip, /stopped\\, terminated\\, or not a managed node of this account and region/);
  });

  it('groups by (profile, region) only when there are several; groupBy none keeps one list', async () => {
    const nodes = [id(1), { id: id(2), profile: 'b' }, { id: id(3), profile: 'b', region: 'us-east-1' }];
    const w = world({ nodes, profile: 'a' }, {});
    const root = await w.model.getChildren();
    assert.deepEqual(w.labels(root), ["a · profile's region", "b · profile's region", 'b · us-east-1']);
    assert.equal(w.model.itemOf(root[0]).expanded, true);
    const under = await w.model.getChildren(root[2]);
    assert.deepEqual(under.map((e) => (e as NodeElement).entry.id), [id(3)]);
    assert.equal(w.model.getParent(under[0]), root[2]);
    // Collapsing a group row stops the watches of these nodes (extension.ts asks for them here).
    assert.deepEqual(w.model.nodesUnder(root[2]), under);
    assert.deepEqual(w.model.nodesUnder(under[0]), [under[0]]);
    assert.deepEqual(w.model.nodesUnder(root[1]).map((e) => e.entry.id), [id(2)]);
    assert.equal(w.model.itemOf(under[0]).description, undefined, 'the group names profile and region, not the row');
    assert.equal(w.model.itemOf(root[0]).id, 'group/(defaults)');
    w.setSettings({ nodes, profile: 'c' });
    const after = await w.model.getChildren();
    assert.equal(w.model.itemOf(after[0]).label, "c · profile's region");
    assert.equal(w.model.itemOf(after[0]).id, 'group/(defaults)', 'the default group keeps its tree ID when the default profile changes');
    w.setSettings({ nodes, profile: 'a', groupBy: 'none' });
    assert.equal((await w.model.getChildren()).filter((e) => e.kind === 'node').length, 3);
    w.setSettings({ nodes: [id(1), id(2)], profile: 'a' });
    assert.equal((await w.model.getChildren()).filter((e) => e.kind === 'group').length, 0, 'one (profile, region): no group row');
  });

  it("an answer that changes a group's label redraws from the root; one that does not, only that group", async () => {
    const nodes = [id(1), { id: id(2), profile: 'b', region: 'us-east-1' }];
    const w = world({ nodes, profile: 'a' }, { a: [info(1)], b: [info(2)] });
    w.model.setVisible(true);
    const root = await w.model.getChildren();
    // What VS Code is given: the label each group row is drawn with.
    assert.deepEqual(w.labels(root), ["a · profile's region", 'b · us-east-1']);
    w.changes.length = 0;
    for (let i = 0; i < 5; i++) await settle();
    assert.equal(w.describeCalls.length, 2);
    assert.ok(w.changes.includes(undefined), 'the region of profile a, now known, redraws the root');
    assert.ok(w.changes.includes(root[1]), 'group b (label unchanged) is redrawn alone');
    assert.equal(w.changes.length, 2);
    assert.equal(w.drawn.itemOf(root[0]).label, 'a · eu-west-1');
  });

  it('in one list, an answer redraws only its nodes; the root only when an error row comes or goes, or Show Failed Only is on', async () => {
    const expired = Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException' });
    const nodes = [id(1), id(2), { id: id(3), profile: 'a', region: 'eu-west-1' }];
    const w = world({ nodes, profile: 'a', groupBy: 'none' }, { a: [info(1), info(2), info(3)] }, {});
    w.model.setVisible(true);
    const root = await w.model.getChildren();
    w.changes.length = 0;
    for (let i = 0; i < 5; i++) await settle();
    assert.equal(w.describeCalls.length, 2, 'two (profile, region) groups, shown as one list');
    assert.equal(w.changes.includes(undefined), false, 'no whole-list redraw: it would ask for every row again, over a node whose page just landed');
    const redrawn = w.changes.flatMap((c) => (Array.isArray(c) ? c : [c]));
    assert.deepEqual(new Set(redrawn), new Set(root), 'each node row redrawn, once');
    assert.equal(redrawn.length, 3);
    assert.equal(w.model.itemOf(root[0]).description, 'host-1 · 3 associations');

    // An error row at the top of the list is a change of the root's rows: the root is redrawn.
    const failing = world({ nodes: [id(1)], profile: 'old', groupBy: 'none' }, {}, { old: expired });
    failing.model.setVisible(true);
    await failing.model.getChildren();
    failing.changes.length = 0;
    for (let i = 0; i < 5; i++) await settle();
    assert.deepEqual(failing.changes, [undefined]);
    assert.deepEqual((await failing.model.getChildren()).map((e) => e.kind), ['groupError', 'node']);

    // With Show Failed Only on, an answer can add or hide nodes: the root is redrawn.
    const filtered = world({ nodes: [id(1), id(2)], profile: 'a' }, { a: [info(1, { AssociationOverview: { counts: { Failed: 1 } } }), info(2)] });
    filtered.model.setFailedOnly(true);
    filtered.model.setVisible(true);
    assert.deepEqual(await filtered.model.getChildren(), [], 'nothing known to fail yet');
    filtered.changes.length = 0;
    for (let i = 0; i < 5; i++) await settle();
    assert.deepEqual(filtered.changes, [undefined]);
    assert.deepEqual((await filtered.model.getChildren()).map((e) => (e as NodeElement).entry.id), [id(1)]);
  });

  it('a failing profile gets one error row on its group, with its action; the other group is not delayed', async () => {
    const expired = Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException' });
    const nodes = [id(1), { id: id(2), profile: 'old' }, { id: id(3), profile: 'old' }];
    const w = world({ nodes, profile: 'a' }, { a: [info(1)] }, { old: expired });
    w.model.setVisible(true);
    await w.rows();
    await settle();
    await settle();
    const root = (await w.model.getChildren()) as GroupElement[];
    const good = await w.model.getChildren(root[0]);
    const bad = await w.model.getChildren(root[1]);
    assert.equal(w.model.itemOf(good[0]).description, 'host-1 · 3 associations');
    assert.deepEqual(bad.map((e) => e.kind), ['groupError', 'node', 'node'], 'one error row, not one per node');
    const errorItem = w.model.itemOf(bad[0]);
    assert.equal(errorItem.label, 'Session credentials expired');
    assert.equal(errorItem.command?.command, 'ssmAssociations.retry');
    assert.match(w.model.itemOf(root[1]).description ?? '', /Session credentials expired/);
    assert.equal(w.model.getParent(bad[0]), root[1]);
    await w.rows();
    assert.equal(w.describeCalls.filter((c) => c.scope.profile === 'old').length, 1, 'no retry storm');
    w.model.retry(bad[0] as never);
    await settle();
    assert.equal(w.describeCalls.filter((c) => c.scope.profile === 'old').length, 2, 'Retry asks again');
  });

  it('badge counts nodes with failed associations from node information and loaded pages; failed only hides the rest without a request', async () => {
    const nodes = [id(1), id(2), id(3)];
    const w = world({ nodes, profile: 'a' }, { a: [info(1, { AssociationOverview: { counts: { Failed: 1 } } }), info(2), info(3)] });
    w.model.setVisible(true);
    await w.rows();
    await settle();
    await settle();
    assert.equal(w.model.failingNodes(), 1);
    // Node 3's pages show a failed row the overview did not count yet.
    const three = (await w.model.getChildren()).find((e): e is NodeElement => e.kind === 'node' && e.entry.id === id(3))!;
    await w.model.getChildren(three);
    assert.equal(w.model.failingNodes(), 2);
    assert.equal(w.model.itemOf(three).description, "host-3 · 1 failed · 2 loaded", "once expanded, the loaded pages' counts replace the overview");
    const before = w.describeCalls.length + w.pageCalls.length;
    w.model.setFailedOnly(true);
    const shown = await w.model.getChildren();
    assert.deepEqual(shown.map((e) => (e as NodeElement).entry.id), [id(1), id(3)]);
    assert.deepEqual(w.labels(await w.model.getChildren(three)), ['bad'], 'only the failed row');
    w.model.setFailedOnly(false);
    assert.equal((await w.model.getChildren()).length, 3);
    assert.deepEqual(w.labels(await w.model.getChildren(three)), ['ok', 'bad'], 'pages kept');
    assert.equal(w.describeCalls.length + w.pageCalls.length, before, 'toggling asks nothing');
  });

  it('Refresh asks again; nodes found by discovery need no request', async () => {
    const w = world({ nodes: [id(1)], profile: 'a' }, { a: [info(1), info(2)] });
    w.model.setVisible(true);
    await w.rows();
    await settle();
    w.model.refreshAll();
    await settle();
    assert.equal(w.describeCalls.length, 2);
    w.model.nodesDescribed({ profile: 'a' }, [info(2)], 'eu-west-1');
    w.setSettings({ nodes: [id(1), id(2)], profile: 'a' });
    await w.rows();
    await settle();
    assert.equal(w.describeCalls.length, 2, 'the discovered node is known already');
    w.model.setVisible(false);
    w.model.refreshAll();
    await settle();
    assert.equal(w.describeCalls.length, 2, 'Refresh while hidden waits for the view to show');
  });
});
