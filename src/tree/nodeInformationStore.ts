// What the service says about the configured nodes before they are expanded, one batch per
// (profile, region) group. No 'vscode' here: the tree model asks for it, tests drive it directly.
import type { DescribedNodes } from '../aws/contract';
import { type AwsScope, scopeKey } from '../core/scope';
import type { NodeInformation } from '../core/nodeInformation';
import type { NodeStanding } from '../core/overview';

/** Describes some nodes of one (profile, region): the backend's describeNodes. */
export type DescribeNodes = (placement: AwsScope, ids: readonly string[], signal: AbortSignal) => Promise<DescribedNodes>;

/** The requests of one group as the tree shows them: loading, failed, the region they went to. */
export interface GroupRequests {
  readonly loading: boolean;
  /** The failure of the last batch (credentials, throttling…), shown once on the group. */
  readonly error?: unknown;
  /** The region the requests went to, once one answered. */
  readonly region?: string;
}

interface GroupEntry {
  readonly placement: AwsScope;
  readonly standings: Map<string, NodeStanding>;
  /** IDs asked about in the batches in flight. */
  readonly inFlight: Set<string>;
  readonly controllers: Set<AbortController>;
  loads: number;
  error?: unknown;
  region?: string;
}

/**
 * What DescribeInstanceInformation said about each node (its node information), by group: `want` fetches what is not known yet (one batch per group, groups in
 * parallel, so a slow or failing profile never delays another); `reset` drops everything and
 * cancels what is in flight, whose answers are then dropped.
 */
export class NodeInformationStore {
  private readonly groups = new Map<string, GroupEntry>();

  constructor(
    private readonly describe: DescribeNodes,
    /** A group's node information changed (loaded, failed): its rows must be drawn again. */
    private readonly onChange: (groupKey: string) => void,
  ) {}

  private entry(placement: AwsScope): GroupEntry {
    const key = scopeKey(placement);
    let entry = this.groups.get(key);
    if (!entry) {
      entry = { placement, standings: new Map(), inFlight: new Set(), controllers: new Set(), loads: 0 };
      this.groups.set(key, entry);
    }
    return entry;
  }

  /** What the service said about a node, if it was asked. */
  standing(placement: AwsScope, id: string): NodeStanding | undefined {
    return this.groups.get(scopeKey(placement))?.standings.get(id);
  }

  /** The same, by the group's scopeKey (the tree computes it once per node). */
  standingAt(groupKey: string, id: string): NodeStanding | undefined {
    return this.groups.get(groupKey)?.standings.get(id);
  }

  group(placement: AwsScope): GroupRequests | undefined {
    const entry = this.groups.get(scopeKey(placement));
    return entry && { loading: entry.loads > 0, error: entry.error, region: entry.region };
  }

  /**
   * Asks about the IDs of the group that are neither known nor asked about already. A group whose
   * last batch failed is left alone until `retry` or `reset`: one failure, one error row, no storm.
   */
  want(placement: AwsScope, ids: readonly string[]): void {
    const entry = this.entry(placement);
    if (entry.error !== undefined) return;
    const missing = [...new Set(ids)].filter((id) => !entry.standings.has(id) && !entry.inFlight.has(id));
    if (missing.length === 0) return;
    this.fetch(entry, missing);
  }

  /** Asks about every ID of a failed group again (Retry on its error row). */
  retry(placement: AwsScope, ids: readonly string[]): void {
    const entry = this.entry(placement);
    entry.error = undefined;
    this.want(placement, ids);
    this.onChange(scopeKey(placement));
  }

  /** Nodes described by another request (discovery) need no request of their own. */
  seed(placement: AwsScope, nodes: readonly NodeInformation[], region?: string): void {
    const entry = this.entry(placement);
    entry.region ??= region;
    for (const info of nodes) entry.standings.set(info.InstanceId, { kind: 'found', info });
  }

  /** Forgets all node information and cancels the batches in flight (Refresh, a profile switch). */
  reset(): void {
    for (const entry of this.groups.values()) for (const controller of entry.controllers) controller.abort();
    this.groups.clear();
  }

  private fetch(entry: GroupEntry, ids: string[]): void {
    const controller = new AbortController();
    entry.controllers.add(controller);
    for (const id of ids) entry.inFlight.add(id);
    entry.loads++;
    const key = scopeKey(entry.placement);
    this.describe(entry.placement, ids, controller.signal).then(
      (result) => {
        // After a reset the group's entry is a new one (or none): this answer is dropped.
        if (this.groups.get(key) !== entry) return;
        for (const info of result.found) entry.standings.set(info.InstanceId, { kind: 'found', info });
        for (const id of result.notFound) entry.standings.set(id, { kind: 'notFound' });
        for (const id of result.invalid) entry.standings.set(id, { kind: 'invalid' });
        for (const id of result.refusedTogether) entry.standings.set(id, { kind: 'refusedTogether' });
        entry.region = result.region;
        this.settle(entry, controller, ids);
        this.onChange(key);
      },
      (error: unknown) => {
        if (this.groups.get(key) !== entry) return;
        entry.error = error;
        // A request error knows the region it went to, even when it failed (the group row names it).
        const region = (error as { region?: unknown } | null)?.region;
        if (typeof region === 'string') entry.region = region;
        this.settle(entry, controller, ids);
        this.onChange(key);
      },
    );
  }

  private settle(entry: GroupEntry, controller: AbortController, ids: readonly string[]): void {
    entry.controllers.delete(controller);
    for (const id of ids) entry.inFlight.delete(id);
    entry.loads--;
  }
}
