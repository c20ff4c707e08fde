/** The parts of @20minutes/s3rver (a maintained fork of s3rver, CommonJS, no types) that s3.ts uses. */
declare module '@20minutes/s3rver' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  interface S3rverOptions {
    directory: string;
    silent?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string }[];
  }
  class S3rver {
    constructor(options: S3rverOptions);
    configureBuckets(): Promise<void>;
    getMiddleware(): (req: IncomingMessage, res: ServerResponse) => void;
    store: {
      putBucket(name: string): Promise<void>;
      putObject(object: unknown): Promise<{ size: number; md5: string }>;
    };
  }
  export default S3rver;
}

declare module '@20minutes/s3rver/lib/models/object.js' {
  export default class S3Object {
    constructor(bucket: string, key: string, content: Buffer, metadata: Record<string, string>);
  }
}
