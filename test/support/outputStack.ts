/**
 * The endpoint stack that View Output, Show History and Apply Now are read from, seeded the same way
 * for the output tests (test/integration/output*.test.ts) and the bench (bench/outputRuns.ts): the
 * local SSM endpoint and the S3 mock holding the latest output of the named nodes only, profile files
 * pointing at both, the process's AWS variables cleared and set to them, and the real SDK's backend
 * over them. Then the objects that make a prefix large: older runs by the thousand, a run of many steps.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend } from '../../src/aws/sdk/backend';
import type { Backend, Log } from '../../src/aws/contract';
import { runIdOf } from '../../src/aws/runLayout';
import { type Fleet, type RunTimings, type S3Mock, type Stack, startStack, writeProfiles } from '../emulator/index';
import { AWS_ENV, isolateEnv } from './awsEnv';

export interface OutputStackOptions {
  fleet: Fleet;
  /** The nodes whose latest run's output the S3 mock holds (the others' is not there). */
  outputOf: readonly string[];
  /** How long runs started by StartAssociationsOnce stay Pending and InProgress. */
  runTimings?: Partial<RunTimings>;
  /** The backend's log. */
  log: Log;
  requestTimeoutMs: number;
}

export interface OutputStack {
  stack: Stack;
  /** The real SDK over the stack, one attempt a request. */
  backend: Backend;
  /** Stops both endpoints, puts the environment back and removes the profile files. */
  stop(): Promise<void>;
}

export async function startOutputStack(opts: OutputStackOptions): Promise<OutputStack> {
  const stack = await startStack({ fleet: opts.fleet, fill: false, runTimings: opts.runTimings });
  try {
    await stack.s3.putObjects(stack.ssm.runs.latestOutputObjects().filter((o) => opts.outputOf.some((n) => o.key.includes(`/${n}/`))));
  } catch (e) {
    await stack.stop();
    throw e;
  }
  const dir = mkdtempSync(join(tmpdir(), 'ssm-output-'));
  const restoreEnv = isolateEnv(AWS_ENV);
  Object.assign(process.env, writeProfiles(dir, stack.ssm.url, stack.s3.url).env);
  const backend = createBackend({ log: opts.log, maxAttempts: 1, requestTimeoutMs: opts.requestTimeoutMs });
  return {
    stack,
    backend,
    async stop() {
      backend.reset();
      await stack.stop();
      restoreEnv();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `count` older runs of an association under `prefix` (`<prefix><run id>/…`), an hour apart from
 * `newest` back, each with a stdout and a stderr of one step (`step`: `<plugin folder>/<step folder>`).
 */
export function putOldRuns(s3: S3Mock, bucket: string, prefix: string, runs: { newest: number; count: number; step: string }): void {
  const ids = Array.from({ length: runs.count }, (_, i) => runIdOf(runs.newest - i * 3_600_000));
  s3.putBulk(bucket, ids.flatMap((r) => [`${prefix}${r}/${runs.step}/stdout`, `${prefix}${r}/${runs.step}/stderr`]), 'old run\n');
}

/** One run (`<prefix><run>/`) of `steps` shell steps (`step 000`, `step 001`, …), each with a stdout and a stderr of `text`. */
export function putManyStepRun(s3: S3Mock, bucket: string, prefix: string, run: string, steps: number, text: string): void {
  const folders = Array.from({ length: steps }, (_, i) => `${prefix}${run}/awsrunShellScript/step ${String(i).padStart(3, '0')}`);
  s3.putBulk(bucket, folders.flatMap((f) => [`${f}/stdout`, `${f}/stderr`]), text);
}
