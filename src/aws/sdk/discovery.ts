// Finding managed nodes in an account: DescribeInstanceInformation page by page (50 a page), with
// the filters the user chose, stopping the moment the user does.
import { DescribeInstanceInformationCommand } from '@aws-sdk/client-ssm';
import { sanitizeNodeInformation, type NodeInformation } from '../../core/nodeInformation';
import type { NodeFilter } from '../../core/nodeFilters';
import { Pager } from '../../paging/pager';
import type { ClientPool } from './clients';
import { SsmRequestError } from '../errors';
import { IDS_PER_REQUEST, type NodeScope, type RequestRunner } from './describeNodes';
import type { Log } from '../contract';

/** How a discovery ended. */
export interface DiscoveryResult {
  readonly nodes: readonly NodeInformation[];
  /** Pages received (requests that answered). */
  readonly pages: number;
  /** False when the user stopped it before the last page. */
  readonly complete: boolean;
  /** The service sent a token it had sent before: paging stopped there. */
  readonly stoppedOnRepeatedToken: boolean;
  /** The region the requests went to. */
  readonly region: string;
}

export interface DiscoveryOptions {
  /** Aborting it cancels the page in flight; no further request is sent. */
  readonly signal: AbortSignal;
  /** Each page's new nodes as they arrive, with the count so far. */
  onNodes?(added: readonly NodeInformation[], total: number): void;
  readonly run?: RequestRunner;
}

/**
 * Lists the managed nodes of a profile's account in a region that match `filters`. Empty pages that
 * carry a token keep paging; a repeated token ends it (both seen from SSM list APIs). A failure
 * rejects; the nodes received before it were already handed to `onNodes`.
 */
export async function discoverNodes(pool: ClientPool, log: Log, scope: NodeScope, filters: readonly NodeFilter[], options: DiscoveryOptions): Promise<DiscoveryResult> {
  const { signal } = options;
  const run: RequestRunner = options.run ?? ((request) => request());
  const bound = await pool.get(scope.profile, scope.region);
  const where = `profile=${scope.profile ?? '(default chain)'} region=${bound.region} filters=${JSON.stringify(filters)}`;
  let page = 0;
  const pager = new Pager<NodeInformation>(
    async (token, pageSignal) => {
      page++;
      const started = performance.now();
      try {
        const output = await run(() =>
          bound.client.send(
            new DescribeInstanceInformationCommand({
              MaxResults: IDS_PER_REQUEST,
              NextToken: token,
              Filters: filters.length ? filters.map((f) => ({ Key: f.key, Values: [...f.values] })) : undefined,
            }),
            { abortSignal: pageSignal },
          ),
          pageSignal,
        );
        const list: unknown = output.InstanceInformationList;
        if (list !== undefined && !Array.isArray(list)) {
          throw Object.assign(new Error('InstanceInformationList is not a list'), { name: 'DeserializationError' });
        }
        const items = (list ?? []).map(sanitizeNodeInformation).filter((n): n is NodeInformation => n !== undefined);
        log.info(`DescribeInstanceInformation ${where} page=${page} → ${items.length} nodes, next=${output.NextToken ? 'yes' : '-'} requestId=${output.$metadata.requestId ?? '-'} ${(performance.now() - started).toFixed(0)} ms`);
        return { items, nextToken: output.NextToken };
      } catch (error) {
        const e = error as { name?: string; $metadata?: { requestId?: string } } | null;
        log[pageSignal.aborted ? 'debug' : 'warn'](`DescribeInstanceInformation ${where} page=${page} → ${pageSignal.aborted ? 'cancelled' : `failed: ${e?.name ?? 'Error'}`}`);
        throw new SsmRequestError('DescribeInstanceInformation', error, bound.region, e?.$metadata?.requestId);
      }
    },
    (node) => node.InstanceId,
    (added) => options.onNodes?.(added, pager.items.length),
  );
  const stop = () => pager.cancel();
  signal.addEventListener('abort', stop, { once: true });
  try {
    while (!signal.aborted) {
      const outcome = await pager.loadNext();
      if (outcome === 'failed') throw pager.error;
      if (outcome !== 'loaded' || !pager.hasMore) break;
    }
  } finally {
    signal.removeEventListener('abort', stop);
  }
  const complete = !signal.aborted && !pager.hasMore;
  return { nodes: pager.items, pages: pager.pages, complete, stoppedOnRepeatedToken: pager.stoppedOnRepeatedToken, region: bound.region };
}
