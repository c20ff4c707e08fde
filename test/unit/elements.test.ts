import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UserError } from '../../src/aws/errors';
import type { AssociationStatusInfo } from '../../src/aws/contract';
import { TOOLTIP_MARKDOWN_OPTIONS, type AssociationElement, type ErrorElement, type NodeElement } from '../../src/tree/elements';
import { associationSpec, errorSpec, invalidSpec, nodeSpec } from '../../src/tree/rowItems';
import { associationTooltip, nodeTooltip } from '../../src/tree/rowTooltips';

const node: NodeElement = { kind: 'node', entry: { kind: 'node', id: 'i-0123456789abcdef0', index: 0 } };
const now = Date.parse('2026-11-26T12:00:00Z');

// Everything that must not survive into a label: controls (C0, C1), bidi and zero-width characters,
// the other invisible ones of issue 10, lone surrogates; and the syntax VS Code renders.
// eslint-disable-next-line no-control-regex -- the control characters the labels must not contain
const INVISIBLE_IN_LABEL = /[\u0000-\u001F\u007F-\u009F\u00AD\u034F\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2066-\u2069\u3164\uFE00-\uFE0F\uFEFF\uFFF9-\uFFFB]|\uDB40[\uDC00-\uDC7F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ACTIVE = /\]\(|\$\(/;
const HOSTILE_TEXT = 'Evil\u202Egnp.exe\u0007 \u0085\u009B[Open](command:workbench.action.terminal.new) $(alert) \u00AD\u034F\u3164\u{E0041}\uFFF9\uD800';

/** Every Markdown-significant character in `md` comes escaped, except the extension's own markup. */
function assertEscaped(md: string, own: RegExp = /\*\*|  \n/g): void {
  const stripped = md.replace(own, '');
  for (const m of stripped.matchAll(/[[\]()<>`!*_$&#|~]/g)) {
    assert.equal(stripped[m.index - 1], '\\', `unescaped ${m[0]} in …${stripped.slice(Math.max(0, m.index - 20), m.index + 20)}…`);
  }
  assert.doesNotMatch(md.replace(/  \n/g, ''), INVISIBLE_IN_LABEL, 'no invisible characters in the tooltip');
}

function errorElement(error: Partial<UserError>, during: 'first' | 'more' = 'first'): ErrorElement {
  return { kind: 'error', node, during, error: { code: 'X', title: 'T', message: 'M', detail: 'D', actions: ['retry'], ...error } };
}

describe('error rows', () => {
  it('the label shows an error name from the endpoint inert: escaped, one line, clipped', () => {
    const spec = errorSpec(errorElement({ title: HOSTILE_TEXT, code: HOSTILE_TEXT }));
    assert.doesNotMatch(spec.label, INVISIBLE_IN_LABEL);
    assert.doesNotMatch(spec.label, ACTIVE);
    assert.ok(spec.label.startsWith('Evil\\u202Egnp.exe\\u0007 \\u0085\\u009B[Open]'), spec.label);
    assert.ok(spec.label.length <= 80);
    const more = errorSpec(errorElement({ title: 'x'.repeat(500) }, 'more'));
    assert.equal(more.label, `Couldn't load more: ${'x'.repeat(80 - "Couldn't load more: ".length - 1)}…`);
  });
  it('the tooltip escapes the message and the detail', () => {
    const spec = errorSpec(errorElement({ message: `${HOSTILE_TEXT} <img src=x onerror=alert(1)>`, detail: `**x** ${HOSTILE_TEXT}\nline 2` }));
    const md = spec.tooltipMarkdown ?? '';
    assertEscaped(md);
    assert.ok(md.includes('\\\\u202E'), 'the bidi override is shown as an escape');
    assert.ok(md.includes('line 2'), 'the detail is there, line breaks kept');
  });
  it('a 1 MB error gives a tooltip of a few kilobytes that says how much was left out', () => {
    const spec = errorSpec(errorElement({ message: 'm'.repeat(1_000_000), detail: 'd'.repeat(1_000_000) }));
    const md = spec.tooltipMarkdown ?? '';
    assert.ok(md.length < 2_000, `${md.length}`);
    assert.match(md, /… \\\(\d+ more characters\\\)/);
  });
});

describe('association rows', () => {
  const info: AssociationStatusInfo = {
    AssociationId: '[id](command:x) $(alert)',
    AssociationName: HOSTILE_TEXT,
    Name: HOSTILE_TEXT,
    Status: `${HOSTILE_TEXT} Failed`,
    DetailedStatus: `\u0085${HOSTILE_TEXT}`,
    ErrorCode: HOSTILE_TEXT,
    ExecutionSummary: `${HOSTILE_TEXT}\n`.repeat(50),
    OutputUrl: { S3OutputUrl: { OutputUrl: `https://s3.amazonaws.com/bucket-a/[Open](command:workbench.action.terminal.new)` } },
    ExecutionDate: new Date(now - 60_000),
  };
  const el: AssociationElement = { kind: 'association', node, info, targetKey: 'p|r|n' };

  it('label and description: no invisible character, no link or icon syntax, clipped', () => {
    const spec = associationSpec(el, now);
    for (const text of [spec.label, spec.description ?? '']) {
      assert.doesNotMatch(text, INVISIBLE_IN_LABEL, text);
      assert.doesNotMatch(text, ACTIVE, text);
    }
    assert.ok(spec.label.length <= 80);
    assert.equal(associationSpec({ ...el, info: { AssociationId: '$(alert)' } }, now).label, '$\u2060(alert)');
  });
  it('the tooltip escapes every field, C1 controls and tags included, and clips the summary', () => {
    const md = associationTooltip(info, now);
    assertEscaped(md);
    for (const escape of ['\\\\u0085', '\\\\u009B', '\\\\u202E', '\\\\u00AD', '\\\\u\\{E0041\\}', '\\\\uD800', '\\\\uFFF9']) assert.ok(md.includes(escape), escape);
    assert.match(md, /… \\\(\d+ more characters\\; Show Details has all\\\)/);
  });
});

describe('node and invalid rows', () => {
  it('a node label from settings is inert; its tooltip is escaped', () => {
    const entry = { kind: 'node', id: 'i-0123456789abcdef0', index: 0, label: HOSTILE_TEXT, profile: '$(alert)', region: 'eu-west-1' } as const;
    const spec = nodeSpec(entry, {}, undefined);
    assert.doesNotMatch(spec.label, INVISIBLE_IN_LABEL);
    assert.doesNotMatch(`${spec.label} ${spec.description}`, ACTIVE);
    assertEscaped(nodeTooltip(entry, {}, undefined));
  });
  it('a node refused with its batch says so on its row and in its tooltip', () => {
    const entry = { kind: 'node', id: 'i-0123456789abcdef0', index: 0 } as const;
    const view = { more: false, loading: false, failed: false, standing: { kind: 'refusedTogether' } } as const;
    assert.match(nodeSpec(entry, {}, view).description ?? '', /not this account's\?/);
    assert.match(nodeTooltip(entry, {}, view), /together with other IDs of its batch/);
  });
  it("a hybrid node's Name is its activation name, not the EC2 Name tag; the deprecated Inactive keeps its look", () => {
    const entry = { kind: 'node', id: 'mi-0123456789abcdef0', index: 0 } as const;
    const info = { InstanceId: entry.id, ComputerName: 'build01.corp', Name: 'build-box', PingStatus: 'Inactive' };
    const tooltip = nodeTooltip(entry, {}, { standing: { kind: 'found', info } } as never);
    assert.ok(tooltip.includes('Computer name: build01\\.corp'), tooltip);
    assert.ok(tooltip.includes('Activation name: build\\-box'), tooltip);
    assert.match(tooltip, /Agent: agent inactive/);
    assert.doesNotMatch(tooltip, /tag/i);
  });
  it('an invalid entry shows what was written inert, with its reason', () => {
    const spec = invalidSpec({ kind: 'invalid', shown: HOSTILE_TEXT, reason: `bad ${HOSTILE_TEXT}`, index: 3 });
    assert.doesNotMatch(`${spec.label} ${spec.description}`, INVISIBLE_IN_LABEL);
    assert.doesNotMatch(`${spec.label} ${spec.description}`, ACTIVE);
    assertEscaped(spec.tooltipMarkdown ?? '', /\*\*|  \n|\\\[3\\\]/g);
  });
});

describe('tooltips', () => {
  it('are never trusted, never HTML, never theme icons', () => {
    assert.deepEqual(TOOLTIP_MARKDOWN_OPTIONS, { isTrusted: false, supportHtml: false, supportThemeIcons: false });
  });
});
