// Finding the IDs that make a request fail. DescribeInstanceInformation fails a whole request with
// InvalidInstanceId when one ID of its InstanceIds filter is not valid or not the account's; the
// rest of the batch still deserves an answer. No SDK here: the request is passed in.
import { requestCause } from '../errors';

/** What one batch came to: the answers, the IDs the service refused, and how many requests it took. */
export interface CulpritSearch<T> {
  readonly found: T[];
  /** IDs pinned down one by one: each was refused. */
  readonly invalid: string[];
  /**
   * IDs refused together with others and not searched one by one: too many of the batch were
   * refused (at least one of each refused slice is not valid or not the account's), or the search
   * reached its ceiling of requests.
   */
  readonly refusedTogether: string[];
  readonly requests: number;
}

/** A batch the service refuses is asked about again in slices of this many IDs. */
export const SLICE_SIZE = 10;
/** More refused slices than this: the batch is mostly not the account's; no one-by-one search. */
export const FEW_REFUSED_SLICES = 2;
/**
 * Requests one batch may take in all, the first included: 1 + 1 (without the IDs an error names)
 * + 5 slices + 2 halvings of a slice of 10 (at most 8 each) is 23.
 */
export const MAX_SEARCH_REQUESTS = 24;

const ID_IN_TEXT = /\b(?:i-[0-9A-Za-z_]{17}|i-[0-9A-Za-z_]{8}|mi-[0-9A-Za-z_]{17})\b/g;

/** The IDs of `batch` that an error message names (a hint only: the search below never trusts it blindly). */
export function idsNamedIn(message: unknown, batch: readonly string[]): string[] {
  if (typeof message !== 'string') return [];
  const members = new Set(batch);
  return [...new Set(message.match(ID_IN_TEXT) ?? [])].filter((id) => members.has(id));
}

function slices(ids: readonly string[], size: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

/**
 * Asks about `ids` in one request; when the service refuses the batch because of some IDs, finds
 * them with a bounded number of extra requests and still answers for the others:
 *
 * 1. If the error names IDs of the batch, the batch without them is asked about. If that succeeds,
 *    the culprits are among the named IDs, which are searched as in 2 (one named ID needs no request).
 * 2. Otherwise the IDs known to hold a culprit are halved when there are at most 10, else asked
 *    about in slices of 10, at once. Slices that succeed are answered; if at most two are refused,
 *    each is searched by halving (an ID a slice's error names first); if more are refused, most of
 *    the batch is not the account's: their IDs are reported together (`refusedTogether`), not
 *    searched one by one.
 * 3. Whatever is still unsearched when the batch has taken MAX_SEARCH_REQUESTS goes to
 *    `refusedTogether` too.
 *
 * One culprit in 50 IDs costs 2 requests when the error names it, at most 14 when it does not; 50
 * IDs of another account cost 6 or 7; no batch costs more than MAX_SEARCH_REQUESTS. Errors other
 * than the refusal end the search and are thrown.
 */
export async function describeFindingCulprits<T>(
  ids: readonly string[],
  describe: (ids: readonly string[]) => Promise<T[]>,
  isRefusal: (error: unknown) => boolean,
): Promise<CulpritSearch<T>> {
  const found: T[] = [];
  const invalid: string[] = [];
  const refusedTogether: string[] = [];
  let requests = 0;

  /** Asks about `batch`; true when it succeeded, else the error (a refusal); undefined when over the ceiling. */
  const ask = async (batch: readonly string[]): Promise<true | { error: unknown } | undefined> => {
    if (requests >= MAX_SEARCH_REQUESTS) return undefined;
    requests++;
    try {
      found.push(...(await describe(batch)));
      return true;
    } catch (error) {
      if (!isRefusal(error)) throw error;
      return { error };
    }
  };

  /** Finds the culprits of `batch`, which is known to hold at least one. */
  const split = async (batch: readonly string[]): Promise<void> => {
    if (batch.length === 1) {
      invalid.push(batch[0]);
      return;
    }
    const half = Math.ceil(batch.length / 2);
    const first = batch.slice(0, half);
    const second = batch.slice(half);
    const firstClean = await searchUnknown(first);
    if (firstClean) await split(second);
    else await searchUnknown(second);
  };

  /** Asks about `batch`, which may or may not hold a culprit; true when it held none. */
  const searchUnknown = async (batch: readonly string[]): Promise<boolean> => {
    const answer = await ask(batch);
    if (answer === true) return true;
    // A single ID refused is a culprit: narrow() reaches split(), which says so without a request.
    if (answer === undefined) refusedTogether.push(...batch);
    else await narrow(batch, answer.error);
    return false;
  };

  /** `batch` failed with `error`: leave out the IDs it names, then halve. */
  const narrow = async (batch: readonly string[], error: unknown): Promise<void> => {
    const named = namedBy(error, batch);
    if (named.length > 0 && named.length < batch.length) {
      const namedSet = new Set(named);
      // The rest was clean: the culprits are among the named IDs. Otherwise the named ones are
      // still suspects, but nothing says they hold a culprit: ask about them.
      if (await searchUnknown(batch.filter((id) => !namedSet.has(id)))) await split(named);
      else await searchUnknown(named);
      return;
    }
    await split(batch);
  };

  /** Finds the culprits of `set`, known to hold at least one: halving when small, else slices first. */
  const searchKnown = async (set: readonly string[]): Promise<void> => {
    if (set.length <= SLICE_SIZE) return split(set);
    const parts = slices(set, SLICE_SIZE);
    const answers = await Promise.all(parts.map((part) => ask(part)));
    const refused = parts.flatMap((part, i) => (answers[i] === true ? [] : [{ part, answer: answers[i] }]));
    if (refused.length > FEW_REFUSED_SLICES) {
      for (const { part } of refused) refusedTogether.push(...part);
      return;
    }
    for (const { part, answer } of refused) {
      if (answer === undefined) refusedTogether.push(...part);
      else await narrow(part, answer.error);
    }
  };

  /** The whole batch was refused with `error`. */
  const search = async (error: unknown): Promise<void> => {
    const named = namedBy(error, ids);
    if (named.length > 0 && named.length < ids.length) {
      const namedSet = new Set(named);
      const answer = await ask(ids.filter((id) => !namedSet.has(id)));
      if (answer === true) return searchKnown(named);
      // Refused again: more than one culprit. Named ones are asked about with their slice. (The
      // ceiling is never reached by the second request.)
    }
    return searchKnown(ids);
  };

  const first = await ask(ids);
  if (first !== true && first !== undefined) await search(first.error);
  return { found, invalid, refusedTogether, requests };
}

function namedBy(error: unknown, batch: readonly string[]): string[] {
  return idsNamedIn((requestCause(error) as { message?: unknown } | null)?.message, batch);
}
