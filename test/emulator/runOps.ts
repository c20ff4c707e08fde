/**
 * The operations about associations and their runs: DescribeAssociation,
 * DescribeAssociationExecutions, DescribeAssociationExecutionTargets, ListCommandInvocations,
 * GetCommandInvocation and StartAssociationsOnce (the model is in runs.ts).
 */
import { ApiError, validationError } from './errors.js';
import { type FilterListShape, type ListedFilter, filterTime, readFilterList } from './filterLists.js';
import { ID_PATTERN_TEXT, INSTANCE_ID_PATTERN, UUID_PATTERN, accountId } from './fleet.js';
import {
  type Json,
  type OpContext,
  type OpResult,
  checkMaxResults,
  checkToken,
  findVisibleNode,
  invalidInstance,
  pageAnswer,
  shown,
} from './operations.js';
import {
  type Association,
  type Book,
  type Execution,
  type TargetRun,
  executionStatus,
  invocationStatus,
  REFRESH_DOCUMENT,
  type StepRun,
  isTriggered,
  refreshRun,
  resourceCountByStatus,
  s3Place,
  stepOutput,
  stepRuns,
} from './runs.js';

const UUID_TEXT = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/** GetCommandInvocation cuts the output at these lengths (API reference). */
export const STDOUT_LIMIT = 24_000;
export const STDERR_LIMIT = 8_000;
/** ListCommandInvocations' CommandPlugins[].Output holds the first 2,500 characters. */
const PLUGIN_OUTPUT_LIMIT = 2_500;

export const sec = (ms: number) => ms / 1000;

export function book(ctx: OpContext): Book {
  return ctx.runs.book(ctx.caller.account, ctx.caller.region);
}

/** An association the caller can see: in its account and region, with a target it may see (or none at all). */
export function visibleAssociation(ctx: OpContext, id: string): Association | undefined {
  const a = book(ctx).associations.get(id);
  if (!a) return undefined;
  if (a.holders.length && a.holders.every((n) => n.noAccess || n.state === 'terminated')) return undefined;
  return a;
}

function associationDoesNotExist(): ApiError {
  return new ApiError('AssociationDoesNotExist', 'The specified association does not exist.', 400);
}

function requireString(v: unknown, member: string, problems: string[], pattern?: { re: RegExp; text: string }): string | undefined {
  if (v === undefined || v === null) {
    problems.push(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
    return undefined;
  }
  if (typeof v !== 'string') throw new ApiError('SerializationException', `Expected a string for ${member}`, 400, 'none');
  if (pattern && !pattern.re.test(v)) problems.push(`Value ${shown(v)} at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern.text}`);
  return v;
}

const UUID_RULE = { re: UUID_PATTERN, text: UUID_TEXT };
const ID_RULE = { re: INSTANCE_ID_PATTERN, text: ID_PATTERN_TEXT };

export function statusCounts(a: Association): { status: string; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  for (const n of a.holders) {
    const row = n.associations?.find((r) => r.AssociationId === a.def.AssociationId);
    const s = String(row?.Status ?? 'Pending');
    counts[s] = (counts[s] ?? 0) + 1;
  }
  const total = a.holders.length;
  const status = counts.Failed ? 'Failed' : total > 0 && counts.Success === total ? 'Success' : 'Pending';
  return { status, counts };
}

// ---------------------------------------------------------------------------------------------
// DescribeAssociation

export function describeAssociation(ctx: OpContext, input: Json): OpResult {
  const problems: string[] = [];
  const id = input.AssociationId === undefined ? undefined : requireString(input.AssociationId, 'associationId', problems, UUID_RULE);
  const instanceId = input.InstanceId === undefined ? undefined : requireString(input.InstanceId, 'instanceId', problems, ID_RULE);
  if (problems.length) throw validationError(problems);
  let a: Association | undefined;
  if (id !== undefined) a = visibleAssociation(ctx, id);
  else if (typeof input.Name === 'string' && instanceId !== undefined) {
    // The legacy form: the document name and one node.
    if (!findVisibleNode(ctx, instanceId)) throw invalidInstance(instanceId, ctx);
    a = [...book(ctx).associations.values()].find((x) => x.def.Name === input.Name && x.holders.some((n) => n.InstanceId === instanceId));
  }
  if (!a) throw associationDoesNotExist();
  const version = input.AssociationVersion;
  const def = a.def;
  if (version !== undefined && version !== '$LATEST' && version !== (def.AssociationVersion ?? '1')) {
    throw new ApiError('InvalidAssociationVersion', `Association version ${String(version)} does not exist for association ${def.AssociationId}.`, 400);
  }
  const execs = ctx.runs.executionsOf(book(ctx), def.AssociationId);
  const finished = execs.filter((e) => !['Pending', 'InProgress'].includes(executionStatus(e)));
  const lastOk = finished.find((e) => executionStatus(e) === 'Success');
  const created = ctx.startedAt - 30 * 86_400_000;
  const { status, counts } = statusCounts(a);
  const { steps: _steps, history: _history, intervalMinutes: _interval, output: _output, ...wire } = def;
  const description: Json = {
    ...wire,
    AssociationVersion: def.AssociationVersion ?? '1',
    DocumentVersion: def.DocumentVersion ?? '$DEFAULT',
    Date: sec(created),
    LastUpdateAssociationDate: sec(created),
    Status: { Date: sec(created), Name: 'Associated', Message: `Associated with ${def.Name}` },
    Overview: { Status: status, DetailedStatus: status, AssociationStatusAggregatedCount: counts },
    Targets: def.Targets ?? [{ Key: 'InstanceIds', Values: a.holders.map((n) => n.InstanceId) }],
    Parameters: def.Parameters ?? {},
    MaxConcurrency: def.MaxConcurrency ?? '50',
    MaxErrors: def.MaxErrors ?? '0',
    ComplianceSeverity: 'UNSPECIFIED',
    SyncCompliance: 'AUTO',
    ApplyOnlyAtCronInterval: false,
  };
  if (instanceId !== undefined) description.InstanceId = instanceId;
  if (execs[0]) description.LastExecutionDate = sec(execs[0].createdTime);
  if (lastOk) description.LastSuccessfulExecutionDate = sec(lastOk.createdTime);
  return { body: { AssociationDescription: description } };
}

// ---------------------------------------------------------------------------------------------
// DescribeAssociationExecutions

const EXECUTION_FILTER_KEYS = ['ExecutionId', 'Status', 'CreatedTime'] as const;
/** AssociationExecutionFilter: Key, Value and Type (EQUAL, LESS_THAN, GREATER_THAN) in the model. */
const EXECUTION_FILTERS: FilterListShape<(typeof EXECUTION_FILTER_KEYS)[number]> = {
  list: 'Filters',
  at: 'filters',
  members: ['Key', 'Value'],
  keys: EXECUTION_FILTER_KEYS,
  types: ['EQUAL', 'LESS_THAN', 'GREATER_THAN'],
};

interface ExecFilter extends ListedFilter<(typeof EXECUTION_FILTER_KEYS)[number]> {
  type: 'EQUAL' | 'LESS_THAN' | 'GREATER_THAN';
  time?: number;
}

function readExecutionFilters(raw: unknown): ExecFilter[] {
  const problems: string[] = [];
  const out = readFilterList(raw, EXECUTION_FILTERS, problems, (f, at): ExecFilter => {
    const filter = f as ExecFilter;
    if (filter.key !== 'CreatedTime' && filter.type !== 'EQUAL') problems.push(`Filter ${filter.key} only supports the type EQUAL`);
    return filter.key === 'CreatedTime' ? { ...filter, time: filterTime(filter.value, at, problems) } : filter;
  });
  if (problems.length) throw validationError(problems);
  return out;
}

function executionMatches(e: Execution, f: ExecFilter): boolean {
  switch (f.key) {
    case 'ExecutionId':
      return e.executionId === f.value;
    case 'Status':
      return executionStatus(e) === f.value;
    case 'CreatedTime': {
      // Compared to the second, as the service shows times.
      const c = Math.floor(e.createdTime / 1000);
      const v = Math.floor(f.time! / 1000);
      return f.type === 'EQUAL' ? c === v : f.type === 'LESS_THAN' ? c < v : c > v;
    }
  }
}

function wireExecution(e: Execution): Json {
  const last = Math.max(e.createdTime, ...e.targets.map((t) => t.date));
  const status = executionStatus(e);
  return {
    AssociationId: e.associationId,
    AssociationVersion: e.associationVersion,
    ExecutionId: e.executionId,
    Status: status,
    DetailedStatus: status,
    CreatedTime: sec(e.createdTime),
    LastExecutionDate: sec(last),
    ResourceCountByStatus: resourceCountByStatus(e),
  };
}

export function describeAssociationExecutions(ctx: OpContext, input: Json): OpResult {
  const op = 'DescribeAssociationExecutions';
  const problems: string[] = [];
  const id = requireString(input.AssociationId, 'associationId', problems, UUID_RULE);
  checkMaxResults(input.MaxResults, 1, 50, problems);
  const sent = checkToken(input.NextToken);
  if (problems.length) throw validationError(problems);
  const filters = readExecutionFilters(input.Filters);
  const a = visibleAssociation(ctx, id!);
  if (!a) throw associationDoesNotExist();
  const all = [...ctx.runs.executionsOf(book(ctx), id!)]
    .sort((x, y) => y.createdTime - x.createdTime)
    .filter((e) => filters.every((f) => executionMatches(e, f)));
  const scope = `${accountId(ctx.caller.account)}/${ctx.caller.region}/${id}/${JSON.stringify(filters)}`;
  return pageAnswer(ctx, op, scope, sent, all, (input.MaxResults as number | undefined) ?? 50, 'AssociationExecutions', wireExecution);
}

// ---------------------------------------------------------------------------------------------
// DescribeAssociationExecutionTargets

function wireTarget(e: Execution, t: TargetRun): Json {
  const out: Json = {
    AssociationId: e.associationId,
    AssociationVersion: e.associationVersion,
    ExecutionId: e.executionId,
    ResourceId: t.node.InstanceId,
    ResourceType: 'ManagedInstance',
    Status: t.status,
    DetailedStatus: t.detailedStatus,
    LastExecutionDate: sec(t.date),
  };
  // A target still Pending has no command yet.
  if (t.status !== 'Pending') out.OutputSource = { OutputSourceId: t.commandId, OutputSourceType: 'RunCommand' };
  return out;
}

/** AssociationExecutionTargetsFilter: Key and Value in the model. */
const TARGET_FILTERS: FilterListShape<'Status' | 'ResourceId' | 'ResourceType'> = { list: 'Filters', at: 'filters', members: ['Key', 'Value'], keys: ['Status', 'ResourceId', 'ResourceType'] };

export function describeAssociationExecutionTargets(ctx: OpContext, input: Json): OpResult {
  const op = 'DescribeAssociationExecutionTargets';
  const problems: string[] = [];
  const id = requireString(input.AssociationId, 'associationId', problems, UUID_RULE);
  const executionId = requireString(input.ExecutionId, 'executionId', problems, UUID_RULE);
  checkMaxResults(input.MaxResults, 1, 50, problems);
  const sent = checkToken(input.NextToken);
  const filters = readFilterList(input.Filters, TARGET_FILTERS, problems);
  if (problems.length) throw validationError(problems);
  if (!visibleAssociation(ctx, id!)) throw associationDoesNotExist();
  const execution = ctx.runs.executionsOf(book(ctx), id!).find((e) => e.executionId === executionId);
  if (!execution) throw new ApiError('AssociationExecutionDoesNotExist', `The specified execution ${executionId} does not exist for association ${id}.`, 400);
  const all = execution.targets.filter((t) =>
    filters.every((f) => (f.key === 'Status' ? t.status === f.value : f.key === 'ResourceId' ? t.node.InstanceId === f.value : f.value === 'ManagedInstance')),
  );
  const scope = `${accountId(ctx.caller.account)}/${ctx.caller.region}/${id}/${executionId}/${JSON.stringify(filters)}`;
  return pageAnswer(ctx, op, scope, sent, all, (input.MaxResults as number | undefined) ?? 50, 'AssociationExecutionTargets', (t) => wireTarget(execution, t));
}

// ---------------------------------------------------------------------------------------------
// ListCommandInvocations, GetCommandInvocation

function outputUrls(a: Association, e: Execution, t: TargetRun, step: StepRun): { out: string; err: string; place?: ReturnType<typeof s3Place> } {
  // The trigger's own output is not written to the association's S3 location (assumed).
  const place = isTriggered(e) ? undefined : s3Place(a.def, t, e);
  if (!place) return { out: '', err: '' };
  const base = `https://s3.${place.region ?? 'us-east-1'}.amazonaws.com/${place.bucket}/${place.runPrefix}/${step.path}`;
  return { out: `${base}/stdout`, err: `${base}/stderr`, place };
}

/**
 * What the node's invocation of the execution's command ran: the document's steps and their output, or, for a run that
 * a refresh command triggered, that command's one step (see `Execution.trigger`).
 */
function commandSteps(a: Association, e: Execution, t: TargetRun): { document: string; steps: { step: StepRun; stdout: string; stderr: string }[] } {
  if (isTriggered(e)) {
    const { step, stdout } = refreshRun(a.def, t);
    return { document: REFRESH_DOCUMENT, steps: [{ step, stdout, stderr: '' }] };
  }
  return { document: a.def.Name, steps: stepRuns(a.def, t).map((step) => ({ step, ...stepOutput(a.def, e, t, step) })) };
}

const iso = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString());

function responseCode(status: string): number {
  return status === 'Success' ? 0 : status === 'Failed' ? 1 : -1;
}

function wireInvocation(a: Association, e: Execution, t: TargetRun, details: boolean): Json {
  const def = a.def;
  const status = invocationStatus(t.status);
  const command = commandSteps(a, e, t);
  const inv: Json = {
    CommandId: t.commandId,
    InstanceId: t.node.InstanceId,
    InstanceName: t.node.ComputerName ?? '',
    Comment: `Association ${def.AssociationName ?? def.AssociationId}`,
    DocumentName: command.document,
    DocumentVersion: command.document === REFRESH_DOCUMENT ? '$DEFAULT' : (def.DocumentVersion ?? '$DEFAULT'),
    RequestedDateTime: sec(e.createdTime),
    Status: status,
    StatusDetails: status,
    TraceOutput: '',
    StandardOutputUrl: '',
    StandardErrorUrl: '',
    ServiceRole: '',
    NotificationConfig: { NotificationArn: '', NotificationEvents: [], NotificationType: '' },
    CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
  };
  if (details) {
    inv.CommandPlugins = command.steps.map(({ step: s, stdout, stderr }) => {
      const urls = outputUrls(a, e, t, s);
      const output = stderr ? `${stdout}\n----------ERROR-------\n${stderr}` : stdout;
      const plugin: Json = {
        Name: s.name,
        Status: s.status,
        StatusDetails: s.status,
        ResponseCode: responseCode(s.status),
        Output: output.slice(0, PLUGIN_OUTPUT_LIMIT),
        StandardOutputUrl: urls.out,
        StandardErrorUrl: urls.err,
        OutputS3Region: urls.place?.region ?? '',
        OutputS3BucketName: urls.place?.bucket ?? '',
        OutputS3KeyPrefix: urls.place ? urls.place.runPrefix : '',
      };
      if (!['Pending'].includes(s.status)) plugin.ResponseStartDateTime = sec(t.date);
      if (t.endDate !== undefined) plugin.ResponseFinishDateTime = sec(t.endDate);
      return plugin;
    });
  }
  return inv;
}

function readCommandId(v: unknown, problems: string[], required: boolean): string | undefined {
  if (v === undefined && !required) return undefined;
  const id = requireString(v, 'commandId', problems);
  if (id !== undefined && id.length !== 36) problems.push(`Value ${shown(id)} at 'commandId' failed to satisfy constraint: Member must have length ${id.length < 36 ? 'greater' : 'less'} than or equal to 36`);
  return id;
}

export function listCommandInvocations(ctx: OpContext, input: Json): OpResult {
  const op = 'ListCommandInvocations';
  const problems: string[] = [];
  const commandId = readCommandId(input.CommandId, problems, false);
  const instanceId = input.InstanceId === undefined ? undefined : requireString(input.InstanceId, 'instanceId', problems, ID_RULE);
  checkMaxResults(input.MaxResults, 1, 50, problems);
  const sent = checkToken(input.NextToken);
  if (problems.length) throw validationError(problems);
  if (commandId !== undefined && !UUID_PATTERN.test(commandId)) throw new ApiError('InvalidCommandId', 'The command ID is not valid.', 400);
  if (instanceId !== undefined && !findVisibleNode(ctx, instanceId)) throw invalidInstance(instanceId, ctx);
  const b = book(ctx);
  const entries = commandId !== undefined ? [ctx.runs.command(b, commandId)].filter((x) => x !== undefined) : [...ctx.runs.full(b.account, b.region).commands.values()];
  const all: { a: Association; e: Execution; t: TargetRun }[] = [];
  for (const { association, execution } of entries) {
    for (const t of execution.targets) {
      if (t.commandId !== (commandId ?? t.commandId)) continue;
      if (instanceId !== undefined && t.node.InstanceId !== instanceId) continue;
      if (t.node.noAccess || t.node.state === 'terminated') continue;
      all.push({ a: association, e: execution, t });
    }
  }
  all.sort((x, y) => y.e.createdTime - x.e.createdTime);
  const scope = `${accountId(ctx.caller.account)}/${ctx.caller.region}/${commandId ?? '*'}/${instanceId ?? '*'}`;
  return pageAnswer(ctx, op, scope, sent, all, (input.MaxResults as number | undefined) ?? 50, 'CommandInvocations', (x) => wireInvocation(x.a, x.e, x.t, input.Details === true));
}

export function getCommandInvocation(ctx: OpContext, input: Json): OpResult {
  const problems: string[] = [];
  const commandId = readCommandId(input.CommandId, problems, true);
  const instanceId = requireString(input.InstanceId, 'instanceId', problems, ID_RULE);
  const pluginName = input.PluginName === undefined ? undefined : requireString(input.PluginName, 'pluginName', problems);
  if (problems.length) throw validationError(problems);
  if (!UUID_PATTERN.test(commandId!)) throw new ApiError('InvalidCommandId', 'The command ID is not valid.', 400);
  if (!findVisibleNode(ctx, instanceId!)) throw invalidInstance(instanceId!, ctx);
  const entry = ctx.runs.command(book(ctx), commandId!);
  const t = entry?.execution.targets.find((x) => x.commandId === commandId && x.node.InstanceId === instanceId);
  if (!entry || !t) throw new ApiError('InvocationDoesNotExist', 'An invocation of this command does not exist for this instance.', 400);
  const { association: a, execution: e } = entry;
  const command = commandSteps(a, e, t);
  let chosen = command.steps[0];
  if (pluginName !== undefined) {
    const found = command.steps.find((s) => s.step.name === pluginName);
    if (!found) throw new ApiError('InvalidPluginName', `The plugin name ${pluginName} is not valid for this command.`, 400);
    chosen = found;
  } else if (command.steps.length > 1) {
    throw new ApiError('InvalidPluginName', 'The document has more than one step: specify the plugin name.', 400);
  }
  const { step, stdout, stderr } = chosen;
  const urls = outputUrls(a, e, t, step);
  const started = step.status !== 'Pending';
  const elapsed = t.endDate !== undefined ? `PT${((t.endDate - t.date) / 1000).toFixed(3)}S` : '';
  return {
    body: {
      CommandId: commandId,
      InstanceId: instanceId,
      Comment: `Association ${a.def.AssociationName ?? a.def.AssociationId}`,
      DocumentName: command.document,
      DocumentVersion: command.document === REFRESH_DOCUMENT ? '$DEFAULT' : (a.def.DocumentVersion ?? '$DEFAULT'),
      PluginName: step.name,
      ResponseCode: responseCode(step.status),
      ExecutionStartDateTime: started ? iso(t.date) : '',
      ExecutionElapsedTime: elapsed,
      ExecutionEndDateTime: iso(t.endDate),
      Status: step.status === 'Skipped' ? 'Success' : step.status,
      StatusDetails: step.status,
      StandardOutputContent: stdout.slice(0, STDOUT_LIMIT),
      StandardOutputUrl: urls.out,
      StandardErrorContent: stderr.slice(0, STDERR_LIMIT),
      StandardErrorUrl: urls.err,
      CloudWatchOutputConfig: { CloudWatchLogGroupName: '', CloudWatchOutputEnabled: false },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// StartAssociationsOnce

export function startAssociationsOnce(ctx: OpContext, input: Json): OpResult {
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
    if (typeof id !== 'string' || !UUID_PATTERN.test(id)) {
      problems.push(`Value ${shown(id)} at 'associationIds.${i + 1}.member' failed to satisfy constraint: Member must satisfy regular expression pattern: ${UUID_TEXT}`);
    }
  });
  if (problems.length) throw validationError(problems);

  const found: Association[] = [];
  for (const id of new Set(ids as string[])) {
    const a = visibleAssociation(ctx, id);
    if (a) {
      found.push(a);
      continue;
    }
    // Known somewhere (another account or region, or only on nodes the caller may not see): not
    // valid for this caller. Known nowhere: it does not exist.
    const anywhere = ctx.runs.allBooks().some((b) => b.associations.has(id));
    if (anywhere) throw new ApiError('InvalidAssociation', `Association ${id} is not valid for this account and region.`, 400);
    throw new ApiError('AssociationDoesNotExist', `Association ${id} does not exist.`, 400);
  }
  for (const a of found) ctx.runs.start(book(ctx), a, ctx.now);
  return { body: {} };
}
