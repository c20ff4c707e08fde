import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runIdFromOutputUrl } from '../../src/aws/sdk/outputReader';
import { associationPrefix, commandPrefix, type ListFolders, NEWEST_RUN_MAX_REQUESTS, NEWEST_RUN_WINDOWS_MS, newestRun, runAfter, runIdOf, runStreams, runTime, stepNames } from '../../src/aws/runLayout';
import { describeError } from '../../src/aws/errors';
import { s3Problem, ssmProblem } from '../../src/aws/outputProblems';
import {
  MAX_BYTES_HELD,
  MAX_STREAMS_READ,
  PRE_PICKED,
  type StreamRef,
  defaultPick,
  leftOutNote,
  noOutputText,
  outputDocumentText,
  runCommandTruncationNote,
  s3CopyCommand,
  s3CopyRunCommand,
  s3TruncationNote,
  shellQuote,
  utf8Prefix,
  withinCeilings,
} from '../../src/core/runOutput';

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

  it('the streams of a run: <plugin folder>/<step folder>/stdout|stderr, named as the user knows the step, stdout first', () => {
    const p = associationPrefix('', NODE, ASSOC);
    const run = `${p}2024-10-22T09-00-00.000Z/`;
    const keys = [
      { key: `${run}awsrunPowerShellScript/0.awsrunPowerShellScript/stdout`, size: 3 },
      { key: `${run}awsrunShellScript/0.awsrunShellScript/stdout`, size: 5 },
      { key: `${run}awsrunShellScript/1.awsrunShellScript/stdout`, size: 6 },
      { key: `${run}awsrunShellScript/install nginx/stderr`, size: 10 },
      { key: `${run}awsrunShellScript/install nginx/stdout`, size: 20 },
      { key: `${run}awsrunShellScript/configureHost/stdout`, size: 7 },
      { key: `${run}awsrunShellScript/stdout` },
      { key: `${run}awsrunShellScript/a/notes.txt` },
      { key: `${p}2024-10-20T01-00-00.000Z/awsrunShellScript/a/stdout` },
    ];
    assert.deepEqual(
      runStreams(keys, run).map((s) => `${s.step} [${s.plugin}] ${s.stream}:${s.size}`),
      [
        'aws:runPowerShellScript [aws:runPowerShellScript] stdout:3',
        'aws:runShellScript [aws:runShellScript] stdout:5',
        'aws:runShellScript (1) [aws:runShellScript] stdout:6',
        'install nginx [aws:runShellScript] stdout:20',
        'install nginx [aws:runShellScript] stderr:10',
        'configureHost [aws:runShellScript] stdout:7',
      ],
    );
    assert.deepEqual(stepNames('awsconfigureDocker', 'installDocker'), { step: 'installDocker', plugin: 'aws:configureDocker' });
    assert.deepEqual(stepNames('MyPlugin', '0.MyPlugin'), { step: 'MyPlugin', plugin: 'MyPlugin' });
  });

  it('run ids are the agent\'s times (yyyy-MM-ddTHH-mm-ss.fffZ); nothing else is a run', () => {
    assert.equal(runIdOf(Date.UTC(2026, 11, 1, 10, 15, 30, 123)), '2026-12-01T10-15-30.123Z');
    assert.equal(runTime('2026-12-01T10-15-30.123Z'), Date.UTC(2026, 11, 1, 10, 15, 30, 123));
    for (const bad of ['2026-12-01T10:15:30.123Z', 'zzz', '2026-12-01T10-15-30Z', '../2026-12-01T10-15-30.123Z']) assert.equal(runTime(bad), undefined, bad);
    assert.equal(commandPrefix('/out/', 'c0ffee00-0000-4000-8000-000000000000', NODE), `out/c0ffee00-0000-4000-8000-000000000000/${NODE}/`);
  });

  const folderLister = (folders: string[]) => {
    const asked: (string | undefined)[] = [];
    const list: ListFolders = async (prefix, startAfter, token) => {
      asked.push(startAfter?.slice(prefix.length));
      const from = token ? Number(token) : folders.findIndex((f) => startAfter === undefined || f > startAfter);
      const start = from < 0 ? folders.length : from;
      return { prefixes: folders.slice(start, start + 1000), nextToken: start + 1000 < folders.length ? String(start + 1000) : undefined };
    };
    return { list, asked };
  };

  it('the newest run: window by window from now, run folders only, junk folders ignored', async () => {
    const p = associationPrefix('', NODE, ASSOC);
    const now = Date.UTC(2026, 11, 1, 12, 0, 0, 0);
    // 3,000 runs every 6 hours up to 20 days ago, then junk that sorts after every run id.
    const { list, asked } = folderLister([...Array.from({ length: 3000 }, (_, i) => `${p}${runIdOf(now - 20 * 86_400_000 - i * 6 * 3_600_000)}/`), `${p}zzz/`, `${p}notes/`].sort());
    const found = await newestRun(list, p, now);
    assert.deepEqual(found, { runId: runIdOf(now - 20 * 86_400_000), requests: 2, cut: false });
    assert.deepEqual(asked, [runIdOf(now - 86_400_000), runIdOf(now - 30 * 86_400_000)], 'the last day (only junk), then the last 30 days');
    assert.deepEqual(await newestRun(async () => ({ prefixes: [`${p}zzz/`] }), p, now), { runId: undefined, requests: NEWEST_RUN_WINDOWS_MS.length, cut: false });
  });

  it('the newest run among 50,000 older runs (100,000 objects): the window is halved, a few requests', async () => {
    const p = associationPrefix('', NODE, ASSOC);
    const now = Date.UTC(2026, 11, 1, 12, 0, 0, 0);
    const newest = now - 500 * 86_400_000;
    const { list } = folderLister(Array.from({ length: 50_000 }, (_, i) => `${p}${runIdOf(newest - i * 3_600_000)}/`).sort());
    const found = await newestRun(list, p, now);
    assert.equal(found.runId, runIdOf(newest));
    assert.equal(found.cut, false);
    assert.ok(found.requests <= 12, `${found.requests} requests`);
  });

  it('a listing that never fits a page stops at the ceiling and says so', async () => {
    const p = 'x/';
    const now = Date.UTC(2026, 11, 1, 12, 0, 0, 0);
    const endless: ListFolders = async () => ({ prefixes: [`${p}${runIdOf(now - 1000)}/`], nextToken: 'more' });
    const cut = await newestRun(endless, p, now);
    assert.equal(cut.requests, NEWEST_RUN_MAX_REQUESTS);
    assert.equal(cut.cut, true);
    assert.equal(cut.runId, runIdOf(now - 1000));
  });

  it('the run a trigger started: the first run folder from a minute before it, within an hour', () => {
    const p = 'x/';
    const at = Date.UTC(2026, 0, 1, 0, 0, 0, 0);
    assert.equal(runAfter([`${p}${runIdOf(at - 120_000)}/`, `${p}${runIdOf(at + 1234)}/`], p, at), runIdOf(at + 1234));
    assert.equal(runAfter([`${p}${runIdOf(at + 2 * 3_600_000)}/`], p, at), undefined);
    assert.equal(runAfter([`${p}junk/`], p, at), undefined);
  });
});

describe('which streams are read', () => {
  const ref = (step: string, stream: 'stdout' | 'stderr', size?: number): StreamRef => ({ id: `${step}/${stream}`, step, stream, size });
  it('by default at most six: every stderr first, then stdouts, in run order', () => {
    const streams = Array.from({ length: 40 }, (_, i) => [ref(`s${i}`, 'stdout'), ref(`s${i}`, 'stderr')]).flat();
    const picked = defaultPick(streams);
    assert.equal(picked.length, PRE_PICKED);
    assert.ok(picked.every((s) => s.stream === 'stderr'));
    assert.deepEqual(defaultPick([ref('a', 'stdout'), ref('b', 'stderr')]).map((s) => s.id), ['a/stdout', 'b/stderr']);
  });

  it('within the ceilings: at most MAX_STREAMS_READ streams and MAX_BYTES_HELD bytes (unknown sizes count as the read limit)', () => {
    const big = Array.from({ length: 200 }, (_, i) => ref(`s${i}`, 'stdout', 1024 * 1024));
    const { read, left } = withinCeilings(big);
    assert.equal(read.length, MAX_BYTES_HELD / (1024 * 1024));
    assert.equal(left.length, 200 - read.length);
    const small = Array.from({ length: 100 }, (_, i) => ref(`s${i}`, 'stdout', 10));
    assert.equal(withinCeilings(small).read.length, MAX_STREAMS_READ);
    assert.equal(withinCeilings([ref('a', 'stdout'), ref('b', 'stdout')], 5 * 1024 * 1024).read.length, 1);
  });

  it('says what was left out and the command that copies the whole run', () => {
    assert.equal(leftOutNote(0, 3, 'x'), undefined);
    const how = s3CopyRunCommand('bkt', 'out/i-1/a/2026-12-01T10-15-30.123Z/', 'eu-west-1', 'my profile');
    assert.equal(how, `aws s3 cp --recursive s3://bkt/out/i-1/a/2026-12-01T10-15-30.123Z/ ./2026-12-01T10-15-30.123Z --region eu-west-1 --profile 'my profile'`);
    assert.equal(leftOutNote(394, 400, how), `394 of the run's 400 streams were not opened. All of them: ${how}`);
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

  it('a step that printed nothing says so; notes and what was not opened are in the header; the plugin beside the step', () => {
    const text = outputDocumentText(
      { step: 'install nginx', plugin: 'aws:runShellScript', stream: 'stdout', empty: true, text: '', location: 's3://b/k/stdout (no such object)' },
      { runId: 'r', notes: ['the trigger'], leftOut: '3 of 9' },
    );
    assert.match(text, /^stdout of step install nginx \(aws:runShellScript\), run r\n/);
    assert.match(text, /\nNOTE: the trigger\nNOT OPENED: 3 of 9\n/);
    assert.match(text, /this step printed nothing on stdout/);
    assert.doesNotMatch(text, /no output found/i);
    assert.match(noOutputText('x', [], ['a note']), /a note/);
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
  it('every other S3 answer in words: a 404 of an object, a wrong region S3 did not name, any 403, an archived object', () => {
    const get = { action: 's3:GetObject', bucket: 'b', key: 'p/k', region: 'eu-west-1' } as const;
    const list = { action: 's3:ListBucket', bucket: 'b', key: 'p/', region: 'eu-west-1' } as const;
    assert.match(s3Problem(err('NoSuchKey', 404), get, describeError), /^The object p\/k is gone: it expired/);
    assert.match(s3Problem(err('NotFound', 404), get, describeError), /^The object p\/k is gone/);
    assert.doesNotMatch(s3Problem(err('NotFound', 404), list, describeError), /is gone/, 'a 404 of a listing is no object gone');
    const moved = "The bucket b is not in eu-west-1, and S3 did not say which region it is in. Set the association's output region (OutputS3Region), or allow s3:GetBucketLocation so the extension can find it.";
    for (const e of [err('PermanentRedirect', 301), err('AuthorizationHeaderMalformed', 400), err('Moved', 301)]) assert.equal(s3Problem(e, list, describeError), moved, e.name);
    assert.match(s3Problem(err('PermanentRedirect', 301), { action: 's3:ListBucket', bucket: 'b' }, describeError), /^The bucket b is not in the region asked,/);
    for (const e of [err('Forbidden', 403), err('UnknownError', 403), err('AccessDenied', 400)]) assert.match(s3Problem(e, get, describeError), /^Access denied: /, e.name);
    assert.doesNotMatch(s3Problem(err('AccessDenied', 403), { ...list, key: undefined }, describeError), /with the prefix/);
    assert.doesNotMatch(s3Problem(err('AccessDenied', 403), { ...get, action: 's3:GetObject' }, describeError), /with the prefix/);
    const archived = (storage: unknown) => Object.assign(err('InvalidObjectState', 403), { StorageClass: storage });
    assert.match(s3Problem(archived('DEEP_ARCHIVE'), get, describeError), /^The object p\/k is archived \(storage class DEEP_ARCHIVE\), most likely/);
    for (const odd of ['deep archive', 'X'.repeat(41), 'GLACIER\nx', 7]) assert.match(s3Problem(archived(odd), get, describeError), /^The object p\/k is archived, most likely/);
    const named = Object.assign(new Error('x'), { name: 'Error', Code: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } });
    assert.match(s3Problem(named, list, describeError), /^The bucket b does not exist/, 'a plain Error named by its Code');
  });
  it('every other SSM answer in words: a run gone from the history, a command Run Command no longer has', () => {
    assert.equal(ssmProblem(err('AssociationExecutionDoesNotExist', 400), 'DescribeAssociationExecutionTargets', {}, describeError), 'This run of the association no longer exists in its execution history.');
    assert.match(ssmProblem(err('InvalidCommandId', 400), 'GetCommandInvocation', {}, describeError), /^Run Command no longer has this run/);
    assert.match(ssmProblem(err('SomethingElse', 403), 'GetCommandInvocation', {}, describeError), /^Access denied: .* may not call ssm:GetCommandInvocation\. Allow/);
  });
  it('SSM access denied names the ssm: action; an old command says its history expired (no source gives a retention period to name)', () => {
    assert.match(ssmProblem(err('AccessDeniedException', 400), 'GetCommandInvocation', { region: 'eu-west-1' }, describeError), /may not call ssm:GetCommandInvocation in eu-west-1/);
    assert.match(ssmProblem(err('InvocationDoesNotExist', 400), 'GetCommandInvocation', {}, describeError), /no longer has this run \(its history expired\)/);
    assert.match(ssmProblem(err('AssociationDoesNotExist', 400), 'DescribeAssociation', {}, describeError), /does not exist any more/);
  });
});
