// "Show Failed Only": only the nodes with failed associations, and only their failed rows. No request.
import { isFailing, visibleNodes, type NodeFailures } from '../core/failures';
import { isFailedStatus } from '../core/status';
import type { NodeElement, TreeElement } from './elements';
import type { LaidOutGroup } from './layout';

export class FailedOnlyFilter {
  private on = false;

  constructor(private readonly failuresOf: (node: NodeElement) => NodeFailures) {}

  get isOn(): boolean {
    return this.on;
  }

  /** Turns the filter on or off; returns whether that changed it. */
  set(on: boolean): boolean {
    if (this.on === on) return false;
    this.on = on;
    return true;
  }

  /** The nodes kept (all of them while the filter is off). */
  nodes(nodes: readonly NodeElement[]): NodeElement[] {
    return visibleNodes(nodes, this.failuresOf, this.on);
  }

  /** The root rows of an ungrouped root kept: failing nodes and invalid entries. */
  rows(rows: readonly TreeElement[]): TreeElement[] {
    return visibleNodes(rows, (row) => (row.kind === 'node' ? this.failuresOf(row) : undefined), this.on);
  }

  /** Whether a group row is kept: it has a failing node, or an error row that must stay in sight. */
  keepsGroup(group: LaidOutGroup, hasErrorRow: () => boolean): boolean {
    return !this.on || hasErrorRow() || group.members.some((node) => isFailing(this.failuresOf(node)));
  }

  /** A node's children kept: the failed rows, and whatever lets the user load more or see a failure. */
  children(node: NodeElement, children: TreeElement[], loaded: number): TreeElement[] {
    if (!this.on) return children;
    const kept = children.filter((child) => child.kind !== 'association' || isFailedStatus(child.info.Status));
    if (kept.length === 0 && loaded > 0) kept.push({ kind: 'message', node, text: 'No failed associations loaded', icon: 'pass' });
    return kept;
  }
}
