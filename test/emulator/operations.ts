/**
 * The operations: functions of (fleet, caller, request body) -> response body. No HTTP here.
 * Faults that shape a page (empty page with token, repeated token, empty last token, oversize page) come in as
 * `PageFaults`; everything else about faults lives in server.ts.
 */
import { ApiError, validationError } from './errors.js';
import {
  type Account,
  type Fleet,
  type InstanceAssociationStatusInfo,
  type ManagedNode,
  ID_PATTERN_TEXT,
  INSTANCE_ID_PATTERN,
  accountId,
  toEpochSeconds,
} from './fleet.js';
import type { TokenCodec } from './tokens.js';
import { type RunBook, enrichRow } from './runs.js';
import { describeInstanceInformation } from './nodeInfo.js';
import {
  describeAssociation,
  describeAssociationExecutions,
  describeAssociationExecutionTargets,
  getCommandInvocation,
  listCommandInvocations,
  startAssociationsOnce,
} from './runOps.js';
import { listAssociations } from './listAssociations.js';

export interface Caller {
  account: Account;
  region: string;
}

export interface PageFaults {
  /** Called when a page is about to be cut; true = send it empty with a token for the same offset. */
  takeEmptyPage?: () => boolean;
  repeatToken?: boolean;
  /** The last page says `"NextToken": ""` instead of leaving it out. */
  emptyNextToken?: boolean;
  /** DescribeInstanceInformation: nodes repeated and nodes not asked for (nodeInfo.ts). */
  strayNodes?: boolean;
  oversizePage?: number;
}

export interface OpContext {
  fleet: Fleet;
  caller: Caller;
  tokens: TokenCodec;
  faults: PageFaults;
  startedAt: number;
  /** Associations, executions and command invocations of the fleet (runs.ts). */
  runs: RunBook;
  /** The request's time (ms). */
  now: number;
}

export interface OpResult {
  body: Record<string, unknown>;
  /** Filled in for the request log. */
  returned?: number;
  nextTokenOut?: string;
}

export { ID_PATTERN_TEXT };
export type Json = Record<string, unknown>;

export const OPERATIONS = [
  'DescribeInstanceAssociationsStatus',
  'DescribeInstanceInformation',
  'StartAssociationsOnce',
  'DescribeAssociation',
  'DescribeAssociationExecutions',
  'DescribeAssociationExecutionTargets',
  'ListCommandInvocations',
  'GetCommandInvocation',
  'ListAssociations',
] as const;
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
    case 'DescribeAssociation':
      return describeAssociation(ctx, input);
    case 'DescribeAssociationExecutions':
      return describeAssociationExecutions(ctx, input);
    case 'DescribeAssociationExecutionTargets':
      return describeAssociationExecutionTargets(ctx, input);
    case 'ListCommandInvocations':
      return listCommandInvocations(ctx, input);
    case 'GetCommandInvocation':
      return getCommandInvocation(ctx, input);
    case 'ListAssociations':
      return listAssociations(ctx, input);
  }
}

// ---------------------------------------------------------------------------------------------
// helpers


export function shown(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : v === undefined || v === null ? 'null' : `'${JSON.stringify(v)}'`;
}

export function checkMaxResults(v: unknown, min: number, max: number, problems: string[]): void {
  if (v === undefined || v === null) return;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new ApiError('SerializationException', `NUMBER_VALUE can not be converted to an Integer`, 400, 'none');
  }
  if (v < min) problems.push(`Value '${v}' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to ${min}`);
  if (v > max) problems.push(`Value '${v}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
}

export function checkToken(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new ApiError('SerializationException', 'Expected a string for NextToken', 400, 'none');
  return v;
}

/** Nodes the caller can see: same account, same region, not `noAccess`, not terminated. */
export function visibleNodes(ctx: OpContext): ManagedNode[] {
  return (ctx.caller.account.regions[ctx.caller.region] ?? []).filter((n) => !n.noAccess && n.state !== 'terminated');
}

export function findVisibleNode(ctx: OpContext, id: string): ManagedNode | undefined {
  return visibleNodes(ctx).find((n) => n.InstanceId === id);
}

export function invalidInstance(id: string, ctx: OpContext): ApiError {
  return new ApiError(
    'InvalidInstanceId',
    `Instances [[${id}]] not in a valid state for account ${accountId(ctx.caller.account)}`,
    400,
  );
}

/** Cuts one page, applying the page faults; returns the items and the NextToken to send. */
export function paginate<T>(
  ctx: OpContext,
  all: readonly T[],
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

/** The offset a sent token stands for: 0 without one; InvalidNextToken for a token of another operation or scope. */
export function readOffset(ctx: OpContext, op: string, scope: string, sent: string | undefined): number {
  if (sent === undefined) return 0;
  const o = ctx.tokens.read(sent, op, scope);
  if (o === undefined) throw new ApiError('InvalidNextToken', 'The specified token is not valid.', 400);
  return o;
}

/**
 * A list operation's answer: the page at the sent token's offset (`scope`: what the request asked,
 * so that a token is good only for the same question), its items wired under `member`, and
 * NextToken while more follow.
 */
export function pageAnswer<T>(ctx: OpContext, op: string, scope: string, sent: string | undefined, all: readonly T[], limit: number, member: string, wire: (item: T) => unknown): OpResult {
  const offset = readOffset(ctx, op, scope, sent);
  const { items, next } = paginate(ctx, all, offset, limit, sent, (o) => ctx.tokens.issue(op, scope, o));
  const body: Json = { [member]: items.map(wire) };
  if (next !== undefined) body.NextToken = next;
  else if (ctx.faults.emptyNextToken) body.NextToken = '';
  return { body, returned: items.length, nextTokenOut: next };
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
  const limit = (input.MaxResults as number | undefined) ?? ctx.fleet.defaultMaxResults ?? 50;
  const defs = ctx.runs.definitions(ctx.caller.account, ctx.caller.region);
  return pageAnswer(ctx, op, scope, sent, node.associations ?? [], limit, 'InstanceAssociationStatusInfos', (a) => wireAssociation(enrichRow(defs, node, a), node));
}

