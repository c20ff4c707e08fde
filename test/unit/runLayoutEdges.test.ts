// The edges of src/aws/runLayout.ts (issue 20, mutation): what is a run ID and what is not, key prefixes with
// stray slashes, stream keys one folder too deep or with a suffix, the exact listings the newest-run search
// asks for (its windows and its halving), and the minute before / hour after of the run a trigger started.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { associationPrefix, commandPrefix, type ListFolders, newestRun, RUN_ID, runAfter, runIdOf, runStreams, runTime, stepNames } from '../../src/aws/runLayout';

const DAY = 86_400_000;
const NODE = 'i-0a1b2c3d4e5f60001';
const ASSOC = '8c6b8f0e-5f5e-4a3b-9c2d-1e2f3a4b5c6d';
const COMMAND = 'c0ffee00-0000-4000-8000-000000000000';

/** A ListObjectsV2 of folders (1,000 a page, sorted, strictly after StartAfter) that records what it was asked. */
function folderLister(folders: string[]) {
  const asked: (string | undefined)[] = [];
  const list: ListFolders = async (prefix, startAfter, token) => {
    asked.push(startAfter?.slice(prefix.length));
    const from = token ? Number(token) : folders.findIndex((f) => startAfter === undefined || f > startAfter);
    const start = from < 0 ? folders.length : from;
    return { prefixes: folders.slice(start, start + 1000), nextToken: start + 1000 < folders.length ? String(start + 1000) : undefined };
  };
  return { list, asked };
}

describe('run IDs: only the agent\'s exact form is a run', () => {
  const good = '2026-12-01T10-15-30.123Z';
  it('accepts the form and nothing around it', () => {
    assert.ok(RUN_ID.test(good));
    for (const bad of [
      `x${good}`,
      `${good}x`,
      `${good}/`,
      '12026-12-01T10-15-30.123Z',
      '226-12-01T10-15-30.123Z',
      '2026-1-01T10-15-30.123Z',
      '2026-12-1T10-15-30.123Z',
      '2026-12-01T1-15-30.123Z',
      '2026-12-01T10-1-30.123Z',
      '2026-12-01T10-15-3.123Z',
      '2026-12-01T10-15-30.1Z',
      '2026-12-01T10-15-30.1234Z',
      '2026-12-01T10-15-30123Z',
      '2026-12-01t10-15-30.123Z',
      '2026-12-01T10-15-30.123z',
      'abcd-ef-ghTij-kl-mn.opqZ',
    ])
      assert.equal(RUN_ID.test(bad), false, bad);
  });

  it('a run ID of the right form that names no time (month 13, hour 25) is no run', () => {
    assert.equal(runTime('2026-13-01T10-15-30.123Z'), undefined);
    assert.equal(runTime('2026-12-01T25-15-30.123Z'), undefined);
    assert.equal(runTime('2026-12-01T10-15-30.1Z'), undefined, 'Date.parse would read it: the form refuses it first');
    assert.equal(runTime(good), Date.UTC(2026, 11, 1, 10, 15, 30, 123));
  });
});

describe('key prefixes: any number of slashes around the key prefix, none inside lost', () => {
  it('the association prefix', () => {
    assert.equal(associationPrefix('//ssm/out//', NODE, ASSOC), `ssm/out/${NODE}/${ASSOC}/`);
    assert.equal(associationPrefix('ssm/out', NODE, ASSOC), `ssm/out/${NODE}/${ASSOC}/`);
    assert.equal(associationPrefix('///', NODE, ASSOC), `${NODE}/${ASSOC}/`);
  });
  it('the Run Command prefix', () => {
    assert.equal(commandPrefix('//ssm/out//', COMMAND, NODE), `ssm/out/${COMMAND}/${NODE}/`);
    assert.equal(commandPrefix('ssm/out', COMMAND, NODE), `ssm/out/${COMMAND}/${NODE}/`);
    assert.equal(commandPrefix('', COMMAND, NODE), `${COMMAND}/${NODE}/`);
    assert.equal(commandPrefix('/', COMMAND, NODE), `${COMMAND}/${NODE}/`);
  });
});

describe('stream keys and step names', () => {
  const run = `${NODE}/${ASSOC}/2026-12-01T10-15-30.123Z/`;
  it('only <plugin folder>/<step folder>/stdout|stderr right under the run: not deeper, not with a suffix', () => {
    const keys = [
      { key: `${run}awsrunShellScript/a/stdout`, size: 1 },
      { key: `${run}x/awsrunShellScript/b/stdout`, size: 2 },
      { key: `${run}awsrunShellScript/c/stdout.bak`, size: 3 },
      { key: `${run}awsrunShellScript/d/stderrx`, size: 4 },
      { key: `${run}awsrunShellScript//stdout`, size: 5 },
      { key: `${run}/awsrunShellScript/e/stdout`, size: 6 },
    ];
    assert.deepEqual(
      runStreams(keys, run).map((s) => [s.id, s.folder, s.stream, s.size]),
      [[`${run}awsrunShellScript/a/stdout`, 'awsrunShellScript/a', 'stdout', 1]],
    );
  });

  it('steps stay in listing order by folder: two plugins with a step of the same name are two steps', () => {
    const keys = [`${run}awsrunPowerShellScript/setup/stdout`, `${run}awsrunShellScript/other/stdout`, `${run}awsrunShellScript/setup/stderr`].map((key) => ({ key }));
    assert.deepEqual(
      runStreams(keys, run).map((s) => `${s.folder} ${s.stream}`),
      ['awsrunPowerShellScript/setup stdout', 'awsrunShellScript/other stdout', 'awsrunShellScript/setup stderr'],
    );
  });

  it('stdout comes first within a step whatever the listing order', () => {
    const keys = [`${run}awsrunShellScript/a/stdout`, `${run}awsrunShellScript/a/stderr`, `${run}awsrunShellScript/b/stderr`, `${run}awsrunShellScript/b/stdout`].map((key) => ({ key }));
    assert.deepEqual(
      runStreams(keys, run).map((s) => `${s.folder} ${s.stream}`),
      ['awsrunShellScript/a stdout', 'awsrunShellScript/a stderr', 'awsrunShellScript/b stdout', 'awsrunShellScript/b stderr'],
    );
  });

  it('a plugin folder is an AWS plugin only when it starts with "aws" and a letter', () => {
    assert.deepEqual(stepNames('myawsPlugin', 'go'), { step: 'go', plugin: 'myawsPlugin' });
    assert.deepEqual(stepNames('aws', 'go'), { step: 'go', plugin: 'aws' });
    assert.deepEqual(stepNames('aws1', 'go'), { step: 'go', plugin: 'aws1' });
  });

  it('a 1.2 step id is "<index>.<plugin folder>" exactly; a 2.x step that only looks like one keeps its name', () => {
    assert.deepEqual(stepNames('awsrunShellScript', '12.awsrunShellScript'), { step: 'aws:runShellScript (12)', plugin: 'aws:runShellScript' });
    assert.deepEqual(stepNames('awsrunShellScript', 'x0.awsrunShellScript'), { step: 'x0.awsrunShellScript', plugin: 'aws:runShellScript' });
    assert.deepEqual(stepNames('awsrunShellScript', '0.awsrunPowerShellScript'), { step: '0.awsrunPowerShellScript', plugin: 'aws:runShellScript' });
    assert.deepEqual(stepNames('awsrunShellScript', '0xawsrunShellScript'), { step: '0xawsrunShellScript', plugin: 'aws:runShellScript' });
    assert.deepEqual(stepNames('awsrunShellScript', '.awsrunShellScript'), { step: '.awsrunShellScript', plugin: 'aws:runShellScript' });
    assert.deepEqual(stepNames('awsrunShellScript', '0.awsrunShellScript\nx'), { step: '0.awsrunShellScript\nx', plugin: 'aws:runShellScript' }, 'a line break in a key');
  });
});

describe('the newest run: the listings it asks for', () => {
  const p = `${NODE}/${ASSOC}/`;
  const now = Date.UTC(2026, 11, 1, 12, 0, 0, 0);
  const ago = (days: number) => runIdOf(now - days * DAY);

  it('the windows: the last day, 30 days, a year, four years, then everything', async () => {
    const { list, asked } = folderLister([`${p}${ago(5 * 365)}/`, `${p}${ago(5 * 365 - 1)}/`]);
    assert.deepEqual(await newestRun(list, p, now), { runId: ago(5 * 365 - 1), requests: 5, cut: false });
    assert.deepEqual(asked, [ago(1), ago(30), ago(365), ago(4 * 365), undefined]);
  });

  it('a window of more than a page is halved: after the middle while a page is full, back while nothing is after it', async () => {
    // 2,880 runs a minute apart, the newest 18 days ago: the 30-day window holds more than a page.
    const { list, asked } = folderLister(Array.from({ length: 2880 }, (_, i) => `${p}${runIdOf(now - 18 * DAY - i * 60_000)}/`).sort());
    assert.deepEqual(await newestRun(list, p, now), { runId: ago(18), requests: 7, cut: false });
    // [30, 1] days ago → 15.5 (nothing after) → [30, 15.5] → 22.75 (full) → [22.75, 15.5] → 19.125 (full) →
    // [19.125, 15.5] → 17.3125 (nothing) → [19.125, 17.3125] → 18.21875: 315 runs, the newest among them.
    assert.deepEqual(asked, [ago(1), ago(30), ago(15.5), ago(22.75), ago(19.125), ago(17.3125), ago(18.21875)]);
  });

  it('takes the newest of a page in any order, and ignores folders outside the prefix', async () => {
    const other = `${NODE}/${'9'.repeat(ASSOC.length)}/`;
    const pages: ListFolders = async () => ({ prefixes: [`${p}${ago(3)}/`, `${p}${ago(2)}/`, `${p}${ago(2.5)}/`, `${other}${ago(0.5)}/`] });
    assert.deepEqual(await newestRun(pages, p, now), { runId: ago(2), requests: 1, cut: false });
  });

  it('a range halved to nothing stops at once (cut), never asking for the same listing twice', async () => {
    // The computer's clock at the end of 2003 (four 365-day years after 2000-01-01, where the search stops looking)
    // and more than a page of runs from before 2000: the last window has no time left to halve.
    const clock = Date.UTC(2000, 0, 1) + 4 * 365 * DAY;
    for (const at of [clock, clock + 1]) {
      const { list, asked } = folderLister(Array.from({ length: 1500 }, (_, i) => `${p}${runIdOf(Date.UTC(1999, 0, 1) + i * 3_600_000)}/`));
      const found = await newestRun(list, p, at);
      assert.deepEqual(found, { runId: runIdOf(Date.UTC(1999, 0, 1) + 999 * 3_600_000), requests: 5, cut: true });
      assert.equal(new Set(asked).size, asked.length, `${asked}`);
    }
  });
});

describe('the run a trigger started: from a minute before it to an hour after', () => {
  const p = 'x/';
  const at = Date.UTC(2026, 0, 1, 0, 0, 0, 0);
  const folder = (ms: number) => `${p}${runIdOf(ms)}/`;
  it('the edges are in; a millisecond beyond is out', () => {
    assert.equal(runAfter([folder(at - 60_000)], p, at), runIdOf(at - 60_000));
    assert.equal(runAfter([folder(at - 60_001)], p, at), undefined);
    assert.equal(runAfter([folder(at + 3_600_000)], p, at), runIdOf(at + 3_600_000));
    assert.equal(runAfter([folder(at + 3_600_001)], p, at), undefined);
  });
  it('the first that fits, in listing order', () => {
    assert.equal(runAfter([folder(at - 60_001), folder(at + 10), folder(at + 20)], p, at), runIdOf(at + 10));
  });
});
