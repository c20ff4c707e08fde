// The Terraform reader (src/templates/terraform.ts, terraformTokens.ts) on files of several styles,
// and on files half typed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findAssociationDefinitions } from '../../src/templates/readers';
import { computed, expected, fixture, literal, none, rangeTexts } from './templateHelpers';

/** The definition of `resource "aws_ssm_association" "<label>" {` at column 0 of `line`. */
const tf = (label: string, name: Parameters<typeof expected>[2], document: string | undefined, line: number) =>
  expected('terraform', `aws_ssm_association.${label}`, name, document, line, 0, `resource "aws_ssm_association" "${label}"`.length);

describe('Terraform (the reader of terraform.ts)', () => {
  it('count, for_each, heredocs, nested blocks, comments, one-line blocks, names from templates, locals and functions', () => {
    const text = fixture('associations.tf');
    const found = findAssociationDefinitions(text, 'main.tf');
    assert.deepEqual(found, [
      tf('patch', literal('nightly-patch'), 'AWS-RunPatchBaseline', 15),
      // A document by reference is no document.
      tf('per_env', computed('"${var.envs[count.index]}-scan"'), undefined, 30),
      // The heredoc's `}` and `name = "not-this"` are text, not code.
      tf('each', computed('local.name'), 'AWS-RunShellScript', 40),
      tf('oneline', none, 'AWS-UpdateSSMAgent', 52),
      tf('function', computed('format("%s-agent", var.env)'), 'AWS-UpdateSSMAgent', 54),
      // Escapes read: \" and $${ (a literal ${).
      tf('escaped', literal('quote"d ${literal}'), 'AWS-RunShellScript', 59),
      // A heredoc holding `}` lines and a resource header at column 0 ends at its marker only.
      tf('heredoc', literal('after-heredoc'), 'AWS-RunShellScript', 69),
    ]);
    assert.deepEqual(
      rangeTexts(text, found),
      found.map((d) => `resource "aws_ssm_association" "${d.resource.split('.')[1]}"`),
    );
  });

  it('bare labels, CRLF line ends, an indented heredoc marker, /* */ inside a line, a name written twice (the first counts)', () => {
    const text = [
      'resource aws_ssm_association bare {',
      '  association_name = /* inline */ "bare-name"',
      '  name = "AWS-RunShellScript"',
      '  name = "AWS-Second"',
      '}',
      'resource "aws_ssm_association" "crlf" {',
      '  parameters = {',
      '    commands = <<EOT',
      '    association_name = "in-heredoc"',
      '    EOT',
      '  }',
      '  association_name = "crlf-name"',
      '}',
      '',
    ].join('\r\n');
    assert.deepEqual(findAssociationDefinitions(text, 'crlf.tf'), [
      expected('terraform', 'aws_ssm_association.bare', literal('bare-name'), 'AWS-RunShellScript', 0, 0, 33),
      tf('crlf', literal('crlf-name'), undefined, 5),
    ]);
  });

  it('an unclosed block ends where the next block starts at column 0; an unclosed string ends at its line; the end of the file ends the last block', () => {
    const text = [
      'resource "aws_ssm_association" "typing" {',
      '  association_name = "half"',
      '  name = "AWS-RunShell',
      '  targets {',
      'resource "aws_ssm_association" "next" {',
      '  association_name = "next-one"',
      '}',
      'resource "aws_ssm_association" {',
      '  association_name = "no-label-yet"',
      '}',
      'resource "aws_ssm_association" "empty" {',
      '  association_name =',
      '  name = "AWS-RunShellScript"',
      '}',
      'resource "aws_ssm_association" "eof" {',
      '  association_name = "${var.',
      '',
    ].join('\n');
    assert.deepEqual(findAssociationDefinitions(text, 'half.tf'), [
      tf('typing', literal('half'), undefined, 0),
      tf('next', literal('next-one'), undefined, 4),
      tf('empty', none, 'AWS-RunShellScript', 10),
      tf('eof', computed('"${var.'), undefined, 14),
    ]);
  });

  it('a nested block at column 0 inside a resource is not taken for a new block; attributes of nested blocks are not the resource\'s', () => {
    const text = [
      'resource "aws_ssm_association" "flat" {',
      'targets {',
      'name = "in-targets"',
      '}',
      'output_location {',
      '  s3_bucket_name = "logs"',
      '}',
      'association_name = "flat-name"',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(findAssociationDefinitions(text, 'flat.tf'), [tf('flat', literal('flat-name'), undefined, 0)]);
  });
});
