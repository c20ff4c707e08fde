import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CredentialsError, describeError, MfaCancelledError, NoRegionError, ProfileNotFoundError, RequestError, type UserError } from '../../src/aws/errors';

// What the user reads for each kind of failure, whole: the error row's title, the notification's
// message, the tooltip's detail and the actions offered. Each family of src/aws/errors.ts appears
// with every error name it matches, so that a family that stops matching, or a sentence that loses
// its profile, region, endpoint or next step, fails here (errors.test.ts holds the rules behind it).

const sdk = (name: string, message = '', extra: object = {}) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 }, ...extra });
const ctx = { profile: 'prod', region: 'eu-west-1' };

const CASES: [string, unknown, object, UserError][] = [
  [
    'InvalidInstanceId',
    sdk('InvalidInstanceId', 'x'),
    ctx,
    {"code": "InvalidInstanceId", "title": "Node not reachable", "message": "Node not reachable with profile \"prod\" in eu-west-1", "detail": "AWS answered InvalidInstanceId. One of these is true:\n• the credentials in use have no permission for this node, or it belongs to another account or region;\n• the SSM Agent is not running on the node;\n• the node is not registered with Systems Manager in this region;\n• the node is shutting down or has been terminated.", "actions": ["retry", "selectProfile"]},
  ],
  [
    'InvalidNextToken',
    sdk('InvalidNextToken', 'The token is invalid'),
    ctx,
    {"code": "InvalidNextToken", "title": "Page token no longer valid", "message": "The page token is no longer valid — reload from the start", "detail": "AWS refused the token for the next page (InvalidNextToken). The rows already shown stay; reload the node to start again from page 1.\nThe token is invalid", "actions": ["reloadFromStart"]},
  ],
  [
    'Throttling',
    sdk('ThrottlingException', 'Rate exceeded'),
    ctx,
    {"code": "Throttling", "title": "Throttled by AWS", "message": "AWS is throttling requests (rate exceeded) — retry in a moment", "detail": "SSM answered ThrottlingException: Rate exceeded. The extension retried with backoff and gave up; other callers in this account may be using the API heavily.", "actions": ["retry"]},
  ],
  [
    'Throttling no message',
    sdk('TooManyRequestsException'),
    ctx,
    {"code": "Throttling", "title": "Throttled by AWS", "message": "AWS is throttling requests (rate exceeded) — retry in a moment", "detail": "SSM answered TooManyRequestsException: Rate exceeded. The extension retried with backoff and gave up; other callers in this account may be using the API heavily.", "actions": ["retry"]},
  ],
  [
    'InternalServerError',
    sdk('InternalServerError', 'oops', { $metadata: { httpStatusCode: 500 } }),
    ctx,
    {"code": "ServerError", "title": "SSM internal error", "message": "SSM had an internal error — retry", "detail": "SSM answered InternalServerError (HTTP 500) for profile \"prod\", region eu-west-1, after retries. oops", "actions": ["retry"]},
  ],
  [
    'InternalFailure no status',
    sdk('InternalFailure', 'oops', { $metadata: {} }),
    {},
    {"code": "ServerError", "title": "SSM internal error", "message": "SSM had an internal error — retry", "detail": "SSM answered InternalFailure (HTTP 5xx) for the default credential chain (AWS_PROFILE or the default profile), after retries. oops", "actions": ["retry"]},
  ],
  [
    'ExpiredToken',
    sdk('ExpiredTokenException', 'expired'),
    ctx,
    {"code": "ExpiredToken", "title": "Session credentials expired", "message": "The session credentials of profile \"prod\" have expired", "detail": "AWS refused the session token of profile \"prod\" as expired. Refresh them (for SSO: aws sso login --profile prod; for a role: get new temporary credentials), then retry.", "actions": ["retry", "selectProfile"]},
  ],
  [
    'ExpiredToken default chain',
    sdk('ExpiredToken', 'expired'),
    {},
    {"code": "ExpiredToken", "title": "Session credentials expired", "message": "The session credentials of the default credential chain (AWS_PROFILE or the default profile) have expired", "detail": "AWS refused the session token of the default credential chain (AWS_PROFILE or the default profile) as expired. Refresh them (for SSO: aws sso login; for a role: get new temporary credentials), then retry.", "actions": ["retry", "selectProfile"]},
  ],
  [
    'Unrecognized',
    sdk('UnrecognizedClientException', 'x'),
    ctx,
    {"code": "UnrecognizedClient", "title": "Access key not recognised", "message": "AWS does not know the access key of profile \"prod\"", "detail": "The access key of profile \"prod\" is not valid in this account or region (UnrecognizedClientException). Check the key in your credentials file, or choose another profile.", "actions": ["retry", "selectProfile"]},
  ],
  [
    'Signature',
    sdk('SignatureDoesNotMatch', 'x'),
    ctx,
    {"code": "InvalidSignature", "title": "Signature refused", "message": "AWS refused the signature made with profile \"prod\"", "detail": "The secret key of profile \"prod\" does not match its access key, or this computer's clock is far off (SignatureDoesNotMatch).", "actions": ["retry", "selectProfile"]},
  ],
  [
    'Clock skew',
    sdk('RequestTimeTooSkewed', 'x'),
    ctx,
    {"code": "ClockSkew", "title": "This computer's clock is off", "message": "AWS refused the request: this computer's clock is too far from AWS's time", "detail": "AWS answered RequestTimeTooSkewed: the request's time differs too much from AWS's. Set the system clock right (automatic time synchronisation), then retry.", "actions": ["retry"]},
  ],
  [
    'AccessDenied',
    sdk('AccessDeniedException', 'User x is not authorized'),
    ctx,
    {"code": "AccessDenied", "title": "Access denied", "message": "Access denied for profile \"prod\"", "detail": "profile \"prod\" may not call ssm:DescribeInstanceAssociationsStatus here. User x is not authorized", "actions": ["retry", "selectProfile"]},
  ],
  [
    'Mfa',
    new MfaCancelledError('mfa-prof'),
    ctx,
    {"code": "MfaCancelled", "title": "MFA code needed", "message": "MFA code needed for profile \"mfa-prof\"", "detail": "The MFA prompt was dismissed. Retry to enter the code.", "actions": ["retry"]},
  ],
  [
    'NoRegion',
    new NoRegionError('prod'),
    ctx,
    {"code": "NoRegion", "title": "No region set", "message": "No region set for profile \"prod\"", "detail": "Set \"ssmAssociations.region\", add region = … to profile \"prod\" in your AWS config file, or set AWS_REGION.", "actions": ["openSettings", "retry"]},
  ],
  [
    'SDK Region is missing',
    new Error('Region is missing'),
    {},
    {"code": "NoRegion", "title": "No region set", "message": "No region set for the default credential chain (AWS_PROFILE or the default profile)", "detail": "Set \"ssmAssociations.region\", add region = … to the default credential chain (AWS_PROFILE or the default profile) in your AWS config file, or set AWS_REGION.", "actions": ["openSettings", "retry"]},
  ],
  [
    'ProfileNotFound',
    new ProfileNotFoundError('gone'),
    ctx,
    {"code": "ProfileNotFound", "title": "Profile not found", "message": "Profile \"gone\" is not in your AWS config or credentials files", "detail": "Choose an existing profile (Select Profile), or add [profile gone] to ~/.aws/config (AWS_CONFIG_FILE) or [gone] to ~/.aws/credentials (AWS_SHARED_CREDENTIALS_FILE), then retry.", "actions": ["selectProfile", "retry"]},
  ],
  [
    'Sso',
    new CredentialsError('sso-prof', 'sso', new Error('Token is expired')),
    {},
    {"code": "SsoExpired", "title": "SSO session expired", "message": "The SSO session of profile \"sso-prof\" has expired or was never started", "detail": "Sign in again with: aws sso login --profile sso-prof\nThen retry. (Token is expired)", "actions": ["ssoLogin", "retry"], "profile": "sso-prof"},
  ],
  [
    'Process',
    new CredentialsError('proc', 'process', new Error('exit 1')),
    {},
    {"code": "CredentialProcess", "title": "credential_process failed", "message": "The credential_process of profile \"proc\" failed", "detail": "The command configured as credential_process did not return credentials. Run it in a terminal to see why.\nexit 1", "actions": ["retry", "selectProfile"]},
  ],
  [
    'CredTimeout',
    sdk('CredentialsTimeoutError', 'Credentials timed out after 10 s.'),
    ctx,
    {"code": "CredentialsTimeout", "title": "Credentials timed out", "message": "Getting credentials for profile \"prod\" timed out", "detail": "Credentials timed out after 10 s. A credential_process that hangs, or an SSO or role refresh that gets no answer, causes this. Run the credential command in a terminal to see why, then retry.", "actions": ["retry", "selectProfile"]},
  ],
  [
    'NoCreds',
    new CredentialsError(undefined, undefined, new Error('Could not load credentials from any providers')),
    {},
    {"code": "NoCredentials", "title": "No credentials", "message": "No credentials found for the default credential chain (AWS_PROFILE or the default profile)", "detail": "The AWS SDK found no usable credentials for the default credential chain (AWS_PROFILE or the default profile). Add keys, SSO, a role or credential_process to the profile, or choose another profile.\nCould not load credentials from any providers", "actions": ["retry", "selectProfile"]},
  ],
  [
    'Timeout',
    sdk('TimeoutError', 'Request timed out'),
    { endpoint: 'http://127.0.0.1:4599', timeoutMs: 9600 },
    {"code": "Timeout", "title": "No answer: timed out", "message": "No answer from http://127.0.0.1:4599 within 10 s", "detail": "The request timed out. The network or the endpoint may be slow or down. Request timed out", "actions": ["retry"]},
  ],
  [
    'Timeout no endpoint',
    sdk('RequestTimeout', 'slow'),
    { region: 'eu-west-1' },
    {"code": "Timeout", "title": "No answer: timed out", "message": "No answer from ssm.eu-west-1.amazonaws.com", "detail": "The request timed out. The network or the endpoint may be slow or down. slow", "actions": ["retry"]},
  ],
  [
    'Network refused',
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4599'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 4599 }),
    {},
    {"code": "Network", "title": "Cannot reach the endpoint", "message": "Cannot reach 127.0.0.1:4599: connection refused", "detail": "The request to the SSM endpoint 127.0.0.1:4599 failed (ECONNREFUSED). Check your network, proxy or the endpoint override (AWS_ENDPOINT_URL_SSM / endpoint_url).", "actions": ["retry"]},
  ],
  [
    'Network nested',
    new RequestError('DescribeInstanceAssociationsStatus', Object.assign(new Error('outer'), { name: 'TimeoutError', cause: Object.assign(new Error('inner'), { code: 'ECONNRESET' }) }), 'us-east-1', 'r-9'),
    {},
    {"code": "Network", "title": "Cannot reach the endpoint", "message": "Cannot reach ssm.us-east-1.amazonaws.com: connection reset", "detail": "The request to the SSM endpoint ssm.us-east-1.amazonaws.com failed (ECONNRESET). Check your network, proxy or the endpoint override (AWS_ENDPOINT_URL_SSM / endpoint_url).\nRequest ID: r-9", "actions": ["retry"]},
  ],
  [
    'Hang up',
    sdk('TimeoutError', 'socket hang up'),
    { endpoint: 'https://ssm.example' },
    {"code": "Network", "title": "Cannot reach the endpoint", "message": "Cannot reach https://ssm.example: connection reset", "detail": "The request to the SSM endpoint https://ssm.example failed (ECONNRESET). Check your network, proxy or the endpoint override (AWS_ENDPOINT_URL_SSM / endpoint_url).", "actions": ["retry"]},
  ],
  [
    'Aborted',
    sdk('AbortError', 'The operation was aborted'),
    ctx,
    {"code": "Aborted", "title": "Cancelled", "message": "Cancelled", "detail": "The request was cancelled.", "actions": ["retry"]},
  ],
  [
    'BadResponse',
    Object.assign(new SyntaxError('Unexpected token <'), { $response: { statusCode: 200 } }),
    ctx,
    {"code": "BadResponse", "title": "Unreadable answer from SSM", "message": "SSM sent an answer that could not be read", "detail": "The response was not the JSON the API defines. Unexpected token <", "actions": ["retry"]},
  ],
  [
    'Server 503',
    sdk('Weird', 'x', { $fault: 'server', $metadata: { httpStatusCode: 503 } }),
    ctx,
    {"code": "ServerError", "title": "SSM failed", "message": "SSM failed (Weird) — retry", "detail": "Weird: x", "actions": ["retry"]},
  ],
  [
    'Unknown',
    sdk('SomethingNew', 'first line\nsecond line'),
    ctx,
    {"code": "SomethingNew", "title": "SomethingNew", "message": "SomethingNew: first line", "detail": "first line\nsecond line", "actions": ["retry"]},
  ],
  [
    'Nothing',
    undefined,
    {},
    {"code": "Error", "title": "Error", "message": "Error: unknown error", "detail": "unknown error", "actions": ["retry"]},
  ],
  [
    'String',
    'boom',
    {},
    {"code": "Error", "title": "Error", "message": "Error: boom", "detail": "boom", "actions": ["retry"]},
  ],
];

describe('what the user reads for each failure', () => {
  for (const [label, error, context, expected] of CASES) {
    it(label, () => assert.deepEqual(describeError(error, context), expected));
  }
  it('every error name a family lists is recognised as that family', () => {
    const families: Record<string, string[]> = {
      Throttling: ['ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded'],
      ServerError: ['InternalServerError', 'InternalFailure', 'ServiceUnavailable'],
      ExpiredToken: ['ExpiredTokenException', 'ExpiredToken'],
      UnrecognizedClient: ['UnrecognizedClientException', 'InvalidClientTokenId'],
      InvalidSignature: ['InvalidSignatureException', 'SignatureDoesNotMatch'],
      NoCredentials: ['CredentialsError', 'CredentialsProviderError', 'TokenProviderError'],
      Timeout: ['TimeoutError', 'RequestTimeout', 'RequestTimeoutException'],
      BadResponse: ['SyntaxError', 'DeserializationError'],
    };
    for (const [code, names] of Object.entries(families)) {
      for (const name of names) assert.equal(describeError(sdk(name, 'x'), ctx).code, code, name);
    }
  });
});
