// Bundles the extension into dist/extension.js (editor side, small) and one bundle per lazily loaded
// part (lazyParts.json: dist/aws.js, the AWS SDK, loaded when the view shows or on the first request;
// dist/runs.js, output, history, Apply Now; dist/s3.js, the S3 client; dist/outputUi.js and
// dist/discoverUi.js, the editor side of the commands that load on first use).
// `node esbuild.js --production` minifies; `--watch` rebuilds. `require('./esbuild.js').build(…)`
// builds elsewhere (test/build/bundles.test.ts reads the metafiles).
//
// The production build splits the AWS side: what dist/aws.js, dist/runs.js and dist/s3.js share (the
// SDK core, the SSM model, our own AWS helpers) is written once, to dist/chunk-*.js, and each requires
// the chunks it needs; runs.js and s3.js are only ever loaded after aws.js (src/aws/sdk/lazyParts.ts), so they
// add only their own code. esbuild splits only ES modules, so that side is built as ESM and each file
// then converted to CommonJS (what VS Code 1.90 loads). Without splitting, runs.js and s3.js each
// carried their own copy of the SDK and the .vsix was 324 KB; with it (and the plugins below) it is
// about 198 KB (with the fleet commands; 189 KB before them). The editor side (extension.js, and the lazily loaded outputUi.js and discoverUi.js) is not split: activation reads one file; the lazy parts get the main bundle's error descriptions through CommandDeps instead of a copy.
// The development build (source maps, --watch) is not split either.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

/** The repository root: paths in lazyParts.json and in esbuild's metafile are relative to it. */
const ROOT = __dirname;

/** The lazily loaded parts (lazyParts.json): each becomes a bundle of its own, loaded on first use. */
const LAZY_PARTS = require('./lazyParts.json').parts;

/** The source file a part's bundle is built from: its `module`, resolved from the folder of `from`. */
function entryOf(part) {
  return `${path.posix.join(path.posix.dirname(part.from), part.module)}.ts`;
}

/** A part under src/aws/sdk/ (where the lint keeps the SDK) is built with the SDK side; others with the editor side. */
function onSdkSide(part) {
  return entryOf(part).startsWith('src/aws/sdk/');
}

/** esbuild's entry points for a list of parts: { aws: 'src/aws/sdk/backend.ts', … }. */
function entryPoints(parts) {
  return Object.fromEntries(parts.map((p) => [p.bundle.replace(/\.js$/, ''), entryOf(p)]));
}

/**
 * Keeps each lazy part out of the bundle that loads it: its module, required from the one file
 * that loads it on demand, becomes `require('./<bundle>')`.
 */
function lazyPartsPlugin(parts) {
  return {
    name: 'lazy-parts',
    setup(build) {
      if (parts.length === 0) return;
      const escaped = parts.map((p) => p.module.replace(/[./]/g, (c) => `\\${c}`));
      build.onResolve({ filter: new RegExp(`^(${escaped.join('|')})$`) }, (args) => {
        const part = parts.find((p) => p.module === args.path && args.importer === path.resolve(ROOT, p.from));
        return part ? { path: `./${part.bundle}`, external: true } : undefined;
      });
    },
  };
}

/**
 * What a build must not do silently: a require() or import() in src/ that matches no row (its module
 * would be bundled back into the bundle that loads it), and a row that no file requires any more.
 * Read from esbuild's metafiles; returns one line per problem.
 */
function lazyPartProblems(metafiles, parts) {
  const problems = [];
  const used = new Set();
  for (const meta of metafiles) {
    for (const [file, input] of Object.entries(meta.inputs)) {
      if (!file.startsWith('src/')) continue;
      for (const imp of input.imports) {
        if (imp.kind !== 'require-call' && imp.kind !== 'dynamic-import') continue;
        // The plugin above made it `./<bundle>`, external (esbuild then records no `original`).
        const part = parts.find((p) => p.from === file && imp.external && imp.path === `./${p.bundle}`);
        if (part) used.add(part);
        else problems.push(`${file}: ${imp.kind === 'require-call' ? 'require' : 'import'}('${imp.original ?? imp.path}') matches no row of lazyParts.json, so its module was bundled into the bundle that loads it instead of into a lazily loaded one`);
      }
    }
  }
  for (const p of parts) if (!used.has(p)) problems.push(`lazyParts.json: ${p.from} does not require('${p.module}') (the row of ${p.bundle})`);
  return problems;
}

/**
 * The S3 client's default credential chain (@aws-sdk/credential-provider-node: SSO, process, web
 * identity, IMDS…) is unreachable here: src/aws/sdk/s3Reader.ts always gives the S3 client the credentials
 * the SSM side already resolved (S3Access.credentials is required), and the SDK calls
 * `credentialDefaultProvider` only when a client has no `credentials`
 * (@aws-sdk/core resolveAwsSdkSigV4Config). So for the S3 client it is replaced by a provider that
 * says so if it is ever reached. dist/aws.js keeps the real chain (src/aws/sdk/credentials.ts uses it).
 */
const s3WithoutDefaultCredentials = {
  name: 's3-without-default-credentials',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, (args) =>
      /[\\/]@aws-sdk[\\/]client-s3[\\/]/.test(args.importer) ? { path: 'credential-provider-node', namespace: 'unreachable' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'unreachable' }, () => ({
      loader: 'js',
      contents: `export const defaultProvider = () => async () => {
  throw new Error('Internal error: the S3 client was made without credentials (src/aws/sdk/s3Reader.ts must pass the SSM side\\'s credentials).');
};`,
    }));
  },
};

/**
 * The SDK's generated schema files (dist-es/schemas/schemas_0.js: one entry per operation, structure
 * and error of the whole service) write keys as `{ [_h]: … }` with `const _h = "http"` at the top.
 * esbuild cannot tell that such a computed key has no side effect, so it kept every entry: all of
 * S3's ~100 operations though we call three. Writing the key as the string it names (`{ "http": … }`)
 * changes nothing at run time and lets esbuild drop the entries nothing uses (S3: 65 KB → 10 KB).
 */
const sdkSchemaKeys = {
  name: 'sdk-schema-keys',
  setup(build) {
    build.onLoad({ filter: /[\\/]@aws-sdk[\\/].*[\\/]dist-es[\\/].*schemas[\\/]schemas_\d+\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const strings = new Map();
      for (const m of source.matchAll(/^const (_\w+) = ("[^"\\\n]*");$/gm)) strings.set(m[1], m[2]);
      return { loader: 'js', contents: source.replace(/\[(_\w+)\]:/g, (key, name) => (strings.has(name) ? `${strings.get(name)}:` : key)) };
    });
  },
};

/**
 * The SDK loads its credential providers with `import("…")`. With code splitting each such import
 * becomes a chunk of its own, and esbuild keeps the whole module behind it even where the function
 * that imports it is never used (the Cognito providers). A static import behind a resolved promise
 * behaves the same for the caller, lets esbuild drop what is unused, and keeps the chunks few.
 */
const sdkStaticImports = {
  name: 'sdk-static-imports',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]@(aws-sdk|smithy)[\\/].*[\\/]dist-es[\\/].*\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!source.includes('import("')) return undefined;
      const imports = [];
      const contents = source.replace(/\bimport\("([^"]+)"\)/g, (_all, specifier) => {
        const name = `__sdkImport${imports.length}`;
        imports.push(`import * as ${name} from ${JSON.stringify(specifier)};`);
        return `Promise.resolve(${name})`;
      });
      return { loader: 'js', contents: `${imports.join('\n')}\n${contents}`, resolveDir: path.dirname(args.path) };
    });
  },
};

/** The SDK reads only `version` from its packages' package.json (the user agent); the rest (3.5 KB for nested-clients) is dead weight. */
const sdkPackageVersion = {
  name: 'sdk-package-version',
  setup(build) {
    build.onLoad({ filter: /[\\/]@aws-sdk[\\/][^\\/]+[\\/]package\.json$/ }, async (args) => {
      const { name, version } = JSON.parse(await fs.promises.readFile(args.path, 'utf8'));
      return { loader: 'json', contents: JSON.stringify({ name, version }) };
    });
  },
};

/**
 * The SDK's partition data (src/core/partitions.ts, tsconfig.json "#sdk-partitions") is in the editor
 * side's bundles: only what partitions.ts reads of it (each partition's ID, region pattern, DNS suffix and
 * region names), not the region descriptions and endpoint flags (4.7 KB → about 1.5 KB minified).
 */
const sdkPartitionsTrimmed = {
  name: 'sdk-partitions-trimmed',
  setup(build) {
    build.onLoad({ filter: /[\\/]util-endpoints[\\/]lib[\\/]aws[\\/]partitions\.js$/ }, async (args) => {
      const { code } = await esbuild.transform(await fs.promises.readFile(args.path, 'utf8'), { format: 'cjs' });
      const module = { exports: {} };
      new Function('module', 'exports', code)(module, module.exports);
      const partitions = module.exports.partitionsInfo.partitions.map((p) => ({
        id: p.id,
        regionRegex: p.regionRegex,
        outputs: { dnsSuffix: p.outputs.dnsSuffix },
        regions: Object.fromEntries(Object.keys(p.regions).map((r) => [r, 1])),
      }));
      return { loader: 'js', contents: `export const partitionsInfo = ${JSON.stringify({ partitions })};` };
    });
  },
};

const BANNER = 'var __ssmModuleLoadStart=performance.now();';
const FOOTER = 'var __ssmModuleLoadEnd=performance.now();';

/**
 * The two groups of bundles. The editor side (extension.js and its lazy parts) is one self-contained
 * file each, never split: activation reads one file (dist/extension.js). The SDK side (the lazy parts
 * under src/aws/sdk/) is split into shared chunks in production.
 */
function buildOptions({ production, watch, outdir, parts }) {
  /** Code splitting and the ESM → CommonJS step: production only (source maps would not survive the second step). */
  const split = production && !watch;
  const common = {
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    target: 'node18',
    // The SDK's ES module builds tree-shake far better than its CommonJS ones.
    mainFields: ['module', 'main'],
    external: ['vscode'],
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    legalComments: production ? 'none' : 'inline',
    outdir,
    plugins: [lazyPartsPlugin(parts), s3WithoutDefaultCredentials, sdkSchemaKeys, sdkStaticImports, sdkPackageVersion],
    logLevel: 'warning',
    metafile: true,
  };
  const editorSide = {
    ...common,
    entryPoints: { extension: 'src/extension.ts', ...entryPoints(parts.filter((p) => !onSdkSide(p))) },
    format: 'cjs',
    // Not on the AWS side: the SDK's endpoint rules there read the whole partition data.
    plugins: [...common.plugins, sdkPartitionsTrimmed],
    // yaml (dist/templates.js) ships CommonJS for Node and ES modules for browsers, the same code: the ES
    // build lets esbuild drop what the template readers never call (115 KB → 97 KB minified).
    alias: { yaml: './node_modules/yaml/browser/dist/index.js' },
    // Times the evaluation of the bundle itself, for the activation figure in the log.
    banner: { js: BANNER },
    footer: { js: FOOTER },
  };
  const sdkSide = {
    ...common,
    entryPoints: entryPoints(parts.filter(onSdkSide)),
    format: split ? 'esm' : 'cjs',
    splitting: split,
    chunkNames: 'chunk-[hash]',
    write: !split,
    // When splitting, added after the ESM → CommonJS step instead (that step hoists the require() of
    // the chunks above every other statement, and their loading belongs in the figure).
    banner: split ? undefined : { js: BANNER },
    footer: split ? undefined : { js: FOOTER },
  };
  return { split, editorSide, sdkSide };
}

/**
 * Builds the bundles into `outdir` (relative to the repository, or absolute). Resolves to the two
 * metafiles ({ editor, sdk }); rejects when a lazily loaded part would be bundled back in
 * (lazyPartProblems). `parts` is lazyParts.json's list unless a test gives another.
 */
async function build({ production = false, watch = false, outdir = 'dist', parts = LAZY_PARTS } = {}) {
  const { split, editorSide, sdkSide } = buildOptions({ production, watch, outdir, parts });
  const out = path.resolve(ROOT, outdir);
  // Chunks of an earlier build would otherwise stay in dist/ (and, from a production build, in the .vsix).
  if (fs.existsSync(out)) for (const file of fs.readdirSync(out)) if (/^chunk-\w+\.js$/.test(file)) fs.rmSync(path.join(out, file));
  const contexts = await Promise.all([esbuild.context(editorSide), esbuild.context(sdkSide)]);
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return undefined;
  }
  let results;
  try {
    results = await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  } finally {
    await Promise.all(contexts.map((ctx) => ctx.dispose()));
  }
  const [editor, sdk] = results;
  const problems = lazyPartProblems([editor.metafile, sdk.metafile], parts);
  if (problems.length) throw new Error(`The lazily loaded parts (lazyParts.json) do not match the code:\n  ${problems.join('\n  ')}`);
  if (split) {
    for (const file of sdk.outputFiles) {
      // ESM → CommonJS, file by file: `import … from "./chunk-X.js"` becomes require("./chunk-X.js").
      const { code } = await esbuild.transform(file.text, { format: 'cjs', target: 'node18', platform: 'node', minify: true, legalComments: 'none' });
      fs.writeFileSync(file.path, `${BANNER}\n${code}${FOOTER}\n`);
    }
  }
  return { editor: editor.metafile, sdk: sdk.metafile };
}

async function main() {
  const production = process.argv.includes('--production');
  const watch = process.argv.includes('--watch');
  const metafiles = await build({ production, watch });
  if (!metafiles) return;
  for (const meta of [metafiles.editor, metafiles.sdk]) {
    for (const file of Object.keys(meta.outputs)) {
      if (file.endsWith('.js')) console.log(`${file} ${(fs.statSync(path.join(ROOT, file)).size / 1024).toFixed(1)} KB`);
    }
  }
}

module.exports = { build, LAZY_PARTS, entryOf };

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
