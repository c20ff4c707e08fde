// Why reading output failed, in the user's words: what was refused or missing, and which permission or
// setting would fix it. No SDK import: plain error objects in, text out.
import { s3Arn } from '../core/console';
import { asRequestError, iamAction, profileLabel, requestCause, type describeError } from './errors';

/**
 * describeError, passed in: the lazily loaded editor bundle (outputUi.js) gives the main bundle's copy
 * (CommandDeps.describeError) instead of carrying its own.
 */
export type Describe = typeof describeError;

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  Code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** The error's name (a plain `Error` named by its `Code`), or undefined when it has none to match. */
function nameOf(error: unknown): string | undefined {
  const e = (requestCause(error) ?? {}) as ErrorLike;
  return typeof e.name === 'string' && e.name !== 'Error' ? e.name : typeof e.Code === 'string' ? e.Code : undefined;
}

/** The HTTP status AWS answered with; NaN (equal to no status) when the error has none. */
function statusOf(error: unknown): number {
  return Number(((requestCause(error) ?? {}) as ErrorLike).$metadata?.httpStatusCode);
}

/** The storage class an InvalidObjectState error names (GLACIER, DEEP_ARCHIVE…), when it is one word. */
function storageClassOf(error: unknown): string | undefined {
  const value = ((requestCause(error) ?? {}) as { StorageClass?: unknown }).StorageClass;
  return typeof value === 'string' && /^[A-Z_]{1,40}$/.test(value) ? value : undefined;
}

/** What an S3 request was doing when it failed. */
export interface S3Request {
  readonly action: 's3:ListBucket' | 's3:GetObject' | 's3:GetBucketLocation';
  readonly bucket: string;
  /** The prefix listed or the key read. */
  readonly key?: string;
  readonly region?: string;
  readonly profile?: string;
}

/** The problem sentence for a failed S3 request (access denied, no bucket, object gone, other). */
export function s3Problem(error: unknown, request: S3Request, describe: Describe): string {
  const name = nameOf(error);
  const status = statusOf(error);
  const who = profileLabel(request.profile);
  const resource = request.action === 's3:GetObject' ? s3Arn(request.region, request.bucket, request.key) : s3Arn(request.region, request.bucket);
  const object = request.key ? `The object ${request.key}` : 'The object';
  // S3 answers 403 for more than a refused permission (test/emulator/README.md, "Partitions and S3 regions").
  if (name === 'InvalidObjectState') {
    const storage = storageClassOf(error);
    return `${object} is archived${storage ? ` (storage class ${storage})` : ''}, most likely moved by an S3 lifecycle rule: S3 serves it only after it is restored. Restore it (S3 console: the object → Initiate restore; or aws s3api restore-object), wait for the restore to finish, then view the output again.`;
  }
  if (name === 'SignatureDoesNotMatch') {
    return `S3 refused the signature of ${who}'s request (SignatureDoesNotMatch): the secret access key does not belong to the access key, or something between you and S3 (a proxy) changed the request. Check the profile's keys (aws sts get-caller-identity with that profile tells whether they work), then retry.`;
  }
  if (name === 'RequestTimeTooSkewed') {
    return `S3 refused the request because this computer's clock is too far from AWS's time (RequestTimeTooSkewed). Set the system clock right (turn on automatic time synchronisation), then retry.`;
  }
  // An error named Forbidden comes with a 403, which the status takes.
  if (name === 'AccessDenied' || status === 403) {
    const condition = request.action === 's3:ListBucket' && request.key ? ` (with the prefix ${request.key} allowed by any s3:prefix condition)` : '';
    return `Access denied: ${who} may not ${request.action} on ${resource}${condition}. Allow ${request.action} on ${resource} in its IAM policy (and in the bucket policy, or the KMS key policy when the bucket is encrypted with a customer key).`;
  }
  if (name === 'NoSuchBucket') {
    return `The bucket ${request.bucket} does not exist (any more). The association's output location (OutputS3BucketName) names it: fix the association's S3 output setting.`;
  }
  if (name === 'NoSuchKey' || (request.action === 's3:GetObject' && status === 404)) {
    return `${object} is gone: it expired (an S3 lifecycle rule may delete old output) or was deleted after it was listed.`;
  }
  if (name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed' || status === 301) {
    // A wrong-region answer that names the region is followed (s3Reader.ts): this one named none the extension could use.
    return `The bucket ${request.bucket} is not in ${request.region ?? 'the region asked'}, and S3 did not say which region it is in. Set the association's output region (OutputS3Region), or allow s3:GetBucketLocation so the extension can find it.`;
  }
  return describe(error, { profile: request.profile, region: request.region }).message.replace(/\bSSM\b/g, 'S3');
}

/** The problem sentence for a failed SSM request made for output, history or Apply Now. */
export function ssmProblem(error: unknown, operation: string, context: { profile?: string; region?: string }, describe: Describe): string {
  const name = nameOf(error);
  const who = profileLabel(context.profile);
  // The region the request went to, when the AWS layer resolved it.
  const region = context.region ?? (error as { region?: unknown } | null)?.region;
  context = { ...context, region: typeof region === 'string' ? region : undefined };
  if (name === 'AccessDeniedException' || statusOf(error) === 403) {
    return `Access denied: ${who} may not call ${asRequestError(error)?.action ?? iamAction('ssm', operation)}${context.region ? ` in ${context.region}` : ''}. Allow it in the IAM policy.`;
  }
  if (name === 'AssociationDoesNotExist') return 'The association does not exist any more (it was deleted), or it is in another account or region.';
  if (name === 'InvalidCommandId' || name === 'InvocationDoesNotExist') {
    return 'Run Command no longer has this run (its history expired), or the command never ran on this node.';
  }
  if (name === 'AssociationExecutionDoesNotExist') return 'This run of the association no longer exists in its execution history.';
  return describe(error, context).message;
}
