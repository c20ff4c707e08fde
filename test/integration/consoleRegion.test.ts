// Open in AWS Console: the link's region for a node with no region of its own or in the settings is
// its profile's, read from the profile files (written by the test world) by the real backend.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LazyBackend } from '../../src/aws/lazyBackend';
import { associationConsoleUrl, consoleRegionOf, nodeConsoleUrl } from '../../src/core/console';
import { parseSettings } from '../../src/core/settings';
import type { NodeElement } from '../../src/tree/elements';
import { TreeModel } from '../../src/tree/treeModel';
import { DEMO } from '../emulator/index';
import { useWorld } from './helpers';

const NODE = 'i-0123456789abcdef0';
const OWN = 'i-0123456789abcdef1';
const ASSOCIATION = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('Open in AWS Console: the region of the link', () => {
  const world = useWorld();

  it("a node with no region anywhere but its profile's: the link is for the profile's region; a node's own region wins", async () => {
    assert.notEqual(DEMO.region, 'us-east-1', 'the profile region differs from the default partition region');
    const backend = world().backend();
    const settings = parseSettings({ nodes: [NODE, { id: OWN, region: 'ap-southeast-2' }], profile: 'ssm-demo' });
    const tree = new TreeModel({ readSettings: () => settings, backend: new LazyBackend(() => backend), onChange: () => undefined });
    // Two regions: the nodes are under their (profile, region) group rows.
    const nodes: NodeElement[] = [];
    for (const row of await tree.getChildren()) nodes.push(...((await tree.getChildren(row)).filter((e) => e.kind === 'node') as NodeElement[]), ...(row.kind === 'node' ? [row] : []));
    const entryOf = (id: string) => {
      const found = nodes.find((n) => n.entry.id === id);
      assert.ok(found, `${id} shown`);
      return found.entry;
    };
    const resolve = (profile: string | undefined, explicit?: string) => backend.resolveRegion(profile, explicit);

    const target = tree.targetOf(entryOf(NODE));
    assert.equal(target.region, undefined, 'no region in the node entry nor the settings');
    const region = await consoleRegionOf(target, resolve);
    assert.equal(region, DEMO.region);
    const node = nodeConsoleUrl(NODE, region);
    assert.ok(node.ok && node.url.startsWith(`https://${DEMO.region}.console.aws.amazon.com/`) && node.url.includes(NODE), JSON.stringify(node));
    const association = associationConsoleUrl(ASSOCIATION, region);
    assert.ok(association.ok && association.url.startsWith(`https://${DEMO.region}.console.aws.amazon.com/`) && association.url.endsWith(`region=${DEMO.region}`), JSON.stringify(association));

    const own = await consoleRegionOf(tree.targetOf(entryOf(OWN)), resolve);
    assert.equal(own, 'ap-southeast-2');
    // No region at all: no link, and a reason that says where to set one.
    const none = nodeConsoleUrl(NODE, await consoleRegionOf({ profile: 'ssm-noregion' }, resolve));
    assert.ok(!none.ok && /Select Region/.test(none.reason), JSON.stringify(none));
    assert.equal(world().emulator.log.length, 0, 'no request to build a link');
  });
});
