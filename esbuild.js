// Bundles the extension into dist/extension.js (editor side, small) and dist/aws.js (the AWS SDK,
// loaded on the first request). `node esbuild.js --production` minifies; `--watch` rebuilds.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Keeps the AWS layer out of the main bundle: `import('./aws/backend')` becomes `require('./aws.js')`. */
const lazyBackend = {
  name: 'lazy-aws-backend',
  setup(build) {
    build.onResolve({ filter: /^\.\/aws\/backend$/ }, (args) =>
      args.importer.endsWith('backendLoader.ts') ? { path: './aws.js', external: true } : undefined,
    );
  },
};

async function main() {
  const ctx = await esbuild.context({
    entryPoints: { extension: 'src/extension.ts', aws: 'src/aws/backend.ts' },
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
