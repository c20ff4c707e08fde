// Entry point of dist/runs.js: what View Output, Show History, Apply Now and the watch need from AWS.
// It uses the client pool and request limit of dist/aws.js, so credentials are resolved once.
import type { ConcurrencyLimit } from '../../paging/limit';
import type { ClientPool } from './clients';
import { OutputReader } from './outputReader';
import { AssociationRuns } from './associationRuns';
import { AssociationLists } from './listAssociations';
import type * as S3Module from './s3Reader';
import type { S3Reader } from './s3Reader';
import { type Backend, type BackendOptions, DEFAULT_REQUEST_TIMEOUT_MS, type RequestRunner } from '../contract';

/** The part of the Backend that this bundle provides. */
export type RunsApi = Pick<
  Backend,
  'describeAssociation' | 'listRuns' | 'readOutput' | 'bucketRegion' | 'applyNow' | 'readStatuses' | 'listAssociations' | 'listExecutions' | 'listExecutionTargets' | 's3Loaded'
> & { reset(): void };

/** Loads dist/s3.js, the S3 client (the backend passes lazyParts' loader: this bundle does not load itself). */
export type LoadS3Module = () => typeof S3Module;

export function createRunsApi(pool: ClientPool, limit: ConcurrencyLimit, options: BackendOptions, loadS3Module: LoadS3Module): RunsApi {
  const { log } = options;
  // Every request of a chain (output, history, Apply Now, the watch) waits for a slot of the limit on
  // its own: no chain holds a slot between its requests, so page loads are never stalled behind one.
  const run: RequestRunner = (request, signal) => limit.run(request, signal);
  const runs = new AssociationRuns(pool, log, run);
  let s3: S3Reader | undefined;
  const s3Reader = () =>
    (s3 ??= loadS3Module().createS3Reader({ log, requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, maxAttempts: options.maxAttempts, run }));
  const output = new OutputReader(runs, s3Reader, log);
  const lists = new AssociationLists(pool, { log, run });
  return {
    describeAssociation: (target, associationId, signal) => runs.describe(target, associationId, signal),
    listRuns: (target, associationId, token, pageSize, signal) => runs.runs(target, associationId, token, pageSize, signal),
    readOutput: (request, signal) => output.read(request, signal),
    bucketRegion: (target, associationId, bucket, signal) => output.bucketRegion(target, associationId, bucket, signal),
    applyNow: (target, associationId, signal) => runs.applyNow(target, associationId, signal),
    readStatuses: (target, associationIds, signal) => runs.statuses(target, associationIds, signal),
    listAssociations: (scope, filters, token, pageSize, signal) => lists.associations(scope, filters, token, pageSize, signal),
    listExecutions: (scope, associationId, token, pageSize, signal) => lists.executions(scope, associationId, token, pageSize, signal),
    listExecutionTargets: (scope, associationId, executionId, token, pageSize, signal) => lists.executionTargets(scope, associationId, executionId, token, pageSize, signal),
    get s3Loaded() {
      return s3 !== undefined;
    },
    reset: () => s3?.reset(),
  };
}
