// Entry point of the lazily loaded AWS bundle (dist/aws.js): the only module that pulls in the SDK.
import { ConcurrencyLimit } from '../paging/limit';
import { fetchAssociationsPage } from './associations';
import { ClientPool } from './clients';
import { listProfiles, resolveRegion } from './profiles';
import type { Backend, BackendOptions } from './types';

export const MAX_CONCURRENT_REQUESTS = 4;

/** Builds the AWS layer: a client pool, a limit of concurrent requests, logging. */
export function createBackend(options: BackendOptions): Backend {
  const pool = new ClientPool(options);
  const limit = new ConcurrencyLimit(options.concurrency ?? MAX_CONCURRENT_REQUESTS);
  return {
    fetchAssociationsPage: (target, token, pageSize, signal, pageNumber) =>
      limit.run(() => fetchAssociationsPage({ pool, log: options.log, target, token, pageSize, signal, pageNumber }), signal),
    listProfiles,
    resolveRegion: (profile, explicit) => resolveRegion(profile, explicit),
    reset: () => pool.reset(),
  };
}
