// Entry point of the third bundle, dist/s3.js: the S3 client, loaded only when output is first viewed
// (not at activation, not on the first expand). It gets credentials from the SSM client of the same
// profile, so the profile is resolved (and an MFA code asked for) once.
import { GetBucketLocationCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Log, RequestRunner } from '../contract';
import { isRegion } from '../../core/partitions';
import { scopeKey } from '../../core/scope';
import { followTokens } from '../../paging/tokens';
import { firstBytes } from '../../core/runOutput';
import { asErrorLike } from '../errorKinds';
import { requestCause } from '../errors';
import { send } from './send';

/** How long looking up a bucket's region may take, everywhere (View Output, Open S3 Output). */
export const BUCKET_REGION_TIMEOUT_MS = 5_000;
/** Buckets whose region a reader remembers (per profile); beyond, it starts over. */
const MAX_REMEMBERED_BUCKETS = 256;

/**
 * The bucket's region that S3 names when it refuses a request sent to another region: a 301
 * PermanentRedirect (or 302/307), or a 400 AuthorizationHeaderMalformed ("the region 'x' is wrong;
 * expecting 'y'"), with the region in the x-amz-bucket-region header or the error's <Region>; as
 * botocore's S3RegionRedirectorv2 reads it (test/emulator/README.md cites both). Undefined otherwise.
 */
export function wrongRegionAnswer(error: unknown): string | undefined {
  type Answer = { name?: unknown; Region?: unknown; $metadata?: { httpStatusCode?: unknown }; $response?: { headers?: Record<string, unknown> } };
  const e = (requestCause(error) ?? {}) as Answer;
  const header = e.$response?.headers?.['x-amz-bucket-region'];
  const region = typeof header === 'string' && header ? header : typeof e.Region === 'string' ? e.Region : undefined;
  if (region === undefined || !isRegion(region)) return undefined;
  const status = e.$metadata?.httpStatusCode;
  const moved = status === 301 || status === 302 || status === 307 || e.name === 'PermanentRedirect';
  return moved || e.name === 'AuthorizationHeaderMalformed' || e.name === 'IllegalLocationConstraintException' ? region : undefined;
}

/** Whose credentials, in which region: the bucket's, not necessarily the node's. */
export interface S3Access {
  readonly profile?: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentityProvider;
}

export interface S3ReaderOptions {
  readonly log: Log;
  readonly requestTimeoutMs: number;
  readonly maxAttempts?: number;
  /** Runs each request (the backend's concurrency limit). */
  readonly run?: RequestRunner;
}

const NEVER = new AbortController().signal;

/** One object under a prefix. */
export interface S3Object {
  readonly key: string;
  readonly size?: number;
}

export interface S3ListRequest {
  readonly prefix: string;
  readonly delimiter?: string;
  readonly startAfter?: string;
  readonly token?: string;
  /** 1–1000 (S3's own ceiling). */
  readonly maxKeys?: number;
}

export interface S3ListPage {
  readonly objects: readonly S3Object[];
  readonly prefixes: readonly string[];
  readonly nextToken?: string;
}

/** What was read of an object. */
export interface S3Read {
  readonly bytes: Uint8Array;
  /** The object's whole size. */
  readonly totalBytes: number;
}

export interface S3Reader {
  /**
   * The bucket's region (GetBucketLocation; the empty answer is us-east-1, "EU" is eu-west-1), at most
   * BUCKET_REGION_TIMEOUT_MS; known without a request when S3 named it before.
   */
  bucketRegion(access: S3Access, bucket: string, signal?: AbortSignal): Promise<string>;
  /** Every object under a prefix (ListObjectsV2, following pages; at most `maxPages`). */
  list(access: S3Access, bucket: string, prefix: string, signal?: AbortSignal, maxPages?: number): Promise<S3Object[]>;
  /** One ListObjectsV2 page: objects, and with a delimiter the folders (common prefixes), and the token of the next page. */
  listPage(access: S3Access, bucket: string, request: S3ListRequest, signal?: AbortSignal): Promise<S3ListPage>;
  /** The first `limitBytes` of an object (always a ranged GetObject; none when the listing says it is empty). */
  read(access: S3Access, bucket: string, key: string, size: number | undefined, limitBytes: number, signal?: AbortSignal): Promise<S3Read>;
  /** Destroys every client. */
  reset(): void;
}

export function createS3Reader(options: S3ReaderOptions): S3Reader {
  const clients = new Map<string, { client: S3Client; credentials: AwsCredentialIdentityProvider }>();
  const clientFor = (access: S3Access): S3Client => {
    const key = scopeKey(access);
    const known = clients.get(key);
    if (known && known.credentials === access.credentials) return known.client;
    known?.client.destroy();
    const client = new S3Client({
      region: access.region,
      profile: access.profile,
      credentials: access.credentials,
      // A local endpoint (AWS_ENDPOINT_URL_S3) has no per-bucket host names.
      forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL),
      // S3's wrong-region answers are followed by `inBucketRegion` below, which remembers the bucket's region: the
      // SDK's own redirect follows a 301 but not a 400 AuthorizationHeaderMalformed, and again on every request.
      followRegionRedirects: false,
      retryMode: 'adaptive',
      maxAttempts: options.maxAttempts ?? 3,
      requestHandler: new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: options.requestTimeoutMs, throwOnRequestTimeout: true }),
    });
    clients.set(key, { client, credentials: access.credentials });
    return client;
  };

  /** Sends one S3 request through the shared request path (log line, request error naming the operation). */
  const sendS3 = <T extends { $metadata: { requestId?: string; attempts?: number } }>(operation: string, what: string, access: S3Access, signal: AbortSignal | undefined, call: (client: S3Client) => Promise<T>): Promise<T> =>
    send({ log: options.log, service: 's3', operation, what, region: access.region, signal }, () =>
      options.run ? options.run(() => call(clientFor(access)), signal ?? NEVER) : call(clientFor(access)),
    );

  /** Where each bucket is, learnt from GetBucketLocation or a wrong-region answer: `profile|bucket` → region. */
  const bucketRegions = new Map<string, string>();
  const known = (access: S3Access, bucket: string) => bucketRegions.get(`${access.profile ?? ''}|${bucket}`);
  const remember = (access: S3Access, bucket: string, region: string) => {
    if (bucketRegions.size >= MAX_REMEMBERED_BUCKETS) bucketRegions.clear();
    bucketRegions.set(`${access.profile ?? ''}|${bucket}`, region);
  };

  /**
   * Sends in the bucket's region when known, else in `access.region`; a wrong-region answer is followed
   * once, to the region S3 names, which is remembered: one extra request the first time, none after.
   */
  async function inBucketRegion<T extends { $metadata: { requestId?: string; attempts?: number } }>(
    operation: string,
    what: string,
    access: S3Access,
    bucket: string,
    signal: AbortSignal | undefined,
    call: (client: S3Client) => Promise<T>,
  ): Promise<T> {
    const first = { ...access, region: known(access, bucket) ?? access.region };
    try {
      return await sendS3(operation, what, first, signal, call);
    } catch (error) {
      const region = wrongRegionAnswer(error);
      if (region === undefined || region === first.region) throw error;
      options.log.info(`S3 bucket ${bucket} is in ${region}, not ${first.region}: asking there, and there from now on.`);
      remember(access, bucket, region);
      return await sendS3(operation, what, { ...access, region }, signal, call);
    }
  }

  const listPage: S3Reader['listPage'] = async (access, bucket, request, signal) => {
    const what = `s3://${bucket}/${request.prefix}${request.delimiter ? ` delimiter=${request.delimiter}` : ''}${request.startAfter ? ` startAfter=${request.startAfter.slice(request.prefix.length)}` : ''}${request.token ? ' page=next' : ''}`;
    const out = await inBucketRegion('ListObjectsV2', what, access, bucket, signal, (client) =>
      client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: request.prefix, Delimiter: request.delimiter, StartAfter: request.startAfter, ContinuationToken: request.token, MaxKeys: request.maxKeys }),
        { abortSignal: signal },
      ),
    );
    const objects: S3Object[] = [];
    for (const o of Array.isArray(out.Contents) ? out.Contents : []) {
      if (typeof o?.Key === 'string') objects.push({ key: o.Key, size: typeof o.Size === 'number' ? o.Size : undefined });
    }
    const prefixes = (Array.isArray(out.CommonPrefixes) ? out.CommonPrefixes : []).map((p) => p?.Prefix).filter((p): p is string => typeof p === 'string');
    // S3 sends a token only when the page is truncated (the SDK reads it as text). A token that repeats the one sent
    // would loop forever: treat it as the end.
    const nextToken = out.NextContinuationToken !== request.token ? out.NextContinuationToken : undefined;
    return { objects, prefixes, nextToken };
  };

  return {
    async bucketRegion(access, bucket, signal) {
      const remembered = known(access, bucket);
      if (remembered) return remembered;
      const timeout = AbortSignal.timeout(BUCKET_REGION_TIMEOUT_MS);
      const bounded = signal ? AbortSignal.any([signal, timeout]) : timeout;
      let out;
      try {
        out = await sendS3('GetBucketLocation', `bucket=${bucket}`, access, signal, (client) => client.send(new GetBucketLocationCommand({ Bucket: bucket }), { abortSignal: bounded }));
      } catch (error) {
        // A wrong-region answer names the region: that is the answer.
        const named = wrongRegionAnswer(error);
        if (named === undefined) throw error;
        remember(access, bucket, named);
        return named;
      }
      const location = typeof out.LocationConstraint === 'string' ? out.LocationConstraint : '';
      const region = location === '' ? 'us-east-1' : location === 'EU' ? 'eu-west-1' : location;
      remember(access, bucket, region);
      return region;
    },

    async list(access, bucket, prefix, signal, maxPages = 10) {
      const objects: S3Object[] = [];
      await followTokens(
        async (token) => {
          const out = await listPage(access, bucket, { prefix, token }, signal);
          objects.push(...out.objects);
          return out.nextToken;
        },
        { maxPages, signal },
      );
      return objects;
    },

    listPage,

    async read(access, bucket, key, size, limitBytes, signal) {
      // The listing says the object is empty: nothing to download (a range on an empty object is refused, below).
      if (size === 0) return emptyRead();
      // Always a range: the object may have grown since it was listed (a node writes where it likes), and no more
      // than `limitBytes` may cross the wire whatever it holds now.
      const range = `bytes=0-${limitBytes - 1}`;
      let out;
      try {
        out = await inBucketRegion('GetObject', `s3://${bucket}/${key} range=${range}`, access, bucket, signal, (client) =>
          client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }), { abortSignal: signal }),
        );
      } catch (error) {
        // S3 refuses any range of an empty object (416 InvalidRange): it was emptied since it was listed.
        if (asErrorLike(requestCause(error)).name === 'InvalidRange') return emptyRead();
        throw error;
      }
      const { bytes, more } = await firstBytes(out.Body as AsyncIterable<Uint8Array> | undefined, limitBytes);
      const total = /\/(\d+)$/.exec(out.ContentRange ?? '')?.[1];
      // Without a Content-Range the whole object came (the range was ignored): its size is its Content-Length.
      const whole = typeof out.ContentLength === 'number' ? out.ContentLength : bytes.length + (more ? 1 : 0);
      return { bytes, totalBytes: total !== undefined ? Number(total) : whole };
    },

    reset() {
      for (const { client } of clients.values()) client.destroy();
      clients.clear();
      bucketRegions.clear();
    },
  };
}

/** What reading an empty object gives. */
const emptyRead = (): S3Read => ({ bytes: new Uint8Array(), totalBytes: 0 });
