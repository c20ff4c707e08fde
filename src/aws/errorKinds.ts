// The errors the AWS layer throws and what every part needs to recognise them: the request error
// (with its operation, service and IAM action), credential errors, throttling. No SDK code: the
// editor side imports it, and errors cross from the lazily loaded bundles as other classes' copies,
// so they are recognised by `name`, not `instanceof`. errors.ts turns them into what the user reads.
/** The kind of credentials a profile's fields configure (see profiles.ts). */
export type CredentialSource = 'sso' | 'role' | 'process' | 'keys' | 'web-identity' | 'config';

/** Thrown when the user dismissed the MFA prompt: not a failure to shout about. */
export class MfaCancelledError extends Error {
  override readonly name = 'MfaCancelledError';
  constructor(readonly profile: string) {
    super(`MFA code entry for profile ${profile} was cancelled.`);
  }
}

/** Thrown when no region is configured anywhere for a profile. */
export class NoRegionError extends Error {
  override readonly name = 'NoRegionError';
  constructor(readonly profile: string | undefined) {
    super(`No region for ${profile ? `profile ${profile}` : 'the default credential chain'}.`);
  }
}

/** Thrown when the profile asked for is in neither shared file (as the SDK's own loader reads them). */
export class ProfileNotFoundError extends Error {
  override readonly name = 'ProfileNotFoundError';
  constructor(readonly profile: string) {
    super(`Profile ${profile} is not in the shared config or credentials file.`);
  }
}

/**
 * The SDK could not get credentials for a profile that exists. `source` is what the profile's own
 * fields configure (following source_profile), read from the files: it, not the SDK's message,
 * says whether `aws sso login` or the credential_process is the thing to look at.
 */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
  constructor(
    readonly profile: string | undefined,
    readonly source: CredentialSource | undefined,
    override readonly cause: unknown,
  ) {
    super(str(asErrorLike(cause).message) || 'No credentials.');
  }
}

/** The services the extension sends requests to. */
export type AwsService = 'ssm' | 's3';

/** The IAM actions whose name is not the operation's (ListObjectsV2 is allowed by s3:ListBucket). */
const IAM_ACTIONS: Record<string, string> = { 's3:ListObjectsV2': 's3:ListBucket' };

/** The IAM action a request needs, for "Access denied" lines: `ssm:DescribeInstanceInformation`, `s3:ListBucket`… */
export function iamAction(service: AwsService, operation: string): string {
  const action = `${service}:${operation}`;
  return IAM_ACTIONS[action] ?? action;
}

/** A request to SSM or S3 failed: the SDK's error as `cause`, with the operation, where it went and the request ID AWS gave it. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  /** The IAM action the request needs. */
  readonly action: string;
  constructor(
    readonly operation: string,
    override readonly cause: unknown,
    /** The region the request went to, once it was resolved (from settings, the profile or AWS_REGION). */
    readonly region: string | undefined,
    readonly requestId: string | undefined,
    readonly service: AwsService = 'ssm',
  ) {
    super(`${operation} failed: ${str(asErrorLike(cause).name) || 'Error'}`);
    this.action = iamAction(service, operation);
  }
}

/** The request error itself, when `error` is one (errors from the lazily loaded bundles are other classes' copies: by name). */
export function asRequestError(error: unknown): RequestError | undefined {
  return asErrorLike(error).name === 'RequestError' ? (error as RequestError) : undefined;
}

/** The error names AWS throttles with (SSM's ThrottlingException, and the other services' names for the same). */
export const THROTTLING_ERRORS: readonly string[] = ['ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded'];

/** Whether AWS throttled the request (the error itself, or inside a request error). */
export function isThrottling(error: unknown): boolean {
  return THROTTLING_ERRORS.includes(str(asErrorLike(requestCause(error)).name));
}

/** What failed: the SDK's error inside a request error, or the error itself. */
export function requestCause(error: unknown): unknown {
  const request = asRequestError(error);
  return request ? request.cause : error;
}

/** The fields of an error that matching reads. */
export interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
  profile?: unknown;
  source?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
  cause?: unknown;
}

export function asErrorLike(error: unknown): ErrorLike {
  return error !== null && typeof error === 'object' ? (error as ErrorLike) : { message: error === undefined ? '' : String(error) };
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

