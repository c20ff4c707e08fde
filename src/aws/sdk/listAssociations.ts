// The Associations view's requests: an account's associations (ListAssociations), an association's runs
// (DescribeAssociationExecutions) and one run's nodes (DescribeAssociationExecutionTargets), one page each.
// Lives in dist/runs.js (loaded on the view's first request). Answers are untrusted: sanitised field by field.
import { DescribeAssociationExecutionsCommand, DescribeAssociationExecutionTargetsCommand, ListAssociationsCommand } from '@aws-sdk/client-ssm';
import type { AwsScope } from '../../core/scope';
import {
  sanitizeAssociation,
  sanitizeExecution,
  sanitizeExecutionTarget,
  toFilterList,
  type AssociationExecution,
  type AssociationFilter,
  type AssociationSummary,
  type ExecutionTargetsPage,
} from '../../core/associationRows';
import type { Page } from '../../paging/pager';
import { type RequestIo, sendSsm } from './associationRuns';
import type { ClientPool } from './clients';
import type { Log } from '../contract';

function keep<T>(raw: unknown, sanitize: (item: unknown) => T | undefined, log: Log, what: string): T[] {
  const items: T[] = [];
  let dropped = 0;
  for (const item of Array.isArray(raw) ? raw : []) {
    const clean = sanitize(item);
    if (clean) items.push(clean);
    else dropped++;
  }
  if (dropped) log.warn(`${dropped} ${what} without their ID were dropped.`);
  return items;
}

const tokenOf = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const where = (scope: AwsScope) => `profile=${scope.profile ?? '(default chain)'}`;

/** The SSM side of the Associations view for one client pool. */
export class AssociationLists {
  constructor(
    private readonly pool: ClientPool,
    private readonly io: RequestIo,
  ) {}

  /** One page of ListAssociations, with the user's filters as the service's AssociationFilterList. */
  async associations(scope: AwsScope, filters: readonly AssociationFilter[], token: string | undefined, pageSize: number, signal?: AbortSignal): Promise<Page<AssociationSummary>> {
    const bound = await this.pool.get(scope.profile, scope.region);
    const list = toFilterList(filters);
    const out = await sendSsm<{ Associations?: unknown; NextToken?: unknown }>(
      bound,
      this.io,
      'ListAssociations',
      `${where(scope)} maxResults=${pageSize} filters=${list?.length ?? 0} token=${token ? 'yes' : '-'}`,
      new ListAssociationsCommand({ AssociationFilterList: list, MaxResults: pageSize, NextToken: token }),
      signal,
    );
    return { items: keep(out.Associations, sanitizeAssociation, this.io.log, 'associations'), nextToken: tokenOf(out.NextToken) };
  }

  /** One page of an association's runs, newest first (as the service orders them). */
  async executions(scope: AwsScope, associationId: string, token: string | undefined, pageSize: number, signal?: AbortSignal): Promise<Page<AssociationExecution>> {
    const bound = await this.pool.get(scope.profile, scope.region);
    const out = await sendSsm<{ AssociationExecutions?: unknown; NextToken?: unknown }>(
      bound,
      this.io,
      'DescribeAssociationExecutions',
      `${where(scope)} association=${associationId} maxResults=${pageSize} token=${token ? 'yes' : '-'}`,
      new DescribeAssociationExecutionsCommand({ AssociationId: associationId, MaxResults: pageSize, NextToken: token }),
      signal,
    );
    return { items: keep(out.AssociationExecutions, sanitizeExecution, this.io.log, 'executions'), nextToken: tokenOf(out.NextToken) };
  }

  /**
   * One page of a run's targets. Without an execution ID, the latest run's: one DescribeAssociationExecutions
   * (MaxResults 1) names it first, as DescribeAssociationExecutionTargets requires an ExecutionId.
   */
  async executionTargets(
    scope: AwsScope,
    associationId: string,
    executionId: string | undefined,
    token: string | undefined,
    pageSize: number,
    signal?: AbortSignal,
  ): Promise<ExecutionTargetsPage> {
    const id = executionId ?? (await this.executions(scope, associationId, undefined, 1, signal)).items[0]?.executionId;
    if (!id) return { items: [] };
    const bound = await this.pool.get(scope.profile, scope.region);
    const out = await sendSsm<{ AssociationExecutionTargets?: unknown; NextToken?: unknown }>(
      bound,
      this.io,
      'DescribeAssociationExecutionTargets',
      `${where(scope)} association=${associationId} execution=${id} maxResults=${pageSize} token=${token ? 'yes' : '-'}`,
      new DescribeAssociationExecutionTargetsCommand({ AssociationId: associationId, ExecutionId: id, MaxResults: pageSize, NextToken: token }),
      signal,
    );
    return { items: keep(out.AssociationExecutionTargets, sanitizeExecutionTarget, this.io.log, 'execution targets'), nextToken: tokenOf(out.NextToken), executionId: id };
  }
}
