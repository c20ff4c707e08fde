// Bundles the extension into dist/extension.js (editor side, small), dist/aws.js (the AWS SDK,
// loaded on the first request), dist/runs.js (output, history, Apply Now: loaded on their first use) and
// dist/s3.js (the S3 client, loaded when output is first read from S3). `node esbuild.js --production` minifies; `--watch` rebuilds.
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

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
/** Code splitting and the ESM → CommonJS step: production only (source maps would not survive the second step). */
const split = production && !watch;

/**
 * The lazily loaded parts: each import (a module, from the one file that loads it on demand) becomes
 * `require()` of its own bundle, so the bundle that imports it does not carry it.
 */
const LAZY_PARTS = [
  // The AWS layer: `require('./sdk/backend')` becomes `require('./aws.js')`.
  { module: './sdk/backend', from: 'src/aws/lazyBackend.ts', bundle: './aws.js' },
  // The AWS side of output, history and Apply Now, and the S3 client (src/aws/sdk/lazyParts.ts).
  { module: './runsBackend', from: 'src/aws/sdk/lazyParts.ts', bundle: './runs.js' },
  { module: './s3Reader', from: 'src/aws/sdk/lazyParts.ts', bundle: './s3.js' },
  // The editor side of output, history, Apply Now and the console links.
  { module: './runCommands', from: 'src/commands/registerRunCommands.ts', bundle: './outputUi.js' },
  // Add Managed Nodes from Account….
  { module: './addNodesFromAccount', from: 'src/commands/registerAddNodes.ts', bundle: './discoverUi.js' },
];

/** Keeps each lazy part out of the bundle that loads it (LAZY_PARTS). */
const lazyParts = {
  name: 'lazy-parts',
  setup(build) {
    const escaped = LAZY_PARTS.map((p) => p.module.replace(/[./]/g, (c) => `\\${c}`));
    build.onResolve({ filter: new RegExp(`^(${escaped.join('|')})$`) }, (args) => {
      const part = LAZY_PARTS.find((p) => p.module === args.path && args.importer.endsWith(path.normalize(p.from)));
      return part ? { path: part.bundle, external: true } : undefined;
    });
  },
};

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

/** Options both groups of bundles share. */
const common = {
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
  outdir: 'dist',
  plugins: [lazyParts, s3WithoutDefaultCredentials, sdkSchemaKeys, sdkStaticImports, sdkPackageVersion],
  logLevel: 'warning',
  metafile: true,
};

/**
 * The editor side, one self-contained file each, never split: activation reads one file
 * (dist/extension.js), as before.
 */
const editorSide = {
  ...common,
  entryPoints: { extension: 'src/extension.ts', outputUi: 'src/commands/runCommands.ts', discoverUi: 'src/commands/addNodesFromAccount.ts' },
  format: 'cjs',
  // Not on the AWS side: the SDK's endpoint rules there read the whole partition data.
  plugins: [...common.plugins, sdkPartitionsTrimmed],
  // Times the evaluation of the bundle itself, for the activation figure in the log.
  banner: { js: BANNER },
  footer: { js: FOOTER },
};

/** The AWS side: the SDK and what uses it, split into shared chunks in production. */
const awsSide = {
  ...common,
  entryPoints: { aws: 'src/aws/sdk/backend.ts', runs: 'src/aws/sdk/runsBackend.ts', s3: 'src/aws/sdk/s3Reader.ts' },
  format: split ? 'esm' : 'cjs',
  splitting: split,
  chunkNames: 'chunk-[hash]',
  write: !split,
  // When splitting, added after the ESM → CommonJS step instead (that step hoists the require() of
  // the chunks above every other statement, and their loading belongs in the figure).
  banner: split ? undefined : { js: BANNER },
  footer: split ? undefined : { js: FOOTER },
};

async function main() {
  // Chunks of an earlier build would otherwise stay in dist/ (and, from a production build, in the .vsix).
  if (fs.existsSync('dist')) for (const file of fs.readdirSync('dist')) if (/^chunk-\w+\.js$/.test(file)) fs.rmSync(path.join('dist', file));
  const contexts = await Promise.all([esbuild.context(editorSide), esbuild.context(awsSide)]);
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  const results = await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
  const [, aws] = results;
  if (split) {
    for (const file of aws.outputFiles) {
      // ESM → CommonJS, file by file: `import … from "./chunk-X.js"` becomes require("./chunk-X.js").
      const { code } = await esbuild.transform(file.text, { format: 'cjs', target: 'node18', platform: 'node', minify: true, legalComments: 'none' });
      fs.writeFileSync(file.path, `${BANNER}\n${code}${FOOTER}\n`);
    }
  }
  for (const result of results) {
    for (const file of Object.keys(result.metafile.outputs)) {
      if (file.endsWith('.js')) console.log(`${file} ${(fs.statSync(file).size / 1024).toFixed(1)} KB`);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
