// One round of the fleet watch: per (profile, region), the configured nodes' information (DescribeInstanceInformation,
// ⌈N/50⌉ requests) and every association's overview (ListAssociations, ⌈A/50⌉ requests), never more. What it read
// feeds both views (no second request) and tells the watch what fails. Pure: no vscode.
import type { Backend, DescribedNodes } from '../../aws/contract';
import { type AwsScope, scopeKey } from '../../core/scope';
import { describeError } from '../../aws/errors';
import { associationLabel, isFailingAssociation, type AssociationFilter, type AssociationSummary } from '../../core/associationRows';
import { watchedKey, type RoundOutcome, type Watched } from '../../core/fleetWatch';
import { failedCount } from '../../core/overview';
import type { Settings } from '../../core/settings';
import { plainLine } from '../../core/text';
import { ASSOCIATIONS_PAGE_SIZE } from './targetLists';

/** The most ListAssociations pages a round reads per (profile, region): 5,000 associations. */
export const ROUND_MAX_PAGES = 100;

/** Errors after which another round would fail the same way (or prompt again): the watch stops. */
const STOPPING_CODES = new Set(['ExpiredToken', 'UnrecognizedClient', 'InvalidSignature', 'AccessDenied', 'MfaCancelled', 'NoRegion', 'ProfileNotFound', 'SsoExpired', 'CredentialProcess', 'CredentialsTimeout', 'NoCredentials']);

/** What a round read of one (profile, region), to hand to the views. */
export interface ScopeReading {
  readonly scope: AwsScope;
  readonly associations: AssociationSummary[];
  /** Set when the round stopped at ROUND_MAX_PAGES. */
  readonly nextToken?: string;
  readonly nodes?: DescribedNodes;
}

export interface RoundResult {
  readonly outcome: RoundOutcome;
  readonly readings: readonly ScopeReading[];
  /** Requests sent (for the log and the tests). */
  readonly requests: number;
}

/** The configured node IDs of each (profile, region), as the nodes view places them. */
export function nodeIdsByScope(settings: Settings): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of settings.entries) {
    if (e.kind !== 'node') continue;
    const key = scopeKey({ profile: e.profile ?? settings.profile, region: e.region ?? settings.region });
    const ids = out.get(key) ?? [];
    if (!ids.includes(e.id)) ids.push(e.id);
    out.set(key, ids);
  }
  return out;
}

async function readScope(backend: Backend, scope: AwsScope, ids: readonly string[], filters: readonly AssociationFilter[], signal: AbortSignal): Promise<{ reading: ScopeReading; requests: number }> {
  let requests = 0;
  const nodes = ids.length ? await backend.describeNodes(scope, ids, signal) : undefined;
  requests += nodes?.requests ?? 0;
  const associations: AssociationSummary[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let page = 0; page < ROUND_MAX_PAGES; page++) {
    const result = await backend.listAssociations(scope, filters, token, ASSOCIATIONS_PAGE_SIZE, signal);
    requests++;
    for (const a of result.items) if (!seen.has(a.associationId) && seen.add(a.associationId)) associations.push(a);
    // A token seen before ends the list (the Pager's rule).
    if (!result.nextToken || result.nextToken === token) {
      token = undefined;
      break;
    }
    token = result.nextToken;
  }
  return { reading: { scope, associations, nextToken: token, nodes }, requests };
}

/** What the watch compares: each node with failed associations, each failing association. */
export function watchedOf(reading: ScopeReading, labels: ReadonlyMap<string, string>): Watched[] {
  const key = scopeKey(reading.scope);
  const out: Watched[] = [];
  for (const info of reading.nodes?.found ?? []) {
    const name = labels.get(info.InstanceId) ?? info.InstanceId;
    out.push({ key: watchedKey(key, `node:${info.InstanceId}`), name: `Managed node ${plainLine(name, 60)}`, failing: failedCount(info.AssociationOverview) > 0 });
  }
  for (const a of reading.associations) {
    out.push({ key: watchedKey(key, `association:${a.associationId}`), name: `Association ${associationLabel(a)}`, failing: isFailingAssociation(a) });
  }
  return out;
}

/**
 * Reads a round for these scopes, one after another. The first error decides the outcome: throttling
 * backs off, a credential or permission error stops the watch, anything else waits for the next round.
 */
export async function readRound(backend: Backend, settings: Settings, scopes: readonly AwsScope[], filters: readonly AssociationFilter[], signal: AbortSignal): Promise<RoundResult> {
  const ids = nodeIdsByScope(settings);
  const labels = new Map(settings.entries.flatMap((e) => (e.kind === 'node' && e.label ? [[e.id, e.label] as const] : [])));
  const readings: ScopeReading[] = [];
  let requests = 0;
  try {
    for (const scope of scopes) {
      const { reading, requests: sent } = await readScope(backend, scope, ids.get(scopeKey(scope)) ?? [], filters, signal);
      readings.push(reading);
      requests += sent;
    }
  } catch (error) {
    const code = describeError(error, {}).code;
    const outcome: RoundOutcome = code === 'Throttling' ? { kind: 'throttled' } : STOPPING_CODES.has(code) ? { kind: 'credentials', error } : { kind: 'failed', error };
    return { outcome, readings, requests };
  }
  return {
    outcome: { kind: 'read', watched: readings.flatMap((r) => watchedOf(r, labels)), scopes: readings.map((r) => scopeKey(r.scope)) },
    readings,
    requests,
  };
}
