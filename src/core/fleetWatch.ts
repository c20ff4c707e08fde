// The opt-in watch on the fleet (ssmAssociations.autoRefresh), pure: when a round is due, one round at a
// time, only while a window is focused and the view visible; what turned failed since the last round; backing
// off on throttling, stopping on a credential error. The clock and the round's reading are given, so tests
// drive it with a fake clock.

/** ssmAssociations.autoRefresh: minutes between rounds, 0 = off; below the minimum it is raised to it. */
export const AUTO_REFRESH_MIN_MINUTES = 2;
/** The longest wait between rounds while backing off on throttling. */
export const MAX_BACKOFF_MS = 60 * 60_000;

/** What the watch reads in a round: for each watched thing (a node or an association) its key, name and whether it fails. */
export interface Watched {
  readonly key: string;
  /** How a notification names it (already made plain by the caller). */
  readonly name: string;
  readonly failing: boolean;
}

/** A round's outcome: what was read, or why it could not be. */
export type RoundOutcome =
  | { readonly kind: 'read'; readonly watched: readonly Watched[]; /** Scopes read: only they are compared. */ readonly scopes: readonly string[] }
  | { readonly kind: 'throttled' }
  | { readonly kind: 'credentials'; readonly error: unknown }
  | { readonly kind: 'failed'; readonly error: unknown };

export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface FleetWatchDeps {
  readonly clock: Clock;
  /** Reads one round (⌈N/50⌉ + ⌈A/50⌉ requests per (profile, region)); must not reject. */
  readonly read: () => Promise<RoundOutcome>;
  /** Whether a window is focused and the view visible. */
  readonly active: () => boolean;
  /** Called once per round when something turned failed: the things, in the order read. */
  readonly turnedFailed: (things: readonly Watched[]) => void;
  /** The watch stopped on a credential error (shown once, as an error row). */
  readonly stopped: (error: unknown) => void;
}

/** The interval a setting value asks for, in ms; 0 = off. */
export function intervalMs(minutes: unknown): number {
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0) return 0;
  return Math.max(minutes, AUTO_REFRESH_MIN_MINUTES) * 60_000;
}

/** The notification's text: one thing by name, several by count. */
export function turnedFailedText(things: readonly Watched[]): string {
  if (things.length === 1) return `${things[0].name} turned failed.`;
  return `${things.length} associations or managed nodes turned failed.`;
}

/** Keys of the things that fail now and did not fail (or were not seen) in the last round of their scope. */
export function newlyFailing(before: ReadonlyMap<string, boolean>, now: readonly Watched[]): Watched[] {
  return now.filter((w) => w.failing && before.get(w.key) !== true);
}

export class FleetWatch {
  private interval = 0;
  private timer: unknown;
  private dueAt = 0;
  private running = false;
  private stoppedOnCredentials = false;
  private backoffs = 0;
  /** Per scope, each thing's failing state in the last round that read it. */
  private readonly last = new Map<string, boolean>();
  private readonly scopesSeen = new Set<string>();
  /** Rounds run (for tests and the log). */
  rounds = 0;

  constructor(private readonly deps: FleetWatchDeps) {}

  /** Sets the interval (0 = off) and starts over: a stop on a credential error is lifted (settings may have fixed it). */
  configure(ms: number): void {
    this.interval = ms;
    this.stoppedOnCredentials = false;
    this.backoffs = 0;
    this.schedule(ms);
  }

  get isStopped(): boolean {
    return this.stoppedOnCredentials;
  }

  /** The window's focus or the view's visibility changed: a round overdue while inactive runs now. */
  poke(): void {
    if (!this.interval || this.stoppedOnCredentials || this.running || !this.deps.active()) return;
    if (this.deps.clock.now() >= this.dueAt) void this.round();
  }

  /**
   * The user asked for a Refresh: while the watch is on (not stopped, not backing off) the refresh is a
   * round now, compared as any round, and the next one comes an interval later; a round in flight is that
   * round (never two at once). False when the watch does not take it: the caller refreshes as usual.
   */
  async roundNow(): Promise<boolean> {
    if (!this.interval || this.stoppedOnCredentials || this.backoffs > 0) return false;
    // round() returns at once while a round is in flight.
    await this.round();
    return true;
  }

  dispose(): void {
    this.interval = 0;
    this.clear();
  }

  private clear(): void {
    // Clearing no timer (undefined) does nothing, as clearTimeout.
    this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(ms: number): void {
    this.clear();
    if (!this.interval || this.stoppedOnCredentials) return;
    this.dueAt = this.deps.clock.now() + ms;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined;
      // Inactive: nothing now; poke() runs the round when a window is focused and the view visible again.
      if (this.deps.active()) void this.round();
    }, ms);
  }

  private async round(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.clear();
    let outcome: RoundOutcome;
    try {
      outcome = await this.deps.read();
    } catch (error) {
      outcome = { kind: 'failed', error };
    }
    this.running = false;
    this.rounds++;
    if (!this.interval) return;
    switch (outcome.kind) {
      case 'credentials':
        this.stoppedOnCredentials = true;
        this.deps.stopped(outcome.error);
        return;
      case 'throttled':
        this.backoffs++;
        this.schedule(Math.min(this.interval * 2 ** this.backoffs, MAX_BACKOFF_MS));
        return;
      case 'failed':
        this.schedule(this.interval);
        return;
      case 'read': {
        this.backoffs = 0;
        // The first round of a scope sets what is known: nothing "turned" failed in it.
        const compared = outcome.watched.filter((w) => this.scopesSeen.has(scopeOf(w.key)));
        const turned = newlyFailing(this.last, compared);
        for (const scope of outcome.scopes) this.scopesSeen.add(scope);
        for (const w of outcome.watched) this.last.set(w.key, w.failing);
        if (turned.length) this.deps.turnedFailed(turned);
        this.schedule(this.interval);
      }
    }
  }
}

/** A watched key is `<scope>#<thing>` (a thing has no '#'; a profile name may): the scope is what comes before the last '#'. */
export function watchedKey(scope: string, thing: string): string {
  return `${scope}#${thing}`;
}

/** The scope and the thing of a watched key (`node:<id>` or `association:<id>`). */
export function watchedParts(key: string): { scope: string; kind: string; id: string } {
  const scope = scopeOf(key);
  const thing = key.slice(scope.length + 1);
  const colon = thing.indexOf(':');
  return { scope, kind: thing.slice(0, colon), id: thing.slice(colon + 1) };
}

function scopeOf(key: string): string {
  const at = key.lastIndexOf('#');
  return at < 0 ? key : key.slice(0, at);
}
