// Watching a managed node after "Apply Association Now": its association statuses are re-read with
// backoff until each watched association has left Pending/InProgress. Pure: the clock and the read are
// passed in, so the schedule is tested with a fake clock. NodeWatch reads one node; NodeWatches holds
// one per node; tree/associationWatches.ts (AssociationWatches) shows them on the rows.

/** Timers, as the watch needs them (setTimeout in the editor, a fake in tests). */
export interface Clock {
  now(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** What one read found for one association on the node. */
export interface Observation {
  readonly status?: string;
  /** ExecutionDate in epoch milliseconds. */
  readonly executionDate?: number;
}

/** Why watching one association ended. */
export type WatchEnd =
  | { readonly reason: 'settled'; readonly status: string }
  /** 15 minutes passed without the association leaving Pending/InProgress. */
  | { readonly reason: 'timedOut' }
  /** The node no longer lists the association. */
  | { readonly reason: 'gone' }
  /** Reads failed several times in a row (not throttling). */
  | { readonly reason: 'failed'; readonly error: unknown }
  /** Collapse, Refresh, the view closed, or the user stopped it. */
  | { readonly reason: 'stopped' };

export interface NodeWatchOptions {
  /** Reads the node's statuses of the given associations (absent from the map: not listed any more). */
  read(associationIds: readonly string[], signal: AbortSignal): Promise<ReadonlyMap<string, Observation>>;
  /** Whether a failed read was throttled (it then slows down instead of counting as a failure). */
  isThrottled(error: unknown): boolean;
  /** Each observation of a still-watched association, for the row to show it. */
  onObservation?(associationId: string, observation: Observation): void;
  onEnd(associationId: string, end: WatchEnd): void;
  clock?: Clock;
  firstDelayMs?: number;
  maxDelayMs?: number;
  maxDurationMs?: number;
  /** Failed reads in a row (throttling excluded) before watching gives up. */
  maxFailures?: number;
}

export const WATCH_FIRST_DELAY_MS = 5_000;
export const WATCH_MAX_DELAY_MS = 60_000;
export const WATCH_MAX_DURATION_MS = 15 * 60_000;
const MAX_SLOWDOWN = 4;

/** Statuses during which an association is still running (or about to) on the node. */
export function isActiveStatus(status: string | undefined): boolean {
  return status === 'Pending' || status === 'InProgress' || status === 'Associated';
}

interface Watched {
  readonly since: number;
  readonly baselineDate?: number;
  seenActive: boolean;
}

/**
 * One managed node's watch. At most one read is in flight at any time: the next read is scheduled only
 * when the previous one has finished. Delays double from 5 s up to 60 s; each throttled read in a row
 * doubles the wait on top (up to 4 times longer); each association is watched at most 15 minutes.
 */
export class NodeWatch {
  private readonly watched = new Map<string, Watched>();
  private readonly clock: Clock;
  private delay: number;
  /** 1, or 2 and 4 after throttled reads in a row. */
  private slowdown = 1;
  private restarted = false;
  private timer: unknown;
  private inFlight: AbortController | undefined;
  private failures = 0;
  /** Reads done so far (for tests and the benchmark). */
  reads = 0;
  /** The most reads seen in flight at once (never more than 1). */
  peakInFlight = 0;
  private running = 0;

  constructor(private readonly options: NodeWatchOptions) {
    this.clock = options.clock ?? systemClock;
    this.delay = this.firstDelay;
  }

  private get firstDelay() {
    return this.options.firstDelayMs ?? WATCH_FIRST_DELAY_MS;
  }

  /**
   * Starts (or restarts) watching an association. `baselineDate` is the ExecutionDate the row showed
   * before the run was requested: a finished status counts only once the run was seen active or its date
   * moved, so the previous run's result does not end the watch at once.
   */
  add(associationId: string, baselineDate?: number): void {
    this.watched.set(associationId, { since: this.clock.now(), baselineDate, seenActive: false });
    this.delay = this.firstDelay;
    this.failures = 0;
    // A read in flight schedules the next one when it ends, after the first delay again.
    this.restarted = this.inFlight !== undefined;
    if (!this.restarted) this.schedule();
  }

  /** The associations being watched. */
  get associationIds(): string[] {
    return [...this.watched.keys()];
  }

  get active(): boolean {
    return this.watched.size > 0;
  }

  /** Stops watching one association, or all of them; a read in flight is cancelled. */
  stop(associationId?: string): void {
    // end() passes over an ID that is not watched.
    const ids = associationId === undefined ? [...this.watched.keys()] : [associationId];
    for (const id of ids) this.end(id, { reason: 'stopped' });
  }

  private end(associationId: string, end: WatchEnd): void {
    if (!this.watched.delete(associationId)) return;
    if (this.watched.size === 0) {
      this.clearTimer();
      this.inFlight?.abort();
      this.inFlight = undefined;
    }
    this.options.onEnd(associationId, end);
  }

  private clearTimer(): void {
    // Clearing no timer (undefined) does nothing, as clearTimeout.
    this.clock.clearTimer(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.clearTimer();
    if (this.watched.size === 0) return;
    // Never sleep past the first deadline: the last read happens when the 15 minutes are up.
    const maxDuration = this.options.maxDurationMs ?? WATCH_MAX_DURATION_MS;
    const deadline = Math.min(...[...this.watched.values()].map((w) => w.since + maxDuration));
    const wait = Math.max(0, Math.min(this.delay * this.slowdown, deadline - this.clock.now()));
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined;
      void this.tick();
    }, wait);
  }

  private async tick(): Promise<void> {
    if (this.watched.size === 0 || this.inFlight) return;
    const controller = new AbortController();
    this.inFlight = controller;
    this.running++;
    this.peakInFlight = Math.max(this.peakInFlight, this.running);
    this.reads++;
    const ids = [...this.watched.keys()];
    let throttled = false;
    try {
      const found = await this.options.read(ids, controller.signal);
      if (controller.signal.aborted) return;
      this.failures = 0;
      for (const id of ids) this.observe(id, found.get(id));
    } catch (error) {
      if (controller.signal.aborted) return;
      if (this.options.isThrottled(error)) throttled = true;
      else if (++this.failures >= (this.options.maxFailures ?? 3)) {
        for (const id of ids) this.end(id, { reason: 'failed', error });
      }
    } finally {
      this.running--;
      if (this.inFlight === controller) this.inFlight = undefined;
    }
    // When every watched association has ended, this only resets the pace; schedule() sets no timer.
    const now = this.clock.now();
    const maxDuration = this.options.maxDurationMs ?? WATCH_MAX_DURATION_MS;
    for (const [id, w] of [...this.watched]) if (now - w.since >= maxDuration) this.end(id, { reason: 'timedOut' });
    if (this.restarted) this.restarted = false;
    else this.delay = Math.min(this.delay * 2, this.options.maxDelayMs ?? WATCH_MAX_DELAY_MS);
    this.slowdown = throttled ? Math.min(this.slowdown * 2, MAX_SLOWDOWN) : 1;
    this.schedule();
  }

  private observe(id: string, observation: Observation | undefined): void {
    const w = this.watched.get(id);
    if (!w) return;
    if (observation === undefined) return this.end(id, { reason: 'gone' });
    this.options.onObservation?.(id, observation);
    if (isActiveStatus(observation.status)) {
      w.seenActive = true;
      return;
    }
    const dateMoved = observation.executionDate !== undefined && observation.executionDate !== w.baselineDate;
    if (observation.status !== undefined && (w.seenActive || dateMoved)) this.end(id, { reason: 'settled', status: observation.status });
  }
}

/** One watch per managed node, so a node never has two watch reads in flight. */
export class NodeWatches {
  private readonly nodes = new Map<string, NodeWatch>();

  constructor(private readonly create: (nodeKey: string) => NodeWatchOptions) {}

  /** Watches an association on a node (the node's watch is created on first use). */
  watch(nodeKey: string, associationId: string, baselineDate?: number): NodeWatch {
    let node = this.nodes.get(nodeKey);
    if (!node) {
      const options = this.create(nodeKey);
      const created: NodeWatch = new NodeWatch({
        ...options,
        onEnd: (id, end) => {
          if (!created.active && this.nodes.get(nodeKey) === created) this.nodes.delete(nodeKey);
          options.onEnd(id, end);
        },
      });
      node = created;
      this.nodes.set(nodeKey, node);
    }
    node.add(associationId, baselineDate);
    return node;
  }

  isWatching(nodeKey: string, associationId?: string): boolean {
    const node = this.nodes.get(nodeKey);
    return node !== undefined && (associationId === undefined ? node.active : node.associationIds.includes(associationId));
  }

  /** Stops a node's watch (collapse, node removed). */
  stopNode(nodeKey: string): void {
    this.nodes.get(nodeKey)?.stop();
  }

  /** Stops every watch (Refresh, the view closed, deactivation). */
  stopAll(): void {
    for (const node of [...this.nodes.values()]) node.stop();
  }

  get size(): number {
    return this.nodes.size;
  }
}
