// What DescribeInstanceInformation says about one managed node, kept to the documented fields of
// the documented types. Every string here is written by whoever controls the node or the account
// (computer names, platform names): show it only through the text helpers.
import { awsDate } from './time';

/** The association counts the service keeps for a node (AssociationOverview). */
export interface AssociationOverview {
  readonly detailedStatus?: string;
  /** Count of associations per status, e.g. { Failed: 2, Success: 12 }. */
  readonly counts: Readonly<Record<string, number>>;
}

/** One managed node as DescribeInstanceInformation describes it. */
export interface NodeInformation {
  readonly InstanceId: string;
  readonly PingStatus?: string;
  readonly ComputerName?: string;
  /** The name given at registration (hybrid nodes). */
  readonly Name?: string;
  readonly PlatformType?: string;
  readonly PlatformName?: string;
  readonly PlatformVersion?: string;
  readonly IPAddress?: string;
  readonly ResourceType?: string;
  readonly AgentVersion?: string;
  readonly AssociationStatus?: string;
  readonly LastPingDateTime?: Date;
  readonly LastAssociationExecutionDate?: Date;
  readonly LastSuccessfulAssociationExecutionDate?: Date;
  readonly AssociationOverview?: AssociationOverview;
}

const TEXT_FIELDS = [
  'PingStatus',
  'ComputerName',
  'Name',
  'PlatformType',
  'PlatformName',
  'PlatformVersion',
  'IPAddress',
  'ResourceType',
  'AgentVersion',
  'AssociationStatus',
] as const;

const DATE_FIELDS = ['LastPingDateTime', 'LastAssociationExecutionDate', 'LastSuccessfulAssociationExecutionDate'] as const;

function toOverview(value: unknown): AssociationOverview | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const raw = value as { DetailedStatus?: unknown; InstanceAssociationStatusAggregatedCount?: unknown };
  const counts: Record<string, number> = Object.create(null);
  const aggregated = raw.InstanceAssociationStatusAggregatedCount;
  if (aggregated !== null && typeof aggregated === 'object' && !Array.isArray(aggregated)) {
    for (const [status, count] of Object.entries(aggregated)) {
      if (typeof count === 'number' && Number.isInteger(count) && count >= 0) counts[status] = count;
    }
  }
  return { detailedStatus: typeof raw.DetailedStatus === 'string' ? raw.DetailedStatus : undefined, counts };
}

/** Keeps the documented fields of one InstanceInformation entry; undefined when it has no InstanceId string. */
export function sanitizeNodeInformation(raw: unknown): NodeInformation | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.InstanceId !== 'string' || r.InstanceId === '') return undefined;
  const info: Record<string, unknown> = { InstanceId: r.InstanceId };
  for (const field of TEXT_FIELDS) if (typeof r[field] === 'string') info[field] = r[field];
  for (const field of DATE_FIELDS) {
    const date = awsDate(r[field]);
    if (date) info[field] = date;
  }
  const overview = toOverview(r.AssociationOverview);
  if (overview) info.AssociationOverview = overview;
  return info as unknown as NodeInformation;
}
