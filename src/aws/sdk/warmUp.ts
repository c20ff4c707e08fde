// The first request after start-up used to cost far more than later ones: V8 compiles each function
// of the SDK's request path (serialise, endpoint rules, signing, retry, parse) on its first call.
// This runs that path once, while the user is still looking at the list, against no network and with
// throwaway keys: no request leaves the machine, no credentials are read, no prompt can appear.
import { SSMClient } from '@aws-sdk/client-ssm';
import { Readable } from 'node:stream';
import { fetchAssociationsPage } from './associations';
import type { ClientPool } from './clients';
import type { Page } from '../../paging/pager';
import type { AssociationStatusInfo, Log } from '../contract';

const SILENT: Log = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * One row with every field the tree reads, and a next token: parsing a row (dates, the output URL,
 * the summary) and a token is part of the first click's path too, so an empty page would leave it cold.
 */
const WARM_UP_PAGE = JSON.stringify({
  InstanceAssociationStatusInfos: [
    {
      AssociationId: '00000000-0000-4000-8000-000000000000',
      AssociationName: 'warm-up',
      Name: 'AWS-RunShellScript',
      DocumentVersion: '1',
      AssociationVersion: '1',
      InstanceId: 'i-00000000000000000',
      ExecutionDate: 1_700_000_000.5,
      Status: 'Success',
      DetailedStatus: 'Success',
      ExecutionSummary: '1 out of 1 plugin processed, 1 success, 0 failed, 0 timed out, 0 skipped.',
      ErrorCode: '',
      OutputUrl: { S3OutputUrl: { OutputUrl: 'https://s3.amazonaws.com/warm-up/i-00000000000000000' } },
    },
  ],
  NextToken: 'warm-up',
});

/** Answers every request itself: the warm-up never touches the network. */
const NO_NETWORK = {
  handle: async () => ({
    response: {
      statusCode: 200,
      reason: 'OK',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'warm-up' },
      body: Readable.from([Buffer.from(WARM_UP_PAGE)]),
    },
  }),
  updateHttpClientConfig: () => undefined,
  httpHandlerConfigs: () => ({}),
  destroy: () => undefined,
};

/**
 * Runs the page request path once (our code and the SDK's) with no network and no real credentials.
 * Returns the page it made up (its test checks the row went through the whole parse).
 */
export async function warmUpRequestPath(): Promise<Page<AssociationStatusInfo>> {
  const client = new SSMClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDWARMUP', secretAccessKey: 'warm-up-only' },
    requestHandler: NO_NETWORK,
    maxAttempts: 1,
  });
  const pool = { get: async () => ({ client, region: 'us-east-1' }) } as unknown as ClientPool;
  try {
    return await fetchAssociationsPage({
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
