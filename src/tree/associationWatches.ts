// Which association rows are being watched after Apply Now, and what the watch last read: the rows show
// it, and when a run has finished the row shows the status the watch read (the node's pages are kept).
// No 'vscode' import: tested in Node with the real TreeModel.
import { isThrottling } from '../aws/errors';
import type { Backend, NodeTarget } from '../aws/contract';
import type { LazyBackend } from '../aws/lazyBackend';
import { type Clock, type Observation, type WatchEnd, NodeWatches } from '../core/nodeWatches';
import { statusLook } from '../core/status';
import { plainLine } from '../core/text';
import type { AssociationElement, ItemSpec, NodeElement } from './elements';
import type { TreeModel } from './treeModel';
import { targetKey } from './nodeState';

/** What the association watches need: the tree (rows, targets), the backend, how to redraw and tell. */
export interface AssociationWatchesDeps {
  readonly tree: TreeModel;
  readonly backend: LazyBackend;
  /** Redraws one row (its drawn item is out of date). */
  redraw(element: AssociationElement): void;
  /** Tells the user how a watched run ended. */
  announce?(text: string, end: WatchEnd): void;
  log?(text: string): void;
  clock?: Clock;
  /** Shorter waits for tests (default 5 s up to 60 s). */
  timing?: { readonly firstDelayMs?: number; readonly maxDelayMs?: number };
}

/** One watched row: the row as it was when watching began (names for the end's message), the status last read. */
interface WatchedRow {
  readonly element: AssociationElement;
  seen?: Observation;
}

export class AssociationWatches {
  private readonly nodeWatches: NodeWatches;
  /** node key (targetKey) → association ID → the watched row. */
  private readonly watched = new Map<string, Map<string, WatchedRow>>();
  /** node key → whom and where to ask: kept from when the watch began, so a row that is not loaded any more is still read. */
  private readonly targets = new Map<string, NodeTarget>();

  constructor(private readonly deps: AssociationWatchesDeps) {
    this.nodeWatches = new NodeWatches((key) => ({
      clock: deps.clock,
      ...deps.timing,
      read: (ids, signal) => this.read(key, ids, signal),
      isThrottled: isThrottling,
      onObservation: (id, observation) => this.observed(key, id, observation),
      onEnd: (id, end) => this.ended(key, id, end),
    }));
  }

  /** Starts watching a row: from now on it shows that it is watching, until the run has finished. */
  watch(association: AssociationElement): void {
    const key = association.targetKey;
    let ids = this.watched.get(key);
    if (!ids) this.watched.set(key, (ids = new Map()));
    ids.set(association.info.AssociationId, { element: association });
    this.targets.set(key, this.deps.tree.targetOf(association.node.entry));
    this.nodeWatches.watch(key, association.info.AssociationId, association.info.ExecutionDate?.getTime());
    this.deps.redraw(association);
  }

  isWatching(association: AssociationElement): boolean {
    return this.watched.get(association.targetKey)?.has(association.info.AssociationId) ?? false;
  }

  /** The row as it is drawn while watched: a spinning icon, the status the watch last read. */
  decorate(association: AssociationElement, spec: ItemSpec): ItemSpec {
    const ids = this.watched.get(association.targetKey);
    if (!ids?.has(association.info.AssociationId)) return spec;
    const seen = ids.get(association.info.AssociationId)?.seen;
    const status = seen?.status ? plainLine(seen.status, 30) : 'starting';
    const look = statusLook(seen?.status);
    return { ...spec, description: `watching · ${status}`, icon: { id: 'sync~spin', color: look.known ? look.color : 'charts.blue' } };
  }

  /** Collapse, Refresh Node, node removed. */
  stopNode(node: NodeElement): void {
    this.nodeWatches.stopNode(targetKey(this.deps.tree.targetOf(node.entry)));
  }

  /** Refresh, the view closed, deactivation. */
  stopAll(): void {
    this.nodeWatches.stopAll();
  }

  /** Nodes with a watched row (what is kept for them is dropped when their last watch ends). */
  get size(): number {
    return this.watched.size;
  }

  private async read(key: string, ids: readonly string[], signal: AbortSignal): Promise<ReadonlyMap<string, Observation>> {
    const target = this.targets.get(key);
    if (!target) return new Map();
    const backend: Backend = await this.deps.backend.get();
    return backend.readStatuses(target, ids, signal);
  }

  private row(key: string, associationId: string): AssociationElement | undefined {
    return this.deps.tree.findAssociation(key, associationId);
  }

  private observed(key: string, id: string, observation: Observation): void {
    const watched = this.watched.get(key)?.get(id);
    if (!watched) return;
    const before = watched.seen;
    watched.seen = observation;
    const row = this.row(key, id);
    if (row && before?.status !== observation.status) this.deps.redraw(row);
  }

  private ended(key: string, id: string, end: WatchEnd): void {
    const ids = this.watched.get(key);
    const watched = ids?.get(id);
    ids?.delete(id);
    if (ids?.size === 0) {
      this.watched.delete(key);
      this.targets.delete(key);
    }
    this.deps.log?.(`Watch of association ${id} (${key}) ended: ${end.reason}${end.reason === 'settled' ? ` ${end.status}` : ''}.`);
    // The status the watch read is the one shown, at once (no page is read again, none dropped).
    const seen = end.reason === 'stopped' ? undefined : watched?.seen;
    // A replaced row is drawn with its node (the tree redraws the node); an unchanged one is redrawn here.
    const replaced = seen && this.deps.tree.associationObserved(key, id, seen.status, seen.executionDate);
    const row = replaced || this.row(key, id);
    if (row && !replaced) this.deps.redraw(row);
    if (end.reason === 'stopped') return;
    const shown = row ?? watched?.element;
    if (!shown) return;
    const name = plainLine(shown.info.AssociationName || shown.info.Name || id, 60);
    const node = plainLine(shown.node.entry.label || shown.node.entry.id, 40);
    const text =
      end.reason === 'settled'
        ? `${name} on ${node}: ${plainLine(end.status, 30)}`
        : end.reason === 'timedOut'
          ? `${name} on ${node}: still running after 15 minutes; no longer watching (Refresh Node shows its status)`
          : end.reason === 'gone'
            ? `${name} is no longer listed on ${node}`
            : `${name} on ${node}: watching stopped, the status could not be read`;
    this.deps.announce?.(text, end);
  }
}
