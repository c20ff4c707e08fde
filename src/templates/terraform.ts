// Terraform files (.tf, native syntax): the `resource "aws_ssm_association" "<label>"` blocks and their
// top-level `association_name` and `name` attributes.
//
// Why not a maintained HCL parser: the npm ones are Go builds. @cdktf/hcl2json 0.21.0 is a 1.7 MB
// gzipped WebAssembly module (1.8 MB unpacked, `npm pack --dry-run`), hcl2-parser 1.0.3 a 3.8 MB
// GopherJS bundle (4.0 MB unpacked, last published December 2024): either alone is several times the
// whole .vsix (≤ 210 KB) and over the bound for one lazily loaded part (bench/footprint.ts). Finding
// one kind of block and two attributes needs far less: the tokens of terraformTokens.ts (strings and
// their `${…}`, heredocs, comments) and bracket counting. A half-typed file still gives its blocks: an
// unclosed block ends at the next top-level block that starts a line (`resource "…" "…" {` at
// column 0), or at the end of the file.
import type { AssociationDefinition, WrittenName } from './definitions';
import { LineIndex, oneLine } from './sourceText';
import { terraformTokens, type Token } from './terraformTokens';

const RESOURCE_TYPE = 'aws_ssm_association';

/** Terraform's top-level block types: one of these at column 0, followed by its labels and `{`, starts a block even where an earlier one was left unclosed. */
const TOP_LEVEL = new Set(['resource', 'data', 'module', 'variable', 'output', 'locals', 'provider', 'terraform', 'moved', 'import', 'check', 'removed']);

/** The tokens read of one file (about 80,000 lines of Terraform): what lies beyond gives no definition. */
export const MAX_TERRAFORM_TOKENS = 500_000;

interface OpenBlock {
  readonly label: string;
  readonly start: number;
  readonly end: number;
  /** The index of the block's `{`. */
  readonly brace: number;
  association_name?: WrittenName;
  name?: WrittenName;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** A quoted string's value: its escapes (`\n`, `\"`, `\u00e9`, `$${`) read. Undefined when it is not closed. */
function stringValue(text: string, token: Token): string | undefined {
  const raw = text.slice(token.start, token.end);
  if (raw.length < 2 || !raw.endsWith('"')) return undefined;
  return raw
    .slice(1, -1)
    .replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/g, (all, e: string) =>
      e.length > 1 ? String.fromCodePoint(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? all),
    )
    .replace(/([$%])\1\{/g, '$1{');
}

/** A label: a plain quoted string or a bare name. */
function labelOf(text: string, token: Token | undefined): string | undefined {
  if (token?.kind === 'name') return text.slice(token.start, token.end);
  if (token?.kind === 'string' && !token.templated) return stringValue(text, token);
  return undefined;
}

/** The labels after a block type at `at`, and the index of its `{` on the same line; undefined when it is no block header. */
function header(text: string, tokens: Token[], at: number): { labels: string[]; brace: number } | undefined {
  const labels: string[] = [];
  for (let i = at + 1; i < tokens.length && labels.length <= 2; i++) {
    const t = tokens[i];
    if (t.kind === 'open' && t.bracket === '{') return { labels, brace: i };
    const label = labelOf(text, t);
    if (label === undefined) return undefined;
    labels.push(label);
  }
  return undefined;
}

/** The index after an attribute's expression starting at `from`: its line's end outside brackets, or the `}` of a one-line block. */
function expressionEnd(tokens: Token[], from: number): number {
  let nesting = 0;
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'newline' && nesting === 0) return i;
    if (t.kind === 'open') nesting++;
    else if (t.kind === 'close' && --nesting < 0) return i;
  }
  return tokens.length;
}

function written(text: string, expression: Token[]): WrittenName {
  if (expression.length === 0) return { kind: 'none' };
  const only = expression.length === 1 ? expression[0] : undefined;
  const value = only?.kind === 'string' && !only.templated ? stringValue(text, only) : undefined;
  if (value !== undefined) return { kind: 'literal', value };
  return { kind: 'computed', text: oneLine(text.slice(expression[0].start, expression[expression.length - 1].end)) };
}

function definition(lines: LineIndex, block: OpenBlock): AssociationDefinition {
  return {
    templateKind: 'terraform',
    resource: `${RESOURCE_TYPE}.${block.label}`,
    name: block.association_name ?? { kind: 'none' },
    ...(block.name?.kind === 'literal' ? { document: block.name.value } : {}),
    range: lines.range(block.start, block.end),
  };
}

/** The `aws_ssm_association` resources of a Terraform file, at most `max`. */
export function terraformDefinitions(text: string, max: number): AssociationDefinition[] {
  const tokens = terraformTokens(text, MAX_TERRAFORM_TOKENS);
  const lines = new LineIndex(text);
  const found: AssociationDefinition[] = [];
  let depth = 0;
  let open: OpenBlock | undefined;
  const close = () => {
    if (open && found.length < max) found.push(definition(lines, open));
    open = undefined;
  };
  for (let i = 0; i < tokens.length && found.length < max; i++) {
    const t = tokens[i];
    if (t.kind === 'open') depth++;
    else if (t.kind === 'close') {
      depth = Math.max(0, depth - 1);
      if (open && depth === 0) close();
    }
    if (t.kind !== 'name' || !(i === 0 || tokens[i - 1].kind === 'newline' || (open && i - 1 === open.brace))) continue;
    const word = text.slice(t.start, t.end);
    const blockHeader = TOP_LEVEL.has(word) && (depth === 0 || lines.position(t.start).character === 0) ? header(text, tokens, i) : undefined;
    if (blockHeader) {
      // At depth > 0 this is a new block after one left unclosed (half typed): that one ends here.
      close();
      depth = 1;
      const [type, label] = blockHeader.labels;
      if (word === 'resource' && type === RESOURCE_TYPE && label !== undefined && blockHeader.labels.length === 2) {
        open = { label, start: t.start, end: tokens[blockHeader.brace - 1].end, brace: blockHeader.brace };
      }
      i = blockHeader.brace;
    } else if (open && depth === 1 && (word === 'association_name' || word === 'name') && tokens[i + 1]?.kind === 'equals') {
      const end = expressionEnd(tokens, i + 2);
      open[word] ??= written(text, tokens.slice(i + 2, end));
      i = end - 1;
    }
  }
  close();
  return found;
}
