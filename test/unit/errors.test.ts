import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CredentialsError, describeError, hideSecrets, MfaCancelledError, NoRegionError, ProfileNotFoundError, RequestError } from '../../src/aws/errors';

const sdkError = (name: string, message = '', extra: object = {}) => Object.assign(new Error(message), { name, $metadata: { requestId: 'req-1', httpStatusCode: 400 }, ...extra });
const ctx = { profile: 'prod', region: 'eu-west-1' };

describe('describeError', () => {
  it('InvalidInstanceId explains its four causes in plain words', () => {
    const e = describeError(sdkError('InvalidInstanceId'), ctx);
    assert.equal(e.code, 'InvalidInstanceId');
    assert.match(e.message, /Node not reachable with profile "prod" in eu-west-1/);
    assert.match(e.detail, /no permission/);
    assert.match(e.detail, /SSM Agent is not running/);
    assert.match(e.detail, /not registered/);
    assert.match(e.detail, /shutting down or has been terminated/);
    assert.match(e.detail, /Request ID: req-1/);
  });
  it('InvalidNextToken offers to reload from the start', () => {
    const e = describeError(sdkError('InvalidNextToken', 'The token is invalid'), ctx);
    assert.deepEqual(e.actions, ['reloadFromStart']);
    assert.match(e.message, /reload from the start/);
  });
  it('throttling and 500s after retries', () => {
    assert.equal(describeError(sdkError('ThrottlingException', 'Rate exceeded'), ctx).code, 'Throttling');
    assert.match(describeError(sdkError('ThrottlingException', 'Rate exceeded'), ctx).message, /throttling/);
    const server = describeError(sdkError('InternalServerError', 'oops', { $metadata: { httpStatusCode: 500 } }), ctx);
    assert.equal(server.code, 'ServerError');
    assert.match(server.detail, /HTTP 500/);
    assert.equal(describeError(Object.assign(new Error('x'), { name: 'Weird', $fault: 'server', $metadata: { httpStatusCode: 503 } }), ctx).code, 'ServerError');
  });
  it('signature and key errors name the profile', () => {
    assert.match(describeError(sdkError('UnrecognizedClientException'), ctx).message, /access key of profile "prod"/);
    assert.match(describeError(sdkError('InvalidSignatureException'), ctx).message, /signature made with profile "prod"/);
    const expired = describeError(sdkError('ExpiredTokenException'), ctx);
    assert.match(expired.message, /session credentials of profile "prod" have expired/);
    assert.equal(expired.title, 'Session credentials expired');
    assert.match(expired.detail, /aws sso login --profile prod/);
  });
  it('an SSO profile whose credentials fail offers aws sso login --profile, whatever the SDK said', () => {
    for (const message of [
      'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.',
      "Token is expired. To refresh this SSO session run 'aws sso login' with the corresponding profile.",
      'some future wording',
    ]) {
      const e = describeError(new CredentialsError('prod', 'sso', Object.assign(new Error(message), { name: 'CredentialsProviderError' })), ctx);
      assert.equal(e.code, 'SsoExpired', message);
      assert.deepEqual(e.actions, ['ssoLogin', 'retry']);
      assert.equal(e.profile, 'prod');
      assert.match(e.detail, /aws sso login --profile prod/);
    }
  });
  it('classifies on the type and fields, never on a message that carries the profile name', () => {
    const name = "sso-token'; calc; '";
    const sdk = Object.assign(new Error(`Could not resolve credentials using profile: [${name}] in configuration/credentials file(s). Token is expired. run aws sso login`), { name: 'CredentialsProviderError' });
    const missing = describeError(new ProfileNotFoundError(name), { profile: name });
    assert.equal(missing.code, 'ProfileNotFound');
    assert.equal(missing.title, 'Profile not found');
    assert.deepEqual(missing.actions, ['selectProfile', 'retry']);
    assert.equal(missing.profile, undefined, 'no profile to log in with');
    assert.equal(describeError(new CredentialsError(name, 'keys', sdk), { profile: name }).code, 'NoCredentials');
    assert.equal(describeError(new CredentialsError(name, undefined, sdk), { profile: name }).code, 'NoCredentials');
    // The SDK's raw error (not through the AWS layer) says nothing about the profile: no guessing.
    assert.equal(describeError(sdk, { profile: name }).code, 'NoCredentials');
    const timeout = Object.assign(new Error('TimeoutError ECONNREFUSED sso expired'), { name: 'SomethingNew' });
    assert.equal(describeError(timeout, ctx).code, 'SomethingNew', 'words in a message match nothing');
  });
  it('missing profile, no credentials, failing credential_process', () => {
    const missing = describeError(new CredentialsError('prod', 'keys', Object.assign(new Error('Could not resolve credentials using profile: [prod] in configuration/credentials file(s).'), { name: 'CredentialsProviderError' })), ctx);
    assert.equal(missing.code, 'NoCredentials');
    assert.match(missing.message, /profile "prod"/);
    const notFound = describeError(new ProfileNotFoundError('prod'), ctx);
    assert.equal(notFound.code, 'ProfileNotFound');
    assert.match(notFound.message, /Profile "prod" is not in your AWS config or credentials files/);
    const proc = describeError(new CredentialsError('prod', 'process', Object.assign(new Error('Error: Command failed: /bin/false'), { name: 'CredentialsProviderError' })), ctx);
    assert.equal(proc.code, 'CredentialProcess');
    assert.match(proc.message, /credential_process of profile "prod"/);
    assert.match(proc.detail, /Command failed: \/bin\/false/);
    const viaSource = describeError(new CredentialsError('corp-sso', 'sso', new Error('x')), ctx);
    assert.match(viaSource.detail, /aws sso login --profile corp-sso/, 'a role logs in with its source profile');
  });
  it('MFA cancelled, no region, timeouts and network errors', () => {
    assert.equal(describeError(new MfaCancelledError('prod'), ctx).code, 'MfaCancelled');
    const region = describeError(new NoRegionError('prod'), { profile: 'prod' });
    assert.equal(region.code, 'NoRegion');
    assert.match(region.detail, /ssmAssociations\.region/);
    assert.equal(describeError(new Error('Region is missing'), ctx).code, 'NoRegion');
    const timeout = describeError(Object.assign(new Error('Request did not complete'), { name: 'TimeoutError' }), { ...ctx, endpoint: 'http://127.0.0.1:9', timeoutMs: 15000 });
    assert.match(timeout.message, /No answer from http:\/\/127\.0\.0\.1:9 within 15 s/);
    const refused = describeError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 1 }), { profile: 'prod' });
    assert.equal(refused.code, 'Network');
    assert.match(refused.message, /Cannot reach 127\.0\.0\.1:1: connection refused/);
  });
  it('titles are short enough for a narrow sidebar; the region set by the AWS layer is named', () => {
    for (const name of ['InvalidInstanceId', 'InvalidNextToken', 'ThrottlingException', 'InternalServerError', 'ExpiredTokenException', 'UnrecognizedClientException', 'InvalidSignatureException', 'AccessDeniedException', 'SomethingElseEntirelyUnexpectedException']) {
      assert.ok(describeError(sdkError(name), ctx).title.length <= 40, name);
    }
    const e = describeError(new RequestError('DescribeInstanceAssociationsStatus', sdkError('InvalidInstanceId'), 'ap-south-1', 'req-2'), { profile: 'prod' });
    assert.equal(e.code, 'InvalidInstanceId', 'the cause is what is described');
    assert.match(e.message, /in ap-south-1/);
    assert.match(e.detail, /Request ID: req-2/);
  });

  it('unreadable answers and anything else never throw', () => {
    assert.equal(describeError(Object.assign(new SyntaxError('Unexpected token < in JSON at position 0'), { $metadata: {} }), ctx).code, 'BadResponse');
    for (const weird of [undefined, null, 42, 'text', {}, { name: 7 }]) {
      const e = describeError(weird, ctx);
      assert.equal(typeof e.message, 'string');
      assert.ok(e.actions.length > 0);
    }
  });
  it('never repeats secrets that an error message may carry', () => {
    // A credential_process's command line and stderr come back in the SDK's message.
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const token = 'IQoJb3JpZ2luX2VjEJr'.repeat(20);
    const message = `Command failed: get-creds --secret ${secret}\n{"AccessKeyId":"AKIAIOSFODNN7EXAMPLE","SecretAccessKey":"${secret}x","SessionToken":"${token}"} aws_secret_access_key = abc/def`;
    for (const source of ['process', 'keys', 'sso'] as const) {
      const e = describeError(new CredentialsError('prod', source, Object.assign(new Error(message), { name: 'CredentialsProviderError' })), ctx);
      const shown = `${e.title}${e.message}${e.detail}`;
      assert.match(shown, /Command failed: get-creds/, 'the message is shown');
      for (const hidden of [secret, token.slice(0, 60), 'abc/def']) assert.equal(shown.includes(hidden), false, `${source}: ${hidden.slice(0, 8)}… shown`);
    }
    const fallback = describeError(Object.assign(new Error(`oops ${secret}`), { name: 'Weird' }), ctx);
    assert.equal(`${fallback.message}${fallback.detail}`.includes(secret), false);
    assert.equal(hideSecrets('request 6f1c2a9e-0000-4000-8000-000000000000 in eu-west-1'), 'request 6f1c2a9e-0000-4000-8000-000000000000 in eu-west-1', 'IDs stay');
  });
  it('names where the request went: the endpoint, region and request ID it really used', () => {
    const refused = (extra: object) => Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED', ...extra });
    assert.equal(describeError(refused({ address: '10.0.0.1' }), {}).message, 'Cannot reach 10.0.0.1: connection refused');
    assert.equal(describeError(refused({ hostname: 'ssm.internal' }), {}).message, 'Cannot reach ssm.internal: connection refused');
    assert.equal(describeError(refused({}), {}).message, 'Cannot reach the SSM endpoint: connection refused');
    assert.equal(describeError(refused({ address: '10.0.0.1', port: 443 }), { endpoint: 'https://vpce.example' }).message, 'Cannot reach https://vpce.example: connection refused', 'the override the client used wins');
    // The region of the settings or the profile, as the caller knew it, wins over the one recorded on the request.
    const inRegion = describeError(new RequestError('DescribeInstanceAssociationsStatus', sdkError('InvalidInstanceId'), 'ap-south-1', undefined), { region: 'eu-west-1' });
    assert.equal(inRegion.message, 'Node not reachable with the default credential chain (AWS_PROFILE or the default profile) in eu-west-1');
    assert.match(inRegion.detail, /Request ID: req-1$/, "the SDK's request ID when the request error has none");
    assert.equal(new RequestError('DescribeInstanceAssociationsStatus', sdkError('InvalidInstanceId'), undefined, undefined).message, 'DescribeInstanceAssociationsStatus failed: InvalidInstanceId');
    assert.equal(new RequestError('X', 'plain', undefined, undefined).message, 'X failed: Error');
  });
  it('a socket error is found a few causes deep, not in an endless chain', () => {
    const wrapped = (depth: number): unknown => (depth === 0 ? Object.assign(new Error('inner'), { code: 'ENOTFOUND' }) : Object.assign(new Error('outer'), { name: 'Weird', cause: wrapped(depth - 1) }));
    assert.equal(describeError(wrapped(3), {}).message, 'Cannot reach the SSM endpoint: host not found');
    assert.equal(describeError(wrapped(4), {}).code, 'Weird');
    const loop: { name: string; message: string; cause?: unknown } = { name: 'Weird', message: 'loop' };
    loop.cause = loop;
    assert.equal(describeError(loop, {}).code, 'Weird');
  });
  it('a credential error names the profile it was about, not the one in the settings', () => {
    assert.equal(describeError(new ProfileNotFoundError('gone'), { profile: 'prod' }).message, 'Profile "gone" is not in your AWS config or credentials files');
    assert.equal(describeError(new CredentialsError('from-env', 'keys', new Error('x')), { profile: 'prod' }).message, 'No credentials found for profile "from-env"');
    assert.equal(describeError(new CredentialsError(undefined, 'keys', new Error('x')), { profile: 'prod' }).message, 'No credentials found for profile "prod"');
    assert.equal(describeError(Object.assign(sdkError('InvalidInstanceId'), { profile: 'not-a-credential-error' }), {}).message, 'Node not reachable with the default credential chain (AWS_PROFILE or the default profile)');
    assert.equal(new CredentialsError('p', 'keys', undefined).message, 'No credentials.');
  });
  it('hides each secret field, quoted or not, whatever its value', () => {
    assert.equal(hideSecrets('aws_secret_access_key=abc aws_session_token : "def" aws_security_token=ghi'), 'aws_secret_access_key=(hidden) aws_session_token : "(hidden)" aws_security_token=(hidden)');
    assert.equal(hideSecrets('{"SecretAccessKey":"k1","SessionToken": "t1"}'), '{"SecretAccessKey":"(hidden)","SessionToken": "(hidden)"}');
    assert.equal(hideSecrets(`key ${'A'.repeat(40)} end`), 'key (hidden) end');
    assert.equal(hideSecrets(`id ${'A'.repeat(41)} end`), `id ${'A'.repeat(41)} end`, 'not 40 characters: not a secret key');
    assert.equal(hideSecrets(`token ${'B'.repeat(120)}`), 'token (hidden)');
  });
});
