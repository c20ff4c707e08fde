// View Output: a run's stdout and stderr, from S3 when the association writes there (the whole text, up
// to 1 MB per stream), else from Run Command (the service keeps 24,000 / 8,000 characters). Each source
// that fails becomes an attempt that says what was tried and what is missing; nothing else breaks.
// Streams are listed first, the user (or defaultPick) chooses, and only then are the chosen ones read, a few at a
// time and within MAX_STREAMS_READ / MAX_BYTES_HELD; what is left out is said, with the command that gets it.
import {
  type OutputAttempt,
  type OutputResult,
  type OutputStream,
  type StreamRef,
  READ_CONCURRENCY,
  S3_READ_LIMIT_BYTES,
  defaultPick,
  leftOutNote,
  s3CopyCommand,
  s3CopyRunCommand,
  s3TruncationNote,
  utf8Prefix,
  withinCeilings,
} from '../../core/runOutput';
import type { BoundClient } from './clients';
import { describeError } from '../errors';
import { parseOutputUrl } from '../outputUrl';
import { s3Problem, ssmProblem } from '../outputProblems';
import { associationPrefix, commandPrefix, newestRun, RUN_ID, runAfter, runIdOf, runStreams } from '../runLayout';
import { type AssociationRuns, runCommandAttempt } from './associationRuns';
import type { S3Access, S3Reader } from './s3Reader';
import type { AssociationInfo, AssociationRun, Log, NodeTarget, OutputRequest } from '../contract';

/**
 * The run ID named by the row's OutputUrl, when that URL lies in the association's own bucket, directly
 * under its prefix (`…/<node>/<association>/<runId>`). Anything else names no run: the URL is written by
 * the node, and the extension reads only where the association itself says output goes. The agent sends the
 * bare bucket when the first step it looks at was skipped (processor.go buildOutput): that names no run either.
 */
export function runIdFromOutputUrl(outputUrl: string | undefined, bucket: string, prefix: string): string | undefined {
  const parsed = parseOutputUrl(outputUrl);
  if (!parsed.ok || parsed.location.bucket !== bucket || !parsed.location.prefix.startsWith(prefix)) return undefined;
  const rest = parsed.location.prefix.slice(prefix.length).replace(/\/+$/, '');
  return RUN_ID.test(rest) ? rest : undefined;
}

/** Run folders listed per request (S3's own ceiling is 1,000). */
const FOLDERS_PER_PAGE = 1000;
/** Keys listed in one run folder: 2 pages of 1,000 (a run of 1,000 steps). */
const RUN_LIST_PAGES = 2;

type Found = { ok: true; runId: string; runPrefix: string; streams: StreamRef[]; notes: string[] } | { ok: false; attempt: OutputAttempt };

export class OutputReader {
  constructor(
    private readonly runs: AssociationRuns,
    private readonly s3: () => S3Reader,
    private readonly log: Log,
    private readonly now: () => number = Date.now,
  ) {}

  /** The output of the latest run (S3 first, then Run Command), or of a run from the history (Run Command, then S3 for a triggered run). */
  async read(request: OutputRequest, signal?: AbortSignal): Promise<OutputResult> {
    const { target, associationId } = request;
    const attempts: OutputAttempt[] = [];
    let info: AssociationInfo | undefined;
    const describe = async () => {
      try {
        info = await this.runs.describe(target, associationId, signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        attempts.push({ source: 's3', tried: `read the association's output location (DescribeAssociation ${associationId})`, problem: ssmProblem(error, 'DescribeAssociation', { profile: target.profile }, describeError) });
      }
    };
    if (!request.run) {
      await describe();
      if (info && !info.output) {
        attempts.push({ source: 's3', tried: 'find where the association writes output', problem: 'The association writes no output to S3 (no OutputLocation): set an S3 bucket in the association to keep whole outputs.' });
      } else if (info?.output) {
        const s3 = await this.fromS3(request, info.output, undefined, signal);
        if (s3.ok) return s3;
        attempts.push(...s3.attempts);
      }
    }
    let run: AssociationRun | undefined = request.run;
    try {
      run ??= await this.runs.latestRun(target, associationId, signal);
      const result = await this.runs.runCommandOutput(target, associationId, run, signal, request.choose);
      if (!result.trigger) return result.ok ? { ...result, attempts } : { ok: false, attempts: [...attempts, ...result.attempts] };
      // The run's command is the refresh trigger: its one line is not the run's output. Look for the run in S3.
      const notes = [result.trigger];
      // For the latest run S3 was tried already, above; for a run from the history, look for it there now.
      if (request.run) {
        await describe();
        if (info?.output) {
          const s3 = await this.fromS3(request, info.output, { run: request.run, commandId: request.run.commandId }, signal);
          if (s3.ok) return { ...s3, attempts, notes: [...notes, ...(s3.notes ?? [])] };
          attempts.push(...s3.attempts);
        } else if (info) {
          attempts.push({ source: 's3', tried: 'find where the association writes output', problem: 'The association writes no output to S3 (no OutputLocation), so the run\'s own output is nowhere to read: only the trigger ran through Run Command.' });
        }
      }
      return { ok: false, attempts: [...attempts, ...result.attempts], notes };
    } catch (error) {
      if (signal?.aborted) throw error;
      return { ok: false, attempts: [...attempts, runCommandAttempt(error, target)] };
    }
  }

  /** The bucket's region: the association's OutputS3Region when it names this bucket, else GetBucketLocation. */
  async bucketRegion(target: NodeTarget, associationId: string, bucket: string, signal?: AbortSignal): Promise<string | undefined> {
    try {
      const info = await this.runs.describe(target, associationId, signal);
      if (info.output?.bucket === bucket && info.output.region) return info.output.region;
    } catch (error) {
      this.log.info(`DescribeAssociation ${associationId} for the bucket's region failed (${(error as Error)?.name}); asking S3.`);
    }
    try {
      const bound = await this.runs.client(target);
      const credentials = (bound.client.config as { credentials: S3Access['credentials'] }).credentials;
      // At most BUCKET_REGION_TIMEOUT_MS (5 s), as for View Output.
      return await this.s3().bucketRegion({ profile: target.profile, region: bound.region, credentials }, bucket, signal);
    } catch (error) {
      this.log.info(`GetBucketLocation ${bucket} failed (${(error as Error)?.name}).`);
      return undefined;
    }
  }

  private async access(target: NodeTarget, output: NonNullable<AssociationInfo['output']>, signal?: AbortSignal): Promise<S3Access> {
    const bound: BoundClient = await this.runs.client(target);
    const credentials = (bound.client.config as { credentials: S3Access['credentials'] }).credentials;
    let region = output.region;
    if (!region) {
      try {
        region = await this.s3().bucketRegion({ profile: target.profile, region: bound.region, credentials }, output.bucket, signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        // S3's redirect to the bucket's region still works without s3:GetBucketLocation.
        this.log.info(`GetBucketLocation ${output.bucket} failed (${(error as Error)?.name}); reading in ${bound.region}, following S3's redirect if it sends one.`);
        region = bound.region;
      }
    }
    return { profile: target.profile, region, credentials };
  }

  /** The latest run (`triggered` absent) or the run a trigger started, read from S3. */
  private async fromS3(request: OutputRequest, output: NonNullable<AssociationInfo['output']>, triggered: { run: AssociationRun; commandId?: string } | undefined, signal?: AbortSignal): Promise<OutputResult> {
    const { target } = request;
    const { bucket } = output;
    const access = await this.access(target, output, signal);
    const fail = (attempt: OutputAttempt): OutputResult => ({ ok: false, attempts: [attempt] });
    let found: Found;
    try {
      found = await this.findRun(access, request, output, triggered, signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      const key = associationPrefix(output.prefix, target.nodeId, request.associationId);
      return fail({ source: 's3', tried: `list s3://${bucket}/${key} in ${access.region}`, problem: s3Problem(error, { action: 's3:ListBucket', bucket, key, region: access.region, profile: target.profile }, describeError) });
    }
    if (!found.ok) return fail(found.attempt);
    return this.readChosen(access, bucket, found, request, signal);
  }

  /** Which run folder to read, and its streams (listed, not read). */
  private async findRun(access: S3Access, request: OutputRequest, output: NonNullable<AssociationInfo['output']>, triggered: { run: AssociationRun; commandId?: string } | undefined, signal?: AbortSignal): Promise<Found> {
    const { target, associationId } = request;
    const reader = this.s3();
    const { bucket, prefix } = output;
    const assocPrefix = associationPrefix(prefix, target.nodeId, associationId);
    const where = (p: string) => `s3://${bucket}/${p} in ${access.region}`;
    const listRun = async (runPrefix: string) => runStreams(await reader.list(access, bucket, runPrefix, signal, RUN_LIST_PAGES), runPrefix);
    const folders = (p: string, startAfter: string | undefined, token: string | undefined, maxKeys = FOLDERS_PER_PAGE) =>
      reader.listPage(access, bucket, { prefix: p, delimiter: '/', startAfter, token, maxKeys }, signal);
    const notes: string[] = [];

    if (triggered) {
      const at = triggered.run.date?.getTime();
      if (at !== undefined) {
        const page = await folders(assocPrefix, `${assocPrefix}${runIdOf(at - 60_000)}`, undefined, 5);
        const runId = runAfter(page.prefixes, assocPrefix, at);
        const streams = runId ? await listRun(`${assocPrefix}${runId}/`) : [];
        if (runId && streams.length) return { ok: true, runId, runPrefix: `${assocPrefix}${runId}/`, streams, notes: [`Read from S3: the run that began at ${runId} under the association's prefix, the first after the trigger.`] };
      }
      if (triggered.commandId) {
        const cmdPrefix = commandPrefix(prefix, triggered.commandId, target.nodeId);
        const streams = (await listRun(cmdPrefix).then((s) => s, () => [] as StreamRef[])).filter((s) => !/^awsrefreshAssociation\//.test(s.folder ?? ''));
        if (streams.length) return { ok: true, runId: triggered.commandId, runPrefix: cmdPrefix, streams, notes };
      }
      return { ok: false, attempt: { source: 's3', tried: `look for this run under ${where(assocPrefix)} and under the command's own folder`, problem: 'No run folder of this run is there (none began within an hour after the trigger): it may not have run yet, or an S3 lifecycle rule removed it.' } };
    }

    const named = runIdFromOutputUrl(request.outputUrl, bucket, assocPrefix);
    if (named) {
      const streams = await listRun(`${assocPrefix}${named}/`);
      if (streams.length) return { ok: true, runId: named, runPrefix: `${assocPrefix}${named}/`, streams, notes };
      notes.push(`The status row names run ${named}, but it has no objects: its steps printed nothing (the agent uploads only streams that are not empty), or an S3 lifecycle rule removed them. Showing the newest run found instead.`);
    }
    const newest = await newestRun((p, startAfter, token) => folders(p, startAfter, token), assocPrefix, this.now());
    this.log.info(`Newest run under s3://${bucket}/${assocPrefix}: ${newest.runId ?? 'none'} (${newest.requests} ListObjectsV2${newest.cut ? ', cut short' : ''})`);
    if (!newest.runId) {
      const problem = named
        ? notes[0]
        : newest.cut
          ? `No run folder was found in the ${newest.requests} listings allowed: the prefix holds more folders than they cover, and none of those seen is named as a run (by its start time).`
          : 'No output objects are there: the association has not written output for this node yet, its steps printed nothing, or an S3 lifecycle rule removed it.';
      return { ok: false, attempt: { source: 's3', tried: `list the run folders under ${where(assocPrefix)}`, problem } };
    }
    if (newest.cut) notes.push(`The listing of run folders was cut after ${newest.requests} requests: a newer run than ${newest.runId} may exist.`);
    const runPrefix = `${assocPrefix}${newest.runId}/`;
    const streams = await listRun(runPrefix);
    if (streams.length === 0) return { ok: false, attempt: { source: 's3', tried: `list ${where(runPrefix)}`, problem: 'The run wrote no stdout or stderr objects: its steps printed nothing.' } };
    return { ok: true, runId: newest.runId, runPrefix, streams, notes };
  }

  /** Asks which streams to read (or takes the default pick), then reads them a few at a time within the ceilings. */
  private async readChosen(access: S3Access, bucket: string, found: Extract<Found, { ok: true }>, request: OutputRequest, signal?: AbortSignal): Promise<OutputResult> {
    const { runId, runPrefix, streams, notes } = found;
    const chosen = request.choose ? await request.choose(streams) : defaultPick(streams);
    const how = s3CopyRunCommand(bucket, runPrefix, access.region, request.target.profile);
    if (!chosen) return { ok: true, source: 's3', runId, streams: [], attempts: [], notes, cancelled: true };
    const { read, left } = withinCeilings(chosen);
    const shown: (OutputStream | undefined)[] = new Array(read.length);
    let failed: OutputAttempt | undefined;
    let next = 0;
    const worker = async () => {
      while (next < read.length && !failed) {
        const i = next++;
        const s = read[i];
        try {
          const got = await this.s3().read(access, bucket, s.id, s.size, S3_READ_LIMIT_BYTES, signal);
          const cut = got.totalBytes > got.bytes.length;
          shown[i] = {
            step: s.step,
            plugin: s.plugin,
            stream: s.stream,
            text: cut ? utf8Prefix(got.bytes) : new TextDecoder('utf-8').decode(got.bytes),
            location: `s3://${bucket}/${s.id}`,
            truncated: cut ? s3TruncationNote(got.totalBytes, got.bytes.length, s3CopyCommand(bucket, s.id, access.region, request.target.profile)) : undefined,
          };
        } catch (error) {
          if (signal?.aborted) throw error;
          failed = { source: 's3', tried: `read s3://${bucket}/${s.id} in ${access.region}`, problem: s3Problem(error, { action: 's3:GetObject', bucket, key: s.id, region: access.region, profile: request.target.profile }, describeError) };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, read.length) }, worker));
    if (failed) return { ok: false, attempts: [failed], notes };
    const result = withPrintedNothing(shown as OutputStream[], streams, read);
    const leftOut = leftOutNote(streams.length - read.length, streams.length, how);
    if (left.length) this.log.info(`View Output: ${left.length} picked streams over the ceilings were not read.`);
    return { ok: true, source: 's3', runId, streams: result, attempts: [], notes, leftOut };
  }
}

/** A step that wrote only stderr printed nothing on stdout: say so in a stdout of its own rather than leave it out. */
function withPrintedNothing(shown: readonly OutputStream[], all: readonly StreamRef[], read: readonly StreamRef[]): OutputStream[] {
  const out: OutputStream[] = [];
  for (const [i, s] of shown.entries()) {
    const ref = read[i];
    if (s.stream === 'stderr' && !all.some((o) => o.folder === ref.folder && o.stream === 'stdout')) {
      out.push({ step: s.step, plugin: s.plugin, stream: 'stdout', empty: true, text: '', location: s.location.replace(/stderr$/, 'stdout (no such object)') });
    }
    out.push(s);
  }
  return out;
}
