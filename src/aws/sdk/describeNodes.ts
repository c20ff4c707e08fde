// What the service says about the configured nodes, before anyone expands them: one
// DescribeInstanceInformation request per 50 nodes of a (profile, region), filtered by InstanceIds.
import { DescribeInstanceInformationCommand } from '@aws-sdk/client-ssm';
import { sanitizeNodeInformation, type NodeInformation } from '../../core/nodeInformation';
import type { ClientPool } from './clients';
import { describeFindingCulprits } from './culprits';
import { SsmRequestError } from '../errors';
import type { Log } from '../contract';

/** At most this many IDs go into one request: DescribeInstanceInformation's MaxResults is 5–50. */
export const IDS_PER_REQUEST = 50;

/** Whose credentials, which region: one batch of summaries. */
export interface NodeScope {
  /** Named profile, or undefined for the SDK's default credential chain. */
  readonly profile?: string;
  /** Explicit region; undefined = the profile's region, then AWS_REGION. */
  readonly region?: string;
}

/** The summaries of one (profile, region)'s nodes. */
export interface NodeSummaries {
  /** The nodes the service described. */
  readonly found: readonly NodeInformation[];
  /** Asked about, not returned: stopped, terminated, or not a managed node of this account and region. */
  readonly notFound: readonly string[];
  /** Refused by the service (InvalidInstanceId): not valid, or not this account's. */
  readonly invalid: readonly string[];
  /** Refused together with other IDs of their batch, not searched one by one (too many refused). */
  readonly refusedTogether: readonly string[];
  /** HTTP requests it took (retries by the SDK not counted). */
  readonly requests: number;
  /** The region the requests went to. */
  readonly region: string;
}

/** Runs one request unless `signal` aborts first; the backend passes its concurrency limit here. */
export type RequestRunner = <T>(request: () => Promise<T>, signal: AbortSignal) => Promise<T>;

const direct: RequestRunner = (request, signal) => (signal.aborted ? Promise.reject(abortError()) : request());

function abortError(): Error {
  return Object.assign(new Error('The request was cancelled before it started.'), { name: 'AbortError' });
}

function isRefusal(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'InvalidInstanceId';
}

/** Splits a list into chunks of at most `size`. */
export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function scopeText(scope: NodeScope, region: string): string {
  return `profile=${scope.profile ?? '(default chain)'} region=${region}`;
}

/**
 * Describes `ids` (one profile and region) in ⌈n/50⌉ requests, plus the few that finding refused IDs
 * takes (at most MAX_SEARCH_REQUESTS per 50). Errors other than a refusal (credentials, throttling
 * after retries, network) reject the whole group and stop its other batches, waiting or in flight:
 * the caller shows the error once for the group.
 */
export async function fetchNodeSummaries(
  pool: ClientPool,
  log: Log,
  scope: NodeScope,
  ids: readonly string[],
  signal: AbortSignal,
  run: RequestRunner = direct,
): Promise<NodeSummaries> {
  const unique = [...new Set(ids)];
  let region = scope.region ?? '?';
  let requests = 0;
  // One batch failing fails the group: the others stop, whether waiting for their turn or in flight.
  const group = new AbortController();
  const stop = () => group.abort();
  signal.addEventListener('abort', stop, { once: true });
  if (signal.aborted) stop();
  try {
    const bound = await pool.get(scope.profile, scope.region);
    region = bound.region;
    const describe = async (batch: readonly string[]): Promise<NodeInformation[]> => {
      const nodes: NodeInformation[] = [];
      const seenTokens = new Set<string>();
      let token: string | undefined;
      let started = 0;
      do {
        const output = await run(() => {
          requests++;
          started = performance.now();
          return bound.client.send(
            new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: [...batch] }], MaxResults: IDS_PER_REQUEST, NextToken: token }),
            { abortSignal: group.signal },
          );
        }, group.signal);
        const list: unknown = output.InstanceInformationList;
        if (list !== undefined && !Array.isArray(list)) {
          throw Object.assign(new Error('InstanceInformationList is not a list'), { name: 'DeserializationError' });
        }
        for (const raw of list ?? []) {
          const node = sanitizeNodeInformation(raw);
          if (node) nodes.push(node);
        }
        if (token !== undefined) seenTokens.add(token);
        const next = typeof output.NextToken === 'string' && output.NextToken !== '' ? output.NextToken : undefined;
        // A token seen before would loop forever: what came so far is the answer.
        token = next !== undefined && !seenTokens.has(next) ? next : undefined;
        log.info(
          `DescribeInstanceInformation ${scopeText(scope, region)} ids=${batch.length} → ${Array.isArray(list) ? list.length : 0} nodes, next=${token ? 'yes' : '-'} requestId=${output.$metadata.requestId ?? '-'} attempts=${output.$metadata.attempts ?? 1} ${(performance.now() - started).toFixed(0)} ms`,
        );
      } while (token !== undefined && !group.signal.aborted);
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
    if (invalid.length) log.warn(`DescribeInstanceInformation ${scopeText(scope, region)}: refused ${clipList(invalid)} (InvalidInstanceId), found by ${requests} requests in all.`);
    if (refusedTogether.length) {
      log.warn(`DescribeInstanceInformation ${scopeText(scope, region)}: ${refusedTogether.length} IDs refused together (InvalidInstanceId), not searched one by one: ${clipList(refusedTogether)}.`);
    }
    return { found, notFound, invalid, refusedTogether, requests, region };
  } catch (error) {
    // Promise.all rejects with the first batch's error; the batches it stopped reject later, unheard.
    const e = error as { name?: string; $metadata?: { requestId?: string } } | null;
    log[signal.aborted ? 'debug' : 'warn'](
      `DescribeInstanceInformation ${scopeText(scope, region)} ids=${unique.length} → ${signal.aborted ? 'cancelled' : `failed: ${e?.name ?? 'Error'}`} after ${requests} requests`,
    );
    // Messages name the region even when it came from the profile, not from settings.
    throw new SsmRequestError('DescribeInstanceInformation', error, region === '?' ? undefined : region, e?.$metadata?.requestId);
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

/** The first few IDs of a list, for the log. */
function clipList(ids: readonly string[]): string {
  return ids.length > 10 ? `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more` : ids.join(', ');
}
