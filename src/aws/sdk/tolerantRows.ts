// The SDK deserialises a response strictly: one row whose ExecutionDate is not a number fails the
// whole page ("Expected real number"). Rows are data from many nodes; one bad row must not hide the
// others. This middleware sits just below the SDK's deserializer and removes, from each row of the
// JSON body, the values that would make it throw. sanitizeInfo then keeps what is usable of each row.
import { Readable } from 'node:stream';
import type { DeserializeMiddleware, MiddlewareStack } from '@smithy/types';

/** Fields of a status row that the SDK parses as numbers (epoch seconds). */
const NUMBER_FIELDS = ['ExecutionDate'];
async function readAll(body: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The body with every wrongly typed number field removed from the rows of `listKey`; undefined when nothing changes. */
export function tolerantBody(text: string, listKey: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined; // not JSON: the SDK's own error ("Unreadable answer") is the right one
  }
  const rows = (json as Record<string, unknown> | null)?.[listKey];
  if (!Array.isArray(rows)) return undefined;
  let changed = false;
  for (const row of rows) {
    if (row === null || typeof row !== 'object') continue;
    const r = row as Record<string, unknown>;
    for (const field of NUMBER_FIELDS) {
      if (r[field] !== undefined && r[field] !== null && (typeof r[field] !== 'number' || !Number.isFinite(r[field]))) {
        delete r[field];
        changed = true;
      }
    }
  }
  return changed ? JSON.stringify(json) : undefined;
}

/** Adds the middleware to one command's stack, for the list of rows under `listKey`. */
export function tolerateMalformedRows<I extends object, O extends object>(stack: MiddlewareStack<I, O>, listKey: string): void {
  const middleware: DeserializeMiddleware<I, O> = (next) => async (args) => {
    const result = await next(args);
    const response = result.response as { statusCode?: number; body?: unknown; headers?: Record<string, string> };
    const body = response?.body as AsyncIterable<Uint8Array | string> | undefined;
    if (response?.statusCode !== 200 || !body || typeof body[Symbol.asyncIterator] !== 'function') return result;
    const raw = await readAll(body);
    const fixed = tolerantBody(raw.toString('utf8'), listKey);
    const bytes = fixed === undefined ? raw : Buffer.from(fixed, 'utf8');
    response.body = Readable.from([bytes]);
    if (response.headers) {
      for (const key of Object.keys(response.headers)) if (key.toLowerCase() === 'content-length') response.headers[key] = String(bytes.length);
    }
    return result;
  };
  // Low priority in the deserialize step: it runs inside the SDK's deserializer, on the raw response.
  stack.add(middleware, { step: 'deserialize', priority: 'low', name: 'ssmTolerateMalformedRows' });
}
