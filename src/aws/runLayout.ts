// Where the SSM Agent writes a run's output in S3, and how to name what it wrote as a user knows it. Sources (see
// test/emulator/README.md "What the endpoint follows"): an association run lies under
// `<OutputS3KeyPrefix>/<node>/<association>/<run id>/` (agent/association/parser/parser.go), a Run Command under
// `<prefix>/<command id>/<node>/` (agent/runcommand/utils.go); below either, each step writes
// `<plugin folder>/<step folder>/stdout|stderr` (runpluginutil.go executePlugin, iohandler.go Init), each folder being the
// plugin name or the step id (schema 1.2, `0.aws:runShellScript`) or step name (2.x) without its colons (fileutil.go).
import type { StreamRef } from '../core/runOutput';

/** The agent's run id: the run's start in UTC as `yyyy-MM-ddTHH-mm-ss.fffZ` (times.go ToIsoDashUTC). */
export const RUN_ID = /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z$/;

export function runIdOf(ms: number): string {
  return new Date(ms).toISOString().replace(/:/g, '-');
}

/** The time a run id names (ms), or undefined for anything else. */
export function runTime(runId: string): number | undefined {
  if (!RUN_ID.test(runId)) return undefined;
  const t = Date.parse(runId.replace(/T(\d\d)-(\d\d)-(\d\d)/, 'T$1:$2:$3'));
  return Number.isNaN(t) ? undefined : t;
}

/** The S3 key prefix under which the agent writes this node's runs of the association. */
export function associationPrefix(keyPrefix: string, nodeId: string, associationId: string): string {
  const base = keyPrefix.replace(/^\/+|\/+$/g, '');
  return `${base ? `${base}/` : ''}${nodeId}/${associationId}/`;
}

/** The S3 key prefix under which a Run Command command writes this node's output. */
export function commandPrefix(keyPrefix: string, commandId: string, nodeId: string): string {
  const base = keyPrefix.replace(/^\/+|\/+$/g, '');
  return `${base ? `${base}/` : ''}${commandId}/${nodeId}/`;
}

/**
 * How a step folder reads to a user: a 2.x step's name (`configureHost`, `install nginx`), or for a 1.2 step id
 * (`0.awsrunShellScript`) the plugin it runs (`aws:runShellScript`; a second use of a plugin gets its index). The plugin
 * folder becomes the plugin's name (`aws:` put back: every AWS plugin name starts with it).
 */
export function stepNames(pluginFolder: string, stepFolder: string): { step: string; plugin: string } {
  const plugin = /^aws[A-Za-z]/.test(pluginFolder) ? `aws:${pluginFolder.slice(3)}` : pluginFolder;
  const v12 = /^(\d+)\.(.+)$/.exec(stepFolder);
  if (v12 && v12[2] === pluginFolder) return { step: v12[1] === '0' ? plugin : `${plugin} (${v12[1]})`, plugin };
  return { step: stepFolder, plugin };
}

/** The streams among listed keys under a run folder: `<runPrefix><plugin>/<step>/stdout|stderr`, in listing order, stdout before stderr. */
export function runStreams(keys: readonly { key: string; size?: number }[], runPrefix: string): StreamRef[] {
  const found: StreamRef[] = [];
  for (const { key, size } of keys) {
    if (!key.startsWith(runPrefix)) continue;
    const match = /^([^/]+)\/([^/]+)\/(stdout|stderr)$/.exec(key.slice(runPrefix.length));
    if (!match) continue;
    const names = stepNames(match[1], match[2]);
    found.push({ id: key, step: names.step, plugin: names.plugin, folder: `${match[1]}/${match[2]}`, stream: match[3] as 'stdout' | 'stderr', size });
  }
  // Keys come sorted; keep the steps in that order, stdout first within a step.
  const order = new Map<string, number>();
  for (const s of found) if (!order.has(s.folder ?? s.step)) order.set(s.folder ?? s.step, order.size);
  return found.sort((a, b) => (order.get(a.folder ?? a.step)! - order.get(b.folder ?? b.step)! || (a.stream === b.stream ? 0 : a.stream === 'stdout' ? -1 : 1)));
}

/**
 * The windows in which the newest run is looked for, nearest first: run ids sort by time, so a listing that starts
 * after `now − window` holds exactly the runs of that window. The last (undefined) lists everything.
 */
const DAY = 86_400_000;
export const NEWEST_RUN_WINDOWS_MS: readonly (number | undefined)[] = [DAY, 30 * DAY, 365 * DAY, 4 * 365 * DAY, undefined];
/** At most this many ListObjectsV2 requests to find the newest run. */
export const NEWEST_RUN_MAX_REQUESTS = 16;
/** No run is older than this (the earliest time a bisection looks at). */
const EPOCH = Date.UTC(2000, 0, 1);

export interface FolderPage {
  readonly prefixes: readonly string[];
  readonly nextToken?: string;
}

/** One ListObjectsV2 page of folders (Delimiter '/') under a prefix, starting after a key. */
export type ListFolders = (prefix: string, startAfter: string | undefined, token: string | undefined) => Promise<FolderPage>;

export interface NewestRun {
  readonly runId?: string;
  readonly requests: number;
  /** Set when the request budget ran out first: a newer run than `runId` may exist. */
  readonly cut: boolean;
}

/**
 * The newest run folder under the association's prefix, listing run folders (not objects): window by window from
 * now; a window with more folders than one page holds is narrowed by halving its start (the newest run is in the
 * last page of folders after some time), so the requests stay few whatever the prefix holds.
 */
export async function newestRun(list: ListFolders, prefix: string, now: number): Promise<NewestRun> {
  let requests = 0;
  let best: string | undefined;
  const runIds = (page: FolderPage) =>
    page.prefixes
      .filter((f) => f.startsWith(prefix))
      .map((f) => f.slice(prefix.length).replace(/\/$/, ''))
      .filter((id) => RUN_ID.test(id));
  const after = async (time: number | undefined) => {
    requests++;
    const page = await list(prefix, time === undefined ? undefined : `${prefix}${runIdOf(Math.max(EPOCH, time))}`, undefined);
    const ids = runIds(page);
    for (const id of ids) if (best === undefined || id > best) best = id;
    return { ids, more: page.nextToken !== undefined };
  };
  let newer = now;
  // A window either ends the search or costs one request: the five windows stay within the budget.
  for (const window of NEWEST_RUN_WINDOWS_MS) {
    const start = window === undefined ? EPOCH : now - window;
    const first = await after(window === undefined ? undefined : start);
    if (!first.more) {
      if (first.ids.length) return { runId: best, requests, cut: false };
      newer = start;
      continue;
    }
    // More than a page after `start`, none after `newer`: halve [lo, hi] until the folders after lo fit in a page.
    let lo = start;
    let hi = newer;
    while (requests < NEWEST_RUN_MAX_REQUESTS) {
      const mid = Math.floor((lo + hi) / 2);
      if (mid <= lo) break;
      const page = await after(mid);
      if (page.more) lo = mid;
      else if (page.ids.length) return { runId: best, requests, cut: false };
      else hi = mid;
    }
    return { runId: best, requests, cut: true };
  }
  return { runId: best, requests, cut: false };
}

/**
 * The run folder of a run that a trigger started at `at` (ms): the first run folder from a minute before it, if it
 * began within an hour after it (the agent runs the association as soon as the refresh command asks).
 */
export function runAfter(prefixes: readonly string[], prefix: string, at: number): string | undefined {
  for (const folder of prefixes) {
    const id = folder.slice(prefix.length).replace(/\/$/, '');
    const t = runTime(id);
    if (t !== undefined && t >= at - 60_000 && t <= at + 3_600_000) return id;
  }
  return undefined;
}
