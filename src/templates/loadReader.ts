// Loads the template readers (dist/templates.js, lazyParts.json) on first use: the parsers are not
// in dist/extension.js, and a workspace without templates never loads them. Editor-neutral: the
// CodeLens calls it, and so do the tests and the bench (in plain Node, from the sources).
import type { TemplateReader } from './definitions';

let loaded: TemplateReader | undefined;

/** The template readers, loaded by the first call (a require of a lazily loaded part: esbuild turns it into require('./templates.js')). */
export function loadTemplateReader(): Promise<TemplateReader> {
  try {
    loaded ??= (require('./readers') as typeof import('./readers')).templateReader;
    return Promise.resolve(loaded);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
