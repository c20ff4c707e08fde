// The CloudFormation/SAM readers (src/templates/yamlTemplate.ts with `yaml`, jsonTemplate.ts with
// `jsonc-parser`) on templates of several styles, and on files half typed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findAssociationDefinitions } from '../../src/templates/readers';
import { associationResources } from '../../src/templates/yamlResources';
import { computed, expected, fixture, literal, none, rangeTexts } from './templateHelpers';

const yaml = (resource: string, name: Parameters<typeof expected>[2], document: string | undefined, line: number) =>
  expected('cloudformation-yaml', resource, name, document, line, 2, 2 + resource.length);
const json = (resource: string, name: Parameters<typeof expected>[2], document: string | undefined, line: number, indent = 4) =>
  expected('cloudformation-json', resource, name, document, line, indent, indent + resource.length + 2);

describe('CloudFormation YAML (yaml)', () => {
  it('a SAM template: the association among a function and its events, its literal name and document', () => {
    const text = fixture('sam-patching.yaml');
    const found = findAssociationDefinitions(text, 'template.yaml');
    assert.deepEqual(found, [yaml('WebPatchAssociation', literal('web-nightly-patch'), 'AWS-RunPatchBaseline', 27)]);
    assert.deepEqual(rangeTexts(text, found), ['WebPatchAssociation']);
  });

  it('short-form and long-form intrinsics, Conditions, comments, anchors and a merge key', () => {
    const text = fixture('cfn-intrinsics.yaml');
    const found = findAssociationDefinitions(text, 'stack.yml');
    assert.deepEqual(found, [
      yaml('PatchAssociation', literal('nightly-patch'), 'AWS-RunPatchBaseline', 25),
      yaml('SubListAssociation', computed('!Sub - "${Env}-${Suffix}" - Suffix: inventory'), 'AWS-GatherSoftwareInventory', 35),
      // A computed document (!If) is no document.
      yaml('JoinAssociation', computed('Fn::Join: - "-" - - !Ref Env - scan'), undefined, 44),
      yaml('RefAssociation', computed('!Ref AssocName'), undefined, 54),
      yaml('FlowAssociation', computed('{"Fn::Sub": "${Env}-flow"}'), 'AWS-RunShellScript', 64),
      yaml('NoNameAssociation', none, 'AWS-UpdateSSMAgent', 66),
      yaml('BaseAssociation', literal('from-anchor'), 'AWS-RunShellScript', 72),
      // `<<: *base`: its Type and Properties come from the anchor.
      yaml('MergedAssociation', literal('from-anchor'), 'AWS-RunShellScript', 78),
    ]);
    assert.deepEqual(rangeTexts(text, found), found.map((d) => d.resource));
  });

  it('a computed name is clipped to one line of 80 characters', () => {
    const long = `Resources:\n  Long:\n    Type: AWS::SSM::Association\n    Properties:\n      AssociationName: !Join\n        - "-"\n        - [${'a'.repeat(100)}, b]\n`;
    const [definition] = findAssociationDefinitions(long, 'long.yaml');
    assert.deepEqual(definition.name, computed(`!Join - "-" - [${'a'.repeat(64)}…`));
    assert.equal((definition.name as { text: string }).text.length, 80);
  });

  it('a tab in the indentation: the line is lost, the resources around it are read', () => {
    const text = [
      'Resources:',
      '  First:',
      '    Type: AWS::SSM::Association',
      '    Properties:',
      '      AssociationName: first-name',
      '      Name: AWS-RunShellScript',
      '  Second:',
      '\tType: AWS::SSM::Association',
      '  Third:',
      '    Type: AWS::SSM::Association',
      '    Properties:',
      '      AssociationName: third-name',
      '\t  Name: AWS-RunPatchBaseline',
      '',
    ].join('\n');
    assert.deepEqual(findAssociationDefinitions(text, 'tab.yaml'), [yaml('First', literal('first-name'), 'AWS-RunShellScript', 1), yaml('Third', literal('third-name'), undefined, 8)]);
  });

  it('keys with no value yet, an unclosed flow sequence and an unclosed quote give what is readable', () => {
    const text = [
      'Resources:',
      '  Typing:',
      '    Type: AWS::SSM::Association',
      '    Properties:',
      '      AssociationName:',
      '      Name: AWS-RunShellScript',
      '  NoTypeYet:',
      '    Type:',
      '    Properties:',
      '      AssociationName: not-an-association-yet',
      '  Unclosed:',
      '    Type: AWS::SSM::Association',
      '    Properties:',
      '      AssociationName: unclosed-name',
      '      Targets: [{Key: InstanceIds, Values: [',
      '  Quote:',
      '    Type: AWS::SSM::Association',
      '    Properties:',
      '      AssociationName: "half-typ',
      '',
    ].join('\n');
    assert.deepEqual(findAssociationDefinitions(text, 'half.yaml'), [
      yaml('Typing', none, 'AWS-RunShellScript', 1),
      yaml('Unclosed', literal('unclosed-name'), undefined, 10),
      // A quote not closed yet is not taken as the name.
      yaml('Quote', computed('"half-typ'), undefined, 15),
    ]);
  });
});

describe('CloudFormation JSON (jsonc-parser)', () => {
  it('literal, Fn::Sub, Fn::Join and Ref names, an association without a name, another resource type', () => {
    const text = fixture('cfn-template.json');
    const found = findAssociationDefinitions(text, 'template.json');
    assert.deepEqual(found, [
      json('InventoryAssociation', literal('inventory-daily'), 'AWS-GatherSoftwareInventory', 6),
      json('SubAssociation', computed('{ "Fn::Sub": "${Env}-patch" }'), 'AWS-RunPatchBaseline', 15),
      json('JoinAssociation', computed('{ "Fn::Join": ["-", [{ "Ref": "Env" }, "agent"]] }'), undefined, 22),
      json('Unnamed', none, 'AWS-UpdateSSMAgent', 31),
    ]);
    assert.deepEqual(rangeTexts(text, found), found.map((d) => `"${d.resource}"`));
  });

  it('a file cut off mid-string gives the complete resources, and the cut name as it reads', () => {
    const text = [
      '{',
      '  "Resources": {',
      '    "Complete": {',
      '      "Type": "AWS::SSM::Association",',
      '      "Properties": { "AssociationName": "complete-name", "Name": "AWS-RunShellScript" }',
      '    },',
      '    "Cut": {',
      '      "Type": "AWS::SSM::Association",',
      '      "Properties": { "AssociationName": "cut-na',
    ].join('\n');
    assert.deepEqual(findAssociationDefinitions(text, 'cut.json'), [
      json('Complete', literal('complete-name'), 'AWS-RunShellScript', 2),
      json('Cut', computed('"cut-na'), undefined, 6),
    ]);
    // The document cut off is no document; a .template file with a JSON body is read as JSON.
    const cutDocument = '{"Resources": {"A": {"Type": "AWS::SSM::Association", "Properties": {"AssociationName": "a", "Name": "AWS-Run';
    assert.deepEqual(findAssociationDefinitions(cutDocument, 'stack.template'), [json('A', literal('a'), undefined, 0, 15)]);
  });

  it('a missing comma and a trailing comma: the resources on either side are read', () => {
    const text = '{"Resources": {"A": {"Type": "AWS::SSM::Association" "Properties": {"AssociationName": "a"}}, "B": {"Type": "AWS::SSM::Association",}}}';
    assert.deepEqual(findAssociationDefinitions(text, 'commas.json'), [json('A', literal('a'), undefined, 0, 15), json('B', none, undefined, 0, 94)]);
  });
});

describe('associationResources (yamlResources.ts): which lines the YAML parser is given', () => {
  it('the association resources of a block-style template, at their offsets; the whole text when an alias, a flow style or two Resources keys make that unsound', () => {
    const sam = fixture('sam-patching.yaml');
    const chunks = associationResources(sam);
    assert.equal(chunks?.length, 1);
    const [chunk] = chunks!;
    assert.equal(sam.slice(chunk.offset, chunk.offset + chunk.text.length), chunk.text);
    assert.ok(chunk.text.startsWith('  WebPatchAssociation:\n    Type: AWS::SSM::Association\n'));
    assert.ok(chunk.text.endsWith("OutputS3BucketName: !Sub '${AWS::StackName}-logs'\n"));
    assert.equal(associationResources(fixture('cfn-intrinsics.yaml')), undefined, 'an alias');
    assert.equal(associationResources('{Resources: {A: {Type: AWS::SSM::Association}}}'), undefined, 'flow style');
    assert.equal(associationResources(`Resources:\n  A:\n    Type: AWS::SSM::Association\nResources:\n  B: {}\n`), undefined, 'two Resources keys');
    // `* SUN *)` in a schedule is no alias.
    assert.equal(associationResources('Resources:\n  A:\n    Type: AWS::SSM::Association\n    Properties:\n      ScheduleExpression: cron(0 2 ? * SUN *)\n')?.length, 1);
  });

  it('a resource half typed does not spoil the one after it (each is parsed alone)', () => {
    const text = [
      'Resources:',
      '  Broken:',
      '    Type: AWS::SSM::Association',
      '    Properties:',
      '      AssociationName: [unclosed, flow',
      '      Name: {also: unclosed',
      '  # a comment at the resources\' indentation',
      '  After:',
      '    Type: AWS::SSM::Association',
      '    Properties:',
      '      AssociationName: after-name',
      'Outputs:',
      '  X: {Value: AWS::SSM::Association}',
      '',
    ].join('\n');
    assert.deepEqual(findAssociationDefinitions(text, 'broken.yaml'), [
      yaml('Broken', computed('[unclosed, flow'), undefined, 1),
      yaml('After', literal('after-name'), undefined, 7),
    ]);
  });
});
