/**
 * Fleet file: the emulator's whole world. JSON-serialisable on purpose so a fleet can live in a
 * file (`npm run emulator -- --fleet my-fleet.json`) as well as be built in code.
 */
import { readFileSync } from 'node:fs';

/** A fault set; see README.md ("Faults") for the exact semantics of each field. */
export interface Fault {
  latencyMs?: number | { min: number; max: number };
  internalError?: number | 'always';
  throttle?: number | 'always';
  reset?: number | 'always';
  hang?: number | 'always';
  emptyPageWithToken?: number;
  repeatToken?: boolean;
  /** S3 only: GetObject ignores `Range` and sends the whole object, as RFC 9110 §14.2 allows a server (README.md, "Faults"). */
  ignoreRange?: boolean;
  /** The last page carries `"NextToken": ""` instead of none (the service model: "If there are no additional items to return, the string is empty"). */
  emptyNextToken?: boolean;
  /** DescribeInstanceInformation only: each page repeats its first node and adds one of the caller's nodes that its filters did not ask for. */
  strayNodes?: boolean;
  malformed?: 'non-json' | 'wrong-types' | 'missing-fields' | 'not-a-list' | 'no-list';
  oversizePage?: number;
  /** Next n matching requests fail with this service error (e.g. AssociationDoesNotExist). */
  apiError?: ApiErrorFault;
  /**
   * S3 mock only: how a request signed for a region other than the bucket's is answered — 400
   * `AuthorizationHeaderMalformed` (the default, as from S3's global endpoint) or 301 `PermanentRedirect`
   * (as from another region's endpoint), both with `x-amz-bucket-region`. Not counted: it holds until cleared.
   */
  wrongRegion?: 'AuthorizationHeaderMalformed' | 'PermanentRedirect';
}

export interface ApiErrorFault {
  /** `__type`, e.g. InvalidInstanceId, AssociationDoesNotExist, InvocationDoesNotExist. */
  type: string;
  message?: string;
  /** HTTP status (default 400). */
  status?: number;
  /** How many requests (default 1) or 'always'. */
  count?: number | 'always';
}

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  /** When set, requests signed with this key must carry exactly this `x-amz-security-token`. */
  sessionToken?: string;
  /** A session key whose token has expired: requests carrying it get ExpiredTokenException. */
  expired?: boolean;
}

/**
 * One association status row exactly as DescribeInstanceAssociationsStatus returns it, except
 * that `ExecutionDate` may be an ISO-8601 string or epoch seconds (fraction allowed) in the file.
 * On the wire it is always sent as epoch seconds with fraction. Unknown extra fields are sent as is.
 */
export interface InstanceAssociationStatusInfo {
  AssociationId?: string;
  Name?: string;
  DocumentVersion?: string;
  AssociationVersion?: string;
  InstanceId?: string;
  ExecutionDate?: string | number;
  Status?: string;
  DetailedStatus?: string;
  ExecutionSummary?: string;
  ErrorCode?: string;
  OutputUrl?: { S3OutputUrl?: { OutputUrl?: string } };
  AssociationName?: string;
  [extra: string]: unknown;
}

export type PingStatus = 'Online' | 'ConnectionLost' | 'Inactive';

export interface ManagedNode {
  InstanceId: string;
  PingStatus?: PingStatus | string;
  ComputerName?: string;
  PlatformName?: string;
  /** Windows | Linux | MacOS (default Linux). */
  PlatformType?: string;
  PlatformVersion?: string;
  IPAddress?: string;
  AgentVersion?: string;
  /** EC2Instance | ManagedInstance (default: ManagedInstance for `mi-` ids, else EC2Instance). */
  ResourceType?: string;
  /** ISO string or epoch seconds; default: the emulator's start time. */
  LastPingDateTime?: string | number;
  /** DescribeInstanceInformation `Name`: a hybrid node's activation name (answered for `mi-` nodes only; never the `Name` tag). */
  Name?: string;
  ActivationId?: string;
  IamRole?: string;
  /** Hybrid nodes: ISO string or epoch seconds (default: the emulator's start time). */
  RegistrationDate?: string | number;
  /** Tags, for DescribeInstanceInformation `tag:Key` / `tag-key` filters. */
  tags?: Record<string, string>;
  associations?: InstanceAssociationStatusInfo[];
  /** The caller has no access: every call about it answers InvalidInstanceId, and it is not listed. */
  noAccess?: boolean;
  /** Faults active from start-up for requests about this node. */
  faults?: Fault;
  /**
   * EC2 state. `stopped` and `terminated` nodes are omitted by DescribeInstanceInformation (also
   * when named in an InstanceIds filter); a terminated node answers InvalidInstanceId elsewhere,
   * a stopped one still has its association statuses. Stopped/terminated targets are not run by
   * StartAssociationsOnce. Default: running.
   */
  state?: 'running' | 'stopped' | 'terminated';
}

/**
 * What DescribeAssociation says about an association (targets, schedule, parameters, output
 * location) and how its runs look. Associations found only in nodes' status rows get a derived
 * definition (see README "Associations and runs").
 */
export interface AssociationDefinition {
  AssociationId: string;
  AssociationName?: string;
  /** The document. */
  Name: string;
  DocumentVersion?: string;
  AssociationVersion?: string;
  /** Default: InstanceIds = the nodes holding a status row of this association. */
  Targets?: { Key: string; Values: string[] }[];
  ScheduleExpression?: string;
  Parameters?: Record<string, string[]>;
  OutputLocation?: { S3Location?: { OutputS3Region?: string; OutputS3BucketName?: string; OutputS3KeyPrefix?: string } };
  MaxConcurrency?: string;
  MaxErrors?: string;
  /**
   * The document's steps: a name (a plugin such as `aws:runShellScript` for schema 1.2, else a 2.x step run by
   * aws:runShellScript) or a name and its plugin; default from the document name (see runs.ts `documentOf`).
   */
  steps?: (string | { name: string; action: string })[];
  /** The document's schema (default: 1.2 when every step is a plugin, else 2.2). */
  schemaVersion?: '1.2' | '2.2';
  /** Earlier runs to make up for the history besides the latest (default 3). */
  history?: number;
  /** Minutes between made-up runs (default 60). */
  intervalMinutes?: number;
  /** Output of a run, by step: deterministic text is made up when absent. */
  output?: OutputSpec;
  [extra: string]: unknown;
}

/** Made-up output: `big` gives this many characters of stdout (and a tenth of it as stderr). */
export interface OutputSpec {
  /** Only for these nodes (default all targets). */
  nodes?: string[];
  bigStdoutChars?: number;
  /** Extra text appended to stderr of failed steps (e.g. hostile strings). */
  stderrExtra?: string;
  /** Fixed output of finished steps, by step name ('' or absent: the step printed nothing on that stream). */
  steps?: Record<string, { stdout?: string; stderr?: string }>;
}

export interface Account {
  name: string;
  /** 12-digit account id (informational; default derived from the name). */
  id?: string;
  keys: AccessKey[];
  /** Region name -> managed nodes registered in that region of this account. */
  regions: Record<string, ManagedNode[]>;
  /** Region name -> association definitions (optional; see AssociationDefinition). */
  associations?: Record<string, AssociationDefinition[]>;
  /**
   * S3 buckets of this account (for the S3 mock): name -> region, and key prefixes that some
   * access keys of the owner may not read (AccessDenied).
   */
  buckets?: Record<string, BucketSpec>;
}

export interface BucketSpec {
  region: string;
  /** Access key ids of this account that get AccessDenied reading objects under `prefix`. */
  deny?: { accessKeyIds: string[]; prefix: string }[];
}

export interface Fleet {
  accounts: Account[];
  /** Faults active from start-up for every request. */
  faults?: Fault;
  /** Default MaxResults of DescribeInstanceAssociationsStatus when the request has none (default 50). */
  defaultMaxResults?: number;
}

export const INSTANCE_ID_PATTERN = /(^i-(\w{8}|\w{17})$)|(^mi-\w{17}$)/;
/** The pattern as the service prints it in validation messages. */
export const ID_PATTERN_TEXT = String.raw`(^i-(\w{8}|\w{17})$)|(^mi-\w{17}$)`;
export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Epoch seconds (with fraction) of an ISO string or epoch-seconds number. */
export function toEpochSeconds(value: string | number): number {
  if (typeof value === 'number') return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`not a date: ${JSON.stringify(value)}`);
  return ms / 1000;
}

/** Throws an Error listing every problem found; returns the fleet unchanged otherwise. */
export function validateFleet(fleet: unknown): Fleet {
  const problems: string[] = [];
  const f = fleet as Fleet;
  if (!f || typeof f !== 'object' || !Array.isArray(f.accounts)) {
    throw new Error('invalid fleet: expected an object with an "accounts" array');
  }
  const keyIds = new Set<string>();
  f.accounts.forEach((account, ai) => {
    const where = `accounts[${ai}]`;
    if (!account || typeof account.name !== 'string') problems.push(`${where}.name must be a string`);
    if (!Array.isArray(account?.keys)) problems.push(`${where}.keys must be an array`);
    else
      account.keys.forEach((k, ki) => {
        if (typeof k?.accessKeyId !== 'string' || typeof k?.secretAccessKey !== 'string') {
          problems.push(`${where}.keys[${ki}] needs accessKeyId and secretAccessKey strings`);
        } else if (keyIds.has(k.accessKeyId)) {
          problems.push(`${where}.keys[${ki}]: duplicate accessKeyId ${k.accessKeyId}`);
        } else keyIds.add(k.accessKeyId);
        if (k?.expired && !k.sessionToken) problems.push(`${where}.keys[${ki}]: expired needs a sessionToken`);
      });
    if (!account?.regions || typeof account.regions !== 'object') {
      problems.push(`${where}.regions must be an object of region -> nodes`);
      return;
    }
    for (const [region, nodes] of Object.entries(account.regions)) {
      if (!Array.isArray(nodes)) {
        problems.push(`${where}.regions.${region} must be an array`);
        continue;
      }
      const seen = new Set<string>();
      nodes.forEach((n, ni) => {
        const nw = `${where}.regions.${region}[${ni}]`;
        if (typeof n?.InstanceId !== 'string') return void problems.push(`${nw}.InstanceId must be a string`);
        if (seen.has(n.InstanceId)) problems.push(`${nw}: duplicate InstanceId ${n.InstanceId}`);
        seen.add(n.InstanceId);
        if (n.state !== undefined && !['running', 'stopped', 'terminated'].includes(n.state)) {
          problems.push(`${nw}.state must be running, stopped or terminated`);
        }
        if (n.associations !== undefined && !Array.isArray(n.associations)) {
          problems.push(`${nw}.associations must be an array`);
        }
        n.associations?.forEach((a, i) => {
          if (a.ExecutionDate !== undefined) {
            try {
              toEpochSeconds(a.ExecutionDate);
            } catch {
              problems.push(`${nw}.associations[${i}].ExecutionDate is not a date`);
            }
          }
        });
      });
    }
    for (const [region, defs] of Object.entries(account?.associations ?? {})) {
      if (!Array.isArray(defs)) {
        problems.push(`${where}.associations.${region} must be an array`);
        continue;
      }
      const ids = new Set<string>();
      defs.forEach((d, di) => {
        const dw = `${where}.associations.${region}[${di}]`;
        if (typeof d?.AssociationId !== 'string' || !UUID_PATTERN.test(d.AssociationId)) problems.push(`${dw}.AssociationId must be a UUID`);
        else if (ids.has(d.AssociationId)) problems.push(`${dw}: duplicate AssociationId ${d.AssociationId}`);
        else ids.add(d.AssociationId);
        if (typeof d?.Name !== 'string') problems.push(`${dw}.Name (the document) must be a string`);
        if (d?.steps !== undefined && (!Array.isArray(d.steps) || d.steps.length === 0)) problems.push(`${dw}.steps must be a non-empty array`);
      });
    }
    for (const [bucket, spec] of Object.entries(account?.buckets ?? {})) {
      if (typeof spec?.region !== 'string') problems.push(`${where}.buckets.${bucket}.region must be a string`);
    }
  });
  if (problems.length) throw new Error(`invalid fleet:\n  ${problems.join('\n  ')}`);
  return f;
}

export function loadFleet(file: string): Fleet {
  return validateFleet(JSON.parse(readFileSync(file, 'utf8')));
}

export function accountId(account: Account): string {
  if (account.id) return account.id;
  let h = 0;
  for (const c of account.name) h = (h * 31 + c.charCodeAt(0)) % 1e12;
  return String(h).padStart(12, '0');
}

export interface KeyRef {
  key: AccessKey;
  account: Account;
}

export function findKey(fleet: Fleet, accessKeyId: string): KeyRef | undefined {
  for (const account of fleet.accounts) {
    const key = account.keys.find((k) => k.accessKeyId === accessKeyId);
    if (key) return { key, account };
  }
  return undefined;
}

/**
 * A copy of the fleet with every ExecutionDate moved by the same amount so that the newest one is
 * `newest` (for the demo and screenshots: "5 minutes ago" rather than a fixed date long past).
 * Dates of 0 or less (deliberately odd rows) are left alone.
 */
export function withRecentDates(fleet: Fleet, newest: number = Date.now() - 5 * 60_000): Fleet {
  const copy = structuredClone(fleet);
  const toMs = (d: string | number | undefined) => (typeof d === 'number' ? d * 1000 : typeof d === 'string' ? Date.parse(d) : NaN);
  const rows = copy.accounts.flatMap((a) => Object.values(a.regions).flat()).flatMap((n) => n.associations ?? []);
  const dated = rows.filter((r) => toMs(r.ExecutionDate) > 0);
  if (dated.length === 0) return copy;
  const shift = newest - Math.max(...dated.map((r) => toMs(r.ExecutionDate)));
  for (const row of dated) row.ExecutionDate = new Date(toMs(row.ExecutionDate) + shift).toISOString();
  return copy;
}
