// What the service says about the configured nodes, before anyone expands them: one
// DescribeInstanceInformation request per 50 nodes of a (profile, region), filtered by InstanceIds.
import { DescribeInstanceInformationCommand } from '@aws-sdk/client-ssm';
import { sanitizeNodeInformation, type NodeInformation } from '../../core/nodeInformation';
import type { BoundClient, ClientPool } from './clients';
import { describeFindingCulprits } from './culprits';
import { asRequestError, RequestError, requestCause } from '../errors';
import { followTokens } from '../../paging/tokens';
import { send } from './send';
import type { AwsScope } from '../../core/scope';
import type { Log, DescribedNodes, RequestRunner } from '../contract';

/** At most this many IDs go into one request: DescribeInstanceInformation's MaxResults is 5–50. */
export const IDS_PER_REQUEST = 50;

/** At most this many pages for one batch (one page answers 50 IDs; a few empty pages with a token are tolerated). */
const MAX_PAGES_PER_BATCH = 10;

// The SDK itself refuses a request whose signal has aborted (AbortError, nothing sent).
const direct: RequestRunner = (request) => request();

function isRefusal(error: unknown): boolean {
  return (requestCause(error) as { name?: unknown } | null)?.name === 'InvalidInstanceId';
}

/** One DescribeInstanceInformation request through the shared request path: the nodes it described (each checked) and its NextToken. */
export function describeInstanceInformation(
  request: { readonly bound: BoundClient; readonly log: Log; readonly what: string; readonly signal: AbortSignal; readonly run: RequestRunner },
  input: { readonly Filters?: { Key: string; Values: string[] }[]; readonly NextToken?: string },
): Promise<{ nodes: NodeInformation[]; nextToken: string | undefined; $metadata: { requestId?: string; attempts?: number } }> {
  const { bound, log, what, signal, run } = request;
  return send(
    { log, service: 'ssm', operation: 'DescribeInstanceInformation', what, region: bound.region, signal, outcome: (a) => `${a.nodes.length} nodes, next=${a.nextToken ? 'yes' : '-'}` },
    async () => {
      const output = await run(() => bound.client.send(new DescribeInstanceInformationCommand({ ...input, MaxResults: IDS_PER_REQUEST }), { abortSignal: signal }), signal);
      const list: unknown = output.InstanceInformationList;
      if (list !== undefined && !Array.isArray(list)) {
        throw Object.assign(new Error('InstanceInformationList is not a list'), { name: 'DeserializationError' });
      }
      const nodes = (list ?? []).map(sanitizeNodeInformation).filter((n): n is NodeInformation => n !== undefined);
      // An empty NextToken ("no additional items", the service model says) ends paging in TokenTrail, as an absent one.
      return { nodes, nextToken: output.NextToken, $metadata: output.$metadata };
    },
  );
}

/** Splits a list into chunks of at most `size`. */
export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function scopeText(scope: AwsScope): string {
  return `profile=${scope.profile ?? '(default chain)'}`;
}

/**
 * Describes `ids` (one profile and region) in ⌈n/50⌉ requests, plus the few that finding refused IDs
 * takes (at most MAX_SEARCH_REQUESTS per 50). Errors other than a refusal (credentials, throttling
 * after retries, network) reject the whole group and stop its other batches, waiting or in flight:
 * the caller shows the error once for the group.
 */
export async function fetchNodeInformation(
  pool: ClientPool,
  log: Log,
  scope: AwsScope,
  ids: readonly string[],
  signal: AbortSignal,
  run: RequestRunner = direct,
): Promise<DescribedNodes> {
  const unique = [...new Set(ids)];
  let region = scope.region;
  let requests = 0;
  // One batch failing fails the group: the others stop, whether waiting for their turn or in flight.
  const group = new AbortController();
  const stop = () => group.abort();
  signal.addEventListener('abort', stop);
  if (signal.aborted) stop();
  try {
    const bound = await pool.get(scope.profile, scope.region);
    region = bound.region;
    const describe = async (batch: readonly string[]): Promise<NodeInformation[]> => {
      const nodes: NodeInformation[] = [];
      await followTokens(
        async (token) => {
          requests++;
          const answer = await describeInstanceInformation(
            { bound, log, what: `${scopeText(scope)} ids=${batch.length}`, signal: group.signal, run },
            { Filters: [{ Key: 'InstanceIds', Values: [...batch] }], NextToken: token },
          );
          nodes.push(...answer.nodes);
          return answer.nextToken;
        },
        { maxPages: MAX_PAGES_PER_BATCH, signal: group.signal },
      );
      return nodes;
    };
    const results = await Promise.all(
      chunks(unique, IDS_PER_REQUEST).map((batch) =>
        describeFindingCulprits(batch, describe, isRefusal).catch((error: unknown) => {
          stop();
          throw error;
        }),
      ),
    );
    const wanted = new Set(unique);
    const seen = new Set<string>();
    const found: NodeInformation[] = [];
    for (const node of results.flatMap((r) => r.found)) {
      // Only what was asked for, once: a service that answers with other nodes does not add rows.
      if (!wanted.has(node.InstanceId) || seen.has(node.InstanceId)) continue;
      seen.add(node.InstanceId);
      found.push(node);
    }
    const invalid = results.flatMap((r) => r.invalid);
    const refusedTogether = results.flatMap((r) => r.refusedTogether);
    const refused = new Set([...invalid, ...refusedTogether]);
    const notFound = unique.filter((id) => !seen.has(id) && !refused.has(id));
    if (invalid.length) log.warn(`DescribeInstanceInformation ${scopeText(scope)} region=${region}: refused ${clipList(invalid)} (InvalidInstanceId), found by ${requests} requests in all.`);
    if (refusedTogether.length) {
      log.warn(`DescribeInstanceInformation ${scopeText(scope)} region=${region}: ${refusedTogether.length} IDs refused together (InvalidInstanceId), not searched one by one: ${clipList(refusedTogether)}.`);
    }
    return { found, notFound, invalid, refusedTogether, requests, region };
  } catch (error) {
    // Promise.all rejects with the first batch's error; the batches it stopped reject later, unheard.
    // A request that failed was logged and named by the request path; what failed before any (no region,
    // no profile) is named here. Messages name the region even when it came from the profile, not from settings.
    const failed = asRequestError(error);
    if (!failed) log[signal.aborted ? 'debug' : 'warn'](`DescribeInstanceInformation ${scopeText(scope)} ids=${unique.length} → failed before any request: ${(error as Error | null)?.name ?? 'Error'}`);
    throw failed ?? new RequestError('DescribeInstanceInformation', error, region, undefined);
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

/** The first few IDs of a list, for the log. */
function clipList(ids: readonly string[]): string {
  return ids.length > 10 ? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more` : ids.join(', ');
}
