// What the YAML and JSON readers of CloudFormation/SAM templates share: which resources are
// associations and how their properties become an AssociationDefinition.
import type { AssociationDefinition, TemplateKind, WrittenName } from './definitions';
import type { LineIndex } from './sourceText';

export const ASSOCIATION_TYPE = 'AWS::SSM::Association';

/** A property's value as a reader saw it: a plain string, anything else (an intrinsic, as it reads), or a key with no value. */
export type WrittenValue = { readonly kind: 'string'; readonly value: string } | { readonly kind: 'other'; readonly text: string } | { readonly kind: 'empty' };

/** One resource under `Resources`, as far as a reader could read it. */
export interface TemplateResource {
  readonly logicalId: string;
  /** Offsets of the logical ID's key in the text (JSON: with its quotes). */
  readonly keyStart: number;
  readonly keyEnd: number;
  /** `Type` when it is a plain string. */
  readonly type?: string;
  /** `Properties.AssociationName`; undefined when not written. */
  readonly associationName?: WrittenValue;
  /** `Properties.Name` (the document). */
  readonly document?: WrittenValue;
}

function writtenName(value: WrittenValue | undefined): WrittenName {
  if (value?.kind === 'string') return { kind: 'literal', value: value.value };
  if (value?.kind === 'other') return { kind: 'computed', text: value.text };
  return { kind: 'none' };
}

/** The associations among `resources`, at most `max` of them. */
export function associationDefinitions(templateKind: TemplateKind, resources: Iterable<TemplateResource>, lines: LineIndex, max: number): AssociationDefinition[] {
  const found: AssociationDefinition[] = [];
  for (const r of resources) {
    if (found.length >= max) break;
    if (r.type !== ASSOCIATION_TYPE) continue;
    found.push({
      templateKind,
      resource: r.logicalId,
      name: writtenName(r.associationName),
      ...(r.document?.kind === 'string' ? { document: r.document.value } : {}),
      range: lines.range(r.keyStart, r.keyEnd),
    });
  }
  return found;
}
