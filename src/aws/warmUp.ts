// The first request after start-up used to cost far more than later ones: V8 compiles each function
// of the SDK's request path (serialise, endpoint rules, signing, retry, parse) on its first call.
// This runs that path once, while the user is still looking at the list, against no network and with
// throwaway keys: no request leaves the machine, no credentials are read, no prompt can appear.
import { SSMClient } from '@aws-sdk/client-ssm';
import { Readable } from 'node:stream';
import { fetchAssociationsPage } from './associations';
import type { ClientPool } from './clients';
import type { Log } from './types';

const SILENT: Log = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** Answers every request itself with an empty page: the warm-up never touches the network. */
const NO_NETWORK = {
  handle: async () => ({
    response: {
      statusCode: 200,
      reason: 'OK',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'warm-up' },
      body: Readable.from([Buffer.from('{"InstanceAssociationStatusInfos":[]}')]),
    },
  }),
  updateHttpClientConfig: () => undefined,
  httpHandlerConfigs: () => ({}),
  destroy: () => undefined,
};

/** Runs the page request path once (our code and the SDK's) with no network and no real credentials. */
export async function warmUpRequestPath(): Promise<void> {
  const client = new SSMClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDWARMUP', secretAccessKey: 'warm-up-only' },
    requestHandler: NO_NETWORK,
    maxAttempts: 1,
  });
  const pool = { get: async () => ({ client, region: 'us-east-1' }) } as unknown as ClientPool;
  try {
    await fetchAssociationsPage({
      pool,
      log: SILENT,
      target: { nodeId: 'i-00000000000000000' },
      token: undefined,
      pageSize: 50,
      signal: new AbortController().signal,
      pageNumber: 1,
    });
  } finally {
    client.destroy();
  }
}
