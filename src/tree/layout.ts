// Layout and identity: which rows the root holds and which object stands for each node and group.
// An element is kept while its node or group stays in the settings, so VS Code keeps it expanded.
import type { NodeTarget } from '../aws/contract';
import { groupsOf, placementKey, shouldGroup } from '../core/grouping';
import type { NodeEntry } from '../core/nodeEntries';
import type { Settings } from '../core/settings';
import { nodeItemId, type GroupElement, type NodeElement, type TreeElement } from './elements';
import { targetKey } from './nodeState';

/** Each node's target, scope key (its pages) and placement key (its node information), computed once per layout. */
export interface NodeKeys {
  readonly target: NodeTarget;
  readonly scope: string;
  readonly placement: string;
}

/** The nodes of one (profile, region) and the row that stands for them. */
export interface LaidOutGroup {
  readonly element: GroupElement;
  readonly members: readonly NodeElement[];
}

/** How the root is laid out now: the nodes by (profile, region), and whether group rows show. */
export interface Layout {
  readonly grouped: boolean;
  readonly groups: readonly LaidOutGroup[];
  /** The group of each node (by node element). */
  readonly groupOf: ReadonlyMap<NodeElement, GroupElement>;
  readonly keys: ReadonlyMap<NodeElement, NodeKeys>;
  /** Root rows in settings order: nodes and invalid entries (when not grouped). */
  readonly flat: readonly TreeElement[];
  readonly invalid: readonly TreeElement[];
}

/** Which node to ask, with whose credentials, where: the entry's own profile and region, else the settings'. */
export function targetOf(entry: NodeEntry, settings: Settings): NodeTarget {
  return { nodeId: entry.id, profile: entry.profile ?? settings.profile, region: entry.region ?? settings.region };
}

/** The layout of the settings' nodes, built once per settings (`invalidate` after they change). */
export class TreeLayout {
  private readonly nodes = new Map<string, NodeElement>();
  private readonly groups = new Map<string, GroupElement>();
  private cached: Layout | undefined;

  constructor(private readonly settings: () => Settings) {}

  /** The settings changed: the next `current` lays the nodes out again (keeping the elements that stay). */
  invalidate(): void {
    this.cached = undefined;
  }

  /** The node's scope key (the key of its pages): from the layout when it was laid out, else computed. */
  scopeOf(node: NodeElement): string {
    return this.cached?.keys.get(node)?.scope ?? targetKey(targetOf(node.entry, this.settings()));
  }

  /** The nodes of a group, in settings order. */
  membersOf(group: GroupElement): readonly NodeElement[] {
    return this.current().groups.find((g) => g.element === group)?.members ?? [];
  }

  /** The nodes of the settings (each node once per effective profile and region), grouped. */
  current(): Layout {
    if (this.cached) return this.cached;
    const settings = this.settings();
    const seen = new Set<string>();
    const scopes = new Set<string>();
    const flat: TreeElement[] = [];
    const invalid: TreeElement[] = [];
    const nodes: NodeElement[] = [];
    const keys = new Map<NodeElement, NodeKeys>();
    for (const entry of settings.entries) {
      if (entry.kind === 'invalid') {
        const element: TreeElement = { kind: 'invalid', entry };
        flat.push(element);
        invalid.push(element);
        continue;
      }
      const id = nodeItemId(entry);
      const target = targetOf(entry, settings);
      const scope = targetKey(target);
      // The same node with the same effective profile and region is shown once.
      if (scopes.has(scope)) continue;
      scopes.add(scope);
      seen.add(id);
      let node = this.nodes.get(id);
      if (!node || node.entry.label !== entry.label) {
        node = { kind: 'node', entry };
        this.nodes.set(id, node);
      }
      flat.push(node);
      nodes.push(node);
      // A target is a placement too (its profile and region): one object per node, not three.
      keys.set(node, { target, scope, placement: placementKey(target) });
    }
    for (const id of this.nodes.keys()) if (!seen.has(id)) this.nodes.delete(id);
    const groups = groupsOf(nodes, (node) => keys.get(node)!.target).map((group) => {
      const isDefault = group.profile === settings.profile && group.region === settings.region;
      const itemId = isDefault ? 'group/(defaults)' : `group/${group.key}`;
      let element = this.groups.get(group.key);
      if (!element || element.itemId !== itemId) {
        element = { kind: 'group', key: group.key, placement: { profile: group.profile, region: group.region }, itemId };
        this.groups.set(group.key, element);
      }
      return { element, members: group.members };
    });
    const live = new Set(groups.map((g) => g.element.key));
    for (const key of this.groups.keys()) if (!live.has(key)) this.groups.delete(key);
    const groupOf = new Map<NodeElement, GroupElement>();
    for (const group of groups) for (const node of group.members) groupOf.set(node, group.element);
    this.cached = { grouped: shouldGroup(settings.groupBy, groups.length), groups, groupOf, flat, invalid, keys };
    return this.cached;
  }
}
