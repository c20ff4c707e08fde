// Child processes of the benchmark (the AWS CLI, the activation and heap children).
import { spawn } from 'node:child_process';
import { now } from './stats';

export interface ProcessResult {
  code: number | null;
  out: string;
  err: string;
  /** Wall time from spawn to exit. */
  ms: number;
}

/** Runs a command to its end and collects what it printed. Rejects only if it cannot start. */
export function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out, err, ms: now() - t0 }));
  });
}

/** The JSON a child printed on a line starting with `marker` (e.g. "HEAP "); throws if it did not. */
export function markedJson<T>(result: ProcessResult, marker: string, what: string): T {
  const line = result.out.split('\n').find((l) => l.startsWith(marker));
  if (result.code !== 0 || !line) throw new Error(`${what} exited ${result.code}: ${(result.out + result.err).slice(-600)}`);
  return JSON.parse(line.slice(marker.length)) as T;
}
