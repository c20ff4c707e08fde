// Which of S3's refusals name the bucket's region (wrongRegionAnswer, src/aws/sdk/s3Reader.ts): the answers as the
// S3 client hands them over (name, HTTP status, the x-amz-bucket-region header, the error body's <Region>), and
// the same wrapped in the RequestError of the shared request path. test/emulator/README.md cites what S3 sends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RequestError } from '../../src/aws/errors';
import { wrongRegionAnswer } from '../../src/aws/sdk/s3Reader';

/** An S3 client error as the SDK builds it: name, $metadata.httpStatusCode, $response.headers, the body's fields. */
const answer = (name: string, status: number | undefined, fields: { header?: unknown; Region?: unknown; noResponse?: boolean; noHeaders?: boolean } = {}) => ({
  name,
  $metadata: status === undefined ? {} : { httpStatusCode: status },
  ...(fields.noResponse ? {} : { $response: fields.noHeaders ? {} : { headers: fields.header === undefined ? {} : { 'x-amz-bucket-region': fields.header } } }),
  ...(fields.Region === undefined ? {} : { Region: fields.Region }),
});

describe("wrongRegionAnswer: the bucket's region from S3's wrong-region answers, and nothing from other answers", () => {
  it('a 301, 302 or 307 with the x-amz-bucket-region header names that region', () => {
    for (const status of [301, 302, 307]) assert.equal(wrongRegionAnswer(answer('Unknown', status, { header: 'eu-central-1' })), 'eu-central-1', `HTTP ${status}`);
  });

  it('PermanentRedirect by name, whatever the status says; AuthorizationHeaderMalformed and IllegalLocationConstraintException (400)', () => {
    assert.equal(wrongRegionAnswer(answer('PermanentRedirect', undefined, { header: 'us-west-2' })), 'us-west-2');
    assert.equal(wrongRegionAnswer(answer('PermanentRedirect', 400, { Region: 'us-west-2' })), 'us-west-2');
    assert.equal(wrongRegionAnswer(answer('AuthorizationHeaderMalformed', 400, { Region: 'ap-south-1' })), 'ap-south-1');
    assert.equal(wrongRegionAnswer(answer('IllegalLocationConstraintException', 400, { header: 'cn-north-1' })), 'cn-north-1');
  });

  it('the header wins over the body; an empty or non-text header falls back to the body\'s <Region>', () => {
    assert.equal(wrongRegionAnswer(answer('AuthorizationHeaderMalformed', 400, { header: 'eu-west-3', Region: 'eu-west-1' })), 'eu-west-3');
    assert.equal(wrongRegionAnswer(answer('AuthorizationHeaderMalformed', 400, { header: '', Region: 'eu-west-1' })), 'eu-west-1');
    assert.equal(wrongRegionAnswer(answer('AuthorizationHeaderMalformed', 400, { header: ['eu-west-3'], Region: 'eu-west-1' })), 'eu-west-1');
    assert.equal(wrongRegionAnswer(answer('AuthorizationHeaderMalformed', 400, { Region: 'eu-west-1', noResponse: true })), 'eu-west-1');
    assert.equal(wrongRegionAnswer(answer('AuthorizationHeaderMalformed', 400, { Region: 'eu-west-1', noHeaders: true })), 'eu-west-1');
  });

  it('no region, a region that is no region name, or a body region that is not text: undefined', () => {
    assert.equal(wrongRegionAnswer(answer('PermanentRedirect', 301)), undefined);
    assert.equal(wrongRegionAnswer(answer('PermanentRedirect', 301, { noResponse: true })), undefined);
    assert.equal(wrongRegionAnswer(answer('AuthorizationHeaderMalformed', 400, { header: 'EU' })), undefined);
    assert.equal(wrongRegionAnswer(answer('AuthorizationHeaderMalformed', 400, { header: 'evil.example.com/eu-west-1' })), undefined);
    assert.equal(wrongRegionAnswer(answer('AuthorizationHeaderMalformed', 400, { Region: 42 })), undefined);
  });

  it('other answers that carry the header (every S3 answer may) name no wrong region', () => {
    for (const [name, status] of [['AccessDenied', 403], ['NoSuchKey', 404], ['InvalidArgument', 400], ['InternalError', 500], ['Moved', 308], ['OK', 200]] as const) {
      assert.equal(wrongRegionAnswer(answer(name, status, { header: 'eu-central-1', Region: 'eu-central-1' })), undefined, `${name} ${status}`);
    }
  });

  it('reads the S3 error inside the RequestError of the request path; anything else is no answer', () => {
    const wrapped = new RequestError('GetObject', answer('AuthorizationHeaderMalformed', 400, { Region: 'eu-north-1' }), 'eu-west-1', 'ID', 's3');
    assert.equal(wrongRegionAnswer(wrapped), 'eu-north-1');
    assert.equal(wrongRegionAnswer(new RequestError('GetObject', answer('AccessDenied', 403, { header: 'eu-north-1' }), 'eu-west-1', 'ID', 's3')), undefined);
    for (const other of [undefined, null, 'PermanentRedirect', 301, new Error('boom')]) assert.equal(wrongRegionAnswer(other), undefined, String(other));
  });
});
