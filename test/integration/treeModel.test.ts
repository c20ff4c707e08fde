import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Backend } from '../../src/aws/contract';
import { LazyBackend } from '../../src/aws/lazyBackend';
import { parseSettings } from '../../src/core/settings';
import { LOAD_MORE_LABEL, NO_ASSOCIATIONS_LABEL, type ItemSpec, type TreeElement, type NodeElement, type Redraw } from '../../src/tree/elements';
import { NodesTree } from '../../src/tree/nodesTree';
import type { TreeModel } from '../../src/tree/treeModel';
import { DEMO, KEYS } from '../emulator/index';
import { startWorld, type World } from './helpers';

const { nodes } = DEMO;

/** The tree as VS Code drives it (the provider's path, items as data), with the real backend behind it. */
function treeOf(backend: Backend, raw: Parameters<typeof parseSettings>[0]) {
  let settings = parseSettings(raw);
  const changes: Redraw[] = [];
  const drawn = new NodesTree<ItemSpec>(
    {
      readSettings: () => settings,
      backend: new LazyBackend(() => backend, { requestTimeoutMs: 2_000 }),
      onChange: (element) => changes.push(element),
    },
    (spec) => spec,
  );
  const model = drawn.model;
  return {
    model,
    drawn,
    changes,
    setSettings(next: Parameters<typeof parseSettings>[0]) {
      settings = parseSettings(next);
      model.settingsChanged();
    },
    async root() {
      return model.getChildren();
    },
    async node(id: string): Promise<NodeElement> {
      const found = (await model.getChildren()).find((e) => e.kind === 'node' && e.entry.id === id);
      assert.ok(found && found.kind === 'node', `node ${id} listed`);
      return found;
    },
    labels: (elements: TreeElement[]) => elements.map((e) => drawn.itemOf(e).label),
  };
}

async function settle(model: TreeModel, node: NodeElement) {
  // Waits for the load in flight of a node (what VS Code does by awaiting getChildren after a change).
  for (let i = 0; i < 400; i++) {
    const children = await model.getChildren(node);
    if (!children.some((e) => model.itemOf(e).label === 'Loading…')) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.fail('the page never finished loading');
}

describe('the tree against the local endpoint: exactly the requests a user caused', () => {
  let world: World;
  let backend: Backend;
  before(async () => {
    world = await startWorld();
    backend = world.backend();
  });
  after(() => world.stop());
  beforeEach(() => {
    world.emulator.clearLog();
    world.emulator.clearFaults();
    backend.reset();
  });

  it('listing 500 configured nodes makes no request; invalid and duplicate entries are handled', async () => {
    const many = Array.from({ length: 500 }, (_, i) => `i-${i.toString(16).padStart(17, '0')}`);
    const tree = treeOf(backend, { nodes: [...many, 'i-123', many[0]], profile: 'ssm-demo', pageSize: 50 });
    const root = await tree.root();
    assert.equal(root.length, 501, '500 nodes, the invalid one, the duplicate shown once');
    const invalid = root[500];
    assert.equal(invalid.kind, 'invalid');
    assert.match(tree.model.itemOf(invalid).description ?? '', /invalid: An EC2 instance ID is "i-" and 8 or 17/);
    assert.equal(world.emulator.log.length, 0);
  });

  it('expanding a node is one request; each "Load more…" one more; the last page drops "Load more…"', async () => {
    const tree = treeOf(backend, { nodes: [nodes.many, nodes.three], profile: 'ssm-demo', pageSize: 50 });
    const node = await tree.node(nodes.many);
    let children = await tree.model.getChildren(node);
    assert.equal(children.length, 51);
    assert.equal(tree.labels(children).at(-1), LOAD_MORE_LABEL);
    assert.equal(world.emulator.log.length, 1);
    assert.equal(world.emulator.log[0].maxResults, 50);

    const loadMore = children.at(-1)!;
    assert.equal(loadMore.kind, 'loadMore');
    const changesBefore = tree.changes.length;
    tree.model.loadMore(node);
    tree.model.loadMore(node); // a double click
    assert.deepEqual(tree.changes.slice(changesBefore), [loadMore], 'only the "Load more…" row is redrawn while the page loads');
    children = await tree.model.getChildren(node);
    assert.equal(tree.model.itemOf(children.at(-1)!).label, 'Loading…', 'the item shows that it is loading');
    await settle(tree.model, node);
    children = await tree.model.getChildren(node);
    assert.equal(children.length, 101);
    assert.equal(world.emulator.log.length, 2, 'the double click fetched one page');

    tree.model.loadMore(node);
    await settle(tree.model, node);
    children = await tree.model.getChildren(node);
    assert.equal(children.length, 137);
    assert.ok(children.every((c) => c.kind === 'association'));
    assert.equal(world.emulator.log.length, 3);
    assert.deepEqual(world.emulator.log.map((e) => e.nextToken), [undefined, world.emulator.log[0].nextTokenOut, world.emulator.log[1].nextTokenOut]);
    assert.equal(new Set(children.map((c) => tree.model.itemOf(c).id)).size, 137, 'stable, unique item IDs');

    const item = tree.model.itemOf(node);
    assert.match(item.description ?? '', /137 loaded/);
    const first = children[0];
    assert.equal(tree.drawn.itemOf(first), tree.drawn.itemOf(first), 'a row\'s item is built once and reused');
    const built = tree.drawn.itemOf(first);
    assert.notEqual(tree.drawn.itemOf(first, Date.now() + 60_000), built, 'and rebuilt when its relative time may have moved');
  });

  it('Refresh reloads page 1 of the expanded nodes only; Refresh Node one node; nothing else', async () => {
    const tree = treeOf(backend, { nodes: [nodes.many, nodes.three, nodes.hybrid], profile: 'ssm-demo', pageSize: 20 });
    const many = await tree.node(nodes.many);
    const three = await tree.node(nodes.three);
    await tree.model.getChildren(many);
    await tree.model.getChildren(three);
    tree.model.loadMore(many);
    await settle(tree.model, many);
    world.emulator.clearLog();

    tree.model.refreshAll();
    assert.ok(tree.changes.includes(undefined), 'the whole tree is redrawn');
    // VS Code asks again for the children of the expanded nodes (many and three), not for the collapsed one.
    await Promise.all([tree.model.getChildren(many), tree.model.getChildren(three)]);
    assert.deepEqual(world.emulator.log.map((e) => [e.instanceId, e.nextToken]).sort(), [
      [nodes.many, undefined],
      [nodes.three, undefined],
    ].sort());
    assert.equal((await tree.model.getChildren(many)).length, 21, 'back to page 1');

    world.emulator.clearLog();
    tree.model.refreshNode(three);
    await tree.model.getChildren(three);
    assert.deepEqual(world.emulator.log.map((e) => e.instanceId), [nodes.three]);
  });

  it('Refresh drops the clients: after the profile file is edited, the new key signs', { timeout: 10_000 }, async () => {
    const tree = treeOf(backend, { nodes: [nodes.three], profile: 'ssm-demo' });
    const node = await tree.node(nodes.three);
    await tree.model.getChildren(node);
    const saved = process.env.AWS_SHARED_CREDENTIALS_FILE;
    // The user edits the file: the same profile name now holds the second account's keys.
    const edited = join(world.dir, 'edited-credentials');
    writeFileSync(edited, `[ssm-demo]\naws_access_key_id = ${KEYS.second.accessKeyId}\naws_secret_access_key = ${KEYS.second.secretAccessKey}\n`);
    process.env.AWS_SHARED_CREDENTIALS_FILE = edited;
    try {
      tree.model.refreshAll();
      await tree.model.getChildren(node);
      assert.deepEqual(
        world.emulator.log.map((e) => e.accessKeyId),
        [KEYS.demo.accessKeyId, KEYS.second.accessKeyId],
        'the request after Refresh is signed with the key now in the file',
      );
    } finally {
      process.env.AWS_SHARED_CREDENTIALS_FILE = saved;
    }
  });

  it('collapsing a node cancels its page in flight: the request is aborted, nothing late lands, expanding loads again', { timeout: 10_000 }, async () => {
    const tree = treeOf(backend, { nodes: [nodes.three], profile: 'ssm-demo' });
    const node = await tree.node(nodes.three);
    world.emulator.setFault({ latencyMs: 1_500 }, nodes.three);
    const first = tree.model.getChildren(node);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(world.emulator.log.length, 0, 'the request is still in flight');
    const started = Date.now();
    tree.model.collapsed(node);
    assert.deepEqual(await first, [], 'the cancelled load shows nothing');
    assert.ok(Date.now() - started < 700, `cancelled at once, not after the answer 1.35 s away (took ${Date.now() - started} ms)`);
    assert.ok(tree.changes.includes(node), 'the node is redrawn');
    assert.match(world.log.text, new RegExp(`DescribeInstanceAssociationsStatus node=${nodes.three}[^\\n]*→ cancelled`));
    await new Promise((r) => setTimeout(r, 1_600));
    world.emulator.clearFaults();
    const again = await tree.model.getChildren(node);
    assert.equal(again.filter((e) => e.kind === 'association').length, 3, 'expanding again loads page 1, once');
  });

  it('Refresh while "Load more" is in flight: no mixed pages, no duplicates', async () => {
    const tree = treeOf(backend, { nodes: [nodes.many], profile: 'ssm-demo', pageSize: 20 });
    const node = await tree.node(nodes.many);
    await tree.model.getChildren(node);
    world.emulator.setFault({ latencyMs: 200 }, nodes.many);
    tree.model.loadMore(node);
    tree.model.refreshAll();
    const children = await tree.model.getChildren(node);
    await new Promise((r) => setTimeout(r, 300));
    const after = await tree.model.getChildren(node);
    assert.equal(children.length, 21);
    assert.equal(after.length, 21, 'the page of before the refresh never landed');
    const ids = after.filter((c) => c.kind === 'association').map((c) => (c.kind === 'association' ? c.info.AssociationId : ''));
    assert.equal(new Set(ids).size, 20);
  });

  it('a node with no associations says so; an invalid entry is never sent', async () => {
    const tree = treeOf(backend, { nodes: [nodes.empty, 'mi-123'], profile: 'ssm-demo' });
    const node = await tree.node(nodes.empty);
    assert.deepEqual(tree.labels(await tree.model.getChildren(node)), [NO_ASSOCIATIONS_LABEL]);
    const invalid = (await tree.root())[1];
    assert.deepEqual(await tree.model.getChildren(invalid), []);
    assert.deepEqual(world.emulator.log.map((e) => e.instanceId), [nodes.empty]);
  });

  it('errors appear under the node that failed, with Retry; Retry after the fault clears shows the rows', async () => {
    const tree = treeOf(backend, { nodes: [nodes.noAccess, nodes.three], profile: 'ssm-demo' });
    const bad = await tree.node(nodes.noAccess);
    const [error] = await tree.model.getChildren(bad);
    assert.equal(error.kind, 'error');
    const item = tree.model.itemOf(error);
    assert.equal(item.label, 'Node not reachable', 'a few words that fit a narrow sidebar');
    assert.equal(item.description, 'click to retry');
    const shownText = (item.tooltipMarkdown ?? '').replace(/\\(.)/g, '$1'); // as rendered: escapes removed
    assert.match(shownText, /Node not reachable with profile "ssm-demo" in eu-west-1/, 'the region resolved from the profile is named');
    assert.match(item.tooltipMarkdown ?? '', /SSM Agent is not running/);
    assert.equal(item.icon?.color, 'errorForeground');
    assert.equal(item.command?.command, 'ssmAssociations.retry');
    assert.equal(tree.model.itemOf(bad).icon?.id, 'warning');

    const three = await tree.node(nodes.three);
    world.emulator.setFault({ internalError: 'always' }, nodes.three);
    const [failed] = await tree.model.getChildren(three);
    assert.equal(failed.kind === 'error' && failed.error.code, 'ServerError');
    world.emulator.clearFaults();
    tree.model.retry(failed as Extract<TreeElement, { kind: 'error' }>);
    const rows = await tree.model.getChildren(three);
    assert.equal(rows.length, 3);
  });

  it('a profile switch in settings: new clients, the new key signs, pages of the old profile are gone', async () => {
    const tree = treeOf(backend, { nodes: [nodes.three], profile: 'ssm-demo' });
    const node = await tree.node(nodes.three);
    await tree.model.getChildren(node);
    tree.setSettings({ nodes: [nodes.three], profile: 'ssm-second' });
    const again = await tree.node(nodes.three);
    assert.equal(tree.model.itemOf(again).id, tree.model.itemOf(node).id, 'the node keeps its ID, so it stays expanded');
    const children = await tree.model.getChildren(again);
    assert.equal(children[0].kind, 'error', 'the node belongs to the demo account, not the second one');
    assert.deepEqual(world.emulator.log.map((e) => e.accessKeyId), [KEYS.demo.accessKeyId, KEYS.second.accessKeyId]);
  });

  it('association items: label, description, icon, tooltip escaped, context value by output', async () => {
    const tree = treeOf(backend, { nodes: [nodes.three, nodes.hostile], profile: 'ssm-demo', pageSize: 50 });
    const items = (await tree.model.getChildren(await tree.node(nodes.three))).map((c) => tree.model.itemOf(c));
    const byStatus = new Map(items.map((i) => [i.description?.split(' · ')[0], i]));
    assert.equal(byStatus.get('Success')?.icon?.id, 'pass');
    assert.equal(byStatus.get('Failed')?.icon?.id, 'error');
    assert.equal(byStatus.get('Pending')?.icon?.id, 'clock');
    assert.equal(byStatus.get('Success')?.contextValue, 'association.withOutput');
    assert.equal(byStatus.get('Pending')?.contextValue, 'association');

    const hostileRows = await tree.model.getChildren(await tree.node(nodes.hostile));
    assert.ok(hostileRows.length > 0);
    for (const row of hostileRows) {
      const item = tree.model.itemOf(row);
      // eslint-disable-next-line no-control-regex -- the control characters the labels must not contain
      assert.doesNotMatch(item.label, /[\u0000-\u001F\u202A-\u202E\u2066-\u2069]/, 'no control or bidi characters in labels');
      assert.ok(item.label.length <= 80);
      // In the tooltip, no unescaped character can start a link, image, HTML tag or code span.
      const md = tree.model.tooltipOf(row) ?? '';
      assert.match(md, /\*\*AssociationId\*\*/, 'the tooltip lists the fields');
      for (const m of md.matchAll(/[[\]()<>`!]/g)) assert.equal(md[m.index! - 1], '\\', `unescaped ${m[0]} in ${md.slice(Math.max(0, m.index! - 20), m.index! + 20)}`);
    }
  });
});
