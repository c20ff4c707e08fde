/**
 * ListAssociations: every association of the caller's account and region (the same book that
 * DescribeAssociation and the executions read), with its Overview counted from the nodes' status
 * rows as they are now, so the list always agrees with DescribeInstanceAssociationsStatus.
 * Sources and assumptions: README "Associations view".
 */
import { validationError } from './errors.js';
import { type FilterListShape, type ListedFilter, filterTime, readFilterList } from './filterLists.js';
import { accountId, toEpochSeconds } from './fleet.js';
import { type Json, type OpContext, type OpResult, checkMaxResults, checkToken, pageAnswer } from './operations.js';
import { type Association, type Book } from './runs.js';
import { book, sec, statusCounts } from './runOps.js';

/** AssociationFilterKey in the service model. */
export const ASSOCIATION_FILTER_KEYS = ['InstanceId', 'Name', 'AssociationId', 'AssociationStatusName', 'LastExecutedBefore', 'LastExecutedAfter', 'AssociationName', 'ResourceGroupName', 'CloudConnectorId'] as const;
type FilterKey = (typeof ASSOCIATION_FILTER_KEYS)[number];

interface Filter extends ListedFilter<FilterKey> {
  time?: number;
}

/** AssociationFilterList: members `key` and `value` (lower case in the model), at least one filter. */
const FILTER_LIST: FilterListShape<FilterKey> = { list: 'AssociationFilterList', at: 'associationFilterList', members: ['key', 'value'], keys: ASSOCIATION_FILTER_KEYS, atLeastOne: true };

function readFilters(raw: unknown): Filter[] {
  const problems: string[] = [];
  const out = readFilterList(raw, FILTER_LIST, problems, (filter, at): Filter =>
    filter.key === 'LastExecutedBefore' || filter.key === 'LastExecutedAfter' ? { ...filter, time: filterTime(filter.value, at, problems) } : filter,
  );
  if (problems.length) throw validationError(problems);
  return out;
}

/** An association's latest run time (ms): its latest execution when one was made, else the earliest row of that run. */
function lastExecution(b: Book, a: Association): number | undefined {
  const made = b.executions.get(a.def.AssociationId)?.[0];
  if (made) return made.createdTime;
  const dates = (b.rows.get(a.def.AssociationId) ?? [])
    .map(({ row }) => (row.ExecutionDate === undefined ? undefined : toEpochSeconds(row.ExecutionDate) * 1000))
    .filter((d): d is number => d !== undefined && Number.isFinite(d));
  return dates.length ? Math.min(...dates) : undefined;
}

function matches(b: Book, a: Association, f: Filter): boolean {
  const def = a.def;
  switch (f.key) {
    case 'Name':
      return def.Name === f.value;
    case 'AssociationId':
      return def.AssociationId === f.value;
    case 'AssociationName':
      return def.AssociationName === f.value;
    case 'AssociationStatusName':
      return statusCounts(a).status === f.value;
    case 'InstanceId':
      // Only legacy associations made with an InstanceId (service model note).
      return def.InstanceId === f.value;
    case 'ResourceGroupName':
      return (def.Targets ?? []).some((t) => t.Key === 'resource-groups:Name' && t.Values.includes(f.value));
    case 'LastExecutedBefore':
    case 'LastExecutedAfter': {
      const last = lastExecution(b, a);
      if (last === undefined) return false;
      return f.key === 'LastExecutedBefore' ? last < f.time! : last > f.time!;
    }
    case 'CloudConnectorId':
      return false;
  }
}

/** An association the caller may see: none of its nodes visible to the caller means it is not listed. */
function listable(a: Association): boolean {
  return !(a.holders.length && a.holders.every((n) => n.noAccess || n.state === 'terminated'));
}

function wire(b: Book, a: Association): Json {
  const def = a.def;
  const { status, counts } = statusCounts(a);
  const out: Json = {
    AssociationId: def.AssociationId,
    Name: def.Name,
    AssociationVersion: def.AssociationVersion ?? '1',
    DocumentVersion: def.DocumentVersion ?? '$DEFAULT',
    Targets: def.Targets ?? [{ Key: 'InstanceIds', Values: a.holders.map((n) => n.InstanceId) }],
    Overview: { Status: status, DetailedStatus: status, AssociationStatusAggregatedCount: counts },
  };
  if (def.AssociationName !== undefined) out.AssociationName = def.AssociationName;
  if (def.ScheduleExpression !== undefined) out.ScheduleExpression = def.ScheduleExpression;
  if (typeof def.InstanceId === 'string') out.InstanceId = def.InstanceId;
  const last = lastExecution(b, a);
  if (last !== undefined) out.LastExecutionDate = sec(last);
  return out;
}

export function listAssociations(ctx: OpContext, input: Json): OpResult {
  const op = 'ListAssociations';
  const problems: string[] = [];
  checkMaxResults(input.MaxResults, 1, 50, problems);
  const sent = checkToken(input.NextToken);
  if (problems.length) throw validationError(problems);
  const filters = readFilters(input.AssociationFilterList);
  const b = book(ctx);
  const all = [...b.associations.values()].filter((a) => listable(a) && filters.every((f) => matches(b, a, f)));
  const scope = `${accountId(ctx.caller.account)}/${ctx.caller.region}/${JSON.stringify(filters)}`;
  return pageAnswer(ctx, op, scope, sent, all, (input.MaxResults as number | undefined) ?? 50, 'Associations', (a) => wire(b, a));
}
