// The template readers: the entry of the lazily loaded part dist/templates.js (lazyParts.json), so the
// parsers (yaml, jsonc-parser) are loaded only when a file that may define an association is opened.
// Which parser reads which format, and why: yamlTemplate.ts, jsonTemplate.ts, terraform.ts.
import { mightDefineAssociations, type AssociationDefinition, type TemplateReader } from './definitions';
import { jsonDefinitions } from './jsonTemplate';
import { terraformDefinitions } from './terraform';
import { yamlDefinitions } from './yamlTemplate';

/** A file longer than this (in UTF-16 units, about 5 MB of text) is not parsed: it gives no definition. */
export const MAX_TEMPLATE_LENGTH = 5 * 1024 * 1024;

/** The most definitions one file gives; the ones after are left out. */
export const MAX_DEFINITIONS = 1_000;

/** Which reader a file gets: `.tf` Terraform; `.json`, or any file whose text starts with `{`, JSON; else YAML. */
export function readerFor(text: string, fileName: string): (text: string, max: number) => AssociationDefinition[] {
  const name = fileName.toLowerCase();
  if (name.endsWith('.tf')) return terraformDefinitions;
  if (name.endsWith('.json') || /^\s*\{/.test(text)) return jsonDefinitions;
  return yamlDefinitions;
}

/**
 * The associations that `text` (the file `fileName`) defines. Never throws: a file that cannot be
 * read gives [], a resource that cannot be read gives no definition. A file over
 * MAX_TEMPLATE_LENGTH, or without `AWS::SSM::Association`/`aws_ssm_association` in it, is not parsed;
 * at most MAX_DEFINITIONS are returned.
 */
export function findAssociationDefinitions(text: string, fileName: string): AssociationDefinition[] {
  if (text.length > MAX_TEMPLATE_LENGTH || !mightDefineAssociations(text)) return [];
  try {
    return readerFor(text, fileName)(text, MAX_DEFINITIONS);
  } catch {
    return [];
  }
}

/** What dist/templates.js gives its loader (loadReader.ts). */
export const templateReader: TemplateReader = { findAssociationDefinitions };
