// What the template reader tests share: the fixtures (test/unit/fixtures/templates/) and the
// expected definitions written out in full.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AssociationDefinition, TemplateKind, WrittenName } from '../../src/templates/definitions';

export function fixture(name: string): string {
  return readFileSync(join(__dirname, 'fixtures', 'templates', name), 'utf8');
}

export const literal = (value: string): WrittenName => ({ kind: 'literal', value });
export const computed = (text: string): WrittenName => ({ kind: 'computed', text });
export const none: WrittenName = { kind: 'none' };

/** The definition expected at `line`, its key from `start` to `end` on that line. */
export function expected(templateKind: TemplateKind, resource: string, name: WrittenName, document: string | undefined, line: number, start: number, end: number): AssociationDefinition {
  return {
    templateKind,
    resource,
    name,
    ...(document === undefined ? {} : { document }),
    range: { start: { line, character: start }, end: { line, character: end } },
  };
}

/** The text each definition's range covers: the logical ID's key, the block's header. */
export function rangeTexts(text: string, definitions: AssociationDefinition[]): string[] {
  const lines = text.split('\n');
  return definitions.map((d) => lines[d.range.start.line].slice(d.range.start.character, d.range.end.character));
}
