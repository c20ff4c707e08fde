// View Output: a run's stdout and stderr, from S3 when the association writes there (the whole text, up
// to 1 MB per stream), else from Run Command (the service keeps 24,000 / 8,000 characters). Each source
// that fails becomes an attempt that says what was tried and what is missing; nothing else breaks.
import { type OutputAttempt, type OutputResult, type OutputStream, S3_READ_LIMIT_BYTES, s3CopyCommand, s3TruncationNote, utf8Prefix } from '../../core/runOutput';
import type { BoundClient } from './clients';
import { describeError } from '../errors';
import { parseOutputUrl } from '../outputUrl';
import { s3Problem, ssmProblem } from '../outputProblems';
import { type AssociationRuns, runCommandAttempt } from './associationRuns';
import type { S3Access, S3Reader } from './s3Reader';
import type { AssociationInfo, Log, NodeTarget, OutputRequest } from '../contract';

/** The S3 key prefix under which the agent writes this node's runs of the association. */
export function associationPrefix(keyPrefix: string, nodeId: string, associationId: string): string {
  const base = keyPrefix.replace(/^\/+|\/+$/g, '');
  return `${base ? `${base}/` : ''}${nodeId}/${associationId}/`;
}

/**
 * The run ID named by the row's OutputUrl, when that URL lies in the association's own bucket, directly
 * under its prefix (`…/<node>/<association>/<runId>`). Anything else names no run: the URL is written by
 * the node, and the extension reads only where the association itself says output goes.
 */
export function runIdFromOutputUrl(outputUrl: string | undefined, bucket: string, prefix: string): string | undefined {
  const parsed = parseOutputUrl(outputUrl);
  if (!parsed.ok || parsed.location.bucket !== bucket || !parsed.location.prefix.startsWith(prefix)) return undefined;
  const rest = parsed.location.prefix.slice(prefix.length).replace(/\/+$/, '');
  return /^[A-Za-z0-9._:-]{1,64}$/.test(rest) && rest !== '.' && rest !== '..' ? rest : undefined;
}

interface Stream {
  readonly step: string;
  readonly stream: 'stdout' | 'stderr';
  readonly key: string;
  readonly size?: number;
}

/** The streams of one run among listed keys: `<runPrefix><step>/stdout|stderr`, ordered by step, stdout first. */
export function runStreams(keys: readonly { key: string; size?: number }[], runPrefix: string): Stream[] {
  const streams: Stream[] = [];
  for (const { key, size } of keys) {
    if (!key.startsWith(runPrefix)) continue;
    const match = /^(.+)\/(stdout|stderr)$/.exec(key.slice(runPrefix.length));
    if (match) streams.push({ step: match[1], stream: match[2] as 'stdout' | 'stderr', key, size });
  }
  return streams.sort((a, b) => (a.step === b.step ? a.stream.localeCompare(b.stream) * -1 : a.step < b.step ? -1 : 1));
}

/** The newest run ID among keys under the association prefix (run IDs are timestamps: they sort by time). */
export function latestRunId(keys: readonly { key: string }[], associationPrefix: string): string | undefined {
  let latest: string | undefined;
  for (const { key } of keys) {
    if (!key.startsWith(associationPrefix)) continue;
    const runId = key.slice(associationPrefix.length).split('/')[0];
    if (runId && key.length > associationPrefix.length + runId.length && (latest === undefined || runId > latest)) latest = runId;
  }
  return latest;
}

export class OutputReader {
  constructor(
    private readonly runs: AssociationRuns,
    private readonly s3: () => S3Reader,
    private readonly log: Log,
  ) {}

  /** The output of the latest run (S3 first, then Run Command), or of a run from the history (Run Command). */
  async read(request: OutputRequest, signal?: AbortSignal): Promise<OutputResult> {
    const { target, associationId } = request;
    const attempts: OutputAttempt[] = [];
    if (!request.run) {
      let info: AssociationInfo | undefined;
      try {
        info = await this.runs.describe(target, associationId, signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        attempts.push({ source: 's3', tried: `read the association's output location (DescribeAssociation ${associationId})`, problem: ssmProblem(error, 'DescribeAssociation', { profile: target.profile }, describeError) });
      }
      if (info && !info.output) {
        attempts.push({ source: 's3', tried: 'find where the association writes output', problem: 'The association writes no output to S3 (no OutputLocation): set an S3 bucket in the association to keep whole outputs.' });
      } else if (info?.output) {
        const s3 = await this.fromS3(request, info, signal);
        if (s3.ok) return s3;
        attempts.push(...s3.attempts);
      }
    }
    try {
      const run = request.run ?? (await this.runs.latestRun(target, associationId, signal));
      const result = await this.runs.runCommandOutput(target, associationId, run, signal);
      return result.ok ? { ...result, attempts } : { ok: false, attempts: [...attempts, ...result.attempts] };
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

  private async fromS3(request: OutputRequest, info: AssociationInfo, signal?: AbortSignal): Promise<OutputResult> {
    const { target, associationId } = request;
    const output = info.output as NonNullable<AssociationInfo['output']>;
    const { bucket } = output;
    const bound: BoundClient = await this.runs.client(target);
    const credentials = (bound.client.config as { credentials: S3Access['credentials'] }).credentials;
    const reader = this.s3();
    let region = output.region;
    if (!region) {
      try {
        region = await reader.bucketRegion({ profile: target.profile, region: bound.region, credentials }, bucket, signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        // S3's redirect to the bucket's region still works without s3:GetBucketLocation.
        this.log.info(`GetBucketLocation ${bucket} failed (${(error as Error)?.name}); reading in ${bound.region}, following S3's redirect if it sends one.`);
        region = bound.region;
      }
    }
    const access: S3Access = { profile: target.profile, region, credentials };
    const assocPrefix = associationPrefix(output.prefix, target.nodeId, associationId);
    const fail = (tried: string, problem: string): OutputResult => ({ ok: false, attempts: [{ source: 's3', tried, problem }] });

    let runId = runIdFromOutputUrl(request.outputUrl, bucket, assocPrefix);
    let listed: { key: string; size?: number }[] = [];
    let listedPrefix = assocPrefix;
    try {
      if (runId) {
        listedPrefix = `${assocPrefix}${runId}/`;
        listed = await reader.list(access, bucket, listedPrefix, signal);
      }
      if (listed.length === 0) {
        // The row names no run (or its objects are gone): the newest run under the association's prefix.
        listedPrefix = assocPrefix;
        listed = await reader.list(access, bucket, assocPrefix, signal);
        runId = latestRunId(listed, assocPrefix);
      }
    } catch (error) {
      if (signal?.aborted) throw error;
      return fail(`list s3://${bucket}/${listedPrefix} in ${region}`, s3Problem(error, { action: 's3:ListBucket', bucket, key: listedPrefix, region, profile: target.profile }, describeError));
    }
    if (!runId || listed.length === 0) {
      return fail(`list s3://${bucket}/${assocPrefix} in ${region}`, `No output objects are there: the association has not written output for this node yet, or an S3 lifecycle rule removed it.`);
    }
    const streams = runStreams(listed, `${assocPrefix}${runId}/`);
    if (streams.length === 0) return fail(`list s3://${bucket}/${assocPrefix}${runId}/ in ${region}`, 'The run wrote no stdout or stderr objects.');

    const shown: OutputStream[] = [];
    for (const s of streams) {
      try {
        const read = await reader.read(access, bucket, s.key, s.size, S3_READ_LIMIT_BYTES, signal);
        const cut = read.totalBytes > read.bytes.length;
        shown.push({
          step: s.step,
          stream: s.stream,
          text: cut ? utf8Prefix(read.bytes) : new TextDecoder('utf-8').decode(read.bytes),
          location: `s3://${bucket}/${s.key}`,
          truncated: cut ? s3TruncationNote(read.totalBytes, read.bytes.length, s3CopyCommand(bucket, s.key, region, target.profile)) : undefined,
        });
      } catch (error) {
        if (signal?.aborted) throw error;
        return fail(`read s3://${bucket}/${s.key} in ${region}`, s3Problem(error, { action: 's3:GetObject', bucket, key: s.key, region, profile: target.profile }, describeError));
      }
    }
    return { ok: true, source: 's3', runId, streams: shown, attempts: [] };
  }
}
