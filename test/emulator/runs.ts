/**
 * Associations and their runs: what DescribeAssociation, DescribeAssociationExecutions(Targets),
 * ListCommandInvocations and GetCommandInvocation read, and what StartAssociationsOnce adds.
 *
 * The status rows of the nodes stay the truth for "now". Per (account, region), the first request
 * that needs runs builds a book: one association per AssociationId (its definition from the
 * fleet, or derived from the rows), its latest execution made from the rows (same status and
 * date per node) and `history` earlier made-up executions. Output text is made up from the ids,
 * deterministically, so the Run Command side and the S3 objects always agree.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Account, AssociationDefinition, Fleet, InstanceAssociationStatusInfo, ManagedNode } from './fleet.js';
import { accountId, toEpochSeconds } from './fleet.js';

/** The document and plugin of the trigger that makes the agent run its associations now (`appconfig/constants.go`). */
export const REFRESH_DOCUMENT = 'AWS-RefreshAssociation';
export const REFRESH_PLUGIN = 'aws:refreshAssociation';

export type Outcome = 'Success' | 'Failed' | 'TimedOut';

export interface RunTimings {
  /** How long a started run stays Pending (ms). */
  pendingMs: number;
  /** Then how long it stays InProgress before its outcome (ms). */
  inProgressMs: number;
}

export const DEFAULT_RUN_TIMINGS: RunTimings = { pendingMs: 2000, inProgressMs: 3000 };

export interface TargetRun {
  node: ManagedNode;
  status: string;
  detailedStatus: string;
  /** When it ran on the node (ms): the row's ExecutionDate; names the S3 run folder. */
  date: number;
  /** When it finished (ms), once finished. */
  endDate?: number;
  commandId: string;
  /** Live runs: what it will end as. */
  outcome?: Outcome;
}

export interface Execution {
  associationId: string;
  associationVersion: string;
  executionId: string;
  createdTime: number;
  targets: TargetRun[];
  /**
   * What started it: the schedule (the agent runs it by itself and reports only a status: `association/service/service.go`
   * UpdateInstanceAssociationStatus carries no command), StartAssociationsOnce, or the association's creation. The last
   * two reach the node as the AWS-RefreshAssociation command (`refreshassociation.go`), which the target's OutputSource
   * then names (assumed: no source says which command the service names). Default: schedule.
   */
  trigger?: 'schedule' | 'runOnce' | 'create';
  /** Live (StartAssociationsOnce) runs only. */
  live?: { pendingUntil: number; doneAt: number; phase: 0 | 1 | 2 };
}

export interface Association {
  def: AssociationDefinition;
  /** True when no definition was in the fleet and it was derived from the status rows. */
  derived: boolean;
  /** Nodes of this account and region that carry a status row of it. */
  holders: ManagedNode[];
  region: string;
}

export interface Book {
  account: Account;
  region: string;
  associations: Map<string, Association>;
  /** Executions and commands are made on first need (`RunBook.full`): status rows need only the definitions. */
  ran: boolean;
  rows: Map<string, { row: InstanceAssociationStatusInfo; node: ManagedNode }[]>;
  /** Newest first. */
  executions: Map<string, Execution[]>;
  commands: Map<string, { association: Association; execution: Execution }>;
}

export interface OutputObject {
  bucket: string;
  key: string;
  body: string;
  /** Name of the account that owns the bucket, and the bucket's region (from the output location). */
  account?: string;
  region?: string;
}

// ---------------------------------------------------------------------------------------------
// documents, steps, text

/** A step of a document: its name (2.x) or plugin (1.2), and the plugin (action) that runs it. */
export interface DocStep {
  name: string;
  action: string;
}

/** A document's schema and steps, as the agent parses it (`docparser.go`): 1.2 runtimeConfig plugins, 2.x mainSteps. */
export interface DocumentModel {
  schema: '1.2' | '2.2';
  steps: DocStep[];
}

const plugin = (action: string): DocStep => ({ name: action, action });
const DOCUMENTS: Record<string, DocumentModel> = {
  'AWS-RunShellScript': { schema: '1.2', steps: [plugin('aws:runShellScript')] },
  'AWS-RunPowerShellScript': { schema: '1.2', steps: [plugin('aws:runPowerShellScript')] },
  'AWS-RunPatchBaseline': {
    schema: '2.2',
    steps: [
      { name: 'PatchWindows', action: 'aws:runPowerShellScript' },
      { name: 'PatchLinux', action: 'aws:runShellScript' },
      { name: 'PatchMacOS', action: 'aws:runShellScript' },
    ],
  },
  'AWS-UpdateSSMAgent': { schema: '1.2', steps: [plugin('aws:updateSsmAgent')] },
  'AWS-GatherSoftwareInventory': { schema: '2.2', steps: [{ name: 'collectSoftwareInventoryItems', action: 'aws:softwareInventory' }] },
  'AWS-ConfigureAWSPackage': { schema: '2.2', steps: [{ name: 'configurePackage', action: 'aws:configurePackage' }] },
  'Custom-Hardening': { schema: '2.2', steps: ['checkPackages', 'applyBaseline', 'verify'].map((name) => ({ name, action: 'aws:runShellScript' })) },
  // The Run Command document that "Apply Association Now" and a new association send (assumed: schema 1.2, one plugin).
  [REFRESH_DOCUMENT]: { schema: '1.2', steps: [plugin(REFRESH_PLUGIN)] },
};

/** The association's document: its schema and steps (a definition's `steps` win over the built-in table). */
export function documentOf(def: AssociationDefinition): DocumentModel {
  if (!def.steps) return DOCUMENTS[def.Name] ?? DOCUMENTS['AWS-RunShellScript'];
  const steps = def.steps.map((s) => (typeof s === 'string' ? { name: s, action: s.startsWith('aws:') ? s : 'aws:runShellScript' } : s));
  return { schema: def.schemaVersion ?? (steps.every((s) => s.name === s.action) ? '1.2' : '2.2'), steps };
}

/** The steps (plugin names for 1.2, step names for 2.x) of the association's document. */
export function stepsOf(def: AssociationDefinition): string[] {
  return documentOf(def).steps.map((s) => s.name);
}

/** The agent drops every colon of a folder name and nothing else (`fileutil.go` removeInvalidColon). */
export function withoutColons(name: string): string {
  return name.replace(/:/g, '');
}

/**
 * `<plugin folder>/<step folder>` of a step under its run (`runpluginutil.go` executePlugin → `output.Init(pluginName, stepName)`):
 * the plugin without colons, then the step id for 1.2 (`0.aws:runShellScript`, the ID property the service gives each
 * runtimeConfig plugin) or the step name for 2.x, without colons.
 */
export function s3StepPath(doc: DocumentModel, step: DocStep): string {
  const index = doc.steps.filter((s) => s.action === step.action).indexOf(step);
  const stepName = doc.schema === '1.2' ? `${Math.max(0, index)}.${step.action}` : step.name;
  return `${withoutColons(step.action)}/${withoutColons(stepName)}`;
}

/** The S3 path of a step by its name, for the endpoint's URLs. */
export function s3StepFolder(def: AssociationDefinition, name: string): string {
  const doc = documentOf(def);
  const step = doc.steps.find((s) => s.name === name) ?? plugin(name);
  return s3StepPath(doc, step);
}

/** AWS-RunPatchBaseline's steps each run on one platform only; the others are skipped. */
function stepApplies(step: string, node: ManagedNode): boolean {
  const platform = node.PlatformType ?? (/windows/i.test(node.PlatformName ?? '') ? 'Windows' : /mac/i.test(node.PlatformName ?? '') ? 'MacOS' : 'Linux');
  if (step === 'PatchWindows') return platform === 'Windows';
  if (step === 'PatchLinux') return platform === 'Linux';
  if (step === 'PatchMacOS') return platform === 'MacOS';
  return true;
}

export interface StepRun {
  name: string;
  /** `<plugin folder>/<step folder>` under the run in S3. */
  path: string;
  /** Run Command plugin status: Pending, InProgress, Success, Failed, TimedOut, Skipped... */
  status: string;
}

const TERMINAL = new Set(['Success', 'Failed', 'TimedOut']);

/** Each step's status for a node's run with this overall status (one failing step stops the rest). */
export function stepRuns(def: AssociationDefinition, target: TargetRun): StepRun[] {
  const doc = documentOf(def);
  const steps = doc.steps.map((s) => s.name);
  const applicable = steps.filter((s) => stepApplies(s, target.node));
  const failing = applicable[Math.min(1, applicable.length - 1)];
  const status = (name: string): string => {
    if (!applicable.includes(name)) return 'Skipped';
    switch (target.status) {
      case 'Success':
        return 'Success';
      case 'Failed':
      case 'TimedOut': {
        const at = applicable.indexOf(name);
        const f = applicable.indexOf(failing);
        return at < f ? 'Success' : at === f ? target.status : 'Skipped';
      }
      case 'Pending':
      case 'InProgress':
      case 'Skipped':
        return target.status;
      default:
        return 'Failed';
    }
  };
  return doc.steps.map((step) => ({ name: step.name, path: s3StepPath(doc, step), status: status(step.name) }));
}

/** The trigger's one step, and what it prints (`refreshassociation.go`: "Associations [...] have been requested to execute immediately"). */
export function refreshRun(def: AssociationDefinition, target: TargetRun): { step: StepRun; stdout: string } {
  const done = target.status !== 'Pending';
  return {
    step: { name: REFRESH_PLUGIN, path: s3StepPath(DOCUMENTS[REFRESH_DOCUMENT], plugin(REFRESH_PLUGIN)), status: done ? 'Success' : 'Pending' },
    stdout: done ? `Associations [${def.AssociationId}] have been requested to execute immediately\n` : '',
  };
}

/** Whether the execution's command on its targets is the refresh trigger rather than the document (see `Execution.trigger`). */
export function isTriggered(execution: Execution): boolean {
  return execution.trigger === 'runOnce' || execution.trigger === 'create';
}

/** Run Command status of a node's invocation for a target status. */
export function invocationStatus(status: string): string {
  if (['Pending', 'InProgress', 'Success', 'Failed', 'TimedOut'].includes(status)) return status;
  if (status === 'Skipped') return 'Success';
  return 'Failed';
}

/** `2024-10-21T18-08-11.123Z`: the run folder the agent names after the run's time. */
export function runIdOf(ms: number): string {
  return new Date(ms).toISOString().replace(/:/g, '-');
}

function hash(s: string): number {
  return createHash('sha1').update(s).digest().readUInt32BE(0);
}

function uuid(name: string): string {
  const h = createHash('sha1').update(`ssm-emulator:${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const BODY: Record<string, string[]> = {
  'AWS-RunPatchBaseline': [
    'Patch group: default; baseline pb-0a1b2c3d4e5f60789 (AWS-DefaultPatchBaseline)',
    'Scanning installed packages...',
    'Installed: 412, InstalledOther: 3, Missing: 0, Failed: 0, NotApplicable: 1203',
    'Reboot option: RebootIfNeeded; no reboot required',
  ],
  'AWS-UpdateSSMAgent': ['Current agent version: 3.3.1142.0', 'Latest version: 3.3.1142.0', 'amazon-ssm-agent is already up to date'],
  'AWS-GatherSoftwareInventory': ['Collecting AWS:Application, AWS:Network, AWS:WindowsUpdate', 'Inventory collected: 318 items', 'Uploaded inventory to Systems Manager'],
  'AWS-ConfigureAWSPackage': ['Package AmazonCloudWatchAgent, version latest', 'Already installed: 1.300049.1'],
  'Custom-Hardening': ['Checking sshd_config, auditd, sysctl baseline', 'PermitRootLogin no', 'PasswordAuthentication no', 'auditd: running'],
};

const REASON: Record<string, string> = {
  'AWS-RunPatchBaseline': 'yum: Cannot retrieve repository metadata (repomd.xml) for repository: amzn2-core',
  'AWS-UpdateSSMAgent': 'failed to download the agent installer: context deadline exceeded',
  'AWS-GatherSoftwareInventory': 'inventory plugin AWS:Application timed out',
  'AWS-ConfigureAWSPackage': 'package AmazonCloudWatchAgent: checksum mismatch',
  'Custom-Hardening': 'sshd_config: PermitRootLogin is yes, expected no',
};

const bigCache = new Map<string, string>();

/** `n` characters of numbered log lines (cached: the 5 MB one is asked for more than once). */
function bigText(seed: string, n: number, kind: 'out' | 'err'): string {
  const key = `${seed}/${kind}/${n}`;
  const hit = bigCache.get(key);
  if (hit !== undefined) return hit;
  const parts: string[] = [];
  let len = 0;
  for (let i = 1; len < n; i++) {
    const line = kind === 'out' ? `${String(i).padStart(7, '0')} backup: copied chunk ${i} of table events_${i % 97} (8192 rows)\n` : `${String(i).padStart(7, '0')} warning: slow disk on /var/backups, ${(i % 50) + 10} ms\n`;
    parts.push(line);
    len += line.length;
  }
  const text = parts.join('').slice(0, n);
  if (bigCache.size > 16) bigCache.clear();
  bigCache.set(key, text);
  return text;
}

/** The stdout and stderr of one step of a node's run: empty until the step has finished. */
export function stepOutput(def: AssociationDefinition, _execution: Execution, target: TargetRun, step: StepRun): { stdout: string; stderr: string } {
  if (!TERMINAL.has(step.status)) return { stdout: '', stderr: '' };
  const fixed = def.output?.steps?.[step.name];
  if (fixed && (!def.output?.nodes || def.output.nodes.includes(target.node.InstanceId))) return { stdout: fixed.stdout ?? '', stderr: fixed.stderr ?? '' };
  const node = target.node;
  const name = def.AssociationName ?? def.Name;
  const head = `[${step.name}] run ${runIdOf(target.date)} of ${name} (${def.Name}) on ${node.ComputerName ?? node.InstanceId} (${node.InstanceId})\n`;
  const body = (BODY[def.Name] ?? ['Running commands...', 'hello from the shell script']).map((l) => `[${step.name}] ${l}\n`).join('');
  const spec = def.output;
  const big = spec?.bigStdoutChars && (!spec.nodes || spec.nodes.includes(node.InstanceId)) ? spec.bigStdoutChars : 0;
  if (big) {
    const seed = `${def.AssociationId}/${node.InstanceId}`;
    return { stdout: bigText(seed, big, 'out'), stderr: bigText(seed, Math.floor(big / 10), 'err') + (step.status === 'Success' ? '' : `error: ${REASON[def.Name] ?? 'exit status 1'}\n`) };
  }
  if (step.status === 'Success') return { stdout: `${head}${body}[${step.name}] completed, exit code 0\n`, stderr: '' };
  const reason = step.status === 'TimedOut' ? 'the step timed out after 3600 seconds' : (REASON[def.Name] ?? `command exited with status ${1 + (hash(target.commandId) % 3)}`);
  const extra = spec?.stderrExtra && (!spec.nodes || spec.nodes.includes(node.InstanceId)) ? `${spec.stderrExtra}\n` : '';
  return {
    stdout: `${head}${body.split('\n').slice(0, 2).join('\n')}\n`,
    stderr: `[${step.name}] error: ${reason}\nfailed to run commands: exit status 1\n${extra}`,
  };
}

/** The agent's ExecutionSummary for a finished run. */
export function executionSummary(def: AssociationDefinition, execution: Execution, target: TargetRun): string {
  const steps = stepRuns(def, target);
  const count = (s: string) => steps.filter((x) => x.status === s).length;
  let text = `${steps.length} out of ${steps.length} plugin${steps.length === 1 ? '' : 's'} processed, ${count('Success')} success, ${count('Failed')} failed, ${count('TimedOut')} timedout, ${count('Skipped')} skipped. `;
  for (const s of steps.filter((x) => x.status === 'Failed')) {
    const first = stepOutput(def, execution, target, s).stderr.split('\n')[0];
    text += `\nThe operation ${s.name} failed because ${first}.`;
  }
  return text.slice(0, 512);
}

export interface S3Place {
  bucket: string;
  region?: string;
  /** `<prefix>/<instanceId>/<associationId>/<runId>`, without the bucket. */
  runPrefix: string;
}

/** How long after a trigger the agent starts the run it asked for (the run folder is named after the start; assumed). */
export const TRIGGER_TO_RUN_MS = 1_234;

/** When the agent started the node's run: the target's time, a moment later when a refresh command triggered it. */
export function runStart(target: TargetRun, execution?: Execution): number {
  return execution && isTriggered(execution) ? target.date + TRIGGER_TO_RUN_MS : target.date;
}

/** Where a node's run writes in S3, when the association has an output location (`association/parser/parser.go` InitializeDocumentState). */
export function s3Place(def: AssociationDefinition, target: TargetRun, execution?: Execution): S3Place | undefined {
  const loc = def.OutputLocation?.S3Location;
  if (!loc?.OutputS3BucketName) return undefined;
  const prefix = (loc.OutputS3KeyPrefix ?? '').replace(/^\/+|\/+$/g, '');
  const runPrefix = [prefix, target.node.InstanceId, def.AssociationId, runIdOf(runStart(target, execution))].filter(Boolean).join('/');
  return { bucket: loc.OutputS3BucketName, region: loc.OutputS3Region, runPrefix };
}

/**
 * The S3 objects a finished node run leaves: `<runPrefix>/<plugin folder>/<step folder>/stdout` and `stderr`, each only
 * when not empty (`iomodule/fileS3.go` uploads a stream only when its file is not empty).
 */
export function outputObjects(def: AssociationDefinition, execution: Execution, target: TargetRun, ownerOf?: Account): OutputObject[] {
  const place = s3Place(def, target, execution);
  if (!place || !TERMINAL.has(target.status)) return [];
  const out: OutputObject[] = [];
  for (const step of stepRuns(def, target)) {
    if (!TERMINAL.has(step.status)) continue;
    const { stdout, stderr } = stepOutput(def, execution, target, step);
    const base = `${place.runPrefix}/${step.path}`;
    const where = { bucket: place.bucket, region: place.region, account: ownerOf?.name };
    if (stdout) out.push({ ...where, key: `${base}/stdout`, body: stdout });
    if (stderr) out.push({ ...where, key: `${base}/stderr`, body: stderr });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// deriving definitions from status rows

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** The bucket, prefix and region an OutputUrl names, when it is a sane one and holds the node id. */
function locationFromUrl(url: string | undefined, nodeId: string, region: string): AssociationDefinition['OutputLocation'] {
  if (!url) return undefined;
  let bucket: string | undefined;
  let path: string | undefined;
  let r = region;
  let m: RegExpExecArray | null;
  if ((m = /^https:\/\/s3\.amazonaws\.com\/([^/]+)\/(.+)$/.exec(url))) [bucket, path] = [m[1], m[2]];
  else if ((m = /^https:\/\/s3[.-]([a-z0-9-]+)\.amazonaws\.com\/([^/]+)\/(.+)$/.exec(url))) [r, bucket, path] = [m[1], m[2], m[3]];
  else if ((m = /^https:\/\/([^/]+)\.s3[.-]([a-z0-9-]+)\.amazonaws\.com\/(.+)$/.exec(url))) [bucket, r, path] = [m[1], m[2], m[3]];
  else if ((m = /^s3:\/\/([^/]+)\/(.+)$/.exec(url))) [bucket, path] = [m[1], m[2]];
  else if ((m = /^([^/:]+)\/(.+)$/.exec(url))) [bucket, path] = [m[1], m[2]];
  if (!bucket || !path || !BUCKET.test(bucket)) return undefined;
  const parts = path.split('/');
  if (parts.some((p) => p === '..' || p === '.' || p === '')) return undefined;
  const at = parts.indexOf(nodeId);
  if (at < 0) return undefined;
  return { S3Location: { OutputS3BucketName: bucket, OutputS3KeyPrefix: parts.slice(0, at).join('/'), OutputS3Region: r } };
}

function deriveDefinition(id: string, rows: { row: InstanceAssociationStatusInfo; node: ManagedNode }[], region: string): AssociationDefinition {
  const { row, node } = rows[0];
  const def: AssociationDefinition = {
    AssociationId: id,
    Name: typeof row.Name === 'string' ? row.Name : 'AWS-RunShellScript',
    DocumentVersion: typeof row.DocumentVersion === 'string' ? row.DocumentVersion : '$DEFAULT',
    AssociationVersion: typeof row.AssociationVersion === 'string' ? row.AssociationVersion : '1',
    Targets: [{ Key: 'InstanceIds', Values: rows.map((r) => r.node.InstanceId) }],
    ScheduleExpression: 'rate(30 minutes)',
    Parameters: {},
  };
  if (typeof row.AssociationName === 'string') def.AssociationName = row.AssociationName;
  const loc = locationFromUrl(row.OutputUrl?.S3OutputUrl?.OutputUrl, node.InstanceId, region);
  if (loc) def.OutputLocation = loc;
  return def;
}

// ---------------------------------------------------------------------------------------------
// the book

function toMs(d: string | number | undefined, fallback: number): number {
  if (d === undefined) return fallback;
  try {
    return toEpochSeconds(d) * 1000;
  } catch {
    return fallback;
  }
}

export interface FinishedRun {
  book: Book;
  association: Association;
  execution: Execution;
  target: TargetRun;
}

export class RunBook {
  timings: RunTimings = { ...DEFAULT_RUN_TIMINGS };
  /** What a started run ends as, by instance id or association id (default Success). */
  outcomes: Record<string, Outcome> = {};
  private readonly books = new Map<string, Book>();
  private live: { book: Book; association: Association; execution: Execution }[] = [];

  constructor(
    private readonly fleet: Fleet,
    private readonly startedAt: number,
  ) {}

  /** Forgets every book (they are built again from the rows as they are now). */
  reset(): void {
    this.books.clear();
    this.defined.clear();
    this.live = [];
  }

  book(account: Account, region: string): Book {
    const key = `${accountId(account)}/${region}`;
    let b = this.books.get(key);
    if (!b) {
      b = this.build(account, region);
      this.books.set(key, b);
    }
    return b;
  }

  private readonly defined = new Map<string, Map<string, AssociationDefinition>>();

  /** The associations the fleet defines in this account and region, by id (cheap: no book is built). */
  definitions(account: Account, region: string): Map<string, AssociationDefinition> {
    const key = `${accountId(account)}/${region}`;
    let m = this.defined.get(key);
    if (!m) {
      m = new Map((account.associations?.[region] ?? []).map((d) => [d.AssociationId, d]));
      this.defined.set(key, m);
    }
    return m;
  }

  /** The book with the executions and commands of every association made (for command look-ups). */
  full(account: Account, region: string): Book {
    const b = this.book(account, region);
    if (!b.ran) {
      b.ran = true;
      for (const association of b.associations.values()) this.executionsOf(b, association.def.AssociationId);
    }
    return b;
  }

  /** An association's executions, newest first, made on first need (a fleet may hold 10,000 associations). */
  executionsOf(book: Book, id: string): Execution[] {
    let execs = book.executions.get(id);
    if (!execs) {
      const association = book.associations.get(id);
      execs = association ? this.madeUpExecutions(association, book.rows.get(id) ?? []) : [];
      book.executions.set(id, execs);
      for (const execution of execs) for (const t of execution.targets) if (association) book.commands.set(t.commandId, { association, execution });
    }
    return execs;
  }

  /** The association and execution of a command id. */
  command(book: Book, commandId: string): { association: Association; execution: Execution } | undefined {
    return book.commands.get(commandId) ?? this.full(book.account, book.region).commands.get(commandId);
  }

  /** Every (account, region) with nodes or associations. */
  allBooks(): Book[] {
    const out: Book[] = [];
    for (const account of this.fleet.accounts) {
      const regions = new Set([...Object.keys(account.regions), ...Object.keys(account.associations ?? {})]);
      for (const region of regions) out.push(this.book(account, region));
    }
    return out;
  }

  private build(account: Account, region: string): Book {
    const nodes = account.regions[region] ?? [];
    const rowsById = new Map<string, { row: InstanceAssociationStatusInfo; node: ManagedNode }[]>();
    for (const node of nodes) {
      for (const row of node.associations ?? []) {
        if (typeof row.AssociationId !== 'string') continue;
        const list = rowsById.get(row.AssociationId) ?? [];
        list.push({ row, node });
        rowsById.set(row.AssociationId, list);
      }
    }
    const book: Book = { account, region, associations: new Map(), ran: false, rows: rowsById, executions: new Map(), commands: new Map() };
    for (const def of account.associations?.[region] ?? []) {
      const holders = (rowsById.get(def.AssociationId) ?? []).map((r) => r.node);
      book.associations.set(def.AssociationId, { def, derived: false, holders, region });
    }
    for (const [id, rows] of rowsById) {
      if (!book.associations.has(id)) book.associations.set(id, { def: deriveDefinition(id, rows, region), derived: true, holders: rows.map((r) => r.node), region });
    }
    return book;
  }

  /** The latest execution from the rows, and `history` earlier ones, `intervalMinutes` apart. */
  private madeUpExecutions(association: Association, rows: { row: InstanceAssociationStatusInfo; node: ManagedNode }[]): Execution[] {
    if (rows.length === 0) return [];
    const def = association.def;
    const id = def.AssociationId;
    const version = def.AssociationVersion ?? '1';
    const latestTargets: TargetRun[] = rows.map(({ row, node }) => {
      const status = String(row.Status ?? 'Pending');
      const detailed = String(row.DetailedStatus ?? status);
      const date = toMs(row.ExecutionDate, this.startedAt);
      return { node, status, detailedStatus: detailed, date, endDate: TERMINAL.has(status) ? date + 4000 : undefined, commandId: uuid(`${id}/command/0`) };
    });
    const created = Math.min(...latestTargets.map((t) => t.date));
    const execs: Execution[] = [{ associationId: id, associationVersion: version, executionId: uuid(`${id}/execution/0`), createdTime: created, targets: latestTargets }];
    const interval = (def.intervalMinutes ?? 60) * 60_000;
    for (let j = 1; j <= (def.history ?? 3); j++) {
      const commandId = uuid(`${id}/command/${j}`);
      const targets = rows.map(({ node }): TargetRun => {
        const status = hash(`${id}/${node.InstanceId}/${j}`) % 7 === 0 ? 'Failed' : 'Success';
        const date = created - j * interval + (hash(node.InstanceId) % 20_000);
        return { node, status, detailedStatus: status, date, endDate: date + 4000, commandId };
      });
      execs.push({ associationId: id, associationVersion: version, executionId: uuid(`${id}/execution/${j}`), createdTime: created - j * interval, targets });
    }
    // The oldest made-up run is the one that followed the association's creation: a refresh command triggered it.
    if (execs.length > 1) execs[execs.length - 1].trigger = 'create';
    return execs;
  }

  /**
   * StartAssociationsOnce: a new execution on every target (nodes holding the association that
   * are not stopped or terminated), Pending now, InProgress after `pendingMs`, its outcome after
   * `inProgressMs` more; the nodes' status rows follow (see `settle`).
   */
  start(book: Book, association: Association, now: number): Execution {
    const def = association.def;
    const id = def.AssociationId;
    const commandId = randomUUID();
    const targets = association.holders
      .filter((n) => n.state !== 'stopped' && n.state !== 'terminated')
      .map((node): TargetRun => ({ node, status: 'Pending', detailedStatus: 'Pending', date: now, commandId, outcome: this.outcomes[node.InstanceId] ?? this.outcomes[id] ?? 'Success' }));
    const pendingUntil = now + this.timings.pendingMs;
    const execution: Execution = {
      associationId: id,
      associationVersion: def.AssociationVersion ?? '1',
      executionId: randomUUID(),
      createdTime: now,
      targets,
      trigger: 'runOnce',
      live: { pendingUntil, doneAt: pendingUntil + this.timings.inProgressMs, phase: 0 },
    };
    book.executions.set(id, [execution, ...this.executionsOf(book, id)]);
    book.commands.set(commandId, { association, execution });
    for (const t of targets) {
      const row = t.node.associations?.find((a) => a.AssociationId === id);
      if (row) {
        row.Status = 'Pending';
        row.DetailedStatus = 'Pending';
      }
    }
    this.live.push({ book, association, execution });
    return execution;
  }

  /** Moves every live run on by one phase now (Pending → InProgress, InProgress → its outcome). */
  advance(now: number): FinishedRun[] {
    for (const { execution } of this.live) {
      const live = execution.live!;
      if (live.phase === 0) {
        live.doneAt = now + (live.doneAt - live.pendingUntil);
        live.pendingUntil = now;
      } else if (live.phase === 1) live.doneAt = now;
    }
    return this.settle(now);
  }

  /** Moves live runs on to where they are at `now`; returns the node runs that just finished. */
  settle(now: number): FinishedRun[] {
    const finished: FinishedRun[] = [];
    for (const run of this.live) {
      const { execution, association } = run;
      const live = execution.live!;
      const id = association.def.AssociationId;
      const rowOf = (t: TargetRun) => t.node.associations?.find((a) => a.AssociationId === id);
      if (live.phase === 0 && now >= live.pendingUntil) {
        live.phase = 1;
        for (const t of execution.targets) {
          t.status = t.detailedStatus = 'InProgress';
          t.date = live.pendingUntil;
          const row = rowOf(t);
          if (row) {
            row.Status = row.DetailedStatus = 'InProgress';
            row.ExecutionDate = new Date(t.date).toISOString();
          }
        }
      }
      if (live.phase === 1 && now >= live.doneAt) {
        live.phase = 2;
        for (const t of execution.targets) {
          t.status = t.detailedStatus = t.outcome ?? 'Success';
          t.endDate = live.doneAt;
          const row = rowOf(t);
          if (row) {
            row.Status = row.DetailedStatus = t.status;
            row.ErrorCode = t.status === 'Failed' ? 'ExecutionError' : t.status === 'TimedOut' ? 'StuckAtInProgress' : '';
            row.ExecutionSummary = executionSummary(association.def, execution, t);
            row.ExecutionDate = new Date(t.date).toISOString();
            const place = s3Place(association.def, t, execution);
            if (place) row.OutputUrl = { S3OutputUrl: { OutputUrl: `${place.bucket}/${place.runPrefix}` } };
          }
          finished.push({ book: run.book, association, execution, target: t });
        }
      }
    }
    this.live = this.live.filter((r) => r.execution.live!.phase < 2);
    return finished;
  }

  /** The output objects of every latest finished node run in the fleet (to fill the S3 mock). */
  latestOutputObjects(): OutputObject[] {
    const out: OutputObject[] = [];
    for (const book of this.allBooks()) {
      for (const association of book.associations.values()) {
        const latest = this.executionsOf(book, association.def.AssociationId)[0];
        if (!latest) continue;
        for (const t of latest.targets) out.push(...outputObjects(association.def, latest, t, book.account));
      }
    }
    return out;
  }
}

/** Overall status of an execution from its targets. */
export function executionStatus(e: Execution): string {
  const s = e.targets.map((t) => t.status);
  if (s.some((x) => x === 'InProgress')) return 'InProgress';
  if (s.some((x) => x === 'Pending')) return s.every((x) => x === 'Pending') ? 'Pending' : 'InProgress';
  if (s.some((x) => x === 'Failed')) return 'Failed';
  if (s.some((x) => x === 'TimedOut')) return 'TimedOut';
  return s.length ? (s.every((x) => x === 'Success' || x === 'Skipped') ? 'Success' : 'Failed') : 'Success';
}

/** `{Failed=1, Success=3}` as the service writes ResourceCountByStatus. */
export function resourceCountByStatus(e: Execution): string {
  const counts = new Map<string, number>();
  for (const t of e.targets) counts.set(t.status, (counts.get(t.status) ?? 0) + 1);
  return `{${[...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(', ')}}`;
}

/**
 * A status row as the service would send it for an association defined in the fleet: with the
 * ExecutionSummary and the agent's bare `bucket/<prefix>/<node>/<association>/<runId>` OutputUrl
 * of its latest run when the row has none. Rows of derived associations are sent as written.
 */
export function enrichRow(defs: Map<string, AssociationDefinition>, node: ManagedNode, row: InstanceAssociationStatusInfo): InstanceAssociationStatusInfo {
  const def = typeof row.AssociationId === 'string' ? defs.get(row.AssociationId) : undefined;
  const status = String(row.Status);
  if (!def || !TERMINAL.has(status) || (row.ExecutionSummary !== undefined && row.OutputUrl !== undefined)) return row;
  const a = { def };
  const target: TargetRun = { node, status, detailedStatus: status, date: toMs(row.ExecutionDate, 0), commandId: '' };
  const execution: Execution = { associationId: a.def.AssociationId, associationVersion: a.def.AssociationVersion ?? '1', executionId: '', createdTime: target.date, targets: [target] };
  const out = { ...row };
  if (out.ExecutionSummary === undefined) out.ExecutionSummary = executionSummary(a.def, execution, target);
  const place = s3Place(a.def, target);
  if (out.OutputUrl === undefined && place) out.OutputUrl = { S3OutputUrl: { OutputUrl: `${place.bucket}/${place.runPrefix}` } };
  return out;
}
