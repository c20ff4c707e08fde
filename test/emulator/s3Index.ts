/**
 * The S3 mock's key index: every key of every bucket, sorted, so that ListObjectsV2 (Prefix, Delimiter, StartAfter,
 * ContinuationToken, MaxKeys, EncodingType=url) is answered from memory, and "bulk" keys (hundreds of thousands of
 * small objects that a test needs only to be listed and read) cost a string each instead of s3rver's three files.
 * Real objects are still stored and served by s3rver; bulk objects are served from here with one shared body.
 */

export interface IndexedObject {
  readonly size: number;
  /** Set for bulk objects: their body (shared), served by the gate, not by s3rver. */
  readonly body?: Buffer;
}

export interface ListRequest {
  prefix: string;
  delimiter?: string;
  startAfter?: string;
  continuationToken?: string;
  maxKeys: number;
}

export interface ListAnswer {
  contents: { key: string; size: number }[];
  commonPrefixes: string[];
  truncated: boolean;
  nextToken?: string;
}

class BucketIndex {
  private keys: string[] = [];
  private sorted = true;
  readonly objects = new Map<string, IndexedObject>();

  put(key: string, object: IndexedObject): void {
    if (!this.objects.has(key)) {
      this.keys.push(key);
      this.sorted = false;
    }
    this.objects.set(key, object);
  }

  private ordered(): string[] {
    if (!this.sorted) {
      // S3 lists keys in UTF-8 binary order; for the keys used here (ASCII) that is JavaScript's code unit order.
      this.keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      this.sorted = true;
    }
    return this.keys;
  }

  /** Index of the first key greater than `after` (or ≥ `from` when `inclusive`). */
  private seek(value: string, inclusive: boolean): number {
    const keys = this.ordered();
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid] < value || (!inclusive && keys[mid] === value)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  list(req: ListRequest): ListAnswer {
    const keys = this.ordered();
    // A token that ends a common prefix continues after every key under it.
    const folded = req.continuationToken !== undefined && req.delimiter !== undefined && req.continuationToken.endsWith(req.delimiter);
    const after = folded ? `${req.continuationToken}\uffff` : (req.continuationToken ?? req.startAfter);
    let i = after !== undefined && after >= req.prefix ? this.seek(after, false) : this.seek(req.prefix, true);
    const contents: ListAnswer['contents'] = [];
    const commonPrefixes: string[] = [];
    let last: string | undefined;
    while (i < keys.length && keys[i].startsWith(req.prefix)) {
      if (contents.length + commonPrefixes.length >= req.maxKeys) return { contents, commonPrefixes, truncated: true, nextToken: last };
      const key = keys[i];
      const cut = req.delimiter ? key.indexOf(req.delimiter, req.prefix.length) : -1;
      if (cut >= 0) {
        const common = key.slice(0, cut + req.delimiter!.length);
        commonPrefixes.push(common);
        last = common;
        // Every key under this common prefix is folded into it: jump past them.
        i = this.seek(`${common}\uffff`, false);
        continue;
      }
      contents.push({ key, size: this.objects.get(key)!.size });
      last = key;
      i++;
    }
    return { contents, commonPrefixes, truncated: false };
  }
}

export class S3Index {
  private readonly buckets = new Map<string, BucketIndex>();

  private bucket(name: string): BucketIndex {
    let b = this.buckets.get(name);
    if (!b) this.buckets.set(name, (b = new BucketIndex()));
    return b;
  }

  put(bucket: string, key: string, object: IndexedObject): void {
    this.bucket(bucket).put(key, object);
  }

  get(bucket: string, key: string): IndexedObject | undefined {
    return this.buckets.get(bucket)?.objects.get(key);
  }

  list(bucket: string, req: ListRequest): ListAnswer {
    return this.bucket(bucket).list(req);
  }
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** Continuation tokens are opaque to clients: the last key or common prefix returned, in base64url. */
export const encodeToken = (last: string) => Buffer.from(last, 'utf8').toString('base64url');
export function decodeToken(token: string): string | undefined {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  return encodeToken(text) === token ? text : undefined;
}

const LAST_MODIFIED = '2025-06-01T12:00:00.000Z';

/** The ListObjectsV2 answer as S3 writes it (`ListBucketResult`; keys URL-encoded when the client asked for it). */
export function listXml(bucket: string, req: ListRequest & { encodingType?: string; rawToken?: string }, answer: ListAnswer): string {
  const enc = (s: string) => xmlEscape(req.encodingType === 'url' ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
  const parts = [
    `<Name>${xmlEscape(bucket)}</Name>`,
    `<Prefix>${enc(req.prefix)}</Prefix>`,
    `<KeyCount>${answer.contents.length + answer.commonPrefixes.length}</KeyCount>`,
    `<MaxKeys>${req.maxKeys}</MaxKeys>`,
    req.delimiter !== undefined ? `<Delimiter>${enc(req.delimiter)}</Delimiter>` : '',
    `<IsTruncated>${answer.truncated}</IsTruncated>`,
    ...answer.contents.map((c) => `<Contents><Key>${enc(c.key)}</Key><LastModified>${LAST_MODIFIED}</LastModified><ETag>&quot;0&quot;</ETag><Size>${c.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`),
    ...answer.commonPrefixes.map((p) => `<CommonPrefixes><Prefix>${enc(p)}</Prefix></CommonPrefixes>`),
    req.rawToken !== undefined ? `<ContinuationToken>${xmlEscape(req.rawToken)}</ContinuationToken>` : '',
    answer.nextToken !== undefined ? `<NextContinuationToken>${encodeToken(answer.nextToken)}</NextContinuationToken>` : '',
    req.startAfter !== undefined ? `<StartAfter>${enc(req.startAfter)}</StartAfter>` : '',
    req.encodingType === 'url' ? '<EncodingType>url</EncodingType>' : '',
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${parts.join('')}</ListBucketResult>`;
}
