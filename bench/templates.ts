// Item 8 (issue 22 §2): the template readers (the lazily loaded part dist/templates.js). Generated
// files of 5,000 lines with 50 associations among other resources — a CloudFormation YAML template
// with short- and long-form intrinsics, and Terraform with nested blocks and heredocs — read by
// findAssociationDefinitions once the part is loaded: median of repeated runs; and the lenses of the
// YAML template as the CodeLens makes them (the parse, then lensesFor each definition against 5,000
// loaded associations), bound ≤ 30 ms. Its size is footprint's row.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplateReader } from '../src/templates/loadReader';
import type { TemplateReader } from '../src/templates/definitions';
import { lensesFor, type LoadedList } from '../src/templates/lenses';
import type { AssociationSummary } from '../src/core/associationRows';
import { DIST, REPO } from './footprint';
import type { Row } from './report';
import { median, ms, now, spread } from './stats';

const LINES = 5_000;
const ASSOCIATIONS = 50;
const BOUND_MS = 30;
/** Associations loaded in the view when the lenses are made (item 7's fleet size). */
const LOADED = 5_000;

/** One loaded list of `LOADED` associations: patch-0 … patch-4999, every seventh failing. */
function loadedList(): LoadedList {
  const items: AssociationSummary[] = Array.from({ length: LOADED }, (_, k) => ({
    associationId: `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`,
    name: `patch-${k}`,
    document: 'AWS-RunPatchBaseline',
    targets: [{ key: 'tag:Patch Group', values: ['web'] }],
    lastExecution: new Date(Date.now() - 3_600_000),
    overview: k % 7 === 0 ? { status: 'Failed', counts: { Failed: 3, Success: 37 } as Record<string, number> } : { status: 'Success', counts: { Success: 40 } as Record<string, number> },
  }));
  return { key: '{"profile":"bench","region":"eu-west-1"}', scope: { profile: 'bench', region: 'eu-west-1' }, state: 'loaded', items, more: false };
}

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
  // The lenses as the CodeLens makes them for the YAML template: the parse, then each definition's lenses.
  const lists = [loadedList()];
  const yaml = cloudFormationYaml();
  let lensCount = 0;
  const lensSamples: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const t = now();
    lensCount = loaded.findAssociationDefinitions(yaml, 'template.yaml').flatMap((def) => lensesFor(def, lists, Date.now())).length;
    lensSamples.push(now() - t);
  }
  const lensMs = median(lensSamples);
  rows.push({
    item: '8',
    metric: `Lenses of the CloudFormation YAML (${LINES} lines, ${ASSOCIATIONS} associations) against ${LOADED} loaded associations: parse + lensesFor, no request (median)`,
    figure: `${ms(lensMs)} (${lensCount} lenses)`,
    bound: opts.timed ? `≤ ${BOUND_MS} ms` : '',
    pass: opts.timed ? lensMs <= BOUND_MS && lensCount > 0 : null,
    value: lensMs,
    samples: lensSamples,
    note: spread(lensSamples),
  });
  return {
    rows,
    method: [`Item 8: the template readers of ${what}, on a generated CloudFormation YAML template and a Terraform file (bench/templates.ts), each ${LINES} lines with ${ASSOCIATIONS} associations among other resources; findAssociationDefinitions read once after the part was loaded (reported: the code is compiled then), then timed ${opts.runs} times, median. The lenses: the YAML template's definitions and lensesFor each against one loaded list of ${LOADED} associations (pure: no endpoint is involved, so no request can be made; the in-host suite checks 0 requests from opening and editing a template at the endpoint), median of ${opts.runs}. The size of dist/templates.js is item 4's lazy-part row.`],
  };
}
