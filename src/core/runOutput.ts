// What View Output and Show History hand to the editor: plain data, and the plain text of each output
// document. Output text is written by whatever ran on the managed node: it is shown literally, as plain
// text, and nothing in it is ever opened by the extension.

/** Where the output of a run was read from. */
export type OutputSource = 's3' | 'runCommand';

/** A stream that a run wrote (listed in S3, or a step that Run Command names), before it is read. */
export interface StreamRef {
  /** Unique within the run: the S3 key, or the Run Command step. */
  readonly id: string;
  /** The step as the user knows it: a 2.x step's name, a 1.2 document's plugin (aws:runShellScript). */
  readonly step: string;
  /** The plugin that ran the step, when known (aws:runShellScript). */
  readonly plugin?: string;
  /** `<plugin folder>/<step folder>` in S3. */
  readonly folder?: string;
  readonly stream: 'stdout' | 'stderr';
  /** Bytes, when the listing says. */
  readonly size?: number;
}

/** Asked once the streams are known and before any is read: which to read (undefined: none, the user cancelled). */
export type ChooseStreams = (available: readonly StreamRef[]) => Promise<readonly StreamRef[] | undefined>;

/** One stream (stdout or stderr) of one step of a run. */
export interface OutputStream {
  /** The step as the user knows it (see StreamRef.step). */
  readonly step: string;
  /** The plugin that ran it, when known. */
  readonly plugin?: string;
  readonly stream: 'stdout' | 'stderr';
  /** The step printed nothing on this stream (the agent uploads no object for an empty stream). */
  readonly empty?: boolean;
  readonly text: string;
  /** s3://bucket/key, or "Run Command <commandId>". */
  readonly location: string;
  /** Set when the text shown is not all of the output, with what to do to get the rest. */
  readonly truncated?: string;
}

/** One thing that was tried and did not give output, in the user's words. */
export interface OutputAttempt {
  readonly source: OutputSource;
  /** What was tried, e.g. "list s3://bucket/prefix/ in eu-west-1". */
  readonly tried: string;
  /** What went wrong and what permission or setting is missing. */
  readonly problem: string;
}

/** The output of one run, or why there is none. */
export type OutputResult =
  | {
      readonly ok: true;
      readonly source: OutputSource;
      /** The S3 run ID (a timestamp) or the Run Command command ID. */
      readonly runId: string;
      readonly executionId?: string;
      readonly streams: readonly OutputStream[];
      /** Sources tried first that failed (e.g. S3 access denied before Run Command answered). */
      readonly attempts: readonly OutputAttempt[];
      /** What the user should know about where this came from (e.g. the run's command was the refresh trigger). */
      readonly notes?: readonly string[];
      /** Streams of the run that were not read (not picked, or over the ceilings), and how to get them. */
      readonly leftOut?: string;
      /** The user closed the pick: nothing was read. */
      readonly cancelled?: boolean;
    }
  | { readonly ok: false; readonly attempts: readonly OutputAttempt[]; readonly notes?: readonly string[] };

/** Objects larger than this are read only up to here. */
export const S3_READ_LIMIT_BYTES = 1024 * 1024;
/** Streams read at once (GetObject or GetCommandInvocation in flight). */
export const READ_CONCURRENCY = 3;
/** At most this many streams are read for one View Output, and at most this many bytes held (the rest is left out, with how to get it). */
export const MAX_STREAMS_READ = 24;
export const MAX_BYTES_HELD = 8 * 1024 * 1024;
/** At most this many streams are ticked in the pick (and read without asking). */
export const PRE_PICKED = 6;

/** The streams read when nobody is asked: at most six, every stderr first (where failures speak), then stdouts, in run order. */
export function defaultPick(streams: readonly StreamRef[]): StreamRef[] {
  const chosen = new Set([...streams.filter((s) => s.stream === 'stderr'), ...streams.filter((s) => s.stream === 'stdout')].slice(0, PRE_PICKED));
  return streams.filter((s) => chosen.has(s));
}

/**
 * What of the picked streams may be read within the ceilings (count, and bytes held counting each stream at its
 * listed size up to the read limit, or at the limit when the size is unknown); the rest is left out.
 */
export function withinCeilings(picked: readonly StreamRef[], limitBytes = S3_READ_LIMIT_BYTES): { read: StreamRef[]; left: StreamRef[] } {
  const read: StreamRef[] = [];
  const left: StreamRef[] = [];
  let bytes = 0;
  for (const s of picked) {
    const cost = Math.min(s.size ?? limitBytes, limitBytes);
    if (read.length < MAX_STREAMS_READ && bytes + cost <= MAX_BYTES_HELD) {
      read.push(s);
      bytes += cost;
    } else left.push(s);
  }
  return { read, left };
}

/** The `aws s3 cp --recursive` command that copies a whole run folder, for the "left out" line. */
export function s3CopyRunCommand(bucket: string, prefix: string, region: string, profile?: string): string {
  const parts = ['aws', 's3', 'cp', '--recursive', shellQuote(`s3://${bucket}/${prefix}`), shellQuote(`./${prefix.replace(/\/+$/, '').split('/').pop() || 'run'}`), '--region', shellQuote(region)];
  if (profile) parts.push('--profile', shellQuote(profile));
  return parts.join(' ');
}

/** The "left out" line: how many streams of how many were not opened, and the command that gets them all. */
export function leftOutNote(left: number, total: number, how: string): string | undefined {
  if (left === 0) return undefined;
  return `${grouped(left)} of the run's ${grouped(total)} streams were not opened. All of them: ${how}`;
}
/** GetCommandInvocation returns at most this many characters of each stream. */
export const RUN_COMMAND_LIMITS = { stdout: 24_000, stderr: 8_000 } as const;

/** A word or path in single quotes for a POSIX shell (what a user pastes into a terminal). */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:@=+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The `aws s3 cp` command that prints a whole object, for the "truncated" line. */
export function s3CopyCommand(bucket: string, key: string, region: string, profile?: string): string {
  const parts = ['aws', 's3', 'cp', shellQuote(`s3://${bucket}/${key}`), '-', '--region', shellQuote(region)];
  if (profile) parts.push('--profile', shellQuote(profile));
  return parts.join(' ');
}

const grouped = (n: number) => n.toLocaleString('en-US');

/** The "truncated" line for an S3 object read only up to the limit. */
export function s3TruncationNote(totalBytes: number, shownBytes: number, command: string): string {
  return `This object is ${grouped(totalBytes)} bytes; only the first ${grouped(shownBytes)} are shown. The whole object: ${command}`;
}

/**
 * The "truncated" line for Run Command output, when the text reached the service's limit (it keeps the
 * first 24,000 characters of stdout and 8,000 of stderr; the rest is only where the association writes
 * output, in S3 or CloudWatch Logs).
 */
export function runCommandTruncationNote(stream: 'stdout' | 'stderr', text: string): string | undefined {
  const limit = RUN_COMMAND_LIMITS[stream];
  if (text.length < limit) return undefined;
  return `Run Command keeps only the first ${grouped(limit)} characters of ${stream}: this output may be cut there. The whole output exists only if the association writes it to S3 (OutputLocation) or CloudWatch Logs.`;
}

/** The bytes of a UTF-8 prefix cut at a byte limit, without a broken character at the end. */
export function utf8Prefix(bytes: Uint8Array): string {
  let end = bytes.length;
  // Step back over continuation bytes (10xxxxxx) to the start of the last character; drop it if incomplete.
  let start = end - 1;
  while (start >= 0 && start > end - 4 && (bytes[start] & 0xc0) === 0x80) start--;
  if (start >= 0) {
    const lead = bytes[start];
    const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (end - start < need) end = start;
  }
  return new TextDecoder('utf-8').decode(bytes.subarray(0, end));
}

const RULE = '─'.repeat(60);

/**
 * The text of one output document: a short header (where it came from, and whether it was cut), a
 * rule, then the output exactly as the node wrote it.
 */
export function outputDocumentText(
  stream: OutputStream,
  context: { readonly runId: string; readonly earlierAttempts?: readonly OutputAttempt[]; readonly notes?: readonly string[]; readonly leftOut?: string },
): string {
  const lines = [`${stream.stream} of step ${stream.step}${stream.plugin && stream.plugin !== stream.step ? ` (${stream.plugin})` : ''}, run ${context.runId}`, `From: ${stream.location}`];
  if (stream.truncated) lines.push(`TRUNCATED: ${stream.truncated}`);
  for (const note of context.notes ?? []) lines.push(`NOTE: ${note}`);
  if (context.leftOut) lines.push(`NOT OPENED: ${context.leftOut}`);
  for (const attempt of context.earlierAttempts ?? []) lines.push(`Not available from ${sourceName(attempt.source)}: ${attempt.problem}`);
  lines.push(RULE);
  const empty = stream.empty ? `(this step printed nothing on ${stream.stream}: the agent uploads no object for an empty stream)` : `(${stream.stream} is empty)`;
  return `${lines.join('\n')}\n${stream.text === '' ? empty : stream.text}`;
}

/** The text shown when no source gave output: each attempt, and what is missing. */
export function noOutputText(what: string, attempts: readonly OutputAttempt[], notes: readonly string[] = []): string {
  const lines = [`No output could be read for ${what}.`, '', ...notes.flatMap((n) => [n, ''])];
  for (const a of attempts) lines.push(`${sourceName(a.source)}: tried to ${a.tried}.`, `  ${a.problem}`, '');
  return lines.join('\n');
}

export function sourceName(source: OutputSource): string {
  return source === 's3' ? 'S3' : 'Run Command';
}

/** The first `limit` bytes of a body, and whether it held more; stops reading there (the rest never crosses the wire). */
export async function firstBytes(body: AsyncIterable<Uint8Array> | undefined, limit: number): Promise<{ bytes: Uint8Array; more: boolean }> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  let more = false;
  for await (const chunk of body ?? []) {
    const take = chunk.subarray(0, limit - length);
    chunks.push(take);
    length += take.length;
    // Leaving the loop ends the body's stream.
    if (take.length < chunk.length) {
      more = true;
      break;
    }
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes, more };
}
