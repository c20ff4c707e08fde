// CloudFormation/SAM templates in YAML, read with the `yaml` package (eemeli/yaml: what the Red Hat
// YAML language server builds on; no dependencies, about 40 KB of it in dist/templates.js).
// CloudFormation's short-form tags (`!Ref`, `!Sub`, `!GetAtt`, `!Join`, `!If`, … in scalar, sequence
// and mapping form) are given to the parser as custom tags that keep the node as written (`node.tag`
// says which): an unknown tag would also be kept, but with a warning each, and a warning is an Error
// with its stack trace — 12,000 of them made a 5,000-line template take a second instead of
// milliseconds (bench/templates.ts). Errors (a tab as indentation, a broken flow collection) still
// leave a partial tree, read as far as it goes.
import { isAlias, isMap, isScalar, parseDocument, type CollectionTag, type Document, type Pair, type ScalarTag, type Tags, type YAMLMap } from 'yaml';
import type { AssociationDefinition } from './definitions';
import { associationDefinitions, type TemplateResource, type WrittenValue } from './cloudFormation';
import { LineIndex, oneLine } from './sourceText';
import { associationResources } from './yamlResources';

/** How many aliases (`*name`) one lookup follows, and how deep merge keys (`<<: *base`) nest: anchors cannot loop or explode. */
const MAX_ALIAS_HOPS = 8;

function resolved(doc: Document, node: unknown): unknown {
  let current = node;
  for (let hops = 0; isAlias(current); hops++) {
    if (hops >= MAX_ALIAS_HOPS) return undefined;
    current = current.resolve(doc);
  }
  return current;
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

/**
 * The pair under `key` in a mapping: its own first, then those a merge key (`<<: *base`,
 * `<<: [*a, *b]`) brings in. Undefined when there is none.
 */
function pairOf(doc: Document, map: YAMLMap, key: string, depth = 0): Pair | undefined {
  const own = map.items.find((p) => keyOf(p) === key);
  if (own || depth >= MAX_ALIAS_HOPS) return own;
  for (const merge of map.items.filter((p) => keyOf(p) === '<<')) {
    const target = resolved(doc, merge.value);
    const sources = isMap(target) ? [target] : ((target as { items?: unknown[] } | undefined)?.items ?? []).map((n) => resolved(doc, n));
    for (const source of sources) {
      const found = isMap(source) ? pairOf(doc, source, key, depth + 1) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

function mapOf(doc: Document, node: unknown): YAMLMap | undefined {
  const target = resolved(doc, node);
  return isMap(target) ? target : undefined;
}

/** A YAML tag written in the file (`!Sub`), not one of the core schema's (`!!str` reads `tag:yaml.org,2002:str`). */
function shortFormTag(node: unknown): string | undefined {
  const tag = (node as { tag?: string }).tag;
  return tag?.startsWith('!') ? tag : undefined;
}

function written(doc: Document, text: string, pair: Pair | undefined): WrittenValue | undefined {
  if (!pair) return undefined;
  const node = resolved(doc, pair.value);
  if (node === null || node === undefined || (isScalar(node) && node.value === null && !shortFormTag(node))) return { kind: 'empty' };
  const range = (node as { range?: [number, number, number] }).range;
  // A value with an error in it (a quoted string not closed yet) is not taken at its word.
  const broken = !range || doc.errors.some((e) => e.pos[0] >= range[0] && e.pos[0] <= range[1]);
  if (isScalar(node) && !broken && !shortFormTag(node) && ['string', 'number', 'boolean'].includes(typeof node.value)) return { kind: 'string', value: String(node.value) };
  const source = range ? text.slice(range[0], range[1]) : '';
  const tag = shortFormTag(node);
  return { kind: 'other', text: oneLine(tag ? `${tag} ${source}` : source) };
}

/** The resources in `list` (the `Resources` mapping, or a document of one resource), their offsets in `text` moved by `offset`. */
function* resources(doc: Document, text: string, list: YAMLMap | undefined, offset: number): Generator<TemplateResource> {
  if (!list) return;
  for (const pair of list.items) {
    try {
      const key = pair.key;
      if (!isScalar(key) || typeof key.value !== 'string' || !key.range) continue;
      const resource = mapOf(doc, pair.value);
      if (!resource) continue;
      const type = resolved(doc, pairOf(doc, resource, 'Type')?.value);
      const properties = mapOf(doc, pairOf(doc, resource, 'Properties')?.value);
      yield {
        logicalId: key.value,
        keyStart: offset + key.range[0],
        keyEnd: offset + key.range[1],
        type: isScalar(type) && typeof type.value === 'string' ? type.value : undefined,
        associationName: properties && written(doc, text, pairOf(doc, properties, 'AssociationName')),
        document: properties && written(doc, text, pairOf(doc, properties, 'Name')),
      };
    } catch {
      // A resource the partial tree cannot answer for gives no definition; the others still do.
    }
  }
}

/** CloudFormation's intrinsic functions and condition functions in short form (the CloudFormation User Guide's "Intrinsic function reference"; `!ForEach`, `!Length` and `!ToJsonString` from AWS::LanguageExtensions). */
const SHORT_FORMS = ['And', 'Base64', 'Cidr', 'Condition', 'Equals', 'FindInMap', 'ForEach', 'GetAtt', 'GetAZs', 'If', 'ImportValue', 'Join', 'Length', 'Not', 'Or', 'Ref', 'Select', 'Split', 'Sub', 'ToJsonString', 'Transform'];

/** Each short form in each of its three shapes: `!Ref Name`, `!Sub [text, {…}]`, `!Transform {Name: …}`. */
const CLOUDFORMATION_TAGS: (ScalarTag | CollectionTag)[] = SHORT_FORMS.flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: 'seq' as const },
  { tag: `!${name}`, collection: 'map' as const },
]);

/** Added in one step (given as an array, the parser adds them one by one, copying the list each time, for every document). */
const withCloudFormationTags = (tags: Tags) => tags.concat(CLOUDFORMATION_TAGS);

function parse(text: string): Document {
  // uniqueKeys off: a key typed twice while editing is no reason to doubt the rest.
  return parseDocument(text, { uniqueKeys: false, prettyErrors: false, keepSourceTokens: false, customTags: withCloudFormationTags });
}

/** The document, read again without its lines indented by a tab when it has any. */
function parsed(text: string): Document {
  const doc = parse(text);
  // A tab in the indentation (typed by mistake, or pasted) throws the parser off for the rest of the
  // mapping. Read again with each line indented by a tab blanked out (spaces: the offsets stay where
  // they were): what that line said is lost, the resources around it are read.
  return doc.errors.some((e) => e.code === 'TAB_AS_INDENT') ? parse(text.replace(/^[ ]*\t[^\n]*/gm, (line) => ' '.repeat(line.length))) : doc;
}

/** The `AWS::SSM::Association` resources of a YAML template, at most `max`: each parsed alone where that is sound (yamlResources.ts), else the whole text. */
export function yamlDefinitions(text: string, max: number): AssociationDefinition[] {
  const lines = new LineIndex(text);
  const chunks = associationResources(text);
  if (!chunks) {
    const doc = parsed(text);
    const root = mapOf(doc, doc.contents);
    return associationDefinitions('cloudformation-yaml', resources(doc, text, root && mapOf(doc, pairOf(doc, root, 'Resources')?.value), 0), lines, max);
  }
  function* each(): Generator<TemplateResource> {
    for (const chunk of chunks ?? []) {
      const doc = parsed(chunk.text);
      yield* resources(doc, chunk.text, mapOf(doc, doc.contents), chunk.offset);
    }
  }
  return associationDefinitions('cloudformation-yaml', each(), lines, max);
}
