import { TokenTrail } from './tokens';

/** One page as the API returned it. */
export interface Page<T> {
  readonly items: readonly T[];
  /** Absent or empty when there are no more pages. */
  readonly nextToken?: string;
}

/** Fetches the page that `token` names (undefined = the first page); must honour `signal`. */
export type LoadPage<T> = (token: string | undefined, signal: AbortSignal) => Promise<Page<T>>;

export type PagerState = 'pristine' | 'loading' | 'ready' | 'error';

/** What a finished load did, for callers that refresh the view or measure. */
export type LoadOutcome = 'loaded' | 'failed' | 'ignored' | 'superseded';

/**
 * The pages of one list (one managed node's associations): the items loaded so far, the token of the
 * next page, and whether a page is loading or failed. It has no notion of a tree or of AWS.
 *
 * - Only one page loads at a time: a second call while loading shares the load in flight (a double
 *   click on "Load more" never fetches a page twice).
 * - A page that arrives after `reset()` or `cancel()` is dropped, so a refresh never mixes pages.
 * - An empty page that carries a token keeps paging open; a token seen before ends it, so a service
 *   that repeats a token cannot make the list loop.
 * - Items whose key was already loaded are skipped, so a row never appears twice.
 */
export class Pager<T> {
  private readonly loaded: T[] = [];
  private readonly keys = new Set<string>();
  private readonly trail = new TokenTrail();
  private token: string | undefined;
  private exhausted = false;
  private currentState: PagerState = 'pristine';
  private lastError: unknown;
  private inFlight: { promise: Promise<LoadOutcome>; controller: AbortController } | undefined;
  private generation = 0;
  private stateBeforeLoad: PagerState = 'pristine';
  private pagesLoaded = 0;
  /** Set when paging stopped because the service sent a token it had sent before. */
  get stoppedOnRepeatedToken(): boolean {
    return this.trail.stoppedOnRepeatedToken;
  }

  constructor(
    private readonly loadPage: LoadPage<T>,
    private readonly keyOf: (item: T) => string,
    /** Called with each page's new items, before the load resolves. */
    private readonly onItems?: (added: readonly T[]) => void,
  ) {}

  /** Every item loaded so far, in order. */
  get items(): readonly T[] {
    return this.loaded;
  }
  get state(): PagerState {
    return this.currentState;
  }
  get error(): unknown {
    return this.lastError;
  }
  /** Pages fetched successfully since the last reset. */
  get pages(): number {
    return this.pagesLoaded;
  }
  /** Whether a next page exists (even if the last page was empty). */
  get hasMore(): boolean {
    return !this.exhausted && this.pagesLoaded > 0;
  }
  get isLoading(): boolean {
    return this.inFlight !== undefined;
  }

  /**
   * Loads the next page (the first one when pristine). Returns the load in flight if there is one;
   * 'ignored' when everything is loaded already.
   */
  loadNext(): Promise<LoadOutcome> {
    if (this.inFlight) return this.inFlight.promise;
    if (this.exhausted) return Promise.resolve('ignored');
    const controller = new AbortController();
    const generation = this.generation;
    const sentToken = this.token;
    this.stateBeforeLoad = this.currentState;
    this.currentState = 'loading';
    const promise = this.run(sentToken, controller, generation);
    this.inFlight = { promise, controller };
    return promise;
  }

  private async run(sentToken: string | undefined, controller: AbortController, generation: number): Promise<LoadOutcome> {
    let page: Page<T>;
    try {
      page = await this.loadPage(sentToken, controller.signal);
    } catch (error) {
      if (generation !== this.generation) return 'superseded';
      this.inFlight = undefined;
      this.lastError = error;
      this.currentState = 'error';
      return 'failed';
    }
    if (generation !== this.generation) return 'superseded';
    this.inFlight = undefined;
    this.accept(page, sentToken);
    return 'loaded';
  }

  private accept(page: Page<T>, sentToken: string | undefined): void {
    const added: T[] = [];
    for (const item of page.items) {
      const key = this.keyOf(item);
      if (this.keys.has(key)) continue;
      this.keys.add(key);
      this.loaded.push(item);
      added.push(item);
    }
    this.token = this.trail.next(sentToken, page.nextToken);
    this.exhausted = this.token === undefined;
    this.pagesLoaded++;
    this.lastError = undefined;
    this.currentState = 'ready';
    if (added.length > 0) this.onItems?.(added);
  }

  /** Stops the load in flight, keeping what was loaded; its answer, if it still comes, is dropped. */
  cancel(): void {
    if (!this.inFlight) return;
    this.inFlight.controller.abort();
    this.inFlight = undefined;
    this.generation++;
    this.currentState = this.stateBeforeLoad;
  }

  /** Forgets every page and cancels the load in flight; the next `loadNext()` fetches page 1. */
  reset(): void {
    this.inFlight?.controller.abort();
    this.inFlight = undefined;
    this.generation++;
    this.loaded.length = 0;
    this.keys.clear();
    this.trail.clear();
    this.token = undefined;
    this.exhausted = false;
    this.pagesLoaded = 0;
    this.lastError = undefined;
    this.currentState = 'pristine';
  }
}
