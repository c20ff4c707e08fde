// The one request path: every SSM and S3 request is sent through `send`, which logs it in one line
// (operation, what it was about, region, request ID, attempts, duration, outcome — never credentials)
// and turns a failure into a RequestError that names the operation (and so the IAM action it needs).
import { type AwsService, RequestError } from '../errors';
import type { Log } from '../contract';

/** What every SDK answer carries. */
interface Answer {
  readonly $metadata: { readonly requestId?: string; readonly attempts?: number };
}

/** One request, as the log and the error describe it. */
export interface Request<T> {
  readonly log: Log;
  readonly service: AwsService;
  readonly operation: string;
  /** What the request is about (node, page, bucket and key…), for the log: never credentials or whole tokens. */
  readonly what: string;
  /** The region it goes to; undefined when it could not be resolved. A function when `call` resolves it. */
  readonly region: string | undefined | (() => string | undefined);
  /** Cancels it; a cancelled request is logged at debug level, not as a failure. */
  readonly signal?: AbortSignal;
  /** The log line's outcome for an answer (default "ok"). */
  readonly outcome?: (answer: T) => string;
}

interface FailureLike {
  name?: string;
  $metadata?: { requestId?: string; attempts?: number; httpStatusCode?: number };
}

/**
 * Runs `call` (the SDK's client.send, or the whole step that resolves the client and sends), logs the
 * request and rethrows a failure as a RequestError carrying the operation, region and request ID.
 */
export async function send<T extends Answer>(request: Request<T>, call: () => Promise<T>): Promise<T> {
  const { log, service, operation, what, signal } = request;
  const started = performance.now();
  const region = () => (typeof request.region === 'function' ? request.region() : request.region);
  const head = () => `${service === 's3' ? 'S3 ' : ''}${operation} ${what} region=${region() ?? '?'} →`;
  const ms = () => `${(performance.now() - started).toFixed(0)} ms`;
  try {
    const answer = await call();
    log.info(`${head()} ${request.outcome?.(answer) ?? 'ok'} requestId=${answer.$metadata.requestId ?? '-'} attempts=${answer.$metadata.attempts ?? 1} ${ms()}`);
    return answer;
  } catch (error) {
    const e = (error ?? {}) as FailureLike;
    const requestId = e.$metadata?.requestId;
    if (signal?.aborted) log.debug(`${head()} cancelled ${ms()}`);
    else {
      const status = e.$metadata?.httpStatusCode;
      log.warn(`${head()} failed: ${e.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''} requestId=${requestId ?? '-'} attempts=${e.$metadata?.attempts ?? '-'} ${ms()}`);
    }
    throw new RequestError(operation, error, region(), requestId, service);
  }
}
