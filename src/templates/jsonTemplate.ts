// CloudFormation templates in JSON, read with `jsonc-parser` (Microsoft's, what VS Code's own JSON
// support uses; no dependencies, about 10 KB of it in dist/templates.js). Its tree has offsets, and
// a file cut off or mistyped still gives the tree up to where it broke.
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { AssociationDefinition } from './definitions';
import { associationDefinitions, type TemplateResource, type WrittenValue } from './cloudFormation';
import { LineIndex, oneLine } from './sourceText';

/** The value of `key` in an object node; undefined when the key is absent (or the node is no object). */
function property(node: Node | undefined, key: string): Node | undefined | null {
  if (node?.type !== 'object') return undefined;
  const found = node.children?.find((p) => p.children?.[0]?.value === key);
  if (!found) return undefined;
  return found.children?.[1] ?? null;
}

function written(text: string, node: Node | undefined | null): WrittenValue | undefined {
  if (node === undefined) return undefined;
  if (node === null || node.type === 'null') return { kind: 'empty' };
  // A string cut off (not closed yet) is not taken at its word: it reads as written.
  const closed = node.type !== 'string' || (node.length >= 2 && text[node.offset + node.length - 1] === '"');
  if (closed && (node.type === 'string' || node.type === 'number' || node.type === 'boolean')) return { kind: 'string', value: String(node.value) };
  return { kind: 'other', text: oneLine(text.slice(node.offset, node.offset + node.length)) };
}

function* resources(root: Node | undefined, text: string): Generator<TemplateResource> {
  const list = property(root, 'Resources');
  for (const pair of list?.type === 'object' ? (list.children ?? []) : []) {
    try {
      const [key, value] = pair.children ?? [];
      if (key?.type !== 'string' || typeof key.value !== 'string' || value?.type !== 'object') continue;
      const type = property(value, 'Type');
      const properties = property(value, 'Properties') ?? undefined;
      yield {
        logicalId: key.value,
        keyStart: key.offset,
        keyEnd: key.offset + key.length,
        type: type?.type === 'string' ? String(type.value) : undefined,
        associationName: properties && written(text, property(properties, 'AssociationName')),
        document: properties && written(text, property(properties, 'Name')),
      };
    } catch {
      // A resource the partial tree cannot answer for gives no definition; the others still do.
    }
  }
}

/** The `AWS::SSM::Association` resources of a JSON template, at most `max`. */
export function jsonDefinitions(text: string, max: number): AssociationDefinition[] {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  return associationDefinitions('cloudformation-json', resources(root, text), new LineIndex(text), max);
}
