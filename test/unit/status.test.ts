import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addToSummary, EMPTY_SUMMARY, statusLook, summaryText } from '../../src/core/status';
import { awsDate } from '../../src/core/time';

describe('statusLook', () => {
  it('maps each documented status to its icon and colour', () => {
    assert.deepEqual([statusLook('Success').icon, statusLook('Success').color], ['pass', 'testing.iconPassed']);
    assert.deepEqual([statusLook('Failed').icon, statusLook('Failed').color], ['error', 'testing.iconFailed']);
    assert.equal(statusLook('TimedOut').icon, 'error');
    assert.equal(statusLook('Pending').icon, 'clock');
    assert.equal(statusLook('Associated').icon, 'clock');
    assert.equal(statusLook('InProgress').icon, 'sync~spin');
    assert.equal(statusLook('Skipped').icon, 'circle-slash');
  });
  it('treats any other string as unknown, never as an error', () => {
    for (const s of ['Weird', '', undefined, 'toString', '__proto__']) {
      assert.equal(statusLook(s).icon, 'question', String(s));
      assert.equal(statusLook(s).known, false);
    }
  });
});

describe('node summary', () => {
  it('counts failures and keeps the worst status, page by page', () => {
    let summary = addToSummary(EMPTY_SUMMARY, ['Success', 'Pending']);
    assert.equal(summary.worst?.icon, 'clock');
    summary = addToSummary(summary, ['Failed', 'TimedOut', 'Success']);
    assert.deepEqual([summary.loaded, summary.failed, summary.worst?.icon], [5, 2, 'error']);
    assert.equal(summaryText(summary, false), '2 failed · 5 loaded');
    assert.equal(summaryText(summary, true), '2 failed · 5+ loaded');
    assert.equal(summaryText(addToSummary(EMPTY_SUMMARY, ['Success']), false), '1 loaded');
  });
});

describe('one date coercion for AWS answers', () => {
  it('awsDate takes a Date or epoch seconds, nothing else', () => {
    assert.equal(awsDate(new Date('2025-06-01T12:00:00Z'))?.toISOString(), '2025-06-01T12:00:00.000Z');
    assert.equal(awsDate(1581948052.198)?.toISOString(), '2020-02-17T14:00:52.198Z');
    for (const bad of [new Date('x'), Number.NaN, Infinity, '1581948052', null, undefined, {}]) assert.equal(awsDate(bad), undefined, String(bad));
  });
});
