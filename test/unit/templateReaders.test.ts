// The entry of dist/templates.js (src/templates/readers.ts) and its loader: which reader a file gets,
// the cheap check, the ceilings, and no exception from any text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadTemplateReader } from '../../src/templates/loadReader';
import { findAssociationDefinitions, MAX_DEFINITIONS, MAX_TEMPLATE_LENGTH, templateReader } from '../../src/templates/readers';
import { expected, fixture, literal } from './templateHelpers';

const ONE_YAML = 'Resources:\n  A:\n    Type: AWS::SSM::Association\n    Properties:\n      AssociationName: a-name\n';
const A_YAML = expected('cloudformation-yaml', 'A', literal('a-name'), undefined, 1, 2, 3);

function yamlWith(count: number): string {
  const lines = ['Resources:'];
  for (let i = 0; i < count; i++) lines.push(`  R${i}:`, '    Type: AWS::SSM::Association', '    Properties:', `      AssociationName: name-${i}`);
  return `${lines.join('\n')}\n`;
}

describe('findAssociationDefinitions (src/templates/readers.ts)', () => {
  it('picks the reader by name and body: .tf Terraform, .json or a body starting with { JSON, else YAML', () => {
    const json = '{"Resources": {"J": {"Type": "AWS::SSM::Association", "Properties": {"AssociationName": "j"}}}}';
    const jsonDefinition = expected('cloudformation-json', 'J', literal('j'), undefined, 0, 15, 18);
    assert.deepEqual(findAssociationDefinitions(json, 'a.json'), [jsonDefinition]);
    assert.deepEqual(findAssociationDefinitions(`\n  ${json}`.slice(3), 'stack.template'), [jsonDefinition]);
    assert.deepEqual(findAssociationDefinitions(ONE_YAML, 'stack.template'), [A_YAML]);
    assert.deepEqual(findAssociationDefinitions(ONE_YAML, 'A.YAML'), [A_YAML]);
    assert.deepEqual(findAssociationDefinitions('resource "aws_ssm_association" "t" {\n}\n', 'infra/MAIN.TF'), [
      expected('terraform', 'aws_ssm_association.t', { kind: 'none' }, undefined, 0, 0, 34),
    ]);
    // A Terraform file given a YAML name is read as YAML: no definition, no error.
    assert.deepEqual(findAssociationDefinitions('resource "aws_ssm_association" "t" {\n}\n', 'main.yaml'), []);
  });

  it('parses nothing without AWS::SSM::Association or aws_ssm_association in the text', () => {
    assert.deepEqual(findAssociationDefinitions(ONE_YAML.replace('AWS::SSM::Association', 'AWS::SSM::Document'), 'a.yaml'), []);
    // The Terraform reader would find the block; without the marker it is not asked.
    assert.deepEqual(findAssociationDefinitions('resource "x" "y" {\n}\n', 'main.tf'), []);
  });

  it(`a text over ${MAX_TEMPLATE_LENGTH} characters gives no definition; one at the ceiling does`, () => {
    const padding = (length: number) => `${ONE_YAML}#${'x'.repeat(length - ONE_YAML.length - 2)}\n`;
    assert.equal(padding(MAX_TEMPLATE_LENGTH).length, MAX_TEMPLATE_LENGTH);
    assert.deepEqual(findAssociationDefinitions(padding(MAX_TEMPLATE_LENGTH), 'big.yaml'), [A_YAML]);
    assert.deepEqual(findAssociationDefinitions(padding(MAX_TEMPLATE_LENGTH + 1), 'big.yaml'), []);
  });

  it(`gives at most ${MAX_DEFINITIONS} definitions, in the order written, from each reader`, () => {
    const yaml = findAssociationDefinitions(yamlWith(MAX_DEFINITIONS + 5), 'many.yaml');
    assert.equal(yaml.length, MAX_DEFINITIONS);
    assert.deepEqual(yaml.at(-1), expected('cloudformation-yaml', `R${MAX_DEFINITIONS - 1}`, literal(`name-${MAX_DEFINITIONS - 1}`), undefined, 1 + 4 * (MAX_DEFINITIONS - 1), 2, 2 + `R${MAX_DEFINITIONS - 1}`.length));
    const blocks = Array.from({ length: MAX_DEFINITIONS + 5 }, (_, i) => `resource "aws_ssm_association" "r${i}" { association_name = "n${i}" }`).join('\n');
    const terraform = findAssociationDefinitions(blocks, 'many.tf');
    assert.equal(terraform.length, MAX_DEFINITIONS);
    assert.deepEqual(terraform.at(-1)?.name, literal(`n${MAX_DEFINITIONS - 1}`));
    const resources = Array.from({ length: MAX_DEFINITIONS + 5 }, (_, i) => `"R${i}": {"Type": "AWS::SSM::Association"}`).join(',\n');
    const json = findAssociationDefinitions(`{"Resources": {\n${resources}\n}}`, 'many.json');
    assert.equal(json.length, MAX_DEFINITIONS);
    assert.equal(json.at(-1)?.resource, `R${MAX_DEFINITIONS - 1}`);
  });

  it('never throws: nesting deep enough to overflow a recursive parser, aliases to themselves, binary noise', () => {
    const marker = 'AWS::SSM::Association aws_ssm_association';
    const deep = 200_000;
    for (const [text, file] of [
      [`{"Resources": ${'['.repeat(deep)} "${marker}"`, 'deep.json'],
      [`Resources: ${'['.repeat(deep)} ${marker}`, 'deep.yaml'],
      [`resource "aws_ssm_association" "x" {\n${'{'.repeat(deep)}\n`, 'deep.tf'],
      [`Resources:\n  A: &a\n    Type: AWS::SSM::Association\n    Properties: *a\n    <<: *a\n`, 'self.yaml'],
      [`${marker}${String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 7919) % 65536))}`, 'noise.yaml'],
    ]) {
      assert.doesNotThrow(() => findAssociationDefinitions(text, file), file);
    }
    // The anchor in its own node: read as far as the aliases go, and no further.
    assert.deepEqual(findAssociationDefinitions('Resources:\n  A: &a\n    Type: AWS::SSM::Association\n    Properties: *a\n', 'self.yaml'), [
      expected('cloudformation-yaml', 'A', { kind: 'none' }, undefined, 1, 2, 3),
    ]);
  });
});

describe('loadTemplateReader (src/templates/loadReader.ts)', () => {
  it('loads the readers once and gives the same reader each time', async () => {
    const reader = await loadTemplateReader();
    assert.equal(reader, templateReader);
    assert.equal(await loadTemplateReader(), reader);
    assert.equal(reader.findAssociationDefinitions(fixture('sam-patching.yaml'), 'template.yaml')[0]?.resource, 'WebPatchAssociation');
  });
});
