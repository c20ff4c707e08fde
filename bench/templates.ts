// Item 8 (issue 22 §2): the template readers (the lazily loaded part dist/templates.js). Generated
// files of 5,000 lines with 50 associations among other resources — a CloudFormation YAML template
// with short- and long-form intrinsics, and Terraform with nested blocks and heredocs — read by
// findAssociationDefinitions once the part is loaded: median of repeated runs. The lenses built on
// top of the definitions are the CodeLens's (src/editor); this is the parse. Its size is footprint's row.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplateReader } from '../src/templates/loadReader';
import type { TemplateReader } from '../src/templates/definitions';
import { DIST, REPO } from './footprint';
import type { Row } from './report';
import { median, ms, now, spread } from './stats';

const LINES = 5_000;
const ASSOCIATIONS = 50;
const BOUND_MS = 30;

/** A resource of another type, `n` lines long, as templates hold them (a function, a role with its policy). */
function otherYaml(i: number, n: number): string[] {
  const lines = [`  Function${i}:`, '    Type: AWS::Lambda::Function', '    Properties:', `      FunctionName: !Sub '\${AWS::StackName}-fn-${i}'`, '      Role: !GetAtt Role.Arn', '      Environment:', '        Variables:'];
  for (let v = 0; lines.length < n; v++) lines.push(`          VAR_${v}: !Select [${v % 3}, !Split [",", !ImportValue shared-${v}]]  # setting ${v}`);
  return lines.slice(0, n);
}

function associationYaml(i: number): string[] {
  const name = [
    [`      AssociationName: patch-${i}`],
    [`      AssociationName: !Sub '\${Env}-patch-${i}'`],
    ['      AssociationName:', '        Fn::Join:', '          - "-"', `          - - !Ref Env`, `            - scan-${i}`],
  ][i % 3];
  return [`  Association${i}:`, '    Type: AWS::SSM::Association', '    Condition: IsProd', '    Properties:', ...name, '      Name: AWS-RunPatchBaseline', '      Targets:', '        - Key: tag:Patch Group', '          Values: [web]', '      ScheduleExpression: cron(0 2 ? * SUN *)'];
}

/** Fills `LINES` lines: a head, `ASSOCIATIONS` associations each after another resource that takes up the rest. */
function generated(head: string[], association: (i: number) => string[], other: (i: number, n: number) => string[]): string {
  const lines = [...head];
  const each = Math.floor((LINES - head.length) / ASSOCIATIONS);
  for (let i = 0; i < ASSOCIATIONS; i++) {
    const own = association(i);
    lines.push(...other(i, (i === ASSOCIATIONS - 1 ? LINES - lines.length : each) - own.length), ...own);
  }
  if (lines.length !== LINES) throw new Error(`generated ${lines.length} lines, not ${LINES}`);
  return `${lines.join('\n')}\n`;
}

export function cloudFormationYaml(): string {
  const head = ['AWSTemplateFormatVersion: "2010-09-09"', 'Parameters:', '  Env: {Type: String, Default: prod}', 'Conditions:', '  IsProd: !Equals [!Ref Env, prod]', 'Resources:'];
  return generated(head, associationYaml, otherYaml);
}

function otherTerraform(i: number, n: number): string[] {
  const lines = [`resource "aws_instance" "web_${i}" {`, '  ami           = data.aws_ami.base.id', '  instance_type = "t3.micro"', '  user_data     = <<-EOT', '    #!/bin/bash', '    echo "}" > /tmp/brace', '  EOT', '  tags = {'];
  for (let v = 0; lines.length < n - 2; v++) lines.push(`    Tag${v} = "\${var.env}-${v}" # tag ${v}`);
  return [...lines, '  }', '}'].slice(0, n);
}

function associationTerraform(i: number): string[] {
  const name = [`"patch-${i}"`, `"\${var.env}-patch-${i}"`, 'local.names[' + i + ']'][i % 3];
  return [`resource "aws_ssm_association" "a${i}" {`, '  name             = "AWS-RunPatchBaseline"', `  association_name = ${name}`, '  targets {', '    key    = "tag:Patch Group"', '    values = ["web"]', '  }', '}'];
}

export function terraformFile(): string {
  return generated(['variable "env" {', '  type = string', '}'], associationTerraform, otherTerraform);
}

/** dist/templates.js when a build newer than src/templates/ is there (what ships: minified); else the sources. */
function reader(): { load: () => Promise<TemplateReader>; what: string } {
  const bundle = join(DIST, 'templates.js');
  const sources = join(REPO, 'src', 'templates');
  const newest = Math.max(...readdirSync(sources).map((f) => statSync(join(sources, f)).mtimeMs));
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newest) {
    return { load: async () => (require(bundle) as typeof import('../src/templates/readers')).templateReader, what: 'dist/templates.js (the production build)' };
  }
  return { load: loadTemplateReader, what: 'the sources (src/templates/loadReader.ts; no fresh dist/templates.js)' };
}

export async function templateReaders(opts: { runs: number; timed: boolean }): Promise<{ rows: Row[]; method: string[] }> {
  const rows: Row[] = [];
  const { load, what } = reader();
  const t0 = now();
  const loaded = await load();
  const loadMs = now() - t0;
  rows.push({ item: '8', metric: `Load the template readers (${what}), first time in this process`, figure: ms(loadMs), bound: '', pass: null, value: loadMs });
  for (const [label, file, text] of [
    ['CloudFormation YAML', 'template.yaml', cloudFormationYaml()],
    ['Terraform', 'main.tf', terraformFile()],
  ] as const) {
    const t1 = now();
    const found = loaded.findAssociationDefinitions(text, file);
    const firstMs = now() - t1;
    const kinds = ['literal', 'computed'].map((k) => found.filter((d) => d.name.kind === k).length);
    rows.push({ item: '8', metric: `${label}, ${LINES} lines with ${ASSOCIATIONS} associations: definitions found`, figure: `${found.length} (${kinds[0]} literal, ${kinds[1]} computed)`, bound: `= ${ASSOCIATIONS}`, pass: found.length === ASSOCIATIONS, value: found.length });
    // The first read compiles the readers' code as well: reported apart, as the first lens after loading.
    rows.push({ item: '8', metric: `${label}: the first findAssociationDefinitions after loading (the code not compiled yet)`, figure: ms(firstMs), bound: '', pass: null, value: firstMs });
    const samples: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const t = now();
      loaded.findAssociationDefinitions(text, file);
      samples.push(now() - t);
    }
    const t = median(samples);
    rows.push({
      item: '8',
      metric: `${label}, ${LINES} lines with ${ASSOCIATIONS} associations: findAssociationDefinitions once loaded (median of the reads after the first)`,
      figure: ms(t),
      bound: opts.timed ? `≤ ${BOUND_MS} ms` : '',
      pass: opts.timed ? t <= BOUND_MS : null,
      value: t,
      samples,
      note: spread(samples),
    });
  }
  return {
    rows,
    method: [`Item 8: the template readers of ${what}, on a generated CloudFormation YAML template and a Terraform file (bench/templates.ts), each ${LINES} lines with ${ASSOCIATIONS} associations among other resources; findAssociationDefinitions read once after the part was loaded (reported: the code is compiled then), then timed ${opts.runs} times, median. The size of dist/templates.js is item 4's lazy-part row.`],
  };
}
