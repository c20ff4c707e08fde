/**
 * A local S3 for association output: @20minutes/s3rver (a maintained fork of s3rver) serves the
 * S3 REST API from a temp folder; in front of it, this thin gate does what s3rver does not:
 * verifies SigV4 against the fleet's keys with the same code as the SSM endpoint (s3rver knows
 * one built-in key and lets unsigned requests through), enforces bucket ownership (per account),
 * the bucket's region and per-key deny rules (AccessDenied), answers GetBucketLocation with the
 * bucket's region, applies the same fault sets as the SSM endpoint and keeps a request log.
 * Read-only for the fleet's keys; the emulator fills it itself. Path-style only, loopback only.
 */
import { listenTracked, sharedControlRoute } from './listen.js';
import nodeCrypto, { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from '@20minutes/s3rver';
import S3Object from '@20minutes/s3rver/lib/models/object.js';
import { ApiError } from './errors.js';
import { type Account, type Fault, type Fleet, findKey } from './fleet.js';
import type { OutputObject } from './runs.js';
import { S3Index, decodeToken, listXml } from './s3Index.js';
import { Faults, LOOPBACK_HOSTS, checkFault, hostnameOf, isLoopback, opScope } from './server.js';
import { type AuthAttempt, verifySigV4 } from './sigv4.js';

export interface S3LogEntry {
  time: number;
  operation: string;
  method: string;
  bucket?: string;
  key?: string;
  prefix?: string;
  accessKeyId?: string;
  region?: string;
  status: number;
  errorType?: string;
  /** Bytes of the response body (GetObject). */
  bytes?: number;
  /** ListObjectsV2: the Delimiter and StartAfter asked for, and the keys plus common prefixes answered. */
  delimiter?: string;
  startAfter?: string;
  keys?: number;
  requestId: string;
}

export interface S3Mock {
  url: string;
  port: number;
  log: S3LogEntry[];
  clearLog(): void;
  /** Same fault fields as the SSM endpoint; scope: `bucket/key`, `bucket`, or `opScope('GetObject')`. */
  setFault(fault: Fault, scope?: string): void;
  clearFaults(): void;
  /** Stores objects (creating their buckets if needed). */
  putObjects(objects: OutputObject[]): Promise<void>;
  /**
   * Many objects at the cost of a string each (listed and read like the others; all with the same small body), for
   * tests of prefixes that hold 100,000 objects. The bucket must exist (a fleet bucket or one of `putObjects`).
   */
  putBulk(bucket: string, keys: Iterable<string>, body?: string): void;
  /** The bucket's region and owner as the gate sees them. */
  bucket(name: string): { region: string; owner: Account } | undefined;
  stop(): Promise<void>;
}

export interface S3StartOptions {
  /** Keys, accounts and `buckets` come from here; read live (the SSM emulator's copy). */
  fleet: Fleet;
  port?: number;
  host?: string;
  onRequest?: (e: S3LogEntry) => void;
  /** Region of buckets created for objects of an unknown bucket (default us-east-1). */
  defaultRegion?: string;
}

const S3_ERRORS: Record<string, [string, number]> = {
  MissingAuthenticationTokenException: ['AccessDenied', 403],
  IncompleteSignatureException: ['AuthorizationHeaderMalformed', 400],
  UnrecognizedClientException: ['InvalidAccessKeyId', 403],
  ExpiredTokenException: ['ExpiredToken', 400],
  InvalidSignatureException: ['SignatureDoesNotMatch', 403],
};

class S3Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

function sendXml(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}, head = false): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), date: new Date().toUTCString(), ...headers });
  res.end(head ? undefined : body);
}

function errorXml(e: S3Error, requestId: string): string {
  const extra = Object.entries(e.extra).map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${e.code}</Code><Message>${xmlEscape(e.message)}</Message>${extra}<RequestId>${requestId}</RequestId></Error>`;
}

/** The S3 operation a path-style request is, for the log and for `op:` fault scopes. */
function operationOf(method: string, bucket: string | undefined, key: string | undefined, query: URLSearchParams): string {
  if (!bucket) return method === 'GET' ? 'ListBuckets' : method;
  if (!key) {
    if (method === 'HEAD') return 'HeadBucket';
    if (method === 'GET') return query.has('location') ? 'GetBucketLocation' : query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
    return `${method}Bucket`;
  }
  if (method === 'GET') return 'GetObject';
  if (method === 'HEAD') return 'HeadObject';
  return `${method}Object`;
}

/**
 * s3rver makes ListObjectsV2 continuation tokens with DES, which the OpenSSL 3 of Node 17+ no
 * longer has: every truncated listing would fail with 500. Only for the cipher name 'des' (which
 * cannot work here anyway), use AES-128-CTR with the key and IV padded to 16 bytes instead.
 */
let desShimmed = false;
function shimDes(): void {
  if (desShimmed) return;
  desShimmed = true;
  const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc(16 - b.length)]);
  const c = nodeCrypto as unknown as Record<'createCipheriv' | 'createDecipheriv', (alg: string, key: Buffer, iv: Buffer) => unknown>;
  const cipher = c.createCipheriv;
  const decipher = c.createDecipheriv;
  c.createCipheriv = (alg, key, iv) => (alg === 'des' ? cipher('aes-128-ctr', pad(key), pad(iv)) : cipher(alg, key, iv));
  c.createDecipheriv = (alg, key, iv) => (alg === 'des' ? decipher('aes-128-ctr', pad(key), pad(iv)) : decipher(alg, key, iv));
}

export async function startS3(opts: S3StartOptions): Promise<S3Mock> {
  shimDes();
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) throw new Error(`the S3 mock only listens on loopback (got host ${host})`);
  // In memory where there is a tmpfs: s3rver writes three files per object.
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const dir = mkdtempSync(join(base, 'ssm-emulator-s3-'));
  const s3rver = new S3rver({ directory: dir, silent: true, vhostBuckets: false });
  const backend = s3rver.getMiddleware();
  const faults = new Faults();
  const log: S3LogEntry[] = [];
  const sockets = new Set<Socket>();
  /** Buckets created for objects whose bucket the fleet does not declare. */
  const extraBuckets = new Map<string, { region: string; owner: Account }>();
  const created = new Set<string>();
  const index = new S3Index();

  const bucketInfo = (name: string): { region: string; owner: Account } | undefined => {
    for (const account of opts.fleet.accounts) {
      const spec = account.buckets?.[name];
      if (spec) return { region: spec.region, owner: account };
    }
    return extraBuckets.get(name);
  };

  const record = (e: S3LogEntry) => {
    for (const k of Object.keys(e) as (keyof S3LogEntry)[]) if (e[k] === undefined) delete e[k];
    log.push(e);
    opts.onRequest?.(e);
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
    const rawUrl = req.url ?? '/';
    const rawPath = rawUrl.split('?')[0] || '/';
    const query = new URLSearchParams(rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1) : '');
    const segments = rawPath.split('/').slice(1);
    const bucket = segments[0] ? decodeURIComponent(segments[0]) : undefined;
    const key = segments.length > 1 && segments.slice(1).join('/') ? decodeURIComponent(segments.slice(1).join('/')) : undefined;
    const method = req.method ?? 'GET';
    const operation = operationOf(method, bucket, key, query);
    const entry: S3LogEntry = { time: Date.now(), operation, method, bucket, key, prefix: query.get('prefix') ?? undefined, status: 0, requestId };
    const scopes = [bucket && key ? `${bucket}/${key}` : '', bucket ?? '', opScope(operation)].filter(Boolean);
    const head = method === 'HEAD';

    await new Promise((r) => setTimeout(r, faults.latency(scopes)));
    const attempt: AuthAttempt = {};
    try {
      const auth = await verifySigV4(
        { method, path: rawPath, query: Object.fromEntries(query), headers: req.headers, body: Buffer.alloc(0) },
        opts.fleet,
        attempt,
        Date.now(),
        { service: 's3', uriEscapePath: false },
      ).catch((e: unknown) => {
        if (e instanceof ApiError) {
          const [code, status] = S3_ERRORS[e.type] ?? ['AccessDenied', 403];
          throw new S3Error(/Signature expired/.test(e.message) ? 'RequestTimeTooSkewed' : code, e.message, status);
        }
        throw e;
      });
      entry.accessKeyId = attempt.accessKeyId;
      entry.region = attempt.region;

      if (faults.take('reset', scopes)) {
        record({ ...entry, errorType: 'ConnectionReset' });
        req.socket.destroy();
        return;
      }
      if (faults.take('hang', scopes)) {
        record({ ...entry, errorType: 'Hang' });
        return;
      }
      if (faults.take('throttle', scopes)) throw new S3Error('SlowDown', 'Please reduce your request rate.', 503);
      if (faults.take('internalError', scopes)) throw new S3Error('InternalError', 'We encountered an internal error. Please try again.', 500);
      const injected = faults.takeApiError(scopes);
      if (injected) throw new S3Error(injected.type, injected.message, injected.status);

      if (method !== 'GET' && method !== 'HEAD') throw new S3Error('AccessDenied', 'Access Denied', 403);
      if (!bucket) throw new S3Error('AccessDenied', 'Access Denied', 403); // ListBuckets: not needed by anyone here
      const info = bucketInfo(bucket);
      if (!info) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });
      const regionHeader = { 'x-amz-bucket-region': info.region };
      if (info.owner !== findKey(opts.fleet, auth.accessKeyId)?.account) throw new S3Error('AccessDenied', 'Access Denied', 403);
      if (operation === 'GetBucketLocation') {
        const constraint = info.region === 'us-east-1' ? '' : info.region;
        sendXml(res, 200, `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${constraint}</LocationConstraint>`, regionHeader);
        return void record({ ...entry, status: 200 });
      }
      if (auth.region !== info.region) {
        // Both answers carry x-amz-bucket-region (the catch below adds it); README.md, "Partitions and S3 regions".
        if (faults.get('wrongRegion', scopes) === 'PermanentRedirect') {
          const message = 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.';
          throw new S3Error('PermanentRedirect', message, 301, { Bucket: bucket, Endpoint: `s3.${info.region}.amazonaws.com` });
        }
        throw new S3Error('AuthorizationHeaderMalformed', `The authorization header is malformed; the region '${auth.region}' is wrong; expecting '${info.region}'`, 400, { Region: info.region });
      }
      if (key !== undefined) {
        const denied = (opts.fleet.accounts.find((a) => a === info.owner)?.buckets?.[bucket]?.deny ?? []).some(
          (d) => d.accessKeyIds.includes(auth.accessKeyId) && key.startsWith(d.prefix),
        );
        if (denied) throw new S3Error('AccessDenied', 'Access Denied', 403);
      }
      if (operation === 'ListObjectsV2') return void listFromIndex(res, entry, bucket, query, info.region, requestId, faults.get('repeatToken', scopes) === true);
      // The ignoreRange fault: the whole object, as a server that ignores Range sends it (README.md, "Faults").
      if (faults.get('ignoreRange', scopes) === true) delete req.headers.range;
      const indexed = key !== undefined ? index.get(bucket, key) : undefined;
      // A range that starts at or past the end (so any range of an empty object) is not satisfiable, for every object
      // (s3rver serves an empty object whole): README.md, "S3 mock".
      const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
      if (operation === 'GetObject' && indexed && range && Number(range[1]) >= indexed.size) {
        throw new S3Error('InvalidRange', 'The requested range is not satisfiable', 416);
      }
      const bulk = indexed?.body;
      if (bulk && (operation === 'GetObject' || operation === 'HeadObject')) return void serveBulk(req, res, entry, bulk, range, info.region, requestId);
      // Authorised: s3rver serves it as an anonymous request.
      delete req.headers.authorization;
      res.setHeader('x-amz-bucket-region', info.region);
      res.setHeader('x-amz-request-id', requestId);
      let bytes = 0;
      let errorBody = '';
      const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      const seen = (chunk: unknown) => {
        if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
        const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        bytes += b.length;
        if (res.statusCode >= 400 && errorBody.length < 2000) errorBody += b.toString('utf8');
      };
      res.write = ((chunk: unknown, ...rest: unknown[]) => (seen(chunk), write(chunk, ...rest))) as typeof res.write;
      res.end = ((...args: unknown[]) => (seen(args[0]), end(...args))) as typeof res.end;
      res.on('finish', () => {
        const code = /<Code>([^<]+)<\/Code>/.exec(errorBody)?.[1];
        record({ ...entry, status: res.statusCode, errorType: res.statusCode >= 400 ? (code ?? `HTTP${res.statusCode}`) : undefined, bytes: operation === 'GetObject' ? bytes : undefined });
      });
      backend(req, res);
    } catch (e) {
      entry.accessKeyId ??= attempt.accessKeyId;
      entry.region ??= attempt.region;
      if (!(e instanceof S3Error)) console.error('[s3-mock] internal error:', e);
      const err = e instanceof S3Error ? e : new S3Error('InternalError', 'We encountered an internal error. Please try again.', 500);
      const info = bucket ? bucketInfo(bucket) : undefined;
      sendXml(res, err.status, errorXml(err, requestId), { 'x-amz-request-id': requestId, ...(info ? { 'x-amz-bucket-region': info.region } : {}) }, head);
      record({ ...entry, status: err.status, errorType: err.code });
    }
  }

  /** ListObjectsV2 from the key index (s3rver would read every object's metadata from disk). */
  function listFromIndex(res: ServerResponse, entry: S3LogEntry, bucket: string, query: URLSearchParams, region: string, requestId: string, repeatToken: boolean) {
    const rawToken = query.get('continuation-token') ?? undefined;
    const continuationToken = rawToken === undefined ? undefined : decodeToken(rawToken);
    if (rawToken !== undefined && continuationToken === undefined) throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', 400);
    const maxKeys = Math.min(1000, Math.max(0, Number(query.get('max-keys') ?? 1000) || 0));
    const req = { prefix: query.get('prefix') ?? '', delimiter: query.get('delimiter') || undefined, startAfter: query.get('start-after') ?? undefined, continuationToken, maxKeys };
    const listed = index.list(bucket, req);
    // The repeatToken fault: a page asked with a token is truncated and names that same token again (README.md, "Faults").
    const answer = repeatToken && continuationToken !== undefined ? { ...listed, truncated: true, nextToken: continuationToken } : listed;
    sendXml(res, 200, listXml(bucket, { ...req, rawToken, encodingType: query.get('encoding-type') ?? undefined }, answer), { 'x-amz-bucket-region': region, 'x-amz-request-id': requestId });
    record({ ...entry, status: 200, delimiter: req.delimiter, startAfter: req.startAfter, keys: answer.contents.length + answer.commonPrefixes.length });
  }

  /** GetObject and HeadObject of a bulk object (a `Range: bytes=a-b` is honoured). */
  function serveBulk(req: IncomingMessage, res: ServerResponse, entry: S3LogEntry, body: Buffer, range: RegExpExecArray | null, region: string, requestId: string) {
    const from = range ? Number(range[1]) : 0;
    const to = range && range[2] !== '' ? Math.min(Number(range[2]) + 1, body.length) : body.length;
    const part = body.subarray(from, to);
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(part.length), etag: '"0"', 'last-modified': new Date(0).toUTCString(), 'x-amz-bucket-region': region, 'x-amz-request-id': requestId };
    if (range) headers['content-range'] = `bytes ${from}-${Math.max(from, to - 1)}/${body.length}`;
    res.writeHead(range ? 206 : 200, headers);
    res.end(req.method === 'HEAD' ? undefined : part);
    record({ ...entry, status: range ? 206 : 200, bytes: req.method === 'HEAD' ? undefined : part.length });
  }

  function control(req: IncomingMessage, res: ServerResponse, path: string) {
    const json = (status: number, value: unknown) => {
      const body = JSON.stringify(value);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (!isLoopback(req.socket.remoteAddress) || !LOOPBACK_HOSTS.has(hostnameOf(req.headers.host))) return json(403, { error: 'the control API only answers on loopback' });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const route = `${req.method} ${path.replace(/\/+$/, '')}`;
      if (sharedControlRoute(route, log, faults, json)) return;
      switch (route) {
        case 'POST /__control/faults':
          try {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { scope?: unknown; node?: unknown; fault?: unknown };
            const scope = body.scope ?? body.node;
            if (scope !== undefined && typeof scope !== 'string') throw new Error('scope must be a string');
            faults.set(checkFault(body.fault), scope);
            return json(200, faults.snapshot());
          } catch (e) {
            return json(400, { error: (e as Error).message });
          }
        case 'GET /__control/health':
          return json(200, { ok: true });
        default:
          return json(404, { error: `no such control route: ${route}` });
      }
    });
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith('/__control')) return control(req, res, path);
    handle(req, res).catch((e: unknown) => {
      console.error('[s3-mock]', e);
      req.socket.destroy();
    });
  });
  const port = await listenTracked(server, host, opts.port ?? 0, sockets);

  const ensureBucket = async (name: string, ownerHint?: Account, region?: string) => {
    if (created.has(name)) return;
    if (!bucketInfo(name)) {
      const owner = ownerHint ?? opts.fleet.accounts[0];
      extraBuckets.set(name, { region: region ?? opts.defaultRegion ?? 'us-east-1', owner });
    }
    await s3rver.store.putBucket(name);
    created.add(name);
  };
  for (const account of opts.fleet.accounts) for (const name of Object.keys(account.buckets ?? {})) await ensureBucket(name);

  let stopped: Promise<void> | undefined;
  return {
    url: `http://${host === '::1' ? '[::1]' : host}:${port}`,
    port,
    log,
    clearLog: () => void (log.length = 0),
    setFault: (fault, scope) => faults.set(fault, scope),
    clearFaults: () => faults.clear(),
    bucket: bucketInfo,
    async putObjects(objects) {
      for (const o of objects) await ensureBucket(o.bucket, opts.fleet.accounts.find((x) => x.name === o.account), o.region);
      // A few writes at a time: s3rver writes three files per object.
      let next = 0;
      const worker = async () => {
        while (next < objects.length) {
          const o = objects[next++];
          const body = Buffer.from(o.body, 'utf8');
          index.put(o.bucket, o.key, { size: body.length });
          await s3rver.store.putObject(new S3Object(o.bucket, o.key, body, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(body.length) }));
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
    },
    putBulk(bucket, keys, body = 'x') {
      if (!created.has(bucket)) throw new Error(`putBulk: bucket ${bucket} does not exist in the S3 mock`);
      const shared = Buffer.from(body, 'utf8');
      for (const key of keys) index.put(bucket, key, { size: shared.length, body: shared });
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
