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

/** Whose credentials, which region: one batch of node information. */
export interface NodeScope {
  /** Named profile, or undefined for the SDK's default credential chain. */
  readonly profile?: string;
  /** Explicit region; undefined = the profile's region, then AWS_REGION. */
  readonly region?: string;
}

/** What DescribeInstanceInformation said about some nodes of one (profile, region): their node information. */
export interface DescribedNodes {
  /** The nodes the service described. */
  readonly found: readonly NodeInformation[];
  /** Asked about, not returned: stopped, terminated, or not a managed node of this account and region. */
  readonly notFound: readonly string[];
  /** Refused by the service (InvalidInstanceId): not valid, or not this account's. */
  readonly invalid: readonly string[];
  /** HTTP requests it took (retries by the SDK not counted). */
  readonly requests: number;
  /** The region the requests went to. */
  readonly region: string;
}

/** Runs one request; the backend passes its concurrency limit here. */
export type RequestRunner = <T>(request: () => Promise<T>) => Promise<T>;

const direct: RequestRunner = (request) => request();

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
 * takes. Errors other than a refusal (credentials, throttling after retries, network) reject the
 * whole batch: the caller shows them once for the group.
 */
export async function fetchNodeInformation(
  pool: ClientPool,
  log: Log,
  scope: NodeScope,
  ids: readonly string[],
  signal: AbortSignal,
  run: RequestRunner = direct,
): Promise<DescribedNodes> {
  const unique = [...new Set(ids)];
  let region = scope.region ?? '?';
  let requests = 0;
  try {
    const bound = await pool.get(scope.profile, scope.region);
    region = bound.region;
    const describe = async (batch: readonly string[]): Promise<NodeInformation[]> => {
      const nodes: NodeInformation[] = [];
      const seenTokens = new Set<string>();
      let token: string | undefined;
      do {
        requests++;
        const started = performance.now();
        const output = await run(() =>
          bound.client.send(
            new DescribeInstanceInformationCommand({ Filters: [{ Key: 'InstanceIds', Values: [...batch] }], MaxResults: IDS_PER_REQUEST, NextToken: token }),
            { abortSignal: signal },
          ),
        );
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
      } while (token !== undefined && !signal.aborted);
      return nodes;
    };
    const results = await Promise.all(chunks(unique, IDS_PER_REQUEST).map((batch) => describeFindingCulprits(batch, describe, isRefusal)));
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
    const refused = new Set(invalid);
    const notFound = unique.filter((id) => !seen.has(id) && !refused.has(id));
    if (invalid.length) log.warn(`DescribeInstanceInformation ${scopeText(scope, region)}: refused ${invalid.join(', ')} (InvalidInstanceId), found by ${requests} requests in all.`);
    return { found, notFound, invalid, requests, region };
  } catch (error) {
    const e = error as { name?: string; $metadata?: { requestId?: string } } | null;
    log[signal.aborted ? 'debug' : 'warn'](
      `DescribeInstanceInformation ${scopeText(scope, region)} ids=${unique.length} → ${signal.aborted ? 'cancelled' : `failed: ${e?.name ?? 'Error'}`} after ${requests} requests`,
    );
    // Messages name the region even when it came from the profile, not from settings.
    throw new SsmRequestError('DescribeInstanceInformation', error, region === '?' ? undefined : region, e?.$metadata?.requestId);
  }
}
