import { DescribeInstanceAssociationsStatusCommand } from '@aws-sdk/client-ssm';
import { awsDate } from '../../core/time';
import type { Page } from '../../paging/pager';
import type { ClientPool } from './clients';
import { send } from './send';
import { tolerateMalformedRows } from './tolerantRows';
import { ASSOCIATION_TEXT_FIELDS, type AssociationStatusInfo, type AssociationsPageRequest, type Log } from '../contract';


/**
 * Keeps only the documented fields of one status info, each of its documented type; undefined when
 * the row has no AssociationId string (it could be neither shown stably nor copied).
 */
export function sanitizeInfo(raw: unknown): AssociationStatusInfo | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.AssociationId !== 'string' || r.AssociationId === '') return undefined;
  const info: AssociationStatusInfo = { AssociationId: r.AssociationId };
  for (const field of ASSOCIATION_TEXT_FIELDS) {
    if (typeof r[field] === 'string') info[field] = r[field] as string;
  }
  const date = awsDate(r.ExecutionDate);
  if (date) info.ExecutionDate = date;
  const url = (r.OutputUrl as { S3OutputUrl?: { OutputUrl?: unknown } } | undefined)?.S3OutputUrl?.OutputUrl;
  if (typeof url === 'string') info.OutputUrl = { S3OutputUrl: { OutputUrl: url } };
  return info;
}

function short(token: string | undefined): string {
  return token ? `${token.slice(0, 8)}…(${token.length})` : '-';
}

/** One page request: which node, which page, through which clients. */
export interface PageRequest extends AssociationsPageRequest {
  readonly pool: ClientPool;
  readonly log: Log;
}

/**
 * Fetches one page of a node's association statuses with the real SDK and logs the request
 * (operation, node, page, request ID, attempts, duration, outcome — never credentials).
 */
export async function fetchAssociationsPage({ pool, log, target, token, pageSize, signal, pageNumber }: PageRequest): Promise<Page<AssociationStatusInfo>> {
  let region = target.region;
  const page = await send(
    {
      log,
      service: 'ssm',
      operation: 'DescribeInstanceAssociationsStatus',
      what: `node=${target.nodeId} profile=${target.profile ?? '(default chain)'} page=${pageNumber} maxResults=${pageSize} token=${short(token)}`,
      // Messages name the region even when it came from the profile, not from settings.
      region: () => region,
      signal,
      outcome: ({ items, dropped, nextToken }) => `${items.length} rows${dropped ? ` (${dropped} malformed rows dropped)` : ''}, next=${short(nextToken)}`,
    },
    async () => {
      const bound = await pool.get(target.profile, target.region);
      region = bound.region;
      const command = new DescribeInstanceAssociationsStatusCommand({ InstanceId: target.nodeId, MaxResults: pageSize, NextToken: token });
      tolerateMalformedRows(command.middlewareStack, 'InstanceAssociationStatusInfos');
      const output = await bound.client.send(command, { abortSignal: signal });
      const rawItems: unknown = output.InstanceAssociationStatusInfos;
      const items: AssociationStatusInfo[] = [];
      let dropped = 0;
      if (Array.isArray(rawItems)) {
        for (const raw of rawItems) {
          const info = sanitizeInfo(raw);
          if (info) items.push(info);
          else dropped++;
        }
      } else if (rawItems !== undefined) {
        throw Object.assign(new Error('InstanceAssociationStatusInfos is not a list'), { name: 'DeserializationError' });
      }
      const nextToken = typeof output.NextToken === 'string' && output.NextToken !== '' ? output.NextToken : undefined;
      return { items, dropped, nextToken, $metadata: output.$metadata };
    },
  );
  if (page.dropped) log.warn(`${page.dropped} rows without an AssociationId were dropped (node ${target.nodeId}).`);
  return { items: page.items, nextToken: page.nextToken };
}
