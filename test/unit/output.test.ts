import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { associationPrefix, latestRunId, runIdFromOutputUrl, runStreams } from '../../src/aws/sdk/outputReader';
import { describeError } from '../../src/aws/errors';
import { s3Problem, ssmProblem } from '../../src/aws/outputProblems';
import { noOutputText, outputDocumentText, runCommandTruncationNote, s3CopyCommand, s3TruncationNote, shellQuote, utf8Prefix } from '../../src/core/runOutput';

const NODE = 'i-0a1b2c3d4e5f60001';
const ASSOC = '8c6b8f0e-5f5e-4a3b-9c2d-1e2f3a4b5c6d';

describe('where the agent writes output in S3', () => {
  it('the association prefix: <prefix>/<node>/<association>/, with or without a key prefix', () => {
    assert.equal(associationPrefix('ssm/out/', NODE, ASSOC), `ssm/out/${NODE}/${ASSOC}/`);
    assert.equal(associationPrefix('', NODE, ASSOC), `${NODE}/${ASSOC}/`);
    assert.equal(associationPrefix('/x', NODE, ASSOC), `x/${NODE}/${ASSOC}/`);
  });

  it("takes the run ID from the row's OutputUrl only inside the association's own bucket and prefix", () => {
    const prefix = associationPrefix('out', NODE, ASSOC);
    const run = '2024-10-21T18-08-11.123Z';
    assert.equal(runIdFromOutputUrl(`bkt/${prefix}${run}`, 'bkt', prefix), run);
    assert.equal(runIdFromOutputUrl(`s3://bkt/${prefix}${run}/`, 'bkt', prefix), run);
    assert.equal(runIdFromOutputUrl(`https://s3.eu-west-1.amazonaws.com/bkt/${prefix}${run}`, 'bkt', prefix), run);
    // Another bucket, another prefix, deeper paths, traversal: no run.
    assert.equal(runIdFromOutputUrl(`evil-bucket/${prefix}${run}`, 'bkt', prefix), undefined);
    assert.equal(runIdFromOutputUrl(`bkt/other/${NODE}/${ASSOC}/${run}`, 'bkt', prefix), undefined);
    assert.equal(runIdFromOutputUrl(`bkt/${prefix}${run}/step/stdout`, 'bkt', prefix), undefined);
    assert.equal(runIdFromOutputUrl(`bkt/${prefix}..`, 'bkt', prefix), undefined);
    assert.equal(runIdFromOutputUrl(undefined, 'bkt', prefix), undefined);
  });

  it('the newest run among listed keys, and its streams by step, stdout first', () => {
    const p = associationPrefix('', NODE, ASSOC);
    const keys = [
      { key: `${p}2024-10-21T18-08-11.123Z/awsrunShellScript/stdout` },
      { key: `${p}2024-10-22T09-00-00.000Z/b/stderr`, size: 10 },
      { key: `${p}2024-10-22T09-00-00.000Z/b/stdout`, size: 20 },
      { key: `${p}2024-10-22T09-00-00.000Z/a/stdout`, size: 5 },
      { key: `${p}2024-10-22T09-00-00.000Z/a/notes.txt` },
      { key: `${p}2024-10-20T01-00-00.000Z/a/stdout` },
    ];
    const latest = latestRunId(keys, p);
    assert.equal(latest, '2024-10-22T09-00-00.000Z');
    assert.deepEqual(
      runStreams(keys, `${p}${latest}/`).map((s) => `${s.step}/${s.stream}:${s.size}`),
      ['a/stdout:5', 'b/stdout:20', 'b/stderr:10'],
    );
    assert.equal(latestRunId([{ key: `${p}` }, { key: 'elsewhere/x' }], p), undefined);
  });
});

describe('output documents', () => {
  it('the header names step, stream, run and source; the body is the text exactly', () => {
    const body = '<b>[click](command:ssmAssociations.removeNode)</b> $(alert)\n\u202Eevil';
    const text = outputDocumentText({ step: 'aws:runShellScript', stream: 'stderr', text: body, location: 's3://b/k/stderr' }, { runId: 'r1' });
    const [header, rest] = text.split(/\n─{60}\n/);
    assert.match(header, /^stderr of step aws:runShellScript, run r1\nFrom: s3:\/\/b\/k\/stderr$/);
    assert.equal(rest, body, 'the output is shown as written, never interpreted');
  });

  it('says when a stream is empty, when it was cut, and which sources failed first', () => {
    const text = outputDocumentText(
      { step: 's', stream: 'stdout', text: '', location: 'Run Command c', truncated: 'cut here' },
      { runId: 'c', earlierAttempts: [{ source: 's3', tried: 'list', problem: 'Access denied: …' }] },
    );
    assert.match(text, /TRUNCATED: cut here/);
    assert.match(text, /Not available from S3: Access denied/);
    assert.match(text, /\(stdout is empty\)$/);
  });

  it('Run Command output at the service limit is flagged (24,000 stdout, 8,000 stderr), shorter is not', () => {
    assert.match(runCommandTruncationNote('stdout', 'x'.repeat(24_000)) ?? '', /first 24,000 characters of stdout/);
    assert.equal(runCommandTruncationNote('stdout', 'x'.repeat(23_999)), undefined);
    assert.match(runCommandTruncationNote('stderr', 'x'.repeat(8_000)) ?? '', /8,000/);
    assert.equal(runCommandTruncationNote('stderr', 'x'.repeat(7_999)), undefined);
  });

  it('a cut S3 object says how big it is and gives the aws s3 cp command, quoted for a shell', () => {
    const cmd = s3CopyCommand('bkt', "out/it's here/stdout", 'eu-west-1', 'my profile');
    assert.equal(cmd, `aws s3 cp 's3://bkt/out/it'\\''s here/stdout' - --region eu-west-1 --profile 'my profile'`);
    assert.equal(s3CopyCommand('bkt', 'a/stdout', 'eu-west-1'), 'aws s3 cp s3://bkt/a/stdout - --region eu-west-1');
    assert.match(s3TruncationNote(5_242_880, 1_048_576, cmd), /5,242,880 bytes; only the first 1,048,576 are shown\. The whole object: aws s3 cp/);
    assert.equal(shellQuote('$(rm -rf ~)'), `'$(rm -rf ~)'`);
  });

  it('a UTF-8 prefix cut inside a character drops the broken character', () => {
    const bytes = new TextEncoder().encode('ab€'); // € is 3 bytes
    assert.equal(utf8Prefix(bytes), 'ab€');
    assert.equal(utf8Prefix(bytes.subarray(0, 4)), 'ab');
    assert.equal(utf8Prefix(bytes.subarray(0, 3)), 'ab');
    assert.equal(utf8Prefix(new TextEncoder().encode('a😀').subarray(0, 4)), 'a');
  });

  it('no output: each attempt, what was tried and what is missing', () => {
    const text = noOutputText('association x on i-1', [
      { source: 's3', tried: 'list s3://b/p/', problem: 'Access denied: …' },
      { source: 'runCommand', tried: 'call GetCommandInvocation', problem: 'Run Command no longer has this run' },
    ]);
    assert.match(text, /S3: tried to list s3:\/\/b\/p\/\.\n {2}Access denied/);
    assert.match(text, /Run Command: tried to call GetCommandInvocation\.\n {2}Run Command no longer/);
  });
});

describe('what is missing, when output cannot be read', () => {
  const err = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
  it('S3 access denied names the action, the resource ARN (with partition) and the profile', () => {
    assert.match(s3Problem(err('AccessDenied', 403), { action: 's3:GetObject', bucket: 'b', key: 'p/stdout', region: 'cn-north-1', profile: 'dev' }, describeError), /profile "dev" may not s3:GetObject on arn:aws-cn:s3:::b\/p\/stdout/);
    assert.match(s3Problem(err('AccessDenied', 403), { action: 's3:ListBucket', bucket: 'b', key: 'p/', region: 'eu-west-1' }, describeError), /s3:ListBucket on arn:aws:s3:::b \(with the prefix p\/ allowed/);
  });
  it('a missing bucket points at the association setting; a gone object at lifecycle expiry', () => {
    assert.match(s3Problem(err('NoSuchBucket', 404), { action: 's3:ListBucket', bucket: 'b' }, describeError), /bucket b does not exist.*OutputS3BucketName/);
    assert.match(s3Problem(err('NoSuchKey', 404), { action: 's3:GetObject', bucket: 'b', key: 'k' }, describeError), /expired/);
  });
  it('SSM access denied names the ssm: action; an old command says its history expired (no source gives a retention period to name)', () => {
    assert.match(ssmProblem(err('AccessDeniedException', 400), 'GetCommandInvocation', { region: 'eu-west-1' }, describeError), /may not call ssm:GetCommandInvocation in eu-west-1/);
    assert.match(ssmProblem(err('InvocationDoesNotExist', 400), 'GetCommandInvocation', {}, describeError), /no longer has this run \(its history expired\)/);
    assert.match(ssmProblem(err('AssociationDoesNotExist', 400), 'DescribeAssociation', {}, describeError), /does not exist any more/);
  });
});
