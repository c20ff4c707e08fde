// SDK, credential and network errors turned into what the user should read and do next.
// Matching is on error names plus loose patterns: credential error texts change between SDK versions.

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

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
  /** The region the request went to, set by the AWS layer once it resolved it. */
  $ssmRegion?: unknown;
  cause?: unknown;
}

function asErrorLike(error: unknown): ErrorLike {
  return error !== null && typeof error === 'object' ? (error as ErrorLike) : { message: String(error) };
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? '' : String(value);
}

/** The profile as a user reads it in messages. */
export function profileLabel(profile: string | undefined): string {
  return profile ? `profile "${profile}"` : 'the default credential chain (AWS_PROFILE or the default profile)';
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

function networkCode(e: ErrorLike): string | undefined {
  for (let current: unknown = e, depth = 0; current && depth < 4; depth++) {
    const code = str(asErrorLike(current).code);
    if (code in NETWORK_CODES) return code;
    current = asErrorLike(current).cause;
  }
  const match = /\b(ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)\b/.exec(str(e.message));
  return match?.[1];
}

function endpointOf(e: ErrorLike, ctx: ErrorContext): string {
  if (ctx.endpoint) return ctx.endpoint;
  if (typeof e.address === 'string') return `${e.address}${e.port ? `:${str(e.port)}` : ''}`;
  if (typeof e.hostname === 'string') return e.hostname;
  return ctx.region ? `ssm.${ctx.region}.amazonaws.com` : 'the SSM endpoint';
}

const INVALID_INSTANCE_DETAIL = [
  'AWS answered InvalidInstanceId. One of these is true:',
  '• the credentials in use have no permission for this node, or it belongs to another account or region;',
  '• the SSM Agent is not running on the node;',
  '• the node is not registered with Systems Manager in this region;',
  '• the node is shutting down or has been terminated.',
].join('\n');

/** Turns any error thrown while listing a node's associations into a UserError. Never throws. */
export function describeError(error: unknown, context: ErrorContext = {}): UserError {
  const e = asErrorLike(error);
  const ctx = typeof e.$ssmRegion === 'string' && !context.region ? { ...context, region: e.$ssmRegion } : context;
  const name = str(e.name);
  const message = str(e.message);
  const who = profileLabel(ctx.profile);
  const where = `${who}${ctx.region ? `, region ${ctx.region}` : ''}`;
  const requestId = str(e.$metadata?.requestId);
  const withId = (detail: string) => (requestId ? `${detail}\nRequest ID: ${requestId}` : detail);

  switch (name) {
    case 'InvalidInstanceId':
      return {
        code: name,
        title: 'Node not reachable',
        message: `Node not reachable with ${who}${ctx.region ? ` in ${ctx.region}` : ''}`,
        detail: withId(INVALID_INSTANCE_DETAIL),
        actions: ['retry', 'selectProfile'],
      };
    case 'InvalidNextToken':
      return {
        code: name,
        title: 'Page token no longer valid',
        message: 'The page token is no longer valid — reload from the start',
        detail: withId(`AWS refused the token for the next page (InvalidNextToken). The rows already shown stay; reload the node to start again from page 1.\n${message}`),
        actions: ['reloadFromStart'],
      };
    case 'ThrottlingException':
    case 'TooManyRequestsException':
    case 'RequestLimitExceeded':
      return {
        code: 'Throttling',
        title: 'Throttled by AWS',
        message: 'AWS is throttling requests (rate exceeded) — retry in a moment',
        detail: withId(`SSM answered ${name}: ${message || 'Rate exceeded'}. The extension retried with backoff and gave up; other callers in this account may be using the API heavily.`),
        actions: ['retry'],
      };
    case 'InternalServerError':
    case 'InternalFailure':
    case 'ServiceUnavailable':
      return {
        code: 'ServerError',
        title: 'SSM internal error',
        message: `SSM had an internal error — retry`,
        detail: withId(`SSM answered ${name} (HTTP ${str(e.$metadata?.httpStatusCode) || '5xx'}) for ${where}, after retries. ${message}`),
        actions: ['retry'],
      };
    case 'ExpiredTokenException':
    case 'ExpiredToken':
      return {
        code: 'ExpiredToken',
        title: 'Session credentials expired',
        message: `The session credentials of ${who} have expired`,
        detail: withId(`AWS refused the session token of ${who} as expired. Refresh them (for SSO: aws sso login${ctx.profile ? ` --profile ${ctx.profile}` : ''}; for a role: get new temporary credentials), then retry.`),
        actions: ['retry', 'selectProfile'],
      };
    case 'UnrecognizedClientException':
    case 'InvalidClientTokenId':
      return {
        code: 'UnrecognizedClient',
        title: 'Access key not recognised',
        message: `AWS does not know the access key of ${who}`,
        detail: withId(`The access key of ${who} is not valid in this account or region (UnrecognizedClientException). Check the key in your credentials file, or choose another profile.`),
        actions: ['selectProfile', 'retry'],
      };
    case 'InvalidSignatureException':
    case 'SignatureDoesNotMatch':
      return {
        code: 'InvalidSignature',
        title: 'Signature refused',
        message: `AWS refused the signature made with ${who}`,
        detail: withId(`The secret key of ${who} does not match its access key, or this computer's clock is far off (InvalidSignatureException).`),
        actions: ['selectProfile', 'retry'],
      };
    case 'AccessDeniedException':
      return {
        code: 'AccessDenied',
        title: 'Access denied',
        message: `Access denied for ${who}`,
        detail: withId(`${who} may not call ssm:DescribeInstanceAssociationsStatus here. ${message}`),
        actions: ['selectProfile', 'retry'],
      };
    case 'MfaCancelledError':
      return {
        code: 'MfaCancelled',
        title: 'MFA code needed',
        message: `MFA code needed for ${who}`,
        detail: 'The MFA prompt was dismissed. Retry to enter the code.',
        actions: ['retry'],
      };
    case 'NoRegionError':
      return {
        code: 'NoRegion',
        title: 'No region set',
        message: `No region set for ${who}`,
        detail: `Set "ssmAssociations.region", add region = … to ${who} in your AWS config file, or set AWS_REGION.`,
        actions: ['openSettings', 'retry'],
      };
    case 'TimeoutError':
    case 'RequestTimeout':
    case 'RequestTimeoutException':
      // The HTTP handler also calls a reset socket ("socket hang up", ECONNRESET) a TimeoutError.
      if (/socket hang up/i.test(message) || (networkCode(e) ?? 'ETIMEDOUT') !== 'ETIMEDOUT') return networkError(e, ctx, networkCode(e) ?? 'ECONNRESET');
      return {
        code: 'Timeout',
        title: 'No answer: timed out',
        message: `No answer from ${endpointOf(e, ctx)}${ctx.timeoutMs ? ` within ${Math.round(ctx.timeoutMs / 1000)} s` : ''}`,
        detail: `The request timed out. The network or the endpoint may be slow or down. ${message}`,
        actions: ['retry'],
      };
    case 'CredentialsTimeoutError':
      return {
        code: 'CredentialsTimeout',
        title: 'Credentials timed out',
        message: `Getting credentials for ${who} timed out`,
        detail: `${message} A credential_process that hangs, or an SSO or role refresh that gets no answer, causes this. Run the credential command in a terminal to see why, then retry.`,
        actions: ['retry', 'selectProfile'],
      };
    case 'AbortError':
      return { code: 'Aborted', title: 'Cancelled', message: 'Cancelled', detail: 'The request was cancelled.', actions: ['retry'] };
  }

  if (name === 'CredentialsProviderError' || name === 'TokenProviderError' || /credential|sso/i.test(name)) {
    return credentialError(message, ctx);
  }
  if (/Region is missing|region.*(missing|not set)/i.test(message)) {
    return describeError(new NoRegionError(ctx.profile), ctx);
  }
  const net = networkCode(e);
  if (net) return networkError(e, ctx, net);
  if (/Deserializ|Unexpected token|JSON|Expected .* but got|is not valid JSON/i.test(`${name} ${message}`)) {
    return {
      code: 'BadResponse',
      title: 'Unreadable answer from SSM',
      message: 'SSM sent an answer that could not be read',
      detail: withId(`The response was not the JSON the API defines. ${message}`),
      actions: ['retry'],
    };
  }
  const status = Number(e.$metadata?.httpStatusCode);
  if (e.$fault === 'server' || status >= 500) {
    return {
      code: 'ServerError',
      title: 'SSM failed',
      message: `SSM failed (${name || `HTTP ${status}`}) — retry`,
      detail: withId(`${name}: ${message}`),
      actions: ['retry'],
    };
  }
  return {
    code: name || 'Error',
    title: clipTitle(name || 'Error'),
    message: `${name || 'Error'}: ${message.split('\n')[0] || 'unknown error'}`,
    detail: withId(message || String(error)),
    actions: ['retry'],
  };
}

function clipTitle(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function networkError(e: ErrorLike, ctx: ErrorContext, code: string): UserError {
  return {
    code: 'Network',
    title: 'Cannot reach the endpoint',
    message: `Cannot reach ${endpointOf(e, ctx)}: ${NETWORK_CODES[code]}`,
    detail: `The request to the SSM endpoint ${endpointOf(e, ctx)} failed (${code}). Check your network, proxy or the endpoint override (AWS_ENDPOINT_URL_SSM / endpoint_url).`,
    actions: ['retry'],
  };
}

function credentialError(message: string, ctx: ErrorContext): UserError {
  const who = profileLabel(ctx.profile);
  const login = ctx.profile ? `aws sso login --profile ${ctx.profile}` : 'aws sso login';
  if (/sso/i.test(message) && /expired|refresh|sso login|not logged in|no cached|token/i.test(message) || /Token is expired/i.test(message)) {
    return {
      code: 'SsoExpired',
      title: 'SSO session expired',
      message: `The SSO session of ${who} has expired or was never started`,
      detail: `Sign in again with: ${login}\nThen retry. (${message})`,
      actions: ['ssoLogin', 'retry'],
      profile: ctx.profile,
    };
  }
  if (/credential_process|process.*(fail|exit|error|timed out)|Command failed/i.test(message)) {
    return {
      code: 'CredentialProcess',
      title: 'credential_process failed',
      message: `The credential_process of ${who} failed`,
      detail: `The command configured as credential_process did not return credentials. Run it in a terminal to see why.\n${message}`,
      actions: ['retry', 'selectProfile'],
    };
  }
  if (/not found|could not find profile|Profile .* could not be found|does not exist/i.test(message) && ctx.profile) {
    return {
      code: 'ProfileNotFound',
      title: 'Profile not found',
      message: `Profile "${ctx.profile}" is not in your AWS config or credentials files`,
      detail: `Choose an existing profile (Select Profile), or add [profile ${ctx.profile}] to ~/.aws/config (AWS_CONFIG_FILE) or ~/.aws/credentials (AWS_SHARED_CREDENTIALS_FILE).\n${message}`,
      actions: ['selectProfile', 'retry'],
    };
  }
  return {
    code: 'NoCredentials',
    title: 'No credentials',
    message: `No credentials found for ${who}`,
    detail: `The AWS SDK found no usable credentials for ${who}. Add keys, SSO, a role or credential_process to the profile, or choose another profile.\n${message}`,
    actions: ['selectProfile', 'retry'],
  };
}
