// The edges of src/aws/outputProblems.ts (issue 20, mutation): errors that are not objects or carry no HTTP
// status, names that decide alone, an object named without a key, the fallback to describeError (with the
// profile, and SSM said as S3), and the region an SSM request went to.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeError, RequestError } from '../../src/aws/errors';
import { s3Problem, ssmProblem } from '../../src/aws/outputProblems';

const named = (name: string, status?: number) => Object.assign(new Error(name), { name }, status === undefined ? {} : { $metadata: { httpStatusCode: status } });
const get = { action: 's3:GetObject', bucket: 'b', key: 'p/k', region: 'eu-west-1', profile: 'dev' } as const;
const list = { action: 's3:ListBucket', bucket: 'b', key: 'p/', region: 'eu-west-1', profile: 'dev' } as const;

describe('S3 problems', () => {
  it('the name alone decides when the error carries no HTTP status', () => {
    assert.match(s3Problem(named('AccessDenied'), get, describeError), /^Access denied: profile "dev" may not s3:GetObject on arn:aws:s3:::b\/p\/k\./);
    assert.match(s3Problem(named('NoSuchKey'), get, describeError), /^The object p\/k is gone/);
    assert.match(s3Problem(named('NoSuchBucket'), list, describeError), /^The bucket b does not exist/);
    assert.match(s3Problem(named('PermanentRedirect'), list, describeError), /^The bucket b is not in eu-west-1,/);
    assert.match(s3Problem(named('SignatureDoesNotMatch'), list, describeError), /^S3 refused the signature of profile "dev"'s request \(SignatureDoesNotMatch\)/);
    assert.match(s3Problem(named('RequestTimeTooSkewed'), list, describeError), /^S3 refused the request because this computer's clock is too far from AWS's time/);
  });

  it('the status alone decides for a name S3 did not give: 403 refused, 404 of an object gone, 301 moved', () => {
    const anonymous = (status: number) => Object.assign(new Error(''), { name: 'Error', $metadata: { httpStatusCode: status } });
    assert.match(s3Problem(anonymous(403), list, describeError), /^Access denied: /);
    assert.match(s3Problem(anonymous(404), get, describeError), /^The object p\/k is gone/);
    assert.match(s3Problem(anonymous(301), get, describeError), /^The bucket b is not in eu-west-1,/);
    assert.match(s3Problem(Object.assign(new Error(''), { $metadata: { httpStatusCode: '403' } }), get, describeError), /^Access denied: /, 'a status as text');
  });

  it('an object without a key is "the object", with no gap', () => {
    const noKey = { action: 's3:GetObject', bucket: 'b' } as const;
    assert.match(s3Problem(named('NoSuchKey', 404), noKey, describeError), /^The object is gone: /);
    assert.match(s3Problem(named('InvalidObjectState', 403), noKey, describeError), /^The object is archived, /);
  });

  it('anything else is describeError\'s sentence for the profile, with SSM said as S3 (only as a word)', () => {
    assert.equal(s3Problem(named('InternalError', 500), list, describeError), 'S3 failed (InternalError) — retry');
    assert.equal(s3Problem(named('ExpiredToken', 400), list, describeError), 'The session credentials of profile "dev" have expired');
    assert.equal(s3Problem(named('ExpiredToken', 400), { ...list, profile: 'mySSMkeys' }, describeError), 'The session credentials of profile "mySSMkeys" have expired');
    const seen: unknown[] = [];
    s3Problem(named('Other', 400), list, (error, context) => (seen.push(context), describeError(error, context)));
    assert.deepEqual(seen, [{ profile: 'dev', region: 'eu-west-1' }]);
  });

  it('what is not an error object still gets a sentence', () => {
    for (const odd of [undefined, null, 'text', 42]) assert.equal(typeof s3Problem(odd, get, describeError), 'string', String(odd));
    assert.equal(s3Problem(new Error('socket hang up'), get, describeError), 'Error: socket hang up');
  });
});

describe('SSM problems', () => {
  it('a run gone from the history is said only for that error; anything else is describeError\'s sentence', () => {
    assert.equal(ssmProblem(named('InternalServerError', 500), 'DescribeAssociationExecutionTargets', {}, describeError), 'SSM had an internal error — retry');
    assert.equal(ssmProblem(named('ExpiredTokenException', 400), 'GetCommandInvocation', { profile: 'dev' }, describeError), 'The session credentials of profile "dev" have expired');
  });

  it('access denied names the region the request went to: from the caller, else from the request error', () => {
    const denied = named('AccessDeniedException', 400);
    assert.equal(ssmProblem(new RequestError('GetCommandInvocation', denied, 'eu-central-1', undefined), 'GetCommandInvocation', { profile: 'dev' }, describeError), 'Access denied: profile "dev" may not call ssm:GetCommandInvocation in eu-central-1. Allow it in the IAM policy.');
    assert.equal(ssmProblem(new RequestError('GetCommandInvocation', denied, 'eu-central-1', undefined), 'GetCommandInvocation', { region: 'us-east-1' }, describeError).includes(' in us-east-1.'), true);
    assert.match(ssmProblem(Object.assign(named('AccessDeniedException', 400), { region: 42 }), 'GetCommandInvocation', {}, describeError), /may not call ssm:GetCommandInvocation\. Allow/);
    assert.match(ssmProblem(named('AccessDeniedException'), 'GetCommandInvocation', {}, describeError), /may not call ssm:GetCommandInvocation\. Allow/);
  });

  it('the IAM action is the request error\'s own when it names one', () => {
    const refused = new RequestError('ListCommandInvocations', named('Denied', 403), 'eu-west-1', undefined);
    assert.match(ssmProblem(refused, 'GetCommandInvocation', {}, describeError), /may not call ssm:ListCommandInvocations in eu-west-1\./);
  });

  it('the region a failed request names reaches describeError too', () => {
    const seen: unknown[] = [];
    ssmProblem(Object.assign(named('Other', 400), { region: 'ap-south-1' }), 'DescribeAssociation', { profile: 'p' }, (error, context) => (seen.push(context), describeError(error, context)));
    ssmProblem(Object.assign(named('Other', 400), { region: 7 }), 'DescribeAssociation', {}, (error, context) => (seen.push(context), describeError(error, context)));
    assert.deepEqual(seen, [{ profile: 'p', region: 'ap-south-1' }, { region: undefined }]);
  });

  it('what is not an error object still gets a sentence', () => {
    for (const odd of [undefined, null, 'text']) assert.equal(typeof ssmProblem(odd, 'DescribeAssociation', {}, describeError), 'string', String(odd));
  });
});
