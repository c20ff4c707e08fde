// What DescribeInstanceInformation says about the configured nodes, as the tree uses it: asked for
// while the view is visible (never while hidden), one batch per (profile, region) group, and one
// error row per group whose batch failed.
import { describeError } from '../aws/errors';
import type { LazyBackend } from '../aws/lazyBackend';
import { placementKey, type Placement } from '../core/grouping';
import type { NodeInformation } from '../core/nodeInformation';
import type { NodeStanding } from '../core/overview';
import type { GroupElement, GroupErrorElement } from './elements';
import type { Layout } from './layout';
import { NodeInformationStore, type GroupRequests } from './nodeInformationStore';

export class FleetInformation {
  private readonly store: NodeInformationStore;
  private visible = false;
  /** The error row of each failed group, built once per failure. */
  private readonly errorRows = new Map<string, { source: unknown; element: GroupErrorElement }>();

  constructor(
    private readonly backend: LazyBackend,
    /** A group's answer changed (loaded, failed): by its placement key. */
    onAnswer: (groupKey: string) => void,
  ) {
    this.store = new NodeInformationStore((placement, ids, signal) => backend.get().then((b) => b.describeNodes(placement, ids, signal)), onAnswer);
  }

  get isVisible(): boolean {
    return this.visible;
  }

  /** The view was shown or hidden. */
  setVisible(visible: boolean): void {
    this.visible = visible;
  }

  /** Fetches what is not known yet, one batch per group, if the view is visible and it is wanted. */
  request(layout: () => Layout, wanted: boolean): void {
    if (!this.visible || !wanted) return;
    for (const group of layout().groups) this.store.want(group.element.placement, group.members.map((node) => node.entry.id));
  }

  /** Asks about every node of a failed group again (Retry on its error row). */
  retry(placement: Placement, layout: Layout): void {
    const group = layout.groups.find((g) => placementKey(g.element.placement) === placementKey(placement));
    this.store.retry(placement, group?.members.map((node) => node.entry.id) ?? []);
  }

  /** Nodes found by Add Managed Nodes from Account…: known without a request. */
  seed(placement: Placement, nodes: readonly NodeInformation[], region?: string): void {
    this.store.seed(placement, nodes, region);
  }

  /** What the service said about a node, by its group's placement key. */
  standingAt(groupKey: string, nodeId: string): NodeStanding | undefined {
    return this.store.standingAt(groupKey, nodeId);
  }

  /** A group's requests: loading, failed, the region they went to. */
  group(placement: Placement): GroupRequests | undefined {
    return this.store.group(placement);
  }

  /** The error row of a group whose batch failed, if it did (under `group`, or at the top of an ungrouped root). */
  errorRow(placement: Placement, group: GroupElement | undefined): GroupErrorElement | undefined {
    const error = this.store.group(placement)?.error;
    const key = placementKey(placement);
    if (error === undefined) {
      this.errorRows.delete(key);
      return undefined;
    }
    const cached = this.errorRows.get(key);
    if (cached?.source === error && cached.element.group === group) return cached.element;
    const element: GroupErrorElement = {
      kind: 'groupError',
      group,
      placement,
      error: describeError(error, { profile: placement.profile, region: placement.region, endpoint: this.backend.endpoint, timeoutMs: this.backend.requestTimeoutMs }),
    };
    this.errorRows.set(key, { source: error, element });
    return element;
  }

  /** Forgets every answer and cancels the batches in flight (Refresh, a profile switch). */
  reset(): void {
    this.store.reset();
  }
}
