// The Associations view's rows as data: an association as ListAssociations describes it, its targets and
// counts in short, its worst status, the failing ones first, and the user's filters as the service's
// AssociationFilterList. Pure: no AWS, no vscode. Every string here came from AWS: shown through plainLine.
import type { AssociationOverviewCounts } from './associationCounts';
import { isFailedStatus } from './status';
import { awsDate } from './time';
import { plainLine } from './text';

/** One association of an account and region (ListAssociations), only the fields the view uses, type-checked. */
export interface AssociationSummary {
  readonly associationId: string;
  readonly name?: string;
  /** The SSM document it runs. */
  readonly document?: string;
  readonly documentVersion?: string;
  readonly associationVersion?: string;
  readonly targets: readonly AssociationTarget[];
  readonly schedule?: string;
  readonly lastExecution?: Date;
  /** Legacy associations made for one node. */
  readonly instanceId?: string;
  readonly overview?: AssociationOverviewCounts;
}

export interface AssociationTarget {
  readonly key: string;
  readonly values: readonly string[];
}


/** One node of one execution (DescribeAssociationExecutionTargets). */
export interface ExecutionTarget {
  readonly executionId: string;
  readonly resourceId: string;
  readonly resourceType?: string;
  readonly status?: string;
  readonly detailedStatus?: string;
  readonly date?: Date;
  /** The Run Command command of this node's run, when there is one. */
  readonly commandId?: string;
}

/** A page of one execution's targets, with the execution they belong to (the latest, when none was named). */
export interface ExecutionTargetsPage {
  readonly items: readonly ExecutionTarget[];
  readonly nextToken?: string;
  /** Undefined when the association has no execution yet. */
  readonly executionId?: string;
}

/** One run of an association (DescribeAssociationExecutions). */
export interface AssociationExecution {
  readonly executionId: string;
  readonly status?: string;
  readonly detailedStatus?: string;
  readonly createdTime?: Date;
  /** ResourceCountByStatus as the service writes it, e.g. `{Failed=1, Success=3}`. */
  readonly resourceCounts?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Keeps only what the view uses of one ListAssociations item, each of its type; undefined without an AssociationId. */
export function sanitizeAssociation(raw: unknown): AssociationSummary | undefined {
  const r = record(raw);
  const associationId = str(r.AssociationId);
  if (!associationId) return undefined;
  const o = record(r.Overview);
  const counts: Record<string, number> = {};
  for (const [status, n] of Object.entries(record(o.AssociationStatusAggregatedCount))) {
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0) counts[status] = n;
  }
  const hasOverview = r.Overview !== undefined && r.Overview !== null;
  return {
    associationId,
    name: str(r.AssociationName),
    document: str(r.Name),
    documentVersion: str(r.DocumentVersion),
    associationVersion: str(r.AssociationVersion),
    targets: list(r.Targets)
      .map(record)
      .map((t) => ({ key: str(t.Key) ?? '', values: list(t.Values).filter((v): v is string => typeof v === 'string') })),
    schedule: str(r.ScheduleExpression),
    lastExecution: awsDate(r.LastExecutionDate),
    instanceId: str(r.InstanceId),
    overview: hasOverview ? { status: str(o.Status), detailedStatus: str(o.DetailedStatus), counts } : undefined,
  };
}

/** One execution target; undefined without ExecutionId or ResourceId. */
export function sanitizeExecutionTarget(raw: unknown): ExecutionTarget | undefined {
  const r = record(raw);
  const executionId = str(r.ExecutionId);
  const resourceId = str(r.ResourceId);
  if (!executionId || !resourceId) return undefined;
  const source = record(r.OutputSource);
  return {
    executionId,
    resourceId,
    resourceType: str(r.ResourceType),
    status: str(r.Status),
    detailedStatus: str(r.DetailedStatus),
    date: awsDate(r.LastExecutionDate),
    commandId: str(source.OutputSourceType) === 'RunCommand' ? str(source.OutputSourceId) : undefined,
  };
}

/** One execution; undefined without ExecutionId. */
export function sanitizeExecution(raw: unknown): AssociationExecution | undefined {
  const r = record(raw);
  const executionId = str(r.ExecutionId);
  if (!executionId) return undefined;
  return { executionId, status: str(r.Status), detailedStatus: str(r.DetailedStatus), createdTime: awsDate(r.CreatedTime), resourceCounts: str(r.ResourceCountByStatus) };
}

/** What the row is called: the association's name, else its document, else its ID. */
export function associationLabel(a: AssociationSummary): string {
  return plainLine(a.name || a.document || a.associationId, 80);
}

function oneTarget(t: AssociationTarget): string {
  if (t.key === 'InstanceIds') {
    if (t.values.includes('*')) return 'all managed nodes';
    return `${t.values.length} node${t.values.length === 1 ? '' : 's'}`;
  }
  if (t.key === 'resource-groups:Name') return `resource group ${t.values.join(',')}`;
  if (t.key === 'tag-key') return `tag-key=${t.values.join(',')}`;
  return `${t.key}=${t.values.join(',')}`;
}

/** Targets in short: `tag:Env=prod`, `3 nodes`, `all managed nodes`; several joined with `; `. */
export function targetsText(a: Pick<AssociationSummary, 'targets' | 'instanceId'>): string {
  return plainLine(targetsSource(a), 60);
}

/** targetsText before it is made plain (the caller must pass it through plainLine). */
export function targetsSource(a: Pick<AssociationSummary, 'targets' | 'instanceId'>): string {
  if (a.targets.length === 0) return a.instanceId ? '1 node' : 'no targets';
  return a.targets.length === 1 ? oneTarget(a.targets[0]) : a.targets.map(oneTarget).join('; ');
}

export { countsText, overviewView, statusWord, worstLook, type AssociationOverviewCounts, type OverviewView } from './associationCounts';

/** Nodes in a failed state (Failed, TimedOut: the house's one rule, core/status isFailedStatus). */
export function failedNodes(overview: AssociationOverviewCounts | undefined): number {
  if (!overview) return 0;
  let sum = 0;
  for (const status in overview.counts) if (isFailedStatus(status)) sum += overview.counts[status];
  return sum;
}

/** An association fails when a node of it failed, or the service calls its overview failed. */
export function isFailingAssociation(a: AssociationSummary): boolean {
  return failedNodes(a.overview) > 0 || isFailedStatus(a.overview?.status);
}

/** Failing associations first, each part in the order the service gave (stable). */
export function failingFirst<T>(items: readonly T[], failing: (item: T) => boolean): T[] {
  const bad: T[] = [];
  const rest: T[] = [];
  for (const item of items) (failing(item) ? bad : rest).push(item);
  return bad.concat(rest);
}

/** The filters the view offers: the service's own AssociationFilterList keys. */
export const FILTER_KEYS = ['AssociationName', 'Name', 'AssociationStatusName', 'LastExecutedBefore', 'LastExecutedAfter'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** A filter as the user set it. */
export interface AssociationFilter {
  readonly key: FilterKey;
  readonly value: string;
}

/** How the filter reads in the view's description and the pickers. */
export const FILTER_WORDS: Record<FilterKey, string> = {
  AssociationName: 'name',
  Name: 'document',
  AssociationStatusName: 'status',
  LastExecutedBefore: 'last run before',
  LastExecutedAfter: 'last run after',
};

/** AssociationStatusName values the service documents (AssociationStatusName enum). */
export const STATUS_VALUES = ['Pending', 'Success', 'Failed'] as const;

/** Why a value cannot be sent for this key, in the user's words; undefined when it can. */
export function filterProblem(key: FilterKey, value: string): string | undefined {
  const v = value.trim();
  if (!v) return 'Type a value.';
  if (key === 'AssociationName' && !/^[a-zA-Z0-9_\-.]{3,128}$/.test(v)) return 'An association name is 3–128 letters, digits, _ - or .';
  if (key === 'Name' && v.length > 200) return 'A document name is at most 200 characters.';
  if (key === 'AssociationStatusName' && !(STATUS_VALUES as readonly string[]).includes(v)) return `The status is one of ${STATUS_VALUES.join(', ')}.`;
  if ((key === 'LastExecutedBefore' || key === 'LastExecutedAfter') && Number.isNaN(Date.parse(v))) return 'A date such as 2025-06-01 or 2025-06-01T12:00:00Z.';
  return undefined;
}

/**
 * The filters as ListAssociations' AssociationFilterList (members `key` and `value`, lower case in the
 * model); dates as ISO 8601 in UTC. One filter per key (a later one replaces an earlier); bad values dropped.
 */
export function toFilterList(filters: readonly AssociationFilter[]): { key: FilterKey; value: string }[] | undefined {
  const byKey = new Map<FilterKey, string>();
  for (const f of filters) {
    if (filterProblem(f.key, f.value) !== undefined) continue;
    const v = f.value.trim();
    byKey.set(f.key, f.key === 'LastExecutedBefore' || f.key === 'LastExecutedAfter' ? new Date(Date.parse(v)).toISOString() : v);
  }
  const out = [...byKey].map(([key, value]) => ({ key, value }));
  return out.length ? out : undefined;
}

/** `name=web · status=Failed`, for the view's description; undefined without filters. */
export function filtersText(filters: readonly AssociationFilter[]): string | undefined {
  if (!filters.length) return undefined;
  return plainLine(filters.map((f) => `${FILTER_WORDS[f.key]}=${f.value}`).join(' · '), 80);
}
