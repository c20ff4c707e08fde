// Entry point of the lazily loaded AWS bundle (dist/aws.js): the only module that pulls in the SDK.
import { ConcurrencyLimit } from '../../paging/limit';
import { fetchAssociationsPage } from './associations';
import { ClientPool } from './clients';
import { discoverNodes } from './discovery';
import { loadRunsModule, loadS3Module } from './lazyParts';
import { fetchNodeInformation } from './describeNodes';
import { listProfiles, resolveRegion } from './profiles';
import type { RunsApi } from './runsBackend';
import type { Backend, BackendOptions } from '../contract';
import { warmUpRequestPath } from './warmUp';

export const MAX_CONCURRENT_REQUESTS = 4;

/** Builds the AWS layer: a client pool, a limit of concurrent requests, logging. */
export function createBackend(options: BackendOptions): Backend {
  const pool = new ClientPool(options);
  const limit = new ConcurrencyLimit(options.concurrency ?? MAX_CONCURRENT_REQUESTS);
  let runs: RunsApi | undefined;
  // Output, history and Apply Now live in dist/runs.js, loaded on their first use.
  const runsApi = () => (runs ??= loadRunsModule().createRunsApi(pool, limit, options, loadS3Module));
  // The request path needs compiling once: showing the view again needs no second warm-up.
  let warmedUp: Promise<unknown> | undefined;
  return {
    fetchAssociationsPage: (request) => limit.run(() => fetchAssociationsPage({ pool, log: options.log, ...request }), request.signal),
    // Each DescribeInstanceInformation request waits for its turn like a page request does.
    prepare: (scope) =>
      Promise.all([pool.get(scope.profile, scope.region), (warmedUp ??= warmUpRequestPath())]).then(
        () => undefined,
        () => undefined,
      ),
    describeNodes: (scope, ids, signal) => fetchNodeInformation(pool, options.log, scope, ids, signal, (request, stop) => limit.run(request, stop)),
    discoverNodes: (scope, filters, discovery) =>
      discoverNodes(pool, options.log, scope, filters, { ...discovery, run: (request, stop) => limit.run(request, stop) }),
    listProfiles,
    resolveRegion: (profile, explicit) => resolveRegion(profile, explicit),
    describeAssociation: (...args) => runsApi().describeAssociation(...args),
    listRuns: (...args) => runsApi().listRuns(...args),
    readOutput: (...args) => runsApi().readOutput(...args),
    bucketRegion: (...args) => runsApi().bucketRegion(...args),
    applyNow: (...args) => runsApi().applyNow(...args),
    readStatuses: (...args) => runsApi().readStatuses(...args),
    listAssociations: (...args) => runsApi().listAssociations(...args),
    listExecutions: (...args) => runsApi().listExecutions(...args),
    listExecutionTargets: (...args) => runsApi().listExecutionTargets(...args),
    get s3Loaded() {
      return runs?.s3Loaded ?? false;
    },
    reset: () => {
      pool.reset();
      runs?.reset();
    },
  };
}
