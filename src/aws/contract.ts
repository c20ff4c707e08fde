// Types shared by the editor layer and the AWS layer. Importing this file loads no SDK code.
import type { AssociationExecution, AssociationFilter, AssociationSummary, ExecutionTargetsPage } from '../core/associationRows';
import type { NodeFilter } from '../core/nodeFilters';
import type { ChooseStreams, OutputResult } from '../core/runOutput';
import type { Observation } from '../core/nodeWatches';
import type { Page } from '../paging/pager';
import type { NodeInformation } from '../core/nodeInformation';
import type { AwsScope } from '../core/scope';

/** One association status of one managed node, as DescribeInstanceAssociationsStatus returns it
 * (only the documented fields, each of the documented type; anything else the service sent is dropped). */
export interface AssociationStatusInfo {
  AssociationId: string;
  AssociationName?: string;
  AssociationVersion?: string;
  Name?: string;
  DocumentVersion?: string;
  InstanceId?: string;
  Status?: string;
  DetailedStatus?: string;
  ErrorCode?: string;
  ExecutionSummary?: string;
  ExecutionDate?: Date;
  OutputUrl?: { S3OutputUrl?: { OutputUrl?: string } };
}

/** How long one attempt of a request may take before it fails as a timeout (not just a warning). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/** The text fields of a status info, in the order a tooltip lists them. */
export const ASSOCIATION_TEXT_FIELDS = [
  'AssociationName',
  'AssociationVersion',
  'Name',
  'DocumentVersion',
  'InstanceId',
  'Status',
  'DetailedStatus',
  'ErrorCode',
  'ExecutionSummary',
] as const;

/** Which node to ask about, with whose credentials, where. */
export interface NodeTarget extends AwsScope {
  readonly nodeId: string;
}

/** A profile from the user's shared config and credentials files. */
export interface ProfileInfo {
  readonly name: string;
  readonly region?: string;
  readonly kind: 'sso' | 'role' | 'process' | 'keys' | 'web-identity' | 'config';
  /** Which files define it. */
  readonly sources: readonly ('config' | 'credentials')[];
}

/** Where log lines go (a LogOutputChannel in the editor, an array in tests). */
export interface Log {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What DescribeInstanceInformation said about some nodes of one (profile, region): their node information. */
export interface DescribedNodes {
  /** The nodes the service described. */
  readonly found: readonly NodeInformation[];
  /** Asked about, not returned: stopped, terminated, or not a managed node of this account and region. */
  readonly notFound: readonly string[];
  /** Refused by the service (InvalidInstanceId): not valid, or not this account's. */
  readonly invalid: readonly string[];
  /** Refused together with other IDs of their batch, not searched one by one (too many refused). */
  readonly refusedTogether: readonly string[];
  /** HTTP requests it took (retries by the SDK not counted). */
  readonly requests: number;
  /** The region the requests went to. */
  readonly region: string;
}

/** Runs one request unless `signal` aborts first; the backend passes its concurrency limit here. */
export type RequestRunner = <T>(request: () => Promise<T>, signal: AbortSignal) => Promise<T>;

/** How a discovery ended. */
export interface DiscoveryResult {
  readonly nodes: readonly NodeInformation[];
  /** Pages received (requests that answered). */
  readonly pages: number;
  /** False when the user stopped it before the last page. */
  readonly complete: boolean;
  /** The service sent a token it had sent before: paging stopped there. */
  readonly stoppedOnRepeatedToken: boolean;
  /** The region the requests went to. */
  readonly region: string;
}

export interface DiscoveryOptions {
  /** Aborting it cancels the page in flight; no further request is sent. */
  readonly signal: AbortSignal;
  /** Each page's new nodes as they arrive, with the count so far. */
  onNodes?(added: readonly NodeInformation[], total: number): void;
  readonly run?: RequestRunner;
}

/** Which page of which node's association statuses. */
export interface AssociationsPageRequest {
  readonly target: NodeTarget;
  /** The NextToken of the previous page; undefined for page 1. */
  readonly token: string | undefined;
  readonly pageSize: number;
  readonly signal: AbortSignal;
  /** 1 for the first page: only for the log. */
  readonly pageNumber: number;
}

/**
 * The AWS side of the extension, loaded on the first request (it carries the SDK, so activation does
 * not pay for it).
 */
export interface Backend {
  /** One page of a node's association statuses. */
  fetchAssociationsPage(request: AssociationsPageRequest): Promise<Page<AssociationStatusInfo>>;
  /** Describes configured nodes of one (profile, region): ⌈n/50⌉ DescribeInstanceInformation requests. */
  describeNodes(scope: AwsScope, ids: readonly string[], signal: AbortSignal): Promise<DescribedNodes>;
  /** Builds the client of a (profile, region) ahead of the first click: reads the profile files, sends
   * no request and resolves no credentials (so no MFA or SSO prompt). Never rejects. */
  prepare(scope: AwsScope): Promise<void>;
  /** Lists an account's managed nodes in a region, page by page (Add Managed Nodes from Account…). */
  discoverNodes(scope: AwsScope, filters: readonly NodeFilter[], options: DiscoveryOptions): Promise<DiscoveryResult>;
  listProfiles(): Promise<ProfileInfo[]>;
  /** The region requests for this profile go to (explicit, profile's, AWS_REGION). */
  resolveRegion(profile: string | undefined, explicit?: string): Promise<string | undefined>;
  /** DescribeAssociation: targets (for Apply Now's confirmation), output location. */
  describeAssociation(target: NodeTarget, associationId: string, signal?: AbortSignal): Promise<AssociationInfo>;
  /** One page of this node's runs of the association, newest first (Show History). */
  listRuns(target: NodeTarget, associationId: string, token: string | undefined, pageSize: number, signal?: AbortSignal): Promise<RunsPage>;
  /** A run's output: the latest (S3, then Run Command) or one from the history. Never rejects for a missing source. */
  readOutput(request: OutputRequest, signal?: AbortSignal): Promise<OutputResult>;
  /**
   * The region of the bucket an association writes output to: DescribeAssociation's OutputS3Region, else
   * the bucket's location (GetBucketLocation); undefined when neither can be read.
   */
  bucketRegion(target: NodeTarget, associationId: string, bucket: string, signal?: AbortSignal): Promise<string | undefined>;
  /** StartAssociationsOnce: runs the association now on all its targets. */
  applyNow(target: NodeTarget, associationId: string, signal?: AbortSignal): Promise<void>;
  /** The node's current status of the given associations (the watch's read). */
  readStatuses(target: NodeTarget, associationIds: readonly string[], signal?: AbortSignal): Promise<ReadonlyMap<string, Observation>>;
  /** One page of the associations of a (profile, region) (ListAssociations), filtered by the service. */
  listAssociations(scope: AwsScope, filters: readonly AssociationFilter[], token: string | undefined, pageSize: number, signal?: AbortSignal): Promise<Page<AssociationSummary>>;
  /** One page of an association's runs, newest first (DescribeAssociationExecutions). */
  listExecutions(scope: AwsScope, associationId: string, token: string | undefined, pageSize: number, signal?: AbortSignal): Promise<Page<AssociationExecution>>;
  /** One page of a run's nodes; the latest run's when `executionId` is undefined (one more request names it). */
  listExecutionTargets(scope: AwsScope, associationId: string, executionId: string | undefined, token: string | undefined, pageSize: number, signal?: AbortSignal): Promise<ExecutionTargetsPage>;
  /** Whether the S3 code (dist/s3.js) has been loaded. */
  readonly s3Loaded: boolean;
  /** Drops every client and cached credential. */
  reset(): void;
}

export interface BackendOptions {
  readonly log: Log;
  readonly mfaCodeProvider?: (mfaSerial: string, profile: string) => Promise<string>;
  readonly requestTimeoutMs?: number;
  readonly maxAttempts?: number;
  /** How long getting credentials may take (credential_process, SSO), MFA prompt excluded. */
  readonly credentialsTimeoutMs?: number;
  /** Page requests in flight at once, across all nodes. */
  readonly concurrency?: number;
}

/** An association as DescribeAssociation describes it (only what the extension uses, type-checked). */
export interface AssociationInfo {
  readonly associationId: string;
  readonly name?: string;
  /** The SSM document it runs. */
  readonly document?: string;
  /** What it runs on: Key (InstanceIds, tag:Env, resource-groups:Name…) and its values. */
  readonly targets: readonly { readonly key: string; readonly values: readonly string[] }[];
  /** Where it writes output in S3, when it does. `region` only when the association names it. */
  readonly output?: { readonly bucket: string; readonly prefix: string; readonly region?: string };
  /** The region the association lives in (the node's). */
  readonly region: string;
}

/** One run (execution) of an association, as it went on one node. */
export interface AssociationRun {
  readonly executionId: string;
  readonly status?: string;
  readonly detailedStatus?: string;
  readonly date?: Date;
  /** The Run Command command that carried it out on the node, when there is one. */
  readonly commandId?: string;
}

/** One page of a node's runs of an association, newest first. */
export interface RunsPage {
  readonly runs: readonly AssociationRun[];
  readonly nextToken?: string;
  /** Executions read for this page (runs that did not include the node are left out). */
  readonly executionsRead: number;
}

/** Which run's output to show: the latest, or one run from the history. */
export interface OutputRequest {
  readonly target: NodeTarget;
  readonly associationId: string;
  /** The row's OutputUrl: names the latest S3 run (only its run ID is used, and only under the association's own prefix). */
  readonly outputUrl?: string;
  /** A run from the history: its output comes from Run Command (or from S3 when its command was the refresh trigger). */
  readonly run?: AssociationRun;
  /** Asked once the run's streams are known, before any is read (absent: `defaultPick`, at most six). */
  readonly choose?: ChooseStreams;
}
