import { build } from 'esbuild';
import * as path from 'node:path';

/** suite.ts and what it imports as one CommonJS file that an extension host can require. */
export async function bundleSuite(outfile: string): Promise<string> {
  await build({
    entryPoints: [path.join(__dirname, 'suite.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}
