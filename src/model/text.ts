// Text from AWS (association names, summaries, error codes, URLs) is written by whoever controls the
// managed node: treat it as hostile. These functions make it safe to show literally.

// C0/C1 controls (except tab/newline handled separately), and the bidi and zero-width controls that
// can reorder or hide what a user reads.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const BIDI_AND_INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

function codePoint(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Control and bidi characters made visible as \uXXXX, so nothing invisible changes what is read. */
export function revealInvisible(text: string): string {
  return text.replace(CONTROL, codePoint).replace(BIDI_AND_INVISIBLE, codePoint);
}

/** A one-line label: whitespace folded, invisible characters revealed, clipped to `max` characters. */
export function clipLabel(text: string | undefined, max = 80): string {
  if (!text) return '';
  const line = revealInvisible(text.replace(/[\t\r\n]+/g, ' ')).replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

// Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of them means
// no text can open a link, emphasis, code span, HTML tag or entity.
const MARKDOWN_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/** Literal text for an untrusted MarkdownString: every Markdown/HTML meaning removed, line breaks kept. */
export function escapeMarkdown(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => revealInvisible(line).replace(MARKDOWN_PUNCTUATION, '\\$&'))
    .join('  \n');
}

/** Clips long free text (a 512-character summary) for a tooltip, saying how much was left out. */
export function clipBlock(text: string, max = 600): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters; Show Details has all)` : text;
}
