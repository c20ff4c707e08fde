// The parts of the AWS layer that only some commands need, each in its own bundle loaded on first use.
// esbuild turns each require below into a require of a sibling file in dist/ (rows of lazyParts.json), so
// neither activation nor the first expand (dist/aws.js) pays for them.
import type * as RunsModule from './runsBackend';
import type * as S3Module from './s3Reader';

let runs: typeof RunsModule | undefined;
let s3: typeof S3Module | undefined;

/** History, Apply Now, the watch and Run Command output (dist/runs.js). */
export function loadRunsModule(): typeof RunsModule {
  runs ??= require('./runsBackend') as typeof RunsModule;
  return runs;
}

/** The S3 client (dist/s3.js), loaded when output is first read from S3. */
export function loadS3Module(): typeof S3Module {
  s3 ??= require('./s3Reader') as typeof S3Module;
  return s3;
}

/** Which lazy parts this process has loaded (for tests and the benchmark). */
export function lazyPartsLoaded(): { runs: boolean; s3: boolean } {
  return { runs: runs !== undefined, s3: s3 !== undefined };
}
