import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CredentialsError, describeError, isThrottling, MfaCancelledError, NoRegionError, ProfileNotFoundError, requestCause, RequestError } from '../../src/aws/errors';

// Which fields of an error decide what the user reads (src/aws/errors.ts), and which must not: an
// AWS error's JSON body lands on the SDK's error object, so any field but the ones our own errors
// set can come from whoever answers the request.

const serviceError = (name: string, extra: object = {}) => Object.assign(new Error('m'), { name, $metadata: { httpStatusCode: 400 }, ...extra });

describe('describeError: the fields that decide', () => {
  it('names every socket error in words', () => {
    const words: Record<string, string> = {
      ECONNREFUSED: 'connection refused',
      ECONNRESET: 'connection reset',
      EPIPE: 'connection closed',
      ENOTFOUND: 'host not found',
      EAI_AGAIN: 'DNS lookup failed',
      ETIMEDOUT: 'connection timed out',
      EHOSTUNREACH: 'host unreachable',
      ENETUNREACH: 'network unreachable',
    };
    for (const [code, said] of Object.entries(words)) {
      const shown = describeError(Object.assign(new Error(`connect ${code}`), { code, hostname: 'ssm.example' }));
      assert.equal(shown.code, 'Network', code);
      assert.equal(shown.message, `Cannot reach ssm.example: ${said}`, code);
    }
  });

  it('a server fault is a server error, told by $fault or by a 5xx status alone', () => {
    const unnamed = Object.assign(new Error('busy'), { name: '', $metadata: { httpStatusCode: 503 } });
    assert.deepEqual(
      [describeError(unnamed).code, describeError(unnamed).message],
      ['ServerError', 'SSM failed (HTTP 503) — retry'],
    );
    assert.equal(describeError(serviceError('SomethingNew', { $fault: 'server' })).code, 'ServerError');
    assert.equal(describeError(serviceError('SomethingNew', { $metadata: { httpStatusCode: 500 } })).code, 'ServerError');
    assert.equal(describeError(serviceError('SomethingNew', { $fault: 'client', $metadata: { httpStatusCode: 499 } })).code, 'SomethingNew');
  });

  it('an answer that broke while being read is an unreadable answer, whatever the error is called', () => {
    // The SDK attaches the raw response to whatever its deserializer threw.
    const broken = Object.assign(new TypeError("Cannot read properties of undefined (reading 'Status')"), { $response: { statusCode: 200 } });
    assert.equal(describeError(broken).code, 'BadResponse');
  });

  it('a missing message reads as unknown, never as "null"', () => {
    const shown = describeError({ name: 'Odd', message: null });
    assert.equal(shown.detail, 'unknown error');
    assert.equal(shown.message, 'Odd: unknown error');
  });

  it('"Region is missing" means no region only as the SDK says it: a plain Error that starts so', () => {
    assert.equal(describeError(new Error('Region is missing')).code, 'NoRegion');
    assert.equal(describeError(new Error('Unexpected answer: Region is missing')).code, 'Error');
    // A credential_process's output is the user's text: it cannot make the problem a region one.
    const process = new CredentialsError('prod', 'process', new Error('Region is missing from my script'));
    assert.equal(describeError(process).code, 'CredentialProcess');
  });

  it('only the profile files say SSO or credential_process: a field of that name on another error does not', () => {
    for (const source of ['sso', 'process']) {
      const shown = describeError(serviceError('SomethingNew', { source }), { profile: 'prod' });
      assert.equal(shown.code, 'SomethingNew', source);
      assert.deepEqual(shown.actions, ['retry'], source);
    }
    assert.equal(describeError(new CredentialsError('prod', 'sso', new Error('expired'))).code, 'SsoExpired');
  });
});

describe('our own errors', () => {
  it('say for whom in their own message, as a log line or a stack shows it', () => {
    assert.equal(new MfaCancelledError('mfa-prof').message, 'MFA code entry for profile mfa-prof was cancelled.');
    assert.equal(new NoRegionError('prod').message, 'No region for profile prod.');
    assert.equal(new NoRegionError(undefined).message, 'No region for the default credential chain.');
    assert.equal(new ProfileNotFoundError('gone').message, 'Profile gone is not in the shared config or credentials file.');
  });

  it('requestCause is what failed inside a request error, and any other error itself', () => {
    const cause = serviceError('ThrottlingException');
    assert.equal(requestCause(new RequestError('DescribeInstanceAssociationsStatus', cause, 'eu-west-1', 'r-1')), cause);
    assert.equal(requestCause(cause), cause);
    assert.equal(requestCause(undefined), undefined);
  });
});

describe('one throttling rule', () => {
  it('isThrottling reads the error or the one inside a request error, by name', () => {
    for (const name of ['ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded']) {
      const cause = Object.assign(new Error('Rate exceeded'), { name });
      assert.equal(isThrottling(cause), true, name);
      assert.equal(isThrottling(new RequestError('DescribeInstanceAssociationsStatus', cause, 'eu-west-1', undefined)), true, name);
      assert.equal(describeError(cause).code, 'Throttling', name);
    }
    assert.equal(isThrottling(Object.assign(new Error('x'), { name: 'InternalServerError' })), false);
    assert.equal(isThrottling(undefined), false);
  });
});
