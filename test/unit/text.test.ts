import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clip, clipBlock, escapeMarkdown, plainLine, quoted, revealInvisible, shortText } from '../../src/core/text';
import { relativeTime } from '../../src/core/time';

// What VS Code gives a meaning to in one-line text (its base/common/linkedText.ts and iconLabels.ts,
// as in VS Code 1.90–1.139): links in notifications, codicons in the status bar and quick picks.
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const VSCODE_ICON = /(\\)?\$\(([a-z0-9-]+?(?:~[a-z0-9-]+)?)\)/gi;
const JOINER = /\u2060/g;

/** Every invisible or shaping character issue 10 names, with the escape it must become. */
const INVISIBLE: [string, string][] = [
  ['\u0000', '\\u0000'],
  ['\u0007', '\\u0007'],
  ['\u001B', '\\u001B'],
  ['\u007F', '\\u007F'],
  ['\u0080', '\\u0080'],
  ['\u0085', '\\u0085'],
  ['\u009B', '\\u009B'],
  ['\u009F', '\\u009F'],
  ['\u00AD', '\\u00AD'],
  ['\u034F', '\\u034F'],
  ['\u061C', '\\u061C'],
  ['\u115F', '\\u115F'],
  ['\u1160', '\\u1160'],
  ['\u180E', '\\u180E'],
  ['\u200B', '\\u200B'],
  ['\u200D', '\\u200D'],
  ['\u200F', '\\u200F'],
  ['\u2028', '\\u2028'],
  ['\u2029', '\\u2029'],
  ['\u202A', '\\u202A'],
  ['\u202E', '\\u202E'],
  ['\u2060', '\\u2060'],
  ['\u2066', '\\u2066'],
  ['\u2069', '\\u2069'],
  ['\u3164', '\\u3164'],
  ['\uFE00', '\\uFE00'],
  ['\uFE0F', '\\uFE0F'],
  ['\uFEFF', '\\uFEFF'],
  ['\uFFF9', '\\uFFF9'],
  ['\uFFFA', '\\uFFFA'],
  ['\uFFFB', '\\uFFFB'],
  ['\u{E0000}', '\\u{E0000}'],
  ['\u{E0041}', '\\u{E0041}'],
  ['\u{E007F}', '\\u{E007F}'],
  ['\uD800', '\\uD800'],
  ['\uDBFF', '\\uDBFF'],
  ['\uDC00', '\\uDC00'],
  ['\uDFFF', '\\uDFFF'],
];

describe('revealInvisible', () => {
  it('shows every invisible, control, format and shaping character as an escape', () => {
    for (const [ch, escape] of INVISIBLE) assert.equal(revealInvisible(`a${ch}b`), `a${escape}b`, escape);
  });
  it('keeps visible text as it is: letters of any script, emoji, tab and line feed', () => {
    const visible = 'Größe café 東京 مرحبا שלום 😀 👍🏽 \t\n ~!@#$%^&*()_+ ë';
    assert.equal(revealInvisible(visible), visible);
  });
  it('a lone surrogate next to a pair: only the lone one is revealed', () => {
    assert.equal(revealInvisible('\uD83D\uDE00\uD83D'), '\uD83D\uDE00\\uD83D');
    assert.equal(revealInvisible('\uDE00\uD83D\uDE00'), '\\uDE00\uD83D\uDE00');
  });
});

describe('plainLine: fleet text for notifications, status bar, quick picks and tree rows', () => {
  it('leaves no command link and no codicon that VS Code would render, and reads the same', () => {
    const hostile = [
      '[Open](command:workbench.action.terminal.new)',
      '[x](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)',
      '[Click](COMMAND:workbench.action.openSettings)',
      '[a](https://evil.example) [f](file:///etc/passwd)',
      '$(alert) $(loading~spin) \\$(terminal)',
      's3://bucket-a/[Open](command:workbench.action.terminal.new)/$(check)',
    ];
    for (const text of hostile) {
      const shown = plainLine(text, 500);
      assert.equal(shown.match(VSCODE_LINK), null, `link left in ${shown}`);
      assert.equal([...shown.matchAll(VSCODE_ICON)].filter((m) => !m[1]).length, 0, `icon left in ${shown}`);
      assert.equal(shown.replace(JOINER, ''), text, 'reads as written');
    }
  });
  it('folds whitespace to one line and reveals invisible characters', () => {
    assert.equal(plainLine('a\n\tb   c\r\nd'), 'a b c d');
    assert.equal(plainLine('  x  '), 'x');
    assert.equal(plainLine('\u202Eevil\u0007'), '\\u202Eevil\\u0007');
    assert.equal(plainLine('x\u0085y\u2028z'), 'x\\u0085y\\u2028z');
    assert.equal(plainLine(undefined), '');
    assert.equal(plainLine(''), '');
  });
  it('clips to max, an ellipsis included; text of exactly max stays whole', () => {
    assert.equal(plainLine('x'.repeat(512), 80), `${'x'.repeat(79)}…`);
    assert.equal(plainLine('x'.repeat(80), 80), 'x'.repeat(80));
    assert.equal(plainLine('x'.repeat(81), 80), `${'x'.repeat(79)}…`);
    assert.equal(plainLine('y'.repeat(1_000_000)).length, 80);
  });
  it('printable ASCII (its short path) comes out as the general path makes it', () => {
    // A trailing line feed sends the same text down the general path and is folded away there.
    const alphabet = [' ', ' ', 'a', 'Z', '$', '(', ')', '[', ']', '\\', '~'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({ length: next() % 40 }, () => alphabet[next() % alphabet.length]).join('');
      for (const max of [10, 80]) assert.equal(plainLine(text, max), plainLine(`${text}\n`, max), JSON.stringify(text));
    }
    assert.equal(plainLine('  $(alert)  [a](b) ', 80), '$\u2060(alert) [a]\u2060(b)');
  });
  it('clips after revealing: an escape is never cut in half', () => {
    const shown = plainLine(`${'a'.repeat(76)}\u202Eb`, 80);
    assert.equal(shown, `${'a'.repeat(76)}…`);
  });
});

describe('clip: the one clipping rule', () => {
  it('keeps short text, clips long text to exactly max', () => {
    assert.equal(clip('abc', 3), 'abc');
    assert.equal(clip('abcd', 3), 'ab…');
    assert.equal(clip('abcd', 1), '…');
    assert.equal(clip('abcdef', 5, (n) => `+${n}`), 'abc+3');
  });
  it('never splits a surrogate pair, at any length', () => {
    const text = '😀a😀😀b👍🏽c😀';
    for (let max = 0; max < text.length; max++) {
      const shown = clip(text, max);
      assert.ok(shown.length <= Math.max(max, 1), `max ${max}: ${shown}`);
      assert.equal(revealInvisible(shown), shown, `max ${max}: a lone surrogate in ${JSON.stringify(shown)}`);
      assert.ok(text.startsWith(shown.slice(0, -1)), `max ${max}: a prefix of the text`);
    }
  });
  it('never cuts a \\uXXXX or \\u{XXXXX} escape, at any length', () => {
    const text = revealInvisible('ab\u202Ec\u{E0041}\u{E0042}d\u0007\u0007');
    for (let max = 0; max < text.length; max++) {
      const kept = clip(text, max).slice(0, -1);
      // Every backslash-u that is kept is a whole escape.
      for (const m of kept.matchAll(/\\u/g)) assert.match(kept.slice(m.index), /^\\u(?:[0-9A-F]{4}|\{[0-9A-F]+\})/, `max ${max}: ${kept}`);
      assert.ok(kept.length >= max - 1 - '\\u{E0041}'.length, `max ${max}: cut no more than one escape (${kept})`);
    }
  });
  it('cuts only where it must: keeps every whole character and escape that fits', () => {
    // What a reader sees as one thing: an escape, a code point (a pair), or a lone surrogate.
    const units = (text: string) => text.match(/\\u(?:[0-9A-F]{4}|\{[0-9A-F]{1,6}\})|[\s\S]/gu) ?? [];
    const texts = [
      'ab\u{10000}cd\u{10FFFF}ef\u{1F600}', // pairs at the ends of the surrogate ranges
      'ab\uDC00\uDC00c\uD800d\uDBFF\uE000e\uDFFF', // lone surrogates: nothing to keep together
      revealInvisible('a\u200Bbc\u{E0041}d\u0007e'), // an escape just before the cut, of either length
      `x${revealInvisible('\u202E')}`,
    ];
    for (const text of texts) {
      for (let max = 1; max < text.length; max++) {
        let kept = '';
        for (const unit of units(text)) {
          if (kept.length + unit.length > max - 1) break;
          kept += unit;
        }
        assert.equal(clip(text, max), `${kept}…`, `max ${max} of ${JSON.stringify(text)}`);
      }
    }
  });
  it('the tail counts what was left out and fits in max', () => {
    const tail = (n: number) => `… (${n} more characters; Show Details has all)`;
    const kept = 600 - tail(700).length;
    assert.equal(clipBlock('y'.repeat(700), 600), `${'y'.repeat(kept)}${tail(700 - kept)}`);
    assert.equal(clipBlock('y'.repeat(700), 600).length, 600);
    assert.equal(clipBlock('short'), 'short');
    assert.equal(clipBlock('z'.repeat(50), 40, ''), `${'z'.repeat(40 - '… (50 more characters)'.length)}… (${50 - (40 - '… (50 more characters)'.length)} more characters)`);
  });
});

describe('shortText and quoted', () => {
  it('a string as it is, anything else as JSON, clipped', () => {
    assert.equal(shortText('i-1'), 'i-1');
    assert.equal(shortText(42), '42');
    assert.equal(shortText({ id: 'x' }), '{"id":"x"}');
    assert.equal(shortText(null), 'null');
    assert.equal(shortText(undefined), 'undefined');
    assert.equal(shortText(10n), '10');
    assert.equal(shortText('q'.repeat(100_000)).length, 60);
    assert.equal(quoted('ab'), '"ab"');
    assert.equal(quoted('x'.repeat(100), 10), `"${'x'.repeat(9)}…"`);
  });
});

describe('escapeMarkdown', () => {
  it('leaves no Markdown or HTML meaning in hostile text', () => {
    const hostile = '[click](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> **bold** `code` &amp; ![i](http://x/y.png) <a href="x">a</a> # h $(alert) ~~s~~ _e_ | t |';
    const escaped = escapeMarkdown(hostile);
    // Every Markdown/HTML punctuation character is preceded by a backslash.
    for (const match of escaped.matchAll(/[[\]()<>*`&!#$~_|]/g)) {
      assert.equal(escaped[match.index - 1], '\\', `unescaped ${match[0]} at ${match.index} in ${escaped}`);
    }
    // Unescaping gives the text back.
    assert.equal(escaped.replace(/\\(.)/g, '$1'), hostile);
  });
  it('keeps line breaks as Markdown hard breaks', () => {
    assert.equal(escapeMarkdown('a\nb'), 'a  \nb');
    assert.equal(escapeMarkdown('a\r\nb\rc'), 'a  \nb  \nc');
  });
  it('makes control, C1 and bidi characters visible (their backslash escaped for Markdown)', () => {
    assert.equal(escapeMarkdown('x\u202Ey'), 'x\\\\u202Ey');
    assert.equal(escapeMarkdown('x\u0085y\u009Bz'), 'x\\\\u0085y\\\\u009Bz');
    assert.equal(escapeMarkdown('\u{E0041}'), '\\\\u\\{E0041\\}');
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
