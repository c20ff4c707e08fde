/**
 * Association definitions found in infrastructure code (CloudFormation/SAM YAML and JSON, Terraform):
 * the contract between the template readers (the lazily loaded parser part) and the CodeLens on the
 * editor side. Pure: no vscode, no parser imported here, so the main bundle can hold this file.
 */

/** Which reader found the definition. */
export type TemplateKind = 'cloudformation-yaml' | 'cloudformation-json' | 'terraform';

/** A place in the file, 0-based like VS Code's Position. */
export interface TemplatePosition {
  readonly line: number;
  readonly character: number;
}

/** The association's name as written. */
export type WrittenName =
  /** A plain string: `AssociationName: nightly-patch`, `association_name = "nightly-patch"`. */
  | { readonly kind: 'literal'; readonly value: string }
  /** Computed (`!Sub`, `!Ref`, `Fn::Join`, `"${var.env}-patch"`, `local.x`), or a string not closed yet: `text` is how it reads in the file, one line, clipped to 80 (not made safe for display: show it through plainLine). */
  | { readonly kind: 'computed'; readonly text: string }
  /** No name written. */
  | { readonly kind: 'none' };

export interface AssociationDefinition {
  readonly templateKind: TemplateKind;
  /** CloudFormation: the logical ID (`PatchAssociation`); Terraform: `aws_ssm_association.<label>`. */
  readonly resource: string;
  readonly name: WrittenName;
  /** The document's name when written as a literal (CloudFormation `Name`, Terraform `name`). */
  readonly document?: string;
  /** The resource's first line (the logical ID's key, the `resource "aws_ssm_association" "x"` line): where the lens goes and where Go to Definition lands. */
  readonly range: { readonly start: TemplatePosition; readonly end: TemplatePosition };
}

/** The texts a file must contain to be parsed at all (the cheap check before loading any parser). */
export const ASSOCIATION_MARKERS: readonly string[] = ['AWS::SSM::Association', 'aws_ssm_association'];

/** True when the text may define an association: only such files are parsed. */
export function mightDefineAssociations(text: string): boolean {
  return ASSOCIATION_MARKERS.some((marker) => text.includes(marker));
}

/**
 * What the parser part (dist/templates.js, loaded on first use by loadTemplateReader in loadReader.ts)
 * gives. `fileName` picks the reader (`.tf` → Terraform; `.json`, or any text starting with `{` → JSON;
 * else YAML). Never throws: a file or resource that cannot be read gives no definition for it. A text
 * over 5 MB (MAX_TEMPLATE_LENGTH in readers.ts) gives none; at most 1,000 definitions a file.
 */
export interface TemplateReader {
  findAssociationDefinitions(text: string, fileName: string): AssociationDefinition[];
}
