import type { Backend, BackendOptions } from './aws/types';

let loading: Promise<Backend> | undefined;

/**
 * The AWS layer, loaded on first use. esbuild keeps './aws/backend' out of the main bundle (it
 * becomes dist/aws.js), so activation never pays for loading the SDK.
 */
export function loadBackend(options: BackendOptions): Promise<Backend> {
  // A plain require (not import()): esbuild turns it into require('./aws.js') and the extension host
  // loads it like any CommonJS module.
  loading ??= Promise.resolve().then(() => (require('./aws/backend') as typeof import('./aws/backend')).createBackend(options));
  // A failed load (a broken install) is reported once and tried again next time.
  loading.catch(() => (loading = undefined));
  return loading;
}

/** Whether the AWS layer is loaded already. */
export function backendLoaded(): boolean {
  return loading !== undefined;
}
