/**
 * The SSM endpoint and the S3 mock together, as the demo and the tests of output use them: the
 * S3 mock holds the latest output of every run in the fleet and receives the output of runs
 * started by StartAssociationsOnce when they finish.
 */
import { type S3LogEntry, type S3Mock, startS3 } from './s3.js';
import { type Emulator, type StartOptions, startServer } from './server.js';

export interface StackOptions extends Omit<StartOptions, 'outputSink'> {
  s3Port?: number;
  onS3Request?: (e: S3LogEntry) => void;
  /** Fill the S3 mock with the latest output of the fleet's runs (default true). */
  fill?: boolean;
}

export interface Stack {
  ssm: Emulator;
  s3: S3Mock;
  /** How many objects the fill stored, and how long it took. */
  filled: { objects: number; ms: number };
  stop(): Promise<void>;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const { s3Port, onS3Request, fill = true, ...ssmOpts } = opts;
  let s3: S3Mock | undefined;
  const ssm = await startServer({ quiet: true, ...ssmOpts, outputSink: (objects) => s3!.putObjects(objects) });
  try {
    s3 = await startS3({ fleet: ssm.fleet, port: s3Port, onRequest: onS3Request, defaultRegion: 'eu-west-1' });
    const t0 = Date.now();
    const objects = fill ? ssm.runs.latestOutputObjects() : [];
    await s3.putObjects(objects);
    const mock = s3;
    return {
      ssm,
      s3: mock,
      filled: { objects: objects.length, ms: Date.now() - t0 },
      stop: async () => {
        await ssm.stop();
        await mock.stop();
      },
    };
  } catch (e) {
    await ssm.stop();
    await s3?.stop();
    throw e;
  }
}
