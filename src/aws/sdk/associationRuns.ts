// The association's own side of the API: its description (targets, output location), its runs on one
// node (history), running it now, re-reading its status for the watch, and Run Command output.
// Everything the service sends is checked for type before use: it is untrusted.
import {
  DescribeAssociationCommand,
  DescribeAssociationExecutionsCommand,
  DescribeAssociationExecutionTargetsCommand,
  DescribeInstanceAssociationsStatusCommand,
  GetCommandInvocationCommand,
  ListCommandInvocationsCommand,
  StartAssociationsOnceCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { type ChooseStreams, type OutputAttempt, type OutputResult, type OutputStream, type StreamRef, READ_CONCURRENCY, defaultPick, leftOutNote, runCommandTruncationNote, shellQuote, withinCeilings } from '../../core/runOutput';
import { awsDate } from '../../core/time';
import type { Observation } from '../../core/nodeWatches';
import { ConcurrencyLimit } from '../../paging/limit';
import { followTokens } from '../../paging/tokens';
import type { BoundClient, ClientPool } from './clients';
import { asRequestError, describeError } from '../errors';
import { send } from './send';
import { ssmProblem } from '../outputProblems';
import type { AssociationInfo, AssociationRun, Log, NodeTarget, RequestRunner, RunsPage } from '../contract';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {});

/** Where requests are logged, and what runs each one (the backend's concurrency limit). */
export interface RequestIo {
  readonly log: Log;
  readonly run: RequestRunner;
}

const NEVER = new AbortController().signal;

/** Sends one SSM request through the shared request path (log line, request error naming the operation), under the limit. */
export function sendSsm<T>(bound: BoundClient, io: RequestIo, operation: string, what: string, command: unknown, signal?: AbortSignal): Promise<T> {
  type Answer = T & { $metadata: { requestId?: string; attempts?: number } };
  return send<Answer>({ log: io.log, service: 'ssm', operation, what, region: bound.region, signal }, () =>
    io.run(() => (bound.client as SSMClient).send(command as never, { abortSignal: signal }) as Promise<Answer>, signal ?? NEVER),
  );
}

/** The SSM side of output, history and Apply Now for one node's association. */
export class AssociationRuns {
  private readonly targetLimit = new ConcurrencyLimit(4);

  private readonly io: RequestIo;

  constructor(
    private readonly pool: ClientPool,
    log: Log,
    /** Runs each request (the backend's concurrency limit: each request waits for a slot, no chain holds one). */
    run: RequestRunner = (request) => request(),
  ) {
    this.io = { log, run };
  }

  client(target: NodeTarget): Promise<BoundClient> {
    return this.pool.get(target.profile, target.region);
  }

  /** DescribeAssociation: name, document, targets and S3 output location. */
  async describe(target: NodeTarget, associationId: string, signal?: AbortSignal): Promise<AssociationInfo> {
    const bound = await this.client(target);
    const out = await sendSsm<{ AssociationDescription?: unknown }>(bound, this.io, 'DescribeAssociation', `association=${associationId}`, new DescribeAssociationCommand({ AssociationId: associationId }), signal);
    const d = record(out.AssociationDescription);
    const s3 = record(record(d.OutputLocation).S3Location);
    const targets = list(d.Targets).map((t) => ({ key: str(record(t).Key) ?? '', values: list(record(t).Values).filter((v): v is string => typeof v === 'string') }));
    const legacyInstance = str(d.InstanceId);
    return {
      associationId,
      name: str(d.AssociationName),
      document: str(d.Name),
      targets: targets.length === 0 && legacyInstance ? [{ key: 'InstanceIds', values: [legacyInstance] }] : targets,
      output: str(s3.OutputS3BucketName) ? { bucket: str(s3.OutputS3BucketName) as string, prefix: str(s3.OutputS3KeyPrefix) ?? '', region: str(s3.OutputS3Region) || undefined } : undefined,
      region: bound.region,
    };
  }

  /**
   * One page of this node's runs of the association, newest first: a page of the association's executions,
   * each with this node's target (executions that did not include the node are left out).
   */
  async runs(target: NodeTarget, associationId: string, token: string | undefined, pageSize: number, signal?: AbortSignal): Promise<RunsPage> {
    const bound = await this.client(target);
    const out = await sendSsm<{ AssociationExecutions?: unknown; NextToken?: unknown }>(
      bound,
      this.io,
      'DescribeAssociationExecutions',
      `association=${associationId} maxResults=${pageSize} token=${token ? 'yes' : '-'}`,
      new DescribeAssociationExecutionsCommand({ AssociationId: associationId, MaxResults: pageSize, NextToken: token }),
      signal,
    );
    const executions = list(out.AssociationExecutions).map(record).filter((e) => str(e.ExecutionId));
    // One target request per execution, a few at a time.
    const runs = await Promise.all(executions.map((e) => this.targetLimit.run(() => this.nodeRun(bound, target.nodeId, associationId, e, signal), signal)));
    const nextToken = str(out.NextToken) || undefined;
    return { runs: runs.filter((r): r is AssociationRun => r !== undefined), nextToken: nextToken === token ? undefined : nextToken, executionsRead: executions.length };
  }

  private async nodeRun(bound: BoundClient, nodeId: string, associationId: string, execution: Record<string, unknown>, signal?: AbortSignal): Promise<AssociationRun | undefined> {
    const executionId = str(execution.ExecutionId) as string;
    const out = await sendSsm<{ AssociationExecutionTargets?: unknown }>(
      bound,
      this.io,
      'DescribeAssociationExecutionTargets',
      `association=${associationId} execution=${executionId} node=${nodeId}`,
      new DescribeAssociationExecutionTargetsCommand({ AssociationId: associationId, ExecutionId: executionId, Filters: [{ Key: 'ResourceId', Value: nodeId }] }),
      signal,
    );
    // The filter should leave only this node; check anyway rather than trust it.
    const t = list(out.AssociationExecutionTargets).map(record).find((x) => str(x.ResourceId) === nodeId);
    if (!t) return undefined;
    const source = record(t.OutputSource);
    return {
      executionId,
      status: str(t.Status) ?? str(execution.Status),
      detailedStatus: str(t.DetailedStatus) ?? str(execution.DetailedStatus),
      date: awsDate(t.LastExecutionDate) ?? awsDate(execution.CreatedTime),
      commandId: str(source.OutputSourceType) === 'RunCommand' ? str(source.OutputSourceId) : undefined,
    };
  }

  /** The newest run of the association that included this node (looks through at most 3 pages of 10). */
  async latestRun(target: NodeTarget, associationId: string, signal?: AbortSignal): Promise<AssociationRun | undefined> {
    let latest: AssociationRun | undefined;
    await followTokens(
      async (token, page) => {
        // Pages of 1 first: the newest execution usually included the node, so the chain stays minimal.
        const result = await this.runs(target, associationId, token, page === 1 ? 1 : 10, signal);
        latest = result.runs[0];
        return result.nextToken;
      },
      { maxPages: 3, until: () => latest !== undefined, signal },
    );
    return latest;
  }

  /**
   * A run's output from Run Command: the steps (ListCommandInvocations with Details), then each chosen step's stdout
   * and stderr (GetCommandInvocation per step, a few at a time). When the command is the refresh trigger
   * (AWS-RefreshAssociation, which "Apply Association Now" and a new association send), its one line is not the
   * run's output: the answer says so in `trigger` and reads nothing more.
   */
  async runCommandOutput(target: NodeTarget, associationId: string, run: AssociationRun | undefined, signal?: AbortSignal, choose?: ChooseStreams): Promise<OutputResult & { trigger?: string }> {
    const attempt = (tried: string, problem: string): OutputResult => ({ ok: false, attempts: [{ source: 'runCommand', tried, problem }] });
    if (!run) return attempt(`find this node's runs of association ${associationId} (DescribeAssociationExecutions, DescribeAssociationExecutionTargets)`, 'The association has no run on this node in its execution history.');
    if (!run.commandId) return attempt(`find the Run Command command of run ${run.executionId}`, 'This run has no Run Command output on this node (the target has no OutputSource; it may have been skipped or not started yet).');
    const bound = await this.client(target);
    const commandId = run.commandId;
    const invocations = await sendSsm<{ CommandInvocations?: unknown }>(
      bound,
      this.io,
      'ListCommandInvocations',
      `command=${commandId} node=${target.nodeId}`,
      new ListCommandInvocationsCommand({ CommandId: commandId, InstanceId: target.nodeId, Details: true }),
      signal,
    );
    const invocation = list(invocations.CommandInvocations).map(record).find((i) => str(i.InstanceId) === target.nodeId) ?? record(list(invocations.CommandInvocations)[0]);
    const steps = list(invocation.CommandPlugins).map((p) => str(record(p).Name)).filter((n): n is string => !!n);
    if (isRefreshTrigger(str(invocation.DocumentName), steps)) {
      const trigger = `This run's Run Command command (${commandId}) is ${REFRESH_DOCUMENT}, the trigger that "Apply Association Now" and a new association send: its output only says that the association was asked to run, not what the run printed.`;
      return { ...attempt(`read Run Command ${commandId} on ${target.nodeId}`, trigger), trigger };
    }
    if (steps.length === 0) return attempt(`list the steps of Run Command ${commandId} on ${target.nodeId} (ListCommandInvocations)`, 'Run Command lists no steps for this node: the run has not started, or the command is no longer kept.');
    // One request reads both streams of a step, and whether stderr is empty is known only then: the choice is by step
    // (offered as its stdout), and a step's stderr is shown when it is not empty.
    const refs: StreamRef[] = steps.map((name) => ({ id: name, step: name, stream: 'stdout' }));
    const chosen = choose ? await choose(refs) : defaultPick(refs);
    if (!chosen) return { ok: true, source: 'runCommand', runId: commandId, executionId: run.executionId, streams: [], attempts: [], cancelled: true };
    const { read } = withinCeilings(chosen, RUN_COMMAND_BYTES_PER_STEP);
    const texts: { stdout: string; stderr: string }[] = new Array(read.length);
    let next = 0;
    const worker = async () => {
      while (next < read.length) {
        const i = next++;
        const step = read[i].step;
        const out = await sendSsm<{ StandardOutputContent?: unknown; StandardErrorContent?: unknown }>(
          bound,
          this.io,
          'GetCommandInvocation',
          `command=${commandId} node=${target.nodeId} step=${step}`,
          new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: target.nodeId, PluginName: step }),
          signal,
        );
        texts[i] = { stdout: str(out.StandardOutputContent) ?? '', stderr: str(out.StandardErrorContent) ?? '' };
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, read.length) }, worker));
    const location = `Run Command ${commandId}, node ${target.nodeId}`;
    const streams: OutputStream[] = read.flatMap((r, i) => {
      const { stdout, stderr } = texts[i];
      const both: OutputStream[] = [{ step: r.step, stream: 'stdout', text: stdout, location, truncated: runCommandTruncationNote('stdout', stdout) }];
      // An empty stderr says nothing: most steps write none.
      if (stderr !== '') both.push({ step: r.step, stream: 'stderr', text: stderr, location, truncated: runCommandTruncationNote('stderr', stderr) });
      return both;
    });
    const leftOut = leftOutNote(refs.length - read.length, refs.length, `aws ssm get-command-invocation --command-id ${commandId} --instance-id ${target.nodeId} --plugin-name <step>${target.profile ? ` --profile ${shellQuote(target.profile)}` : ''}`);
    return { ok: true, source: 'runCommand', runId: commandId, executionId: run.executionId, streams, attempts: [], leftOut };
  }

  /** Runs the association once, now, on all its targets. */
  async applyNow(target: NodeTarget, associationId: string, signal?: AbortSignal): Promise<void> {
    const bound = await this.client(target);
    await sendSsm(bound, this.io, 'StartAssociationsOnce', `association=${associationId}`, new StartAssociationsOnceCommand({ AssociationIds: [associationId] }), signal);
  }

  /** The node's current status of each given association (pages until all are found; at most 20 pages). */
  async statuses(target: NodeTarget, associationIds: readonly string[], signal?: AbortSignal): Promise<Map<string, Observation>> {
    const bound = await this.client(target);
    const wanted = new Set(associationIds);
    const found = new Map<string, Observation>();
    await followTokens(
      async (token, page) => {
        const out = await sendSsm<{ InstanceAssociationStatusInfos?: unknown; NextToken?: unknown }>(
          bound,
          this.io,
          'DescribeInstanceAssociationsStatus',
          `node=${target.nodeId} watch page=${page}`,
          new DescribeInstanceAssociationsStatusCommand({ InstanceId: target.nodeId, MaxResults: 50, NextToken: token }),
          signal,
        );
        for (const info of list(out.InstanceAssociationStatusInfos).map(record)) {
          const id = str(info.AssociationId);
          if (id && wanted.has(id)) found.set(id, { status: str(info.Status), executionDate: awsDate(info.ExecutionDate)?.getTime() });
        }
        return out.NextToken;
      },
      { maxPages: 20, until: () => found.size >= wanted.size, signal },
    );
    return found;
  }
}

/** The document that "Apply Association Now" and a new association send to make the agent run its associations (agent appconfig/constants.go). */
export const REFRESH_DOCUMENT = 'AWS-RefreshAssociation';
const REFRESH_PLUGIN = 'aws:refreshAssociation';
/** Run Command keeps 24,000 + 8,000 characters of a step: at most about this many bytes held per step read. */
const RUN_COMMAND_BYTES_PER_STEP = 4 * 32_000;

/** Whether a command is the refresh trigger rather than the association's document. */
export function isRefreshTrigger(documentName: string | undefined, steps: readonly string[]): boolean {
  return documentName === REFRESH_DOCUMENT || (steps.length > 0 && steps.every((s) => s === REFRESH_PLUGIN));
}

/** Turns a failed SSM step of the output chain into an attempt, naming the operation and what is missing. */
export function runCommandAttempt(error: unknown, target: NodeTarget): OutputAttempt {
  const request = asRequestError(error);
  const operation = request?.operation ?? 'DescribeAssociationExecutions';
  return { source: 'runCommand', tried: `call ${operation} for node ${target.nodeId}`, problem: ssmProblem(error, operation, { profile: target.profile, region: request?.region }, describeError) };
}
