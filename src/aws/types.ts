// Types shared by the editor layer and the AWS layer. Importing this file loads no SDK code.
import type { NodeFilter } from '../core/nodeFilters';
import type { Page } from '../paging/pager';
import type { DiscoveryOptions, DiscoveryResult } from './discovery';
import type { NodeScope, NodeSummaries } from './nodeSummaries';

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
export interface NodeTarget {
  readonly nodeId: string;
  /** Named profile, or undefined for the SDK's default credential chain. */
  readonly profile?: string;
  /** Explicit region; undefined = the profile's region, then AWS_REGION. */
  readonly region?: string;
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

/**
 * The AWS side of the extension, loaded on the first request (it carries the SDK, so activation does
 * not pay for it).
 */
export interface Backend {
  /** One page of a node's association statuses; `token` undefined for page 1, `pageNumber` for the log. */
  fetchAssociationsPage(target: NodeTarget, token: string | undefined, pageSize: number, signal: AbortSignal, pageNumber: number): Promise<Page<AssociationStatusInfo>>;
  /** Describes configured nodes of one (profile, region): ⌈n/50⌉ DescribeInstanceInformation requests. */
  describeNodes(scope: NodeScope, ids: readonly string[], signal: AbortSignal): Promise<NodeSummaries>;
  /** Lists an account's managed nodes in a region, page by page (Add Managed Nodes from Account…). */
  discoverNodes(scope: NodeScope, filters: readonly NodeFilter[], options: DiscoveryOptions): Promise<DiscoveryResult>;
  listProfiles(): Promise<ProfileInfo[]>;
  /** The region requests for this profile go to (explicit, profile's, AWS_REGION). */
  resolveRegion(profile: string | undefined, explicit?: string): Promise<string | undefined>;
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
