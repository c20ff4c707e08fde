// The edges of src/core/runOutput.ts (issue 20, mutation): the default pick with few stderrs, the ceilings at
// exactly their limits, the copy commands without a profile or a folder name, shell quoting, UTF-8 cuts at
// each lead byte, and the whole text of the output and no-output documents.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_BYTES_HELD,
  MAX_STREAMS_READ,
  PRE_PICKED,
  type StreamRef,
  defaultPick,
  noOutputText,
  outputDocumentText,
  s3CopyRunCommand,
  shellQuote,
  sourceName,
  utf8Prefix,
  withinCeilings,
} from '../../src/core/runOutput';

const ref = (step: string, stream: 'stdout' | 'stderr', size?: number): StreamRef => ({ id: `${step}/${stream}`, step, stream, size });

describe('the default pick with fewer stderrs than it takes', () => {
  it('every stderr, then the first stdouts up to six, each once, in run order', () => {
    const streams = [ref('a', 'stdout'), ref('a', 'stderr'), ...['b', 'c', 'd', 'e', 'f', 'g'].map((s) => ref(s, 'stdout')), ref('h', 'stderr')];
    assert.deepEqual(
      defaultPick(streams).map((s) => s.id),
      ['a/stdout', 'a/stderr', 'b/stdout', 'c/stdout', 'd/stdout', 'h/stderr'],
    );
    assert.equal(PRE_PICKED, 6);
  });
});

describe('the ceilings at exactly their limits', () => {
  it(`${MAX_STREAMS_READ} streams are read, the next is left`, () => {
    const small = Array.from({ length: MAX_STREAMS_READ + 1 }, (_, i) => ref(`s${i}`, 'stdout', 1));
    const { read, left } = withinCeilings(small);
    assert.equal(read.length, MAX_STREAMS_READ);
    assert.deepEqual(left, [small[MAX_STREAMS_READ]]);
  });

  it('bytes up to exactly MAX_BYTES_HELD are read; a byte more is left; a stream over the read limit counts as the limit', () => {
    const half = MAX_BYTES_HELD / 2;
    assert.equal(withinCeilings([ref('a', 'stdout', half), ref('b', 'stdout', half)], half).read.length, 2);
    assert.deepEqual(
      withinCeilings([ref('a', 'stdout', half), ref('b', 'stdout', half + 1), ref('c', 'stdout', 1)], half + 1).left.map((s) => s.id),
      ['b/stdout'],
    );
    assert.equal(withinCeilings([ref('a', 'stdout', 100 * MAX_BYTES_HELD), ref('b', 'stdout', 100 * MAX_BYTES_HELD)], half).read.length, 2);
    assert.equal(withinCeilings([ref('a', 'stdout', 0), ref('b', 'stdout')], MAX_BYTES_HELD).read.length, 2, 'a known size of 0 is not an unknown size');
  });
});

describe('the commands a user pastes', () => {
  it('the copy of a whole run: without a profile, with stray slashes, and a folder with no name', () => {
    assert.equal(s3CopyRunCommand('bkt', 'out/2026-12-01T10-15-30.123Z/', 'eu-west-1'), 'aws s3 cp --recursive s3://bkt/out/2026-12-01T10-15-30.123Z/ ./2026-12-01T10-15-30.123Z --region eu-west-1');
    assert.equal(s3CopyRunCommand('bkt', 'out/run-1//', 'eu-west-1'), 'aws s3 cp --recursive s3://bkt/out/run-1// ./run-1 --region eu-west-1');
    assert.equal(s3CopyRunCommand('bkt', '/', 'eu-west-1'), 'aws s3 cp --recursive s3://bkt// ./run --region eu-west-1');
    assert.equal(s3CopyRunCommand('bkt', '', 'eu-west-1', ''), 'aws s3 cp --recursive s3://bkt/ ./run --region eu-west-1');
  });

  it('a word of safe characters stays bare; anything else anywhere in it is quoted', () => {
    assert.equal(shellQuote('AZaz09_./:@=+-'), 'AZaz09_./:@=+-');
    for (const c of ['A', 'z', '0', '9', '_', '.', '/', ':', '@', '=', '+', '-']) assert.equal(shellQuote(`${c}${c}`), `${c}${c}`, c);
    for (const text of ['a b', 'a;b', '$x', 'x`', '~', '', 'a\nb', 'é']) assert.equal(shellQuote(text), `'${text}'`, text);
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
  });
});

describe('a UTF-8 prefix cut at each kind of lead byte', () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  it('a two-, three- and four-byte character cut after its lead or inside is dropped; whole, it is kept', () => {
    const cases: [string, number][] = [
      ['é', 2], // C3 A9
      ['\u0915', 3], // Devanagari KA: E0 A4 95, the lowest three-byte lead
      ['€', 3], // E2 82 AC
      ['😀', 4], // F0 9F 98 80, the lowest four-byte lead
    ];
    for (const [ch, n] of cases) {
      const whole = new TextEncoder().encode(`a${ch}`);
      assert.equal(whole.length, 1 + n);
      assert.equal(utf8Prefix(whole), `a${ch}`, ch);
      for (let cut = 2; cut <= n; cut++) assert.equal(utf8Prefix(whole.subarray(0, cut)), 'a', `${ch} cut at ${cut}`);
    }
  });

  it('a cut character at the very start leaves nothing; an empty prefix is empty; plain ASCII is whole', () => {
    assert.equal(utf8Prefix(bytes(0xe2, 0x82)), '');
    assert.equal(utf8Prefix(bytes(0xf0)), '');
    assert.equal(utf8Prefix(bytes()), '');
    assert.equal(utf8Prefix(new TextEncoder().encode('plain')), 'plain');
  });

  it('a lead byte of the lowest two-byte value (0xC0) at the end waits for its second byte like any other', () => {
    assert.equal(utf8Prefix(bytes(0x61, 0xc0)), 'a');
    assert.equal(utf8Prefix(bytes(0x61, 0xdf)), 'a');
  });
});

describe('the whole text of the documents', () => {
  it('an output document: header lines in order, the rule, the text', () => {
    const text = outputDocumentText(
      { step: 'install nginx', plugin: 'aws:runShellScript', stream: 'stderr', text: 'boom', location: 's3://b/k/stderr', truncated: 'cut' },
      {
        runId: 'r1',
        notes: ['n1', 'n2'],
        leftOut: '3 of 9',
        earlierAttempts: [
          { source: 's3', tried: 'list', problem: 'p1' },
          { source: 'runCommand', tried: 'get', problem: 'p2' },
        ],
      },
    );
    assert.equal(
      text,
      [
        'stderr of step install nginx (aws:runShellScript), run r1',
        'From: s3://b/k/stderr',
        'TRUNCATED: cut',
        'NOTE: n1',
        'NOTE: n2',
        'NOT OPENED: 3 of 9',
        'Not available from S3: p1',
        'Not available from Run Command: p2',
        '─'.repeat(60),
        'boom',
      ].join('\n'),
    );
  });

  it('a step named as its plugin names it once; nothing optional is written when absent', () => {
    assert.equal(
      outputDocumentText({ step: 'aws:runShellScript', plugin: 'aws:runShellScript', stream: 'stdout', text: '', location: 'Run Command c' }, { runId: 'c', notes: [], earlierAttempts: [] }),
      ['stdout of step aws:runShellScript, run c', 'From: Run Command c', '─'.repeat(60), '(stdout is empty)'].join('\n'),
    );
    assert.equal(
      outputDocumentText({ step: 's', stream: 'stderr', empty: true, text: '', location: 'l' }, { runId: 'r' }),
      ['stderr of step s, run r', 'From: l', '─'.repeat(60), '(this step printed nothing on stderr: the agent uploads no object for an empty stream)'].join('\n'),
    );
  });

  it('the no-output text: what, the notes, then each attempt', () => {
    const attempts = [
      { source: 's3', tried: 'list s3://b/p/', problem: 'denied' },
      { source: 'runCommand', tried: 'call GetCommandInvocation', problem: 'gone' },
    ] as const;
    assert.equal(
      noOutputText('run r', attempts, ['note 1', 'note 2']),
      ['No output could be read for run r.', '', 'note 1', '', 'note 2', '', 'S3: tried to list s3://b/p/.', '  denied', '', 'Run Command: tried to call GetCommandInvocation.', '  gone', ''].join('\n'),
    );
    assert.equal(noOutputText('run r', []), 'No output could be read for run r.\n');
    assert.equal(sourceName('s3'), 'S3');
    assert.equal(sourceName('runCommand'), 'Run Command');
  });
});
