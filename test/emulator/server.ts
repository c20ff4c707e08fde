/**
 * The HTTP side: AWS JSON 1.1 on POST /, SigV4, faults, the request log and the control API.
 */
import { listenTracked, sharedControlRoute } from './listen.js';
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { Socket } from 'node:net';
import { defaultFleet } from './defaultFleet.js';
import { ApiError } from './errors.js';
import { type Fault, type Fleet, validateFleet } from './fleet.js';
import { type OpContext, isOperation, runOperation } from './operations.js';
import { type FinishedRun, type OutputObject, type Outcome, type RunTimings, RunBook, outputObjects } from './runs.js';
import { verifySigV4, type AuthAttempt } from './sigv4.js';
import { TokenCodec } from './tokens.js';

export interface RequestLogEntry {
  time: number;
  operation: string;
  instanceId?: string;
  maxResults?: number;
  nextToken?: string;
  accessKeyId?: string;
  region?: string;
  /** HTTP status sent; 0 when no response was sent (reset or hang fault). */
  status: number;
  /** `__type` of the error sent, or `ConnectionReset` / `Hang` for those faults. */
  errorType?: string;
  returned?: number;
  nextTokenOut?: string;
  requestId: string;
  associationId?: string;
  commandId?: string;
  executionId?: string;
  /** `Filters` as the request sent it (absent when the request had none). */
  filters?: unknown;
}

export interface StartOptions {
  fleet?: Fleet;
  /** How fast runs started by StartAssociationsOnce move on (default Pending 2 s, InProgress 3 s). */
  runTimings?: Partial<RunTimings>;
  /**
   * Called with the S3 objects of node runs that just finished (StartAssociationsOnce), so an
   * S3 mock can hold them; `startStack()` wires it to the S3 mock.
   */
  outputSink?: (objects: OutputObject[]) => Promise<void>;
  port?: number;
  host?: string;
  /** No console output (default true in-process; the CLI logs through `onRequest`). */
  quiet?: boolean;
  /** Called after each SSM request has been answered (or reset / left hanging). */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface Emulator {
  url: string;
  port: number;
  stop(): Promise<void>;
  log: RequestLogEntry[];
  clearLog(): void;
  /** `scope`: an instance id, association id, command id, or `opScope(Operation)`; none = every request. */
  setFault(fault: Fault, scope?: string): void;
  clearFaults(): void;
  fleet: Fleet;
  /** Run speed and outcomes of StartAssociationsOnce (merged into the current settings). */
  setRunBehaviour(b: RunBehaviour): void;
  /**
   * Moves every run started by StartAssociationsOnce on by one phase now, whatever the timings
   * (Pending → InProgress → outcome): for tests that must not depend on the clock.
   */
  advanceRuns(): void;
  /** Resolves when the outputs of finished runs have reached the output sink. */
  outputsStored(): Promise<void>;
  /** The associations and runs model (read-only use in tests). */
  runs: RunBook;
}

export interface RunBehaviour {
  pendingMs?: number;
  inProgressMs?: number;
  /** What started runs end as, by instance id or association id; `null` removes an entry. */
  outcomes?: Record<string, Outcome | null>;
}

export function checkRunBehaviour(b: unknown): RunBehaviour {
  if (!b || typeof b !== 'object' || Array.isArray(b)) throw new Error('run behaviour must be an object');
  const r = b as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!['pendingMs', 'inProgressMs', 'outcomes'].includes(k)) throw new Error(`unknown run setting "${k}" (known: pendingMs, inProgressMs, outcomes)`);
  for (const k of ['pendingMs', 'inProgressMs']) {
    if (r[k] !== undefined && !(Number.isInteger(r[k]) && (r[k] as number) >= 0)) throw new Error(`${k} must be an integer >= 0`);
  }
  if (r.outcomes !== undefined) {
    if (!r.outcomes || typeof r.outcomes !== 'object') throw new Error('outcomes must be an object');
    for (const [k, v] of Object.entries(r.outcomes)) {
      if (v !== null && !['Success', 'Failed', 'TimedOut'].includes(v as string)) throw new Error(`outcome of ${k} must be Success, Failed, TimedOut or null`);
    }
  }
  return r as RunBehaviour;
}

const FAULT_KEYS: (keyof Fault)[] = [
  'latencyMs',
  'internalError',
  'throttle',
  'reset',
  'hang',
  'emptyPageWithToken',
  'repeatToken',
  'ignoreRange',
  'emptyNextToken',
  'strayNodes',
  'malformed',
  'oversizePage',
  'apiError',
  'wrongRegion',
];
type CountedKey = 'internalError' | 'throttle' | 'reset' | 'hang' | 'emptyPageWithToken';

/** A fault scope for one operation only: `setFault(f, opScope('GetCommandInvocation'))`. */
export function opScope(operation: string): string {
  return `op:${operation}`;
}

export const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);
const MAX_BODY = 1024 * 1024;

export function checkFault(fault: unknown): Fault {
  if (!fault || typeof fault !== 'object' || Array.isArray(fault)) throw new Error('fault must be an object');
  const f = fault as Record<string, unknown>;
  for (const k of Object.keys(f)) {
    if (!(FAULT_KEYS as string[]).includes(k)) throw new Error(`unknown fault "${k}" (known: ${FAULT_KEYS.join(', ')})`);
  }
  const counted = (k: string) => {
    const v = f[k];
    if (v !== undefined && v !== 'always' && !(Number.isInteger(v) && (v as number) >= 0)) throw new Error(`${k} must be a count >= 0 or "always"`);
  };
  ['internalError', 'throttle', 'reset', 'hang'].forEach(counted);
  for (const k of ['emptyPageWithToken', 'oversizePage']) {
    if (f[k] !== undefined && !(Number.isInteger(f[k]) && (f[k] as number) >= 0)) throw new Error(`${k} must be an integer >= 0`);
  }
  const l = f.latencyMs as Fault['latencyMs'] | undefined;
  if (l !== undefined && !(typeof l === 'number' && l >= 0) && !(typeof l === 'object' && l && l.min >= 0 && l.max >= l.min)) {
    throw new Error('latencyMs must be a number >= 0 or {min, max} with 0 <= min <= max');
  }
  for (const k of ['repeatToken', 'emptyNextToken', 'strayNodes', 'ignoreRange']) {
    if (f[k] !== undefined && typeof f[k] !== 'boolean') throw new Error(`${k} must be a boolean`);
  }
  if (f.malformed !== undefined && !['non-json', 'wrong-types', 'missing-fields', 'not-a-list', 'no-list'].includes(f.malformed as string)) {
    throw new Error('malformed must be "non-json", "wrong-types", "missing-fields", "not-a-list" or "no-list"');
  }
  if (f.wrongRegion !== undefined && !['AuthorizationHeaderMalformed', 'PermanentRedirect'].includes(f.wrongRegion as string)) {
    throw new Error('wrongRegion must be "AuthorizationHeaderMalformed" or "PermanentRedirect"');
  }
  if (f.apiError !== undefined && f.apiError !== null) {
    const e = f.apiError as Record<string, unknown> | null;
    if (!e || typeof e !== 'object' || typeof e.type !== 'string' || !/^[A-Za-z0-9#.]+$/.test(e.type)) throw new Error('apiError must be { type, message?, status?, count? }');
    if (e.status !== undefined && !(Number.isInteger(e.status) && (e.status as number) >= 400 && (e.status as number) <= 599)) throw new Error('apiError.status must be 400-599');
    if (e.count !== undefined && e.count !== 'always' && !(Number.isInteger(e.count) && (e.count as number) >= 1)) throw new Error('apiError.count must be >= 1 or "always"');
    if (e.message !== undefined && typeof e.message !== 'string') throw new Error('apiError.message must be a string');
  }
  return f as Fault;
}

/** Scopes a request is about, most specific first (see `requestScopes`). */
export type Scopes = string | string[] | undefined;

/**
 * What a request "is about", for faults: its InstanceId, AssociationId (or each of its
 * AssociationIds), CommandId, then `op:<Operation>`.
 */
function requestScopes(operation: string, input: Record<string, unknown> | undefined): string[] {
  const out: string[] = [];
  for (const k of ['InstanceId', 'AssociationId', 'CommandId']) if (typeof input?.[k] === 'string') out.push(input[k] as string);
  if (Array.isArray(input?.AssociationIds)) for (const id of input.AssociationIds) if (typeof id === 'string') out.push(id);
  out.push(opScope(operation));
  return out;
}

/** Active faults: one set for every request, one per scope (node, association, operation). The most specific value of a field wins. */
export class Faults {
  global: Fault = {};
  nodes = new Map<string, Fault>();

  set(fault: Fault, node?: string): void {
    checkFault(fault);
    const target = node === undefined ? this.global : (this.nodes.get(node) ?? {});
    Object.assign(target, fault);
    for (const k of FAULT_KEYS) if (target[k] === undefined || target[k] === null || target[k] === 0 || target[k] === false) delete target[k];
    if (node !== undefined) {
      if (Object.keys(target).length) this.nodes.set(node, target);
      else this.nodes.delete(node);
    }
  }

  clear(): void {
    this.global = {};
    this.nodes.clear();
  }

  /** The first of the request's scopes (node, association, `op:<Operation>`) that sets `key`, else the global set. */
  private scope<K extends keyof Fault>(key: K, scopes: Scopes): Fault | undefined {
    for (const sc of typeof scopes === 'string' ? [scopes] : (scopes ?? [])) {
      const n = this.nodes.get(sc);
      if (n && n[key] !== undefined) return n;
    }
    return this.global[key] !== undefined ? this.global : undefined;
  }

  get<K extends keyof Fault>(key: K, scopes?: Scopes): Fault[K] | undefined {
    return this.scope(key, scopes)?.[key];
  }

  /** Consumes one occurrence of the apiError fault; the error to send when it fires. */
  takeApiError(scopes?: Scopes): ApiError | undefined {
    const s = this.scope('apiError', scopes);
    const e = s?.apiError;
    if (!s || !e) return undefined;
    const count = e.count ?? 1;
    if (count !== 'always') {
      if (count <= 1) delete s.apiError;
      else s.apiError = { ...e, count: count - 1 };
    }
    return new ApiError(e.type, e.message ?? `${e.type} (injected fault)`, e.status ?? 400);
  }

  /** Consumes one occurrence of a counted fault; true when it fires for this request. */
  take(key: CountedKey, scopes?: Scopes): boolean {
    const s = this.scope(key, scopes);
    if (!s) return false;
    const v = s[key];
    if (v === 'always') return true;
    if (typeof v !== 'number' || v <= 0) return false;
    if (v === 1) delete s[key];
    else (s as Record<string, unknown>)[key] = v - 1;
    return true;
  }

  latency(scopes?: Scopes): number {
    const l = this.get('latencyMs', scopes);
    if (l === undefined) return 0;
    if (typeof l === 'number') return l;
    return l.min + Math.random() * (l.max - l.min);
  }

  snapshot(): { global: Fault; nodes: Record<string, Fault> } {
    return { global: { ...this.global }, nodes: Object.fromEntries([...this.nodes].map(([k, v]) => [k, { ...v }])) };
  }
}

export function isLoopback(addr: string | undefined): boolean {
  return !!addr && (addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.'));
}

export function hostnameOf(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  if (hostHeader.startsWith('[')) return hostHeader.slice(1, hostHeader.indexOf(']'));
  return hostHeader.replace(/:\d+$/, '');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new ApiError('SerializationException', 'Request body too large', 413, 'message'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, requestId?: string, contentType = 'application/x-amz-json-1.1'): void {
  if (res.destroyed || res.headersSent) return;
  const headers: Record<string, string | number> = {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    date: new Date().toUTCString(),
  };
  if (requestId) headers['x-amzn-requestid'] = requestId;
  res.writeHead(status, headers);
  res.end(body);
}

/** Bends a successful response body for the `malformed` fault. Returns the raw text to send. */
function malform(kind: NonNullable<Fault['malformed']>, body: Record<string, unknown>): string {
  if (kind === 'non-json') return '<html><body><h1>502 Bad Gateway</h1></body></html>';
  const listKey = Object.keys(body).find((k) => Array.isArray(body[k]));
  if (!listKey) return JSON.stringify(body);
  if (kind === 'not-a-list') return JSON.stringify({ ...body, [listKey]: { '0': (body[listKey] as unknown[])[0] ?? null } });
  if (kind === 'no-list') return JSON.stringify({ ...body, [listKey]: undefined });
  const rows = (body[listKey] as Record<string, unknown>[]).map((row) => {
    const r = { ...row };
    if (kind === 'wrong-types') {
      for (const [k, v] of Object.entries(r)) {
        if (typeof v === 'string') r[k] = 12345;
        else if (typeof v === 'number') r[k] = 'yesterday';
        else if (v && typeof v === 'object') r[k] = 'not-an-object';
      }
    } else {
      for (const k of ['AssociationId', 'Status', 'DetailedStatus', 'InstanceId', 'Name', 'ExecutionDate', 'PingStatus']) delete r[k];
    }
    return r;
  });
  return JSON.stringify({ ...body, [listKey]: rows });
}

export async function startServer(opts: StartOptions = {}): Promise<Emulator> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) throw new Error(`the SSM emulator only listens on loopback (got host ${host})`);
  const fleet = validateFleet(structuredClone(opts.fleet ?? defaultFleet()));
  const tokens = new TokenCodec();
  const faults = new Faults();
  if (fleet.faults) faults.set(fleet.faults);
  for (const account of fleet.accounts) {
    for (const nodes of Object.values(account.regions)) for (const n of nodes) if (n.faults) faults.set(n.faults, n.InstanceId);
  }
  const runs = new RunBook(fleet, Date.now());
  Object.assign(runs.timings, opts.runTimings);
  let storing: Promise<void> = Promise.resolve();
  /** Hands finished runs' S3 objects to the sink, one batch after the other. */
  const storeOutputs = (finished: FinishedRun[]) => {
    if (!opts.outputSink || finished.length === 0) return;
    const objects = finished.flatMap((f) => outputObjects(f.association.def, f.execution, f.target, f.book.account));
    if (objects.length === 0) return;
    const sink = opts.outputSink;
    storing = storing.then(() => sink(objects)).catch((e: unknown) => {
      if (!opts.quiet) console.error('[ssm-emulator] storing run output failed:', e);
    });
  };
  const setRunBehaviour = (b: RunBehaviour) => {
    checkRunBehaviour(b);
    if (b.pendingMs !== undefined) runs.timings.pendingMs = b.pendingMs;
    if (b.inProgressMs !== undefined) runs.timings.inProgressMs = b.inProgressMs;
    for (const [k, v] of Object.entries(b.outcomes ?? {})) {
      if (v === null) delete runs.outcomes[k];
      else runs.outcomes[k] = v;
    }
  };
  const log: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  const wakers = new Set<() => void>();
  const startedAt = Date.now();
  let stopping = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const done = () => {
        clearTimeout(t);
        wakers.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      wakers.add(done);
    });

  const record = (entry: RequestLogEntry) => {
    for (const k of Object.keys(entry) as (keyof RequestLogEntry)[]) if (entry[k] === undefined) delete entry[k];
    log.push(entry);
    opts.onRequest?.(entry);
  };

  async function handleSsm(req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, raw: Buffer) {
    const requestId = randomUUID();
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('AmazonSSM.') ? target.slice('AmazonSSM.'.length) : target;
    const entry: RequestLogEntry = { time: Date.now(), operation, status: 0, requestId };
    let input: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = raw.length ? JSON.parse(raw.toString('utf8')) : {};
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) input = parsed as Record<string, unknown>;
    } catch {
      input = undefined;
    }
    const node = requestScopes(operation, input);
    if (typeof input?.InstanceId === 'string') entry.instanceId = input.InstanceId;
    const about = ['AssociationId', 'CommandId', 'ExecutionId'].find((k) => typeof input?.[k] === 'string');
    if (about) entry[about === 'AssociationId' ? 'associationId' : about === 'CommandId' ? 'commandId' : 'executionId'] = input![about] as string;
    if (typeof input?.MaxResults === 'number') entry.maxResults = input.MaxResults;
    if (typeof input?.NextToken === 'string') entry.nextToken = input.NextToken;
    if (input && 'Filters' in input) entry.filters = input.Filters;

    await sleep(faults.latency(node));
    if (stopping) return void req.socket.destroy();

    const attempt: AuthAttempt = {};
    try {
      if (req.method !== 'POST' || path !== '/') {
        throw new ApiError('UnknownOperationException', undefined, 404, 'none');
      }
      const auth = await verifySigV4(
        { method: req.method, path, query: Object.fromEntries(query), headers: req.headers, body: raw },
        fleet,
        attempt,
      ).finally(() => {
        entry.accessKeyId = attempt.accessKeyId;
        entry.region = attempt.region;
      });
      if (!target.startsWith('AmazonSSM.') || !isOperation(operation)) {
        throw new ApiError('com.amazon.coral.service#UnknownOperationException', undefined, 400, 'none');
      }
      if (!input) throw new ApiError('SerializationException', 'Start of structure or map found where not expected.', 400, 'none');

      if (faults.take('reset', node)) {
        record({ ...entry, errorType: 'ConnectionReset' });
        req.socket.destroy();
        return;
      }
      if (faults.take('hang', node)) {
        record({ ...entry, errorType: 'Hang' });
        return; // never answered; stop() destroys the socket
      }
      if (faults.take('throttle', node)) throw new ApiError('ThrottlingException', 'Rate exceeded', 400, 'message');
      if (faults.take('internalError', node)) throw new ApiError('InternalServerError', 'An internal error occurred.', 500);
      const injected = faults.takeApiError(node);
      if (injected) throw injected;

      const now = Date.now();
      storeOutputs(runs.settle(now));

      const ctx: OpContext = {
        fleet,
        caller: { account: auth.ref.account, region: auth.region },
        tokens,
        startedAt,
        runs,
        now,
        faults: {
          takeEmptyPage: () => faults.take('emptyPageWithToken', node),
          repeatToken: faults.get('repeatToken', node) === true,
          emptyNextToken: faults.get('emptyNextToken', node) === true,
          strayNodes: faults.get('strayNodes', node) === true,
          oversizePage: faults.get('oversizePage', node),
        },
      };
      const result = runOperation(operation, ctx, input);
      const malformed = faults.get('malformed', node);
      const text = malformed ? malform(malformed, result.body) : JSON.stringify(result.body);
      send(res, 200, text, requestId);
      record({ ...entry, status: 200, returned: result.returned, nextTokenOut: result.nextTokenOut });
    } catch (e) {
      const err =
        e instanceof ApiError ? e : new ApiError('InternalServerError', 'An internal error occurred.', 500);
      if (!(e instanceof ApiError) && !opts.quiet) console.error('[ssm-emulator] internal error:', e);
      send(res, err.status, JSON.stringify(err.body()), requestId);
      record({ ...entry, status: err.status, errorType: err.type.replace(/^.*#/, '') });
    }
  }

  function handleControl(req: IncomingMessage, res: ServerResponse, path: string, raw: Buffer) {
    const json = (status: number, value: unknown) => send(res, status, JSON.stringify(value), undefined, 'application/json');
    if (!isLoopback(req.socket.remoteAddress) || !LOOPBACK_HOSTS.has(hostnameOf(req.headers.host))) {
      return json(403, { error: 'the control API only answers on loopback' });
    }
    const route = `${req.method} ${path.replace(/\/+$/, '')}`;
    if (sharedControlRoute(route, log, faults, json)) return;
    switch (route) {
      case 'POST /__control/faults': {
        try {
          const body = JSON.parse(raw.toString('utf8') || '{}') as { node?: unknown; fault?: unknown };
          if (body.node !== undefined && typeof body.node !== 'string') throw new Error('node must be a string');
          faults.set(checkFault(body.fault), body.node);
          return json(200, faults.snapshot());
        } catch (e) {
          return json(400, { error: (e as Error).message });
        }
      }
      case 'GET /__control/runs':
        storeOutputs(runs.settle(Date.now()));
        return json(200, { timings: runs.timings, outcomes: runs.outcomes });
      case 'POST /__control/runs': {
        try {
          setRunBehaviour(checkRunBehaviour(JSON.parse(raw.toString('utf8') || '{}')));
          return json(200, { timings: runs.timings, outcomes: runs.outcomes });
        } catch (e) {
          return json(400, { error: (e as Error).message });
        }
      }
      case 'POST /__control/runs/advance':
        storeOutputs(runs.advance(Date.now()));
        return json(200, { ok: true });
      case 'GET /__control/health':
        return json(200, { ok: true, startedAt });
      default:
        return json(404, { error: `no such control route: ${route}` });
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    readBody(req).then(
      (raw) => {
        if (url.pathname.startsWith('/__control')) return handleControl(req, res, url.pathname, raw);
        return handleSsm(req, res, url.pathname, url.searchParams, raw);
      },
      (e: unknown) => {
        const err = e instanceof ApiError ? e : new ApiError('SerializationException', 'Could not read the request', 400, 'none');
        send(res, err.status, JSON.stringify(err.body()));
      },
    ).catch((e: unknown) => {
      if (!opts.quiet) console.error('[ssm-emulator]', e);
      req.socket.destroy();
    });
  });
  const port = await listenTracked(server, host, opts.port ?? 0, sockets);
  const urlHost = host === '::1' ? '[::1]' : host;

  let stopped: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    log,
    fleet,
    clearLog: () => void (log.length = 0),
    setFault: (fault, node) => faults.set(fault, node),
    clearFaults: () => faults.clear(),
    runs,
    setRunBehaviour,
    advanceRuns: () => storeOutputs(runs.advance(Date.now())),
    outputsStored: () => {
      storeOutputs(runs.settle(Date.now()));
      return storing;
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        stopping = true;
        server.close(() => resolve());
        for (const wake of [...wakers]) wake();
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
