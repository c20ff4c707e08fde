import diagnostics_channel from 'node:diagnostics_channel';
import { mkdtempSync, rmSync } from 'node:fs';
import { after, before, beforeEach } from 'node:test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend } from '../../src/aws/sdk/backend';
import type { Backend, BackendOptions, Log, NodeTarget } from '../../src/aws/contract';
import { start, writeProfiles, type Emulator } from '../emulator/index';
import type { Fleet } from '../emulator/index';
import { isolateEnv } from '../support/awsEnv';
import { type OutputStack, type OutputStackOptions, startOutputStack } from '../support/outputStack';

const AWS_VARS = ['AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_SSM', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'];

/** Every log line, with its level, so tests can read what the extension logged. */
export class MemoryLog implements Log {
  readonly lines: string[] = [];
  trace = (m: string) => this.lines.push(`trace ${m}`);
  debug = (m: string) => this.lines.push(`debug ${m}`);
  info = (m: string) => this.lines.push(`info ${m}`);
  warn = (m: string) => this.lines.push(`warn ${m}`);
  error = (m: string) => this.lines.push(`error ${m}`);
  get text(): string {
    return this.lines.join('\n');
  }
}

/** A local SSM endpoint, profile files pointing at it, and the process environment set for the SDK. */
export interface World {
  emulator: Emulator;
  dir: string;
  files: { configFile: string; credentialsFile: string };
  log: MemoryLog;
  backend(options?: Partial<BackendOptions>): Backend;
  stop(): Promise<void>;
}

export async function startWorld(fleet?: Fleet): Promise<World> {
  const emulator = await start(fleet ? { fleet } : {});
  const dir = mkdtempSync(join(tmpdir(), 'ssm-int-'));
  const profiles = writeProfiles(dir, emulator.url);
  const restoreEnv = isolateEnv(AWS_VARS);
  Object.assign(process.env, profiles.env);
  const log = new MemoryLog();
  const backends: Backend[] = [];
  return {
    emulator,
    dir,
    files: profiles,
    log,
    backend(options = {}) {
      const backend = createBackend({ log, maxAttempts: 1, requestTimeoutMs: 2_000, ...options });
      backends.push(backend);
      return backend;
    },
    async stop() {
      for (const b of backends) b.reset();
      await emulator.stop();
      restoreEnv();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fetches every page of a node, as "Load more" would, returning the rows and page count. */
export async function fetchAll(backend: Backend, target: NodeTarget, pageSize: number) {
  const rows = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await backend.fetchAssociationsPage({ target, token, pageSize, signal: new AbortController().signal, pageNumber: ++pages });
    rows.push(...page.items);
    token = page.nextToken;
  } while (token);
  return { rows, pages };
}

export const never = new AbortController().signal;

/**
 * Starts a World for the enclosing suite (stopped after it) and clears the endpoint's log and faults
 * before each test. Returns a getter: the World exists only once the suite has started.
 */
export function useWorld(fleet?: Fleet): () => World {
  let world: World | undefined;
  before(async () => {
    world = await startWorld(fleet);
  });
  after(() => world?.stop());
  beforeEach(() => {
    world?.emulator.clearLog();
    world?.emulator.clearFaults();
  });
  return () => {
    if (!world) throw new Error('the World starts in the suite\'s before hook');
    return world;
  };
}

/**
 * Starts the endpoint stack of View Output (test/support/outputStack.ts) for the enclosing suite
 * (stopped after it) and clears both endpoints' logs and faults before each test. Returns a getter,
 * as useWorld does.
 */
export function useOutputStack(opts: OutputStackOptions): () => OutputStack {
  let world: OutputStack | undefined;
  before(async () => {
    world = await startOutputStack(opts);
  });
  after(() => world?.stop());
  beforeEach(() => {
    for (const endpoint of world ? [world.stack.ssm, world.stack.s3] : []) {
      endpoint.clearLog();
      endpoint.clearFaults();
    }
  });
  return () => {
    if (!world) throw new Error("the stack starts in the suite's before hook");
    return world;
  };
}

/** The most requests the endpoint had open at once while `run` ran (counted on the server side). */
export async function peakInFlight(run: () => Promise<unknown>): Promise<number> {
  let open = 0;
  let peak = 0;
  const start = () => void (peak = Math.max(peak, ++open));
  const finish = () => void open--;
  diagnostics_channel.subscribe('http.server.request.start', start);
  diagnostics_channel.subscribe('http.server.response.finish', finish);
  try {
    await run();
  } finally {
    diagnostics_channel.unsubscribe('http.server.request.start', start);
    diagnostics_channel.unsubscribe('http.server.response.finish', finish);
  }
  return peak;
}
