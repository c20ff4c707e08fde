// Finding the IDs that make a request fail. DescribeInstanceInformation fails a whole request with
// InvalidInstanceId when one ID of its InstanceIds filter is not valid or not the account's; the
// rest of the batch still deserves an answer. No SDK here: the request is passed in.
import { requestCause } from '../errors';

/** What one batch came to: the answers, the IDs the service refused, and how many requests it took. */
export interface CulpritSearch<T> {
  readonly found: T[];
  readonly invalid: string[];
  readonly requests: number;
}

const ID_IN_TEXT = /\b(?:i-[0-9A-Za-z_]{17}|i-[0-9A-Za-z_]{8}|mi-[0-9A-Za-z_]{17})\b/g;

/** The IDs of `batch` that an error message names (a hint only: the search below never trusts it blindly). */
export function idsNamedIn(message: unknown, batch: readonly string[]): string[] {
  if (typeof message !== 'string') return [];
  const members = new Set(batch);
  return [...new Set(message.match(ID_IN_TEXT) ?? [])].filter((id) => members.has(id));
}

/**
 * Asks about `ids` in one request; when the service refuses the batch because of some IDs, finds
 * them with as few extra requests as it can and still answers for the others:
 *
 * 1. If the error names IDs of the batch, the batch without them is asked about. If that succeeds,
 *    the culprits are among the named IDs (the whole batch failed, the rest did not).
 * 2. Otherwise (or to pin down which named IDs are guilty) the set known to hold a culprit is halved:
 *    when the first half succeeds, the second half must hold it and is split further without being
 *    asked about as a whole; a single ID known to hold a culprit needs no request at all.
 *
 * One culprit in 50 IDs costs 2 requests when the error names it, at most 13 when it does not.
 * Errors other than the refusal end the search and are thrown.
 */
export async function describeFindingCulprits<T>(
  ids: readonly string[],
  describe: (ids: readonly string[]) => Promise<T[]>,
  isRefusal: (error: unknown) => boolean,
): Promise<CulpritSearch<T>> {
  const found: T[] = [];
  const invalid: string[] = [];
  let requests = 0;

  /** Asks about `batch`; true when it succeeded, else the error (a refusal). */
  const ask = async (batch: readonly string[]): Promise<true | { error: unknown }> => {
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
    const firstAnswer = await searchUnknown(first);
    if (firstAnswer) await split(second);
    else await searchUnknown(second);
  };

  /** Asks about `batch`, which may or may not hold a culprit; true when it held none. */
  const searchUnknown = async (batch: readonly string[]): Promise<boolean> => {
    if (batch.length === 0) return true;
    const answer = await ask(batch);
    if (answer === true) return true;
    if (batch.length === 1) {
      invalid.push(batch[0]);
      return false;
    }
    await narrow(batch, answer.error);
    return false;
  };

  /** `batch` failed with `error`: use the IDs it names, if any, then halve. */
  const narrow = async (batch: readonly string[], error: unknown): Promise<void> => {
    const named = idsNamedIn((requestCause(error) as { message?: unknown } | null)?.message, batch);
    if (named.length > 0 && named.length < batch.length) {
      const namedSet = new Set(named);
      const rest = batch.filter((id) => !namedSet.has(id));
      const restClean = await searchUnknown(rest);
      // The rest was clean: the culprits are among the named IDs. Otherwise the named ones are
      // still suspects, but nothing says they hold a culprit: ask about them.
      if (restClean) await split(named);
      else await searchUnknown(named);
      return;
    }
    await split(batch);
  };

  await searchUnknown(ids);
  return { found, invalid, requests };
}
