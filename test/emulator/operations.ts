/**
 * The operations: functions of (fleet, caller, request body) -> response body. No HTTP here.
 * Faults that shape a page (empty page with token, repeated token, oversize page) come in as
 * `PageFaults`; everything else about faults lives in server.ts.
 */
import { ApiError, validationError } from './errors.js';
import {
  type Account,
  type Fleet,
  type InstanceAssociationStatusInfo,
  type ManagedNode,
  INSTANCE_ID_PATTERN,
  accountId,
  toEpochSeconds,
} from './fleet.js';
import type { TokenCodec } from './tokens.js';

export interface Caller {
  account: Account;
  region: string;
}

export interface PageFaults {
  /** Called when a page is about to be cut; true = send it empty with a token for the same offset. */
  takeEmptyPage?: () => boolean;
  repeatToken?: boolean;
  oversizePage?: number;
}

export interface OpContext {
  fleet: Fleet;
  caller: Caller;
  tokens: TokenCodec;
  faults: PageFaults;
  startedAt: number;
}

export interface OpResult {
  body: Record<string, unknown>;
  /** Filled in for the request log. */
  returned?: number;
  nextTokenOut?: string;
}

type Json = Record<string, unknown>;

export const OPERATIONS = ['DescribeInstanceAssociationsStatus', 'DescribeInstanceInformation', 'StartAssociationsOnce'] as const;
export type OperationName = (typeof OPERATIONS)[number];

export function isOperation(name: string): name is OperationName {
  return (OPERATIONS as readonly string[]).includes(name);
}

export function runOperation(op: OperationName, ctx: OpContext, input: Json): OpResult {
  switch (op) {
    case 'DescribeInstanceAssociationsStatus':
      return describeInstanceAssociationsStatus(ctx, input);
    case 'DescribeInstanceInformation':
      return describeInstanceInformation(ctx, input);
    case 'StartAssociationsOnce':
      return startAssociationsOnce(ctx, input);
  }
}

// ---------------------------------------------------------------------------------------------
// helpers

const ID_PATTERN_TEXT = String.raw`(^i-(\w{8}|\w{17})$)|(^mi-\w{17}$)`;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function shown(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : v === undefined || v === null ? 'null' : `'${JSON.stringify(v)}'`;
}

function checkMaxResults(v: unknown, min: number, max: number, problems: string[]): void {
  if (v === undefined || v === null) return;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new ApiError('SerializationException', `NUMBER_VALUE can not be converted to an Integer`, 400, 'none');
  }
  if (v < min) problems.push(`Value '${v}' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to ${min}`);
  if (v > max) problems.push(`Value '${v}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
}

function checkToken(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new ApiError('SerializationException', 'Expected a string for NextToken', 400, 'none');
  return v;
}

/** Nodes the caller can see: same account, same region, not `noAccess`. */
export function visibleNodes(ctx: OpContext): ManagedNode[] {
  return (ctx.caller.account.regions[ctx.caller.region] ?? []).filter((n) => !n.noAccess);
}

function findVisibleNode(ctx: OpContext, id: string): ManagedNode | undefined {
  return visibleNodes(ctx).find((n) => n.InstanceId === id);
}

function invalidInstance(id: string, ctx: OpContext): ApiError {
  return new ApiError(
    'InvalidInstanceId',
    `Instances [[${id}]] not in a valid state for account ${accountId(ctx.caller.account)}`,
    400,
  );
}

/** Cuts one page, applying the page faults; returns the items and the NextToken to send. */
function paginate<T>(
  ctx: OpContext,
  all: T[],
  offset: number,
  limit: number,
  sentToken: string | undefined,
  issue: (offset: number) => string,
): { items: T[]; next?: string } {
  let items: T[];
  let next: string | undefined;
  if (ctx.faults.takeEmptyPage?.()) {
    items = [];
    next = issue(offset);
  } else {
    const size = ctx.faults.oversizePage ?? limit;
    items = all.slice(offset, offset + size);
    const end = offset + items.length;
    next = end < all.length ? issue(end) : undefined;
  }
  if (ctx.faults.repeatToken && sentToken) next = sentToken;
  return { items, next };
}

export function wireAssociation(a: InstanceAssociationStatusInfo, node: ManagedNode): Json {
  const out: Json = { ...a };
  if (out.InstanceId === undefined) out.InstanceId = node.InstanceId;
  if (a.ExecutionDate !== undefined) out.ExecutionDate = toEpochSeconds(a.ExecutionDate);
  return out;
}

// ---------------------------------------------------------------------------------------------
// DescribeInstanceAssociationsStatus

function describeInstanceAssociationsStatus(ctx: OpContext, input: Json): OpResult {
  const op = 'DescribeInstanceAssociationsStatus';
  const problems: string[] = [];
  const id = input.InstanceId;
  if (id === undefined || id === null) problems.push(`Value null at 'instanceId' failed to satisfy constraint: Member must not be null`);
  else if (typeof id !== 'string' || !INSTANCE_ID_PATTERN.test(id)) {
    problems.push(`Value ${shown(id)} at 'instanceId' failed to satisfy constraint: Member must satisfy regular expression pattern: ${ID_PATTERN_TEXT}`);
  }
  checkMaxResults(input.MaxResults, 1, 50, problems);
  const sent = checkToken(input.NextToken);
  if (problems.length) throw validationError(problems);

  const node = findVisibleNode(ctx, id as string);
  if (!node) throw invalidInstance(id as string, ctx);

  const scope = `${accountId(ctx.caller.account)}/${ctx.caller.region}/${node.InstanceId}`;
  let offset = 0;
  if (sent !== undefined) {
    const o = ctx.tokens.read(sent, op, scope);
    if (o === undefined) throw new ApiError('InvalidNextToken', 'The specified token is not valid.', 400);
    offset = o;
  }
  const limit = (input.MaxResults as number | undefined) ?? ctx.fleet.defaultMaxResults ?? 50;
  const all = node.associations ?? [];
  const { items, next } = paginate(ctx, all, offset, limit, sent, (o) => ctx.tokens.issue(op, scope, o));
  const body: Json = { InstanceAssociationStatusInfos: items.map((a) => wireAssociation(a, node)) };
  if (next !== undefined) body.NextToken = next;
  return { body, returned: items.length, nextTokenOut: next };
}

// ---------------------------------------------------------------------------------------------
// DescribeInstanceInformation

const FILTER_KEYS = ['InstanceIds', 'PingStatus', 'PlatformTypes', 'ResourceType', 'AssociationStatus', 'AgentVersion'];

interface NodeFilter {
  key: string;
  values: string[];
}

function readFilters(input: Json): NodeFilter[] {
  const out: NodeFilter[] = [];
  const list = input.InstanceInformationFilterList;
  const filters = input.Filters;
  if (list !== undefined && filters !== undefined) {
    throw new ApiError('InvalidInstanceInformationFilterValue', 'InstanceInformationFilterList and Filters cannot be used together.', 400);
  }
  if (Array.isArray(list)) {
    for (const f of list as Json[]) {
      const key = String(f?.key);
      if (!FILTER_KEYS.includes(key)) {
        throw validationError([
          `Value '${key}' at 'instanceInformationFilterList.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [${FILTER_KEYS.join(', ')}]`,
        ]);
      }
      const values = Array.isArray(f.valueSet) ? (f.valueSet as unknown[]).map(String) : [];
      if (!values.length) throw new ApiError('InvalidInstanceInformationFilterValue', `The filter ${key} needs at least one value.`, 400);
      out.push({ key, values });
    }
  }
  if (Array.isArray(filters)) {
    for (const f of filters as Json[]) {
      const key = String(f?.Key);
      if (!FILTER_KEYS.includes(key) && !key.startsWith('tag:') && key !== 'tag-key') {
        throw new ApiError('InvalidFilterKey', `The filter key ${key} is not valid.`, 400);
      }
      const values = Array.isArray(f.Values) ? (f.Values as unknown[]).map(String) : [];
      if (!values.length) throw new ApiError('InvalidInstanceInformationFilterValue', `The filter ${key} needs at least one value.`, 400);
      out.push({ key, values });
    }
  }
  return out;
}

function platformType(n: ManagedNode): string {
  return n.PlatformType ?? (/windows/i.test(n.PlatformName ?? '') ? 'Windows' : /mac/i.test(n.PlatformName ?? '') ? 'MacOS' : 'Linux');
}

function resourceType(n: ManagedNode): string {
  return n.ResourceType ?? (n.InstanceId.startsWith('mi-') ? 'ManagedInstance' : 'EC2Instance');
}

function overview(n: ManagedNode): { status?: string; counts: Record<string, number>; last?: number; lastOk?: number } {
  const counts: Record<string, number> = {};
  let last: number | undefined;
  let lastOk: number | undefined;
  for (const a of n.associations ?? []) {
    const s = String(a.Status ?? 'Pending');
    counts[s] = (counts[s] ?? 0) + 1;
    if (a.ExecutionDate !== undefined) {
      const t = toEpochSeconds(a.ExecutionDate);
      if (last === undefined || t > last) last = t;
      if (s === 'Success' && (lastOk === undefined || t > lastOk)) lastOk = t;
    }
  }
  const total = n.associations?.length ?? 0;
  const status = total === 0 ? undefined : counts.Failed ? 'Failed' : counts.Pending ? 'Pending' : counts.Success === total ? 'Success' : 'Pending';
  return { status, counts, last, lastOk };
}

function matches(n: ManagedNode, f: NodeFilter): boolean {
  const tags = n.tags ?? {};
  switch (f.key) {
    case 'InstanceIds':
      return f.values.includes(n.InstanceId);
    case 'PingStatus':
      return f.values.includes(String(n.PingStatus ?? 'Online'));
    case 'PlatformTypes':
      return f.values.includes(platformType(n));
    case 'ResourceType':
      return f.values.includes(resourceType(n));
    case 'AssociationStatus':
      return f.values.includes(overview(n).status ?? '');
    case 'AgentVersion':
      return f.values.includes(n.AgentVersion ?? '3.3.1142.0');
    case 'tag-key':
      return f.values.some((v) => v in tags);
    default:
      return f.key.startsWith('tag:') && f.values.includes(tags[f.key.slice(4)] ?? '\u0000');
  }
}

function nodeInformation(n: ManagedNode, startedAt: number): Json {
  const ov = overview(n);
  const out: Json = {
    InstanceId: n.InstanceId,
    PingStatus: n.PingStatus ?? 'Online',
    LastPingDateTime: n.LastPingDateTime !== undefined ? toEpochSeconds(n.LastPingDateTime) : startedAt / 1000,
    AgentVersion: n.AgentVersion ?? '3.3.1142.0',
    IsLatestVersion: false,
    PlatformType: platformType(n),
    PlatformName: n.PlatformName ?? 'Amazon Linux',
    PlatformVersion: n.PlatformVersion ?? '2023',
    ResourceType: resourceType(n),
    IPAddress: n.IPAddress ?? '10.0.0.1',
    ComputerName: n.ComputerName ?? `${n.InstanceId}.ec2.internal`,
  };
  if (ov.status !== undefined) {
    out.AssociationStatus = ov.status;
    out.AssociationOverview = { DetailedStatus: ov.status, InstanceAssociationStatusAggregatedCount: ov.counts };
  }
  if (ov.last !== undefined) out.LastAssociationExecutionDate = ov.last;
  if (ov.lastOk !== undefined) out.LastSuccessfulAssociationExecutionDate = ov.lastOk;
  return out;
}

function describeInstanceInformation(ctx: OpContext, input: Json): OpResult {
  const op = 'DescribeInstanceInformation';
  const problems: string[] = [];
  checkMaxResults(input.MaxResults, 5, 50, problems);
  const sent = checkToken(input.NextToken);
  if (problems.length) throw validationError(problems);
  const filters = readFilters(input);
  const all = visibleNodes(ctx).filter((n) => filters.every((f) => matches(n, f)));

  const scope = `${accountId(ctx.caller.account)}/${ctx.caller.region}/${JSON.stringify(filters)}`;
  let offset = 0;
  if (sent !== undefined) {
    const o = ctx.tokens.read(sent, op, scope);
    if (o === undefined) throw new ApiError('InvalidNextToken', 'The specified token is not valid.', 400);
    offset = o;
  }
  const limit = (input.MaxResults as number | undefined) ?? 50;
  const { items, next } = paginate(ctx, all, offset, limit, sent, (o) => ctx.tokens.issue(op, scope, o));
  const body: Json = { InstanceInformationList: items.map((n) => nodeInformation(n, ctx.startedAt)) };
  if (next !== undefined) body.NextToken = next;
  return { body, returned: items.length, nextTokenOut: next };
}

// ---------------------------------------------------------------------------------------------
// StartAssociationsOnce

function startAssociationsOnce(ctx: OpContext, input: Json): OpResult {
  const ids = input.AssociationIds;
  if (ids === undefined || ids === null) {
    throw validationError([`Value null at 'associationIds' failed to satisfy constraint: Member must not be null`]);
  }
  if (!Array.isArray(ids)) throw new ApiError('SerializationException', 'Expected a list for AssociationIds', 400, 'none');
  const problems: string[] = [];
  if (ids.length < 1) problems.push(`Value '[]' at 'associationIds' failed to satisfy constraint: Member must have length greater than or equal to 1`);
  if (ids.length > 10) {
    problems.push(`Value '[${ids.join(', ')}]' at 'associationIds' failed to satisfy constraint: Member must have length less than or equal to 10`);
  }
  ids.forEach((id, i) => {
    if (typeof id !== 'string' || !UUID.test(id)) {
      problems.push(
        `Value ${shown(id)} at 'associationIds.${i + 1}.member' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`,
      );
    }
  });
  if (problems.length) throw validationError(problems);

  const rows = new Map<string, InstanceAssociationStatusInfo[]>();
  for (const n of visibleNodes(ctx)) {
    for (const a of n.associations ?? []) {
      if (a.AssociationId && (ids as string[]).includes(a.AssociationId)) {
        rows.set(a.AssociationId, [...(rows.get(a.AssociationId) ?? []), a]);
      }
    }
  }
  for (const id of ids as string[]) {
    if (!rows.has(id)) throw new ApiError('InvalidAssociation', `Association ${id} does not exist.`, 400);
  }
  // Run once "now": the association goes back to Pending until the agent reports again.
  for (const list of rows.values()) {
    for (const a of list) {
      a.Status = 'Pending';
      a.DetailedStatus = 'Pending';
    }
  }
  return { body: {} };
}
