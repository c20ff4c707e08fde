// What a node's or group's row shows besides the element itself: the node's loaded pages and what
// the service said about it, a group's counts and request state. Read each time a row is drawn.
import { failingCount, type NodeFailures } from '../core/failures';
import { placementKey } from '../core/grouping';
import { failedCount, type NodeStanding } from '../core/overview';
import type { Settings } from '../core/settings';
import type { GroupElement, GroupView, NodeElement, NodeView, Views } from './elements';
import type { FleetInformation } from './fleetInformation';
import { targetOf, type TreeLayout } from './layout';
import type { NodePages } from './nodePages';

export class RowViews implements Views {
  constructor(
    private readonly layout: TreeLayout,
    private readonly pages: NodePages,
    private readonly fleet: FleetInformation,
    private readonly settings: () => Settings,
  ) {}

  node(node: NodeElement): NodeView {
    const state = this.pages.at(this.layout.scopeOf(node));
    const standing = this.standingOf(node);
    const grouped = this.layout.current().grouped;
    if (!state) return { more: false, loading: false, failed: false, standing, grouped };
    return { ...state.view(), standing, grouped };
  }

  group(group: GroupElement): GroupView {
    const members = this.layout.membersOf(group);
    const answers = this.fleet.group(group.placement);
    return {
      nodes: members.length,
      failing: failingCount(members.map((node) => this.failuresOf(node))),
      loading: answers?.loading ?? false,
      error: this.fleet.errorRow(group.placement, group)?.error,
      region: answers?.region,
    };
  }

  /** What is known of a node's failed associations: the service's overview and the loaded pages. */
  failuresOf(node: NodeElement): NodeFailures {
    const standing = this.standingOf(node);
    const summary = this.pages.at(this.layout.scopeOf(node))?.view().summary;
    return {
      overviewFailed: standing?.kind === 'found' ? failedCount(standing.info.AssociationOverview) : undefined,
      loadedFailed: summary?.failed,
    };
  }

  private standingOf(node: NodeElement): NodeStanding | undefined {
    const key = this.layout.current().keys.get(node)?.placement ?? placementKey(targetOf(node.entry, this.settings()));
    return this.fleet.standingAt(key, node.entry.id);
  }
}
