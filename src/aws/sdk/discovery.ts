// Finding managed nodes in an account: DescribeInstanceInformation page by page (50 a page), with
// the filters the user chose, stopping the moment the user does.
import type { NodeInformation } from '../../core/nodeInformation';
import type { NodeFilter } from '../../core/nodeFilters';
import { Pager } from '../../paging/pager';
import type { ClientPool } from './clients';
import { describeInstanceInformation } from './describeNodes';
import type { AwsScope } from '../../core/scope';
import type { DiscoveryOptions, DiscoveryResult, Log, RequestRunner } from '../contract';

/** A ceiling on one discovery: 1,000 pages of 50 nodes. */
export const MAX_DISCOVERY_PAGES = 1_000;

/**
 * Lists the managed nodes of a profile's account in a region that match `filters`. Empty pages that
 * carry a token keep paging; a repeated token ends it (both seen from SSM list APIs). A failure
 * rejects; the nodes received before it were already handed to `onNodes`.
 */
export async function discoverNodes(pool: ClientPool, log: Log, scope: AwsScope, filters: readonly NodeFilter[], options: DiscoveryOptions): Promise<DiscoveryResult> {
  const { signal } = options;
  const run: RequestRunner = options.run ?? ((request) => request());
  const bound = await pool.get(scope.profile, scope.region);
  const what = `profile=${scope.profile ?? '(default chain)'} filters=${JSON.stringify(filters)}`;
  const pager = new Pager<NodeInformation>(
    async (token, pageSignal) => {
      const answer = await describeInstanceInformation(
        { bound, log, what: `${what} page=${pager.pages + 1}`, signal: pageSignal, run },
        // No filter: no Filters member at all, as the console and the CLI send it (an empty list is
        // allowed by the service model, min 0, but has not been tried against AWS).
        { NextToken: token, Filters: filters.length ? filters.map((f) => ({ Key: f.key, Values: [...f.values] })) : undefined },
      );
      return { items: answer.nodes, nextToken: answer.nextToken };
    },
    (node) => node.InstanceId,
    (added) => options.onNodes?.(added, pager.items.length),
  );
  const stop = () => pager.cancel();
  signal.addEventListener('abort', stop);
  try {
    while (!signal.aborted && pager.pages < MAX_DISCOVERY_PAGES) {
      const outcome = await pager.loadNext();
      if (outcome === 'failed') throw pager.error;
      // A page dropped by the user's stop ends the loop by the signal; a page loaded, by the last token.
      if (!pager.hasMore) break;
    }
  } finally {
    signal.removeEventListener('abort', stop);
  }
  const complete = !signal.aborted && !pager.hasMore;
  return { nodes: pager.items, pages: pager.pages, complete, stoppedOnRepeatedToken: pager.stoppedOnRepeatedToken, region: bound.region };
}
