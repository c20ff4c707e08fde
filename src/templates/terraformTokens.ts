// The tokens of Terraform's native syntax (HCL) that finding blocks and attributes needs, and no
// more: names, strings (a `${…}`/`%{…}` template inside one is part of it, however it nests),
// heredocs (`<<EOF`, `<<-EOF`), brackets, `=`, line ends. Comments (`#`, `//`, `/* */`) are skipped.
// Anything else is one `other` character. It never fails: an unterminated string ends at its line,
// an unterminated heredoc or comment at the end of the text.

export type TokenKind = 'name' | 'string' | 'heredoc' | 'open' | 'close' | 'equals' | 'newline' | 'other';

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** Set for `open`/`close`: which bracket (`{`, `(`, `[` and their closers). */
  readonly bracket?: string;
  /** A string or heredoc with a template sequence (`${` or `%{`) in it. */
  readonly templated?: boolean;
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_-]/;
const HEREDOC = /<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/y;

/** Where the string opened at `start` (its `"`) ends: after its closing quote, or at its line end. */
function stringEnd(text: string, start: number): { end: number; templated: boolean } {
  let templated = false;
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '"') return { end: i + 1, templated };
    else if (c === '\n') return { end: i, templated };
    else if ((c === '$' || c === '%') && text[i + 1] === '{') {
      // `$${` and `%%{` are the escapes for a literal `${`/`%{`.
      if (text[i - 1] === c) i += 2;
      else {
        templated = true;
        i = templateEnd(text, i + 2);
      }
    } else i++;
  }
  return { end: i, templated };
}

/** Where the template sequence whose body starts at `start` ends (after its `}`, or at its line end): strings inside it may hold braces. */
function templateEnd(text: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < text.length && depth > 0) {
    const c = text[i];
    if (c === '"') i = stringEnd(text, i).end;
    else {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      // A line end closes it: `"${var.` half typed must not swallow the rest of the file.
      else if (c === '\n') return i;
      i++;
    }
  }
  return i;
}

/** Where the heredoc whose body starts at `start` ends: after its closing marker's line (indented or not, as Terraform accepts). */
function heredocEnd(text: string, start: number, marker: string): { end: number; templated: boolean } {
  let lineStart = start;
  while (lineStart < text.length) {
    const lineEnd = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
    if (line.trim() === marker) return { end: lineStart + line.length, templated: /[$%]\{/.test(text.slice(start, lineStart)) };
    if (lineEnd === -1) break;
    lineStart = lineEnd + 1;
  }
  return { end: text.length, templated: /[$%]\{/.test(text.slice(start)) };
}

/** The tokens of `text`, at most `max` (then the list stops: the caller reads what it got). */
export function terraformTokens(text: string, max: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (token: Token) => {
    tokens.push(token);
    i = token.end;
  };
  while (i < text.length && tokens.length < max) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '\n') push({ kind: 'newline', start: i, end: i + 1 });
    else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
    } else if (c === '"') push({ kind: 'string', start: i, ...stringEnd(text, i) });
    else if (c === '<' && text[i + 1] === '<') {
      HEREDOC.lastIndex = i;
      const m = HEREDOC.exec(text);
      if (m) push({ kind: 'heredoc', start: i, ...heredocEnd(text, i + m[0].length, m[2]) });
      else push({ kind: 'other', start: i, end: i + 1 });
    } else if (NAME_START.test(c)) {
      let end = i + 1;
      while (end < text.length && NAME_PART.test(text[end])) end++;
      push({ kind: 'name', start: i, end });
    } else if (c === '{' || c === '(' || c === '[') push({ kind: 'open', start: i, end: i + 1, bracket: c });
    else if (c === '}' || c === ')' || c === ']') push({ kind: 'close', start: i, end: i + 1, bracket: c });
    else if (c === '=' && text[i + 1] !== '=' && text[i - 1] !== '=' && text[i - 1] !== '!' && text[i - 1] !== '<' && text[i - 1] !== '>') push({ kind: 'equals', start: i, end: i + 1 });
    else push({ kind: 'other', start: i, end: i + 1 });
  }
  return tokens;
}
