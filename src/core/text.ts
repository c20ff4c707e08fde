// Text from AWS (association names, summaries, error codes, URLs), from the profile files and from
// settings is written by someone else: whoever controls the managed node, or a shared config file.
// These functions make it safe to show literally, wherever VS Code shows text.

// Everything that is invisible or changes how neighbouring text looks or reads: C0/C1 controls
// (except tab and line feed, handled by the callers), format characters (bidi, zero-width,
// interlinear annotation, tags), lone surrogates, default-ignorable characters (soft hyphen,
// combining grapheme joiner, Hangul fillers, variation selectors) and the line/paragraph separators.
const INVISIBLE = /(?![\t\n])[\p{Cc}\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}\u2028\u2029]/gu;

function escapeOf(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase();
  return code > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

/** Invisible and shaping characters made visible as `\uXXXX` (`\u{XXXXX}` above U+FFFF), so nothing hidden changes what is read. */
export function revealInvisible(text: string): string {
  return text.replace(INVISIBLE, escapeOf);
}

// The escapes revealInvisible writes: a clip must not cut one in half.
const ESCAPE = /\\u(?:[0-9A-F]{4}|\{[0-9A-F]{1,6}\})/g;
const LONGEST_ESCAPE = '\\u{10FFFF}'.length;

/** Where to cut `text` at or before `at` without splitting a surrogate pair or a `\uXXXX` escape. */
function safeCut(text: string, at: number): number {
  let cut = at;
  const before = text.charCodeAt(cut - 1);
  const after = text.charCodeAt(cut);
  if (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff) cut--;
  ESCAPE.lastIndex = Math.max(0, cut - LONGEST_ESCAPE + 1);
  for (let m = ESCAPE.exec(text); m && m.index < cut; m = ESCAPE.exec(text)) {
    if (m.index + m[0].length > cut) return m.index;
  }
  return cut;
}

/**
 * The one clipping rule: `text` when it has at most `max` UTF-16 units, otherwise its start and
 * `tail(omitted)`, together never longer than `max`. Never splits a surrogate pair or an escape.
 */
export function clip(text: string, max: number, tail: (omitted: number) => string = () => '…'): string {
  if (text.length <= max) return text;
  // Room measured with the longest tail this text can need (omitting all of it).
  const cut = safeCut(text, Math.max(0, max - tail(text.length).length));
  return text.slice(0, cut) + tail(text.length - cut);
}

// What VS Code gives a meaning to in one-line text: `$(name)` is a codicon in the status bar and in
// quick picks, `[label](command:…)` is a live link in notifications. A word joiner (zero width,
// no line break) between the two characters keeps the text as it reads and takes the meaning away,
// on every surface alike.
const ACTIVE_SYNTAX = /([$\]])\(/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Text someone else wrote, for any one-line place: tree label or description, notification, status
 * bar, quick pick. One line, invisible characters revealed, no icon or link syntax, clipped to `max`.
 */
export function plainLine(text: string | undefined, max = 80): string {
  if (!text) return '';
  // Most fleet text is printable ASCII, which holds nothing invisible: only spaces and `$(`/`](` to handle.
  if (PRINTABLE_ASCII.test(text)) {
    const spaced = text.includes('  ') ? text.replace(/ {2,}/g, ' ') : text;
    const trimmed = spaced.charCodeAt(0) === 32 || spaced.charCodeAt(spaced.length - 1) === 32 ? spaced.trim() : spaced;
    return clip(trimmed.includes('(') ? trimmed.replace(ACTIVE_SYNTAX, '$1\u2060(') : trimmed, max);
  }
  const line = revealInvisible(text.replace(/[\t\r\n]/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
  return clip(line.replace(ACTIVE_SYNTAX, '$1\u2060('), max);
}

// Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of them means
// no text can open a link, emphasis, code span, HTML tag, entity or theme icon.
const MARKDOWN_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/** Literal text for an untrusted MarkdownString: every Markdown/HTML meaning removed, line breaks kept. */
export function escapeMarkdown(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => revealInvisible(line).replace(MARKDOWN_PUNCTUATION, '\\$&'))
    .join('  \n');
}

/** Clips long free text (a 512-character summary, a long error) for a tooltip, saying how much was left out (and where to read all, when given). */
export function clipBlock(text: string, max = 600, whereAll = 'Show Details has all'): string {
  return clip(text, max, (omitted) => `… (${omitted} more characters${whereAll ? `; ${whereAll}` : ''})`);
}

/** Someone else's value, short, for one of our messages: a string as it is, anything else as JSON; clipped. */
export function shortText(value: unknown, max = 60): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return clip(text, max);
}

/** shortText in double quotes, as our messages quote what someone wrote. */
export function quoted(value: unknown, max = 60): string {
  return `"${shortText(value, max)}"`;
}
