// The bundle rule, checked on the production build itself (esbuild's metafile): the editor-side
// bundle carries no SDK, each lazily loaded part (lazyParts.json) is in its own bundle and nowhere
// else, .vscodeignore ships exactly those bundles, and a build whose require() of a lazy module
// matches no row fails instead of bundling the part back in.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Metafile } from 'esbuild';
import { build, entryOf, LAZY_PARTS } from '../../esbuild.js';

const ROOT = join(__dirname, '..', '..');

type Output = Metafile['outputs'][string];

/** Outputs by file name (extension.js, aws.js, chunk-….js): the metafile keys them by a path relative to the repository. */
function byName(metafiles: Metafile[]): Map<string, Output> {
  const out = new Map<string, Output>();
  for (const meta of metafiles) for (const [file, output] of Object.entries(meta.outputs)) if (file.endsWith('.js')) out.set(basename(file), output);
  return out;
}

/** The inputs that loading `name` evaluates: its own and those of the chunks it imports, transitively. */
function loadedInputs(outputs: Map<string, Output>, name: string, seen = new Set<string>()): Set<string> {
  const inputs = new Set<string>();
  if (seen.has(name)) return inputs;
  seen.add(name);
  const output = outputs.get(name);
  assert.ok(output, `${name} was built`);
  for (const input of Object.keys(output.inputs)) inputs.add(input);
  for (const imp of output.imports) {
    if (/^chunk-\w+\.js$/.test(basename(imp.path))) for (const input of loadedInputs(outputs, basename(imp.path), seen)) inputs.add(input);
  }
  return inputs;
}

/** What is loaded once `bundle` is: its inputs and, through each part's `after`, those of the bundles loaded before it. */
function loadedBy(outputs: Map<string, Output>, bundle: string): Set<string> {
  const part = LAZY_PARTS.find((p) => p.bundle === bundle);
  return new Set([...(part ? loadedBy(outputs, part.after) : []), ...loadedInputs(outputs, bundle)]);
}

const SDK_INPUT = /(^|\/)node_modules\/@(aws-sdk|smithy)\/|^src\/aws\/sdk\//;
/** The one SDK file the editor side may hold: the partition table (data, trimmed by esbuild.js), read by src/core/partitions.ts. */
const PARTITION_DATA = /\/@aws-sdk\/core\/dist-es\/submodules\/client\/util-endpoints\/lib\/aws\/partitions\.js$/;

describe('the production build (esbuild.js, lazyParts.json)', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssm-bundles-'));
    dirs.push(dir);
    return dir;
  };
  let outputs: Map<string, Output>;
  // A row dropped (its require now matches none) and a row no file requires: both builds must fail.
  const dropped = LAZY_PARTS.find((p) => p.bundle === 'outputUi.js')!;
  const unused = { bundle: 'unused.js', module: './core/text', from: 'src/extension.ts', after: 'extension.js', what: 'a row no file requires' };
  let mismatched: Promise<unknown>;

  before(async () => {
    mismatched = build({ outdir: tempDir(), parts: [...LAZY_PARTS.filter((p) => p !== dropped), unused] }).then(
      () => undefined,
      (error: unknown) => error,
    );
    const metafiles = await build({ production: true, outdir: tempDir() });
    assert.ok(metafiles?.editor && metafiles.sdk, 'the build wrote its metafiles');
    outputs = byName([metafiles.editor, metafiles.sdk]);
  });
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('dist/extension.js carries no @aws-sdk/@smithy module (but the partition data) and no file of src/aws/sdk/, nor loads any chunk', () => {
    const inputs = loadedInputs(outputs, 'extension.js');
    assert.deepEqual([...inputs].filter((f) => SDK_INPUT.test(f) && !PARTITION_DATA.test(f)), []);
    assert.ok(inputs.has('src/extension.ts'));
    assert.deepEqual(outputs.get('extension.js')!.imports.filter((i) => !i.external).map((i) => i.path), []);
  });

  it('the template parsers (yaml, jsonc-parser) are in dist/templates.js only, not in dist/extension.js', () => {
    const PARSERS = /(^|\/)node_modules\/(yaml|jsonc-parser)\//;
    assert.deepEqual([...loadedInputs(outputs, 'extension.js')].filter((f) => PARSERS.test(f) || f.startsWith('src/templates/readers')), []);
    const templates = [...loadedInputs(outputs, 'templates.js')];
    for (const parser of ['yaml', 'jsonc-parser']) assert.ok(templates.some((f) => f.includes(`node_modules/${parser}/`)), `${parser} is in templates.js`);
  });

  for (const part of LAZY_PARTS) {
    it(`${part.bundle} holds ${entryOf(part)}, and no other bundle does (nor what is loaded before it: ${part.after}…)`, () => {
      const entry = entryOf(part);
      assert.equal(outputs.get(part.bundle)?.entryPoint, entry);
      const holders = [...outputs].filter(([, output]) => entry in output.inputs).map(([name]) => name);
      assert.deepEqual(holders, [part.bundle]);
      const before = loadedBy(outputs, part.after);
      assert.ok(!before.has(entry), `${part.after} and what loads before it do not load ${entry}`);
      // The file that loads it on demand is loaded by then, and requires the bundle.
      const loader = [...outputs].filter(([, output]) => part.from in output.inputs).map(([name]) => name);
      assert.ok(loader.length > 0 && before.has(part.from), `${part.from} is loaded once ${part.after} is (found in ${loader.join(', ')})`);
      assert.ok(
        loader.some((name) => outputs.get(name)!.imports.some((i) => i.external && i.path === `./${part.bundle}` && i.kind === 'require-call')),
        `require('./${part.bundle}') is in ${loader.join(', ')}`,
      );
    });
  }

  it('.vscodeignore ships dist/extension.js, each lazily loaded part and the shared chunks, and no other bundle', () => {
    const shipped = readFileSync(join(ROOT, '.vscodeignore'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('!dist/'))
      .map((line) => line.slice('!dist/'.length).trim());
    assert.deepEqual(shipped.sort(), ['extension.js', 'chunk-*.js', ...LAZY_PARTS.map((p) => p.bundle)].sort());
    for (const name of outputs.keys()) assert.ok(shipped.includes(name) || /^chunk-\w+\.js$/.test(name), `${name} is shipped`);
  });

  it('a require() of a lazy module that matches no row, and a row no file requires, fail the build', async () => {
    const error = await mismatched;
    assert.ok(error instanceof Error, 'the build failed');
    assert.match(error.message, new RegExp(`${dropped.from}: require\\('\\./runCommands'\\) matches no row of lazyParts\\.json`));
    assert.match(error.message, /lazyParts\.json: src\/extension\.ts does not require\('\.\/core\/text'\) \(the row of unused\.js\)/);
  });
});
