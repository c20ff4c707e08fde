// Bundles the extension into dist/extension.js (editor side, small), dist/aws.js (the AWS SDK,
// loaded on the first request), dist/runs.js (output, history, Apply Now: loaded on their first use) and
// dist/s3.js (the S3 client, loaded when output is first read from S3). `node esbuild.js --production` minifies; `--watch` rebuilds.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** The lazily loaded parts: the module each stands for, and its bundle. */
const LAZY_PARTS = { './runsApi': './runs.js', './s3/reader': './s3.js', './output': './outputUi.js' };

/** Keeps the AWS layer out of the main bundle: `import('./aws/backend')` becomes `require('./aws.js')`. */
const lazyBackend = {
  name: 'lazy-aws-backend',
  setup(build) {
    build.onResolve({ filter: /^\.\/aws\/backend$/ }, (args) =>
      args.importer.endsWith('backendLoader.ts') ? { path: './aws.js', external: true } : undefined,
    );
    // Likewise the parts only some commands need (src/aws/lazy.ts): output, history, Apply Now and the S3 client.
    build.onResolve({ filter: /^\.\/(runsApi|s3\/reader)$/ }, (args) =>
      args.importer.endsWith(`aws${require('node:path').sep}lazy.ts`) ? { path: LAZY_PARTS[args.path], external: true } : undefined,
    );
    // And the editor side of output, history, Apply Now and the console links: loaded on their first use.
    build.onResolve({ filter: /^\.\/output$/ }, (args) =>
      args.importer.endsWith('registerOutput.ts') ? { path: LAZY_PARTS[args.path], external: true } : undefined,
    );
  },
};

async function main() {
  const ctx = await esbuild.context({
    entryPoints: { extension: 'src/extension.ts', aws: 'src/aws/backend.ts', runs: 'src/aws/runsApi.ts', s3: 'src/aws/s3/reader.ts', outputUi: 'src/commands/output.ts' },
    bundle: true,
    format: 'cjs',
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
    // Times the evaluation of the bundle itself, for the activation figure in the log.
    banner: { js: 'var __ssmModuleLoadStart=performance.now();' },
    footer: { js: 'var __ssmModuleLoadEnd=performance.now();' },
    plugins: [lazyBackend],
    logLevel: 'warning',
    metafile: true,
  });
  if (watch) {
    await ctx.watch();
    return;
  }
  const result = await ctx.rebuild();
  await ctx.dispose();
  for (const [file, info] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.js')) console.log(`${file} ${(info.bytes / 1024).toFixed(1)} KB`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
