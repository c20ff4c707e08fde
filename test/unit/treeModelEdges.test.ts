// TreeModel's edges against a fake Backend: the page-load callback, a change of the default region,
// a node's placement, dispose, and Show Failed Only over group rows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AssociationStatusInfo, Backend, DescribedNodes } from '../../src/aws/contract';
import { LazyBackend } from '../../src/aws/lazyBackend';
import type { AwsScope } from '../../src/core/scope';
import { parseSettings } from '../../src/core/settings';
import type { NodeElement } from '../../src/tree/elements';
import type { Page } from '../../src/paging/pager';
import { TreeModel } from '../../src/tree/treeModel';
import { fakeBackend } from './fixtures/fakeBackend';

const settle = () => new Promise((resolve) => setImmediate(resolve));
const A = 'i-0123456789abcdef0';
const B = 'i-0123456789abcdef1';

/** A model whose page and describe requests wait for the test (held), or answer at once from `fleet`. */
function world(raw: Parameters<typeof parseSettings>[0], fleet?: Record<string, { failing?: Error; failedNodes?: string[] }>) {
  const pages: { nodeId: string; signal: AbortSignal; resolve: (p: Page<AssociationStatusInfo>) => void; reject: (e: unknown) => void }[] = [];
  const describes: { scope: AwsScope; ids: readonly string[]; signal: AbortSignal }[] = [];
  let resets = 0;
  const backend: Backend = fakeBackend({
    fetchAssociationsPage: ({ target, signal }) => new Promise((resolve, reject) => pages.push({ nodeId: target.nodeId, signal, resolve, reject })),
    describeNodes: (scope, ids, signal): Promise<DescribedNodes> => {
      describes.push({ scope, ids, signal });
      const group = fleet?.[scope.profile ?? ''];
      if (!fleet) return new Promise<DescribedNodes>(() => undefined);
      if (group?.failing) return Promise.reject(group.failing);
      const failed = group?.failedNodes ?? [];
      return Promise.resolve({
        found: ids.map((id) => ({ InstanceId: id, PingStatus: 'Online', AssociationOverview: { counts: { [failed.includes(id) ? 'Failed' : 'Success']: 1 } } })),
        notFound: [],
        invalid: [],
        refusedTogether: [],
        requests: 1,
        region: scope.region ?? 'eu-west-1',
      });
    },
    reset: () => void resets++,
  });
  let settings = parseSettings(raw);
  const loaded: [string, string][] = [];
  const model = new TreeModel({
    readSettings: () => settings,
    backend: new LazyBackend(() => backend),
    onChange: () => undefined,
    onLoaded: (node, outcome) => loaded.push([node.entry.id, outcome]),
  });
  return {
    model,
    pages,
    describes,
    loaded,
    resets: () => resets,
    setSettings(next: Parameters<typeof parseSettings>[0]) {
      settings = parseSettings(next);
      model.settingsChanged();
    },
    async node(id: string): Promise<NodeElement> {
      const found = (await model.getChildren()).find((e): e is NodeElement => e.kind === 'node' && e.entry.id === id);
      assert.ok(found, `node ${id} listed`);
      return found;
    },
  };
}

describe('TreeModel: its edges', () => {
  it('tells onLoaded of each page load, loaded or failed, for the log and the benchmark', async () => {
    const w = world({ nodes: [A], profile: 'p' });
    const node = await w.node(A);
    const children = w.model.getChildren(node);
    await settle();
    w.pages[0].resolve({ items: [{ AssociationId: 'a1', Status: 'Success' }], nextToken: 't1' });
    await children;
    await settle();
    w.model.loadMore(node);
    await settle();
    w.pages[1].reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await settle();
    await settle();
    assert.deepEqual(w.loaded, [
      [A, 'loaded'],
      [A, 'failed'],
    ]);
  });

  it('a new default region (same profile) drops the clients and asks about the nodes again', async () => {
    const w = world({ nodes: [A], profile: 'p', region: 'eu-west-1' });
    w.model.setVisible(true);
    await w.model.getChildren();
    await settle();
    assert.equal(w.describes.length, 1);
    w.setSettings({ nodes: [A], profile: 'p', region: 'us-east-1' });
    assert.equal(w.describes[0].signal.aborted, true, "the old region's batch is cancelled");
    await settle();
    assert.equal(w.resets(), 1, 'clients are per region: new ones');
    assert.deepEqual(w.describes.map((d) => d.scope.region), ['eu-west-1', 'us-east-1']);
    w.setSettings({ nodes: [A, B], profile: 'p', region: 'us-east-1' });
    await settle();
    assert.equal(w.resets(), 1, 'the same profile and region: clients stay');
  });

  it("a node's placement: its own profile and region, else the settings'", async () => {
    const w = world({ nodes: [A, { id: B, region: 'ap-south-1' }], profile: 'p', region: 'eu-west-1' });
    const root = await w.model.getChildren();
    const nodes = root.flatMap((e) => (e.kind === 'node' ? [e] : []));
    const groups = root.filter((e) => e.kind === 'group');
    for (const g of groups) nodes.push(...((await w.model.getChildren(g)) as NodeElement[]));
    const byId = new Map(nodes.map((n) => [n.entry.id, n]));
    assert.deepEqual(w.model.placementOf(byId.get(A)!.entry), { profile: 'p', region: 'eu-west-1' });
    assert.deepEqual(w.model.placementOf(byId.get(B)!.entry), { profile: 'p', region: 'ap-south-1' });
  });

  it('dispose cancels the page and the node information in flight', async () => {
    const w = world({ nodes: [A], profile: 'p' });
    w.model.setVisible(true);
    const node = await w.node(A);
    void w.model.getChildren(node);
    await settle();
    assert.equal(w.pages.length, 1);
    assert.equal(w.describes.length, 1);
    w.model.dispose();
    assert.equal(w.pages[0].signal.aborted, true);
    assert.equal(w.describes[0].signal.aborted, true);
  });

  it('Show Failed Only over group rows: a group without failing nodes goes; one with failures or an error row stays', async () => {
    const expired = Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException' });
    const nodes = [A, { id: B, profile: 'q' }, { id: 'i-0123456789abcdef2', profile: 'r' }];
    const w = world({ nodes, profile: 'p' }, { p: {}, q: { failedNodes: [B] }, r: { failing: expired } });
    w.model.setVisible(true);
    const all = await w.model.getChildren();
    assert.equal(all.length, 3);
    for (let i = 0; i < 4; i++) await settle();
    w.model.setFailedOnly(true);
    const shown = await w.model.getChildren();
    assert.deepEqual(
      shown.map((e) => (e.kind === 'group' ? e.placement.profile : e.kind)),
      ['q', 'r'],
    );
    w.model.setFailedOnly(false);
    assert.equal((await w.model.getChildren()).length, 3);
  });
});
