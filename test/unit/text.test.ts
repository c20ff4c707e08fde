import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clipBlock, clipLabel, escapeMarkdown, revealInvisible } from '../../src/model/text';
import { relativeTime } from '../../src/model/time';

describe('escapeMarkdown', () => {
  it('leaves no Markdown or HTML meaning in hostile text', () => {
    const hostile = '[click](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> **bold** `code` &amp; ![i](http://x/y.png) <a href="x">a</a> # h';
    const escaped = escapeMarkdown(hostile);
    // Every Markdown/HTML punctuation character is preceded by a backslash.
    for (const match of escaped.matchAll(/[[\]()<>*`&!#]/g)) {
      assert.equal(escaped[match.index! - 1], '\\', `unescaped ${match[0]} at ${match.index} in ${escaped}`);
    }
  });
  it('keeps line breaks as Markdown hard breaks', () => {
    assert.equal(escapeMarkdown('a\nb'), 'a  \nb');
  });
  it('makes control and bidi characters visible', () => {
    assert.equal(revealInvisible('a\u202Eb\u0007c\u200Bd'), 'a\\u202Eb\\u0007c\\u200Bd');
    assert.equal(escapeMarkdown('x\u202Ey'), 'x\\\\u202Ey');
  });
});

describe('clipLabel and clipBlock', () => {
  it('folds whitespace, reveals invisible characters, clips with an ellipsis', () => {
    assert.equal(clipLabel('a\n\tb   c'), 'a b c');
    assert.equal(clipLabel('x'.repeat(512), 80).length, 80);
    assert.ok(clipLabel('x'.repeat(512), 80).endsWith('…'));
    assert.equal(clipLabel('\u202Eevil'), '\\u202Eevil');
    assert.equal(clipLabel(undefined), '');
  });
  it('clips long blocks and says how much was left out', () => {
    assert.match(clipBlock('y'.repeat(700), 600), /… \(100 more characters; Show Details has all\)$/);
    assert.equal(clipBlock('short'), 'short');
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it('says how long ago, in words', () => {
    assert.equal(relativeTime(new Date(now - 5_000), now), 'just now');
    assert.equal(relativeTime(new Date(now - 60_000), now), '1 minute ago');
    assert.equal(relativeTime(new Date(now - 3 * 3600_000), now), '3 hours ago');
    assert.equal(relativeTime(new Date(now - 2 * 86400_000), now), '2 days ago');
    assert.equal(relativeTime(new Date(now + 2 * 3600_000), now), 'in 2 hours');
  });
  it('is empty for missing or invalid dates', () => {
    assert.equal(relativeTime(undefined, now), '');
    assert.equal(relativeTime(new Date(NaN), now), '');
  });
});
