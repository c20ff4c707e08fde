// What View Output and Show History hand to the editor: plain data, and the plain text of each output
// document. Output text is written by whatever ran on the managed node: it is shown literally, as plain
// text, and nothing in it is ever opened by the extension.

/** Where the output of a run was read from. */
export type OutputSource = 's3' | 'runCommand';

/** One stream (stdout or stderr) of one step of a run. */
export interface OutputStream {
  /** The document step (plugin) name, e.g. aws:runShellScript or a named step. */
  readonly step: string;
  readonly stream: 'stdout' | 'stderr';
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
    }
  | { readonly ok: false; readonly attempts: readonly OutputAttempt[] };

/** Objects larger than this are read only up to here. */
export const S3_READ_LIMIT_BYTES = 1024 * 1024;
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
export function outputDocumentText(stream: OutputStream, context: { readonly runId: string; readonly earlierAttempts?: readonly OutputAttempt[] }): string {
  const lines = [`${stream.stream} of step ${stream.step}, run ${context.runId}`, `From: ${stream.location}`];
  if (stream.truncated) lines.push(`TRUNCATED: ${stream.truncated}`);
  for (const attempt of context.earlierAttempts ?? []) lines.push(`Not available from ${sourceName(attempt.source)}: ${attempt.problem}`);
  lines.push(RULE);
  return `${lines.join('\n')}\n${stream.text === '' ? `(${stream.stream} is empty)` : stream.text}`;
}

/** The text shown when no source gave output: each attempt, and what is missing. */
export function noOutputText(what: string, attempts: readonly OutputAttempt[]): string {
  const lines = [`No output could be read for ${what}.`, ''];
  for (const a of attempts) lines.push(`${sourceName(a.source)}: tried to ${a.tried}.`, `  ${a.problem}`, '');
  return lines.join('\n');
}

export function sourceName(source: OutputSource): string {
  return source === 's3' ? 'S3' : 'Run Command';
}
