// The one rule for NextToken, and the one bounded loop that follows it. Every token loop (the Pager,
// DescribeInstanceInformation, the watch's re-read, history, S3 listings) goes through these: an empty
// or absent token ends paging, a token seen before ends it too (reported against SSM list APIs: a
// service that repeats a token would make the loop run forever), and a page with no items but a token
// keeps going.

/** The tokens one list was asked with, and the rule for the next one. */
export class TokenTrail {
  private readonly seen = new Set<string>();
  /** Set when paging stopped because the service sent a token it had sent before. */
  stoppedOnRepeatedToken = false;

  /** The token to ask with next, after the page asked with `sent` answered `received`; undefined = no more pages. */
  next(sent: string | undefined, received: unknown): string | undefined {
    if (sent !== undefined) this.seen.add(sent);
    if (typeof received !== 'string' || received === '') return undefined;
    if (this.seen.has(received)) {
      this.stoppedOnRepeatedToken = true;
      return undefined;
    }
    return received;
  }

  /** Forgets every token (the list starts again from page 1). */
  clear(): void {
    this.seen.clear();
    this.stoppedOnRepeatedToken = false;
  }
}

/** How a bounded token loop ended. */
export interface PagesRead {
  /** Pages fetched. */
  readonly pages: number;
  /** False when it stopped before the last page: `maxPages` reached, `until` held, or the signal aborted. */
  readonly complete: boolean;
  readonly stoppedOnRepeatedToken: boolean;
}

/**
 * Fetches page after page (`load` gets the token and the page number from 1, and returns the page's
 * NextToken) until the last page, a repeated token, `maxPages` pages, `until()` (checked before each
 * page), or `signal` aborting (checked between pages). Errors of `load` reject.
 */
export async function followTokens(
  load: (token: string | undefined, page: number) => Promise<unknown>,
  options: { readonly maxPages: number; readonly until?: () => boolean; readonly signal?: AbortSignal },
): Promise<PagesRead> {
  const trail = new TokenTrail();
  let token: string | undefined;
  let pages = 0;
  // The signal is read between pages only: the first request carries it and fails as cancelled itself.
  while (pages < options.maxPages && !options.until?.() && !(pages > 0 && options.signal?.aborted)) {
    const sent = token;
    token = trail.next(sent, await load(sent, ++pages));
    if (token === undefined) return { pages, complete: true, stoppedOnRepeatedToken: trail.stoppedOnRepeatedToken };
  }
  return { pages, complete: false, stoppedOnRepeatedToken: false };
}
