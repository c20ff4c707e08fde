// SDK, credential and network errors turned into what the user should read and do next.
//
// The families below are data: the first whose `match` holds describes the error. Matching reads an
// error's type (its `name`) and fields (`code`, `$fault`, `$metadata`, the kind of profile recorded
// by the AWS layer), never a message: messages embed user text (a profile named `sso-token` must not
// read as an SSO problem) and their wording changes between SDK versions. Messages only go into the
// detail, with anything shaped like a secret hidden.
//
// This file loads no SDK code: the editor side imports it, and errors cross from the lazily loaded
// AWS bundle, whose classes are other copies — so errors are recognised by `name`, not `instanceof`.

import { clip } from '../core/text';
import { type ErrorLike, THROTTLING_ERRORS, asErrorLike, asRequestError, str } from './errorKinds';
export { type AwsService, type CredentialSource, CredentialsError, MfaCancelledError, NoRegionError, ProfileNotFoundError, RequestError, asRequestError, iamAction, isThrottling, requestCause } from './errorKinds';

/** What the user can do about an error; the tree and messages offer these as actions. */
export type ErrorAction = 'retry' | 'reloadFromStart' | 'ssoLogin' | 'selectProfile' | 'openSettings';

/** An error as the user reads it: a short line for the tree, the detail for the tooltip. */
export interface UserError {
  /** Stable code for tests and logs (e.g. InvalidInstanceId, SsoExpired, Timeout). */
  readonly code: string;
  /** A few words that fit a tree row in a narrow sidebar. */
  readonly title: string;
  /** The sentence: what failed, for whom, where. */
  readonly message: string;
  readonly detail: string;
  /** What helps, most useful first: the error row's click does the first. */
  readonly actions: readonly ErrorAction[];
  /** The profile to log in with, when the action is ssoLogin. */
  readonly profile?: string;
}

/** Where the failing request went, for messages. */
export interface ErrorContext {
  /** The profile name, or undefined for the SDK's default credential chain. */
  readonly profile?: string;
  readonly region?: string;
  readonly nodeId?: string;
  /** The endpoint the client was using, when it is an override. */
  readonly endpoint?: string;
  readonly timeoutMs?: number;
}

/** The profile as a user reads it in messages. */
export function profileLabel(profile: string | undefined): string {
  return profile ? `profile "${profile}"` : 'the default credential chain (AWS_PROFILE or the default profile)';
}

/**
 * Hides what looks like a secret in text that came with an error (a credential_process's command
 * line or stderr, a key pasted into the wrong field): secret keys are 40 characters of base64,
 * session tokens hundreds; `name = value` pairs of the secret fields are hidden whatever the value.
 */
export function hideSecrets(text: string): string {
  return text
    .replace(/\b(aws_secret_access_key|aws_session_token|aws_security_token|SecretAccessKey|SessionToken)("?\s*[=:]\s*"?)[^\s"',}]+/gi, '$1$2(hidden)')
    .replace(/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g, '(hidden)')
    .replace(/[A-Za-z0-9/+=]{100,}/g, '(hidden)');
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** What the families read: the error's type and fields, and where the request went. */
interface Facts {
  readonly error: ErrorLike;
  readonly name: string;
  /** The SDK's message, secrets hidden: for details only, never for matching. */
  readonly message: string;
  readonly requestId: string;
  readonly status: number;
  /** A socket error code found on the error or its causes (ECONNREFUSED…). */
  readonly network?: string;
  /** For CredentialsError only: what the profile configures (undefined for every other error). */
  readonly source?: string;
  readonly profile?: string;
  readonly region?: string;
  /** "profile "x"" or the default chain. */
  readonly who: string;
  /** `who`, and the region when known. */
  readonly where: string;
  readonly endpoint: string;
  readonly timeoutMs?: number;
  /** The IAM action of the request that failed, when a request error says. */
  readonly action?: string;
}

/** One kind of error: how to recognise it, and what the user reads and can do. */
interface ErrorFamily {
  readonly code: string | ((f: Facts) => string);
  readonly match: (f: Facts) => boolean;
  readonly title: string | ((f: Facts) => string);
  readonly message: (f: Facts) => string;
  readonly detail: (f: Facts) => string;
  readonly actions: readonly ErrorAction[];
}

const named = (...names: string[]) => (f: Facts) => names.includes(f.name);

const INVALID_INSTANCE_DETAIL = () =>
  [
    'AWS answered InvalidInstanceId. One of these is true:',
    '• the credentials in use have no permission for this node, or it belongs to another account or region;',
    '• the SSM Agent is not running on the node;',
    '• the node is not registered with Systems Manager in this region;',
    '• the node is shutting down or has been terminated.',
  ].join('\n');

/** A profile name that reads the same in every shell (bash, PowerShell, cmd.exe): nothing to interpret. */
export function isShellPlain(name: string): boolean {
  return /^[\w.@+-]+$/.test(name);
}

/**
 * `aws sso login` as text a user may copy into a shell. A name a shell would interpret ($, quotes, ;,
 * &, %…) is never written into it: no one quoting is inert in bash, PowerShell and cmd.exe alike (the
 * Sign in action passes the name to aws as one argument, with no shell).
 */
export function ssoLoginCommandText(profile: string | undefined): string {
  if (!profile) return 'aws sso login';
  return isShellPlain(profile) ? `aws sso login --profile ${profile}` : 'aws sso login --profile <profile name>';
}

const loginCommand = (f: Facts) => ssoLoginCommandText(f.profile);

/**
 * The families, most specific first; the last matches anything. Built on first use: a bundle that
 * imports only a helper of this module (requestCause, profileLabel) then leaves the table out.
 */
let familiesTable: readonly ErrorFamily[] | undefined;
const families = (): readonly ErrorFamily[] => (familiesTable ??= [
  {
    code: 'InvalidInstanceId',
    match: named('InvalidInstanceId'),
    title: 'Node not reachable',
    message: (f) => `Node not reachable with ${f.who}${f.region ? ` in ${f.region}` : ''}`,
    detail: INVALID_INSTANCE_DETAIL,
    actions: ['retry', 'selectProfile'],
  },
  {
    code: 'InvalidNextToken',
    match: named('InvalidNextToken'),
    title: 'Page token no longer valid',
    message: () => 'The page token is no longer valid — reload from the start',
    detail: (f) => `AWS refused the token for the next page (InvalidNextToken). The rows already shown stay; reload the node to start again from page 1.\n${f.message}`,
    actions: ['reloadFromStart'],
  },
  {
    code: 'Throttling',
    match: (f) => THROTTLING_ERRORS.includes(f.name),
    title: 'Throttled by AWS',
    message: () => 'AWS is throttling requests (rate exceeded) — retry in a moment',
    detail: (f) => `SSM answered ${f.name}: ${f.message || 'Rate exceeded'}. The extension retried with backoff and gave up; other callers in this account may be using the API heavily.`,
    actions: ['retry'],
  },
  {
    code: 'ServerError',
    match: named('InternalServerError', 'InternalFailure', 'ServiceUnavailable'),
    title: 'SSM internal error',
    message: () => 'SSM had an internal error — retry',
    detail: (f) => `SSM answered ${f.name} (HTTP ${f.status || '5xx'}) for ${f.where}, after retries. ${f.message}`,
    actions: ['retry'],
  },
  {
    code: 'ExpiredToken',
    match: named('ExpiredTokenException', 'ExpiredToken'),
    title: 'Session credentials expired',
    message: (f) => `The session credentials of ${f.who} have expired`,
    detail: (f) => `AWS refused the session token of ${f.who} as expired. Refresh them (for SSO: ${loginCommand(f)}; for a role: get new temporary credentials), then retry.`,
    actions: ['retry', 'selectProfile'],
  },
  {
    code: 'UnrecognizedClient',
    match: named('UnrecognizedClientException', 'InvalidClientTokenId'),
    title: 'Access key not recognised',
    message: (f) => `AWS does not know the access key of ${f.who}`,
    detail: (f) => `The access key of ${f.who} is not valid in this account or region (UnrecognizedClientException). Check the key in your credentials file, or choose another profile.`,
    actions: ['retry', 'selectProfile'],
  },
  {
    code: 'ClockSkew',
    match: named('RequestTimeTooSkewed'),
    title: "This computer's clock is off",
    message: () => "AWS refused the request: this computer's clock is too far from AWS's time",
    detail: (f) => `AWS answered ${f.name}: the request's time differs too much from AWS's. Set the system clock right (automatic time synchronisation), then retry.`,
    actions: ['retry'],
  },
  {
    code: 'InvalidSignature',
    match: named('InvalidSignatureException', 'SignatureDoesNotMatch'),
    title: 'Signature refused',
    message: (f) => `AWS refused the signature made with ${f.who}`,
    detail: (f) => `The secret key of ${f.who} does not match its access key, or this computer's clock is far off (${f.name}).`,
    actions: ['retry', 'selectProfile'],
  },
  {
    code: 'AccessDenied',
    match: named('AccessDeniedException', 'AccessDenied'),
    title: 'Access denied',
    message: (f) => `Access denied for ${f.who}`,
    // Without a request error to say which, the request the tree sends most.
    detail: (f) => `${f.who} may not call ${f.action ?? 'ssm:DescribeInstanceAssociationsStatus'} here. ${f.message}`,
    actions: ['retry', 'selectProfile'],
  },
  {
    code: 'MfaCancelled',
    match: named('MfaCancelledError'),
    title: 'MFA code needed',
    message: (f) => `MFA code needed for ${f.who}`,
    detail: () => 'The MFA prompt was dismissed. Retry to enter the code.',
    actions: ['retry'],
  },
  {
    code: 'NoRegion',
    // The SDK's own "Region is missing" is a plain Error: its fixed text is all there is to go by.
    match: (f) => f.name === 'NoRegionError' || (f.name === 'Error' && /^Region is missing/.test(str(f.error.message))),
    title: 'No region set',
    message: (f) => `No region set for ${f.who}`,
    detail: (f) => `Set "ssmAssociations.region", add region = … to ${f.who} in your AWS config file, or set AWS_REGION.`,
    actions: ['openSettings', 'retry'],
  },
  {
    code: 'ProfileNotFound',
    match: named('ProfileNotFoundError'),
    title: 'Profile not found',
    message: (f) => `Profile "${f.profile}" is not in your AWS config or credentials files`,
    detail: (f) =>
      `Choose an existing profile (Select Profile), or add [profile ${f.profile}] to ~/.aws/config (AWS_CONFIG_FILE) or [${f.profile}] to ~/.aws/credentials (AWS_SHARED_CREDENTIALS_FILE), then retry.`,
    actions: ['selectProfile', 'retry'],
  },
  {
    code: 'SsoExpired',
    match: (f) => f.source === 'sso',
    title: 'SSO session expired',
    message: (f) => `The SSO session of ${f.who} has expired or was never started`,
    detail: (f) => `Sign in again with: ${loginCommand(f)}\nThen retry. (${f.message})`,
    actions: ['ssoLogin', 'retry'],
  },
  {
    code: 'CredentialProcess',
    match: (f) => f.source === 'process',
    title: 'credential_process failed',
    message: (f) => `The credential_process of ${f.who} failed`,
    detail: (f) => `The command configured as credential_process did not return credentials. Run it in a terminal to see why.\n${f.message}`,
    actions: ['retry', 'selectProfile'],
  },
  {
    code: 'CredentialsTimeout',
    match: named('CredentialsTimeoutError'),
    title: 'Credentials timed out',
    message: (f) => `Getting credentials for ${f.who} timed out`,
    detail: (f) => `${f.message} A credential_process that hangs, or an SSO or role refresh that gets no answer, causes this. Run the credential command in a terminal to see why, then retry.`,
    actions: ['retry', 'selectProfile'],
  },
  {
    code: 'NoCredentials',
    match: named('CredentialsError', 'CredentialsProviderError', 'TokenProviderError'),
    title: 'No credentials',
    message: (f) => `No credentials found for ${f.who}`,
    detail: (f) => `The AWS SDK found no usable credentials for ${f.who}. Add keys, SSO, a role or credential_process to the profile, or choose another profile.\n${f.message}`,
    actions: ['retry', 'selectProfile'],
  },
  {
    code: 'Timeout',
    // The HTTP handler also calls a reset socket a TimeoutError: only a timeout without another socket error is one.
    match: (f) => ['TimeoutError', 'RequestTimeout', 'RequestTimeoutException'].includes(f.name) && (f.network ?? 'ETIMEDOUT') === 'ETIMEDOUT' && !/socket hang up/i.test(str(f.error.message)),
    title: 'No answer: timed out',
    message: (f) => `No answer from ${f.endpoint}${f.timeoutMs ? ` within ${Math.round(f.timeoutMs / 1000)} s` : ''}`,
    detail: (f) => `The request timed out. The network or the endpoint may be slow or down. ${f.message}`,
    actions: ['retry'],
  },
  {
    code: 'Network',
    match: (f) => f.network !== undefined || ['TimeoutError', 'RequestTimeout', 'RequestTimeoutException'].includes(f.name),
    title: 'Cannot reach the endpoint',
    message: (f) => `Cannot reach ${f.endpoint}: ${NETWORK_CODES[f.network ?? 'ECONNRESET']}`,
    detail: (f) => `The request to the SSM endpoint ${f.endpoint} failed (${f.network ?? 'ECONNRESET'}). Check your network, proxy or the endpoint override (AWS_ENDPOINT_URL_SSM / endpoint_url).`,
    actions: ['retry'],
  },
  {
    code: 'Aborted',
    match: named('AbortError'),
    title: 'Cancelled',
    message: () => 'Cancelled',
    detail: () => 'The request was cancelled.',
    actions: ['retry'],
  },
  {
    code: 'BadResponse',
    // A body that is not JSON: the SDK rethrows JSON.parse's SyntaxError with the raw response attached.
    match: (f) => f.name === 'SyntaxError' || f.name === 'DeserializationError' || '$response' in f.error,
    title: 'Unreadable answer from SSM',
    message: () => 'SSM sent an answer that could not be read',
    detail: (f) => `The response was not the JSON the API defines. ${f.message}`,
    actions: ['retry'],
  },
  {
    code: 'ServerError',
    match: (f) => f.error.$fault === 'server' || f.status >= 500,
    title: 'SSM failed',
    message: (f) => `SSM failed (${f.name || `HTTP ${f.status}`}) — retry`,
    detail: (f) => `${f.name}: ${f.message}`,
    actions: ['retry'],
  },
  {
    code: (f) => f.name || 'Error',
    match: () => true,
    title: (f) => clip(f.name || 'Error', 40),
    message: (f) => `${f.name || 'Error'}: ${f.message.split('\n')[0] || 'unknown error'}`,
    detail: (f) => f.message || 'unknown error',
    actions: ['retry'],
  },
]);

function networkCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = str(asErrorLike(current).code);
    if (code in NETWORK_CODES) return code;
    current = asErrorLike(current).cause;
  }
  return undefined;
}

function factsOf(error: unknown, context: ErrorContext): Facts {
  // A request error carries where the request went; what failed is its cause.
  let e = asErrorLike(error);
  let region = context.region;
  let requestId = '';
  const request = asRequestError(error);
  if (request) {
    region = region || str(request.region) || undefined;
    requestId = str(request.requestId);
    e = asErrorLike(request.cause);
  }
  requestId ||= str(e.$metadata?.requestId);
  const name = str(e.name);
  // Credential errors know the profile they were about (the default chain may have used AWS_PROFILE).
  const profile = (/^(ProfileNotFound|Credentials|MfaCancelled)/.test(name) && typeof e.profile === 'string' && e.profile) || context.profile;
  const who = profileLabel(profile);
  const endpoint =
    context.endpoint ??
    (typeof e.address === 'string' ? `${e.address}${e.port ? `:${str(e.port)}` : ''}` : typeof e.hostname === 'string' ? e.hostname : region ? `ssm.${region}.amazonaws.com` : 'the SSM endpoint');
  return {
    error: e,
    name,
    message: hideSecrets(str(e.message)),
    requestId,
    status: Number(e.$metadata?.httpStatusCode) || 0,
    network: networkCode(e),
    source: name === 'CredentialsError' ? str(e.source) : undefined,
    profile,
    region,
    who,
    where: `${who}${region ? `, region ${region}` : ''}`,
    endpoint,
    timeoutMs: context.timeoutMs,
    action: request?.action,
  };
}

/** Turns any error thrown while listing a node's associations into a UserError. Never throws. */
export function describeError(error: unknown, context: ErrorContext = {}): UserError {
  const facts = factsOf(error, context);
  const table = families();
  // Always found: the last family matches anything.
  const family = table.find((f) => f.match(facts))!;
  const pick = <T>(v: T | ((f: Facts) => T)) => (typeof v === 'function' ? (v as (f: Facts) => T)(facts) : v);
  const detail = family.detail(facts);
  return {
    code: pick(family.code),
    title: pick(family.title),
    message: family.message(facts),
    detail: facts.requestId ? `${detail}\nRequest ID: ${facts.requestId}` : detail,
    actions: family.actions,
    ...(family.actions.includes('ssoLogin') ? { profile: facts.profile } : {}),
  };
}
