import { DEFAULT_REQUEST_TIMEOUT_MS, type Backend, type BackendOptions, type Log } from './contract';

/** What the editor side knows of the backend without loading it. */
export interface LazyBackendOptions {
  /** How long one attempt of a request may take (error messages name it). */
  readonly requestTimeoutMs?: number;
  /** Where the endpoint override points (AWS_ENDPOINT_URL_SSM), for error messages. */
  readonly endpoint?: string;
  readonly log?: Log;
  /** Called once the backend has loaded (the status bar can then resolve the profile's region). */
  readonly onLoaded?: () => void;
}

/**
 * The backend (the AWS calls, dist/aws.js), loaded on the first request and shared by the tree and
 * the commands: activation never pays for the SDK. A failed load (a broken install) is reported once and tried again next time.
 */
export class LazyBackend {
  private loading: Promise<Backend> | undefined;
  readonly requestTimeoutMs: number;
  readonly endpoint: string | undefined;

  constructor(
    private readonly create: () => Backend | Promise<Backend>,
    private readonly options: LazyBackendOptions = {},
  ) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.endpoint = options.endpoint;
  }

  /** The backend, loading it on first use. */
  get(): Promise<Backend> {
    if (this.loading) return this.loading;
    const started = performance.now();
    const loading = Promise.resolve().then(this.create);
    this.loading = loading;
    loading.then(
      () => {
        this.options.log?.info(`Backend loaded in ${(performance.now() - started).toFixed(1)} ms.`);
        this.options.onLoaded?.();
      },
      (error: unknown) => {
        if (this.loading === loading) this.loading = undefined;
        this.options.log?.error(`Could not load the backend: ${(error as Error).message}`);
      },
    );
    return loading;
  }

  /** The backend if something asked for it already (loaded, or still loading); undefined before. */
  ifRequested(): Promise<Backend> | undefined {
    return this.loading;
  }

  /** Drops every client and cached credential. Does not load the backend just to reset it: before the
   * first request there is nothing to drop. */
  reset(): void {
    this.loading?.then(
      (backend) => backend.reset(),
      () => undefined,
    );
  }
}

/** The extension's LazyBackend: dist/aws.js, which esbuild keeps out of the main bundle. */
export function createLazyBackend(options: BackendOptions & LazyBackendOptions): LazyBackend {
  // A plain require (not import()): esbuild turns it into require('./aws.js') and the extension host
  // loads it like any CommonJS module.
  return new LazyBackend(() => (require('./sdk/backend') as typeof import('./sdk/backend')).createBackend(options), options);
}
