/**
 * SigV4 verification of an incoming request with @smithy/signature-v4: rebuild the request from
 * the headers listed in SignedHeaders, sign it again with the fleet's secret at the request's
 * x-amz-date, and compare the signatures.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { type Fleet, type KeyRef, findKey } from './fleet.js';
import { ApiError } from './errors.js';

/** `Checksum` over node:crypto (sha256, or HMAC-sha256 when given a secret). */
export class Sha256 {
  private h: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = this.make();
  }
  private make() {
    const s = this.secret;
    if (s === undefined) return createHash('sha256');
    const key = typeof s === 'string' ? s : ArrayBuffer.isView(s) ? Buffer.from(s.buffer, s.byteOffset, s.byteLength) : Buffer.from(s);
    return createHmac('sha256', key);
  }
  update(data: Uint8Array | string): void {
    this.h.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
  reset(): void {
    this.h = this.make();
  }
}

export interface IncomingForAuth {
  method: string;
  path: string; // without query
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Authenticated {
  ref: KeyRef;
  accessKeyId: string;
  region: string;
}

/** What could be read from the Authorization header, even when verification fails (for the log). */
export interface AuthAttempt {
  accessKeyId?: string;
  region?: string;
}

const AUTH_RE =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})\s*$/i;

const MAX_SKEW_MS = 15 * 60 * 1000;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function parseAmzDate(s: string | undefined): Date | undefined {
  const m = s && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

/**
 * Verifies the request; returns the key and region, or throws an ApiError
 * (MissingAuthenticationTokenException, IncompleteSignatureException, UnrecognizedClientException,
 * ExpiredTokenException, InvalidSignatureException). `attempt` is filled in as far as it got.
 */
export interface VerifyOptions {
  /** The service the credential scope must name (default ssm). */
  service?: string;
  /** S3 signs the path as sent, without encoding it again (default true, as for SSM). */
  uriEscapePath?: boolean;
}

export async function verifySigV4(
  req: IncomingForAuth,
  fleet: Fleet,
  attempt: AuthAttempt = {},
  now: number = Date.now(),
  options: VerifyOptions = {},
): Promise<Authenticated> {
  const expectedService = options.service ?? 'ssm';
  const authz = header(req.headers, 'authorization');
  if (!authz) throw new ApiError('MissingAuthenticationTokenException', 'Missing Authentication Token', 400, 'message');
  const m = AUTH_RE.exec(authz);
  if (!m) {
    throw new ApiError(
      'IncompleteSignatureException',
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${authz.slice(0, 64)}`,
      400,
      'message',
    );
  }
  const [, accessKeyId, shortDate, region, service, signedHeaderList, signature] = m;
  attempt.accessKeyId = accessKeyId;
  attempt.region = region;

  const ref = findKey(fleet, accessKeyId);
  const token = header(req.headers, 'x-amz-security-token');
  if (!ref) throw new ApiError('UnrecognizedClientException', 'The security token included in the request is invalid.', 400, 'message');
  if ((ref.key.sessionToken ?? undefined) !== (token ?? undefined)) {
    throw new ApiError('UnrecognizedClientException', 'The security token included in the request is invalid.', 400, 'message');
  }
  if (ref.key.expired) throw new ApiError('ExpiredTokenException', 'The security token included in the request is expired', 400, 'message');
  if (service !== expectedService) {
    throw new ApiError('InvalidSignatureException', `Credential should be scoped to correct service: '${expectedService}'. `, 400, 'message');
  }

  const amzDate = header(req.headers, 'x-amz-date');
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate || !amzDate!.startsWith(shortDate)) {
    throw new ApiError('IncompleteSignatureException', 'Date must be in ISO-8601 \'basic format\'. Got a missing or invalid x-amz-date.', 400, 'message');
  }
  if (Math.abs(now - signingDate.getTime()) > MAX_SKEW_MS) {
    throw new ApiError(
      'InvalidSignatureException',
      `Signature expired: ${amzDate} is now earlier than ${new Date(now - MAX_SKEW_MS).toISOString().replace(/[-:]|\.\d{3}/g, '')} (${new Date(now).toISOString().replace(/[-:]|\.\d{3}/g, '')} - 15 min.)`,
      400,
      'message',
    );
  }

  const signed = signedHeaderList.toLowerCase().split(';');
  if (!signed.includes('host')) {
    throw new ApiError('InvalidSignatureException', "'Host' must be a 'SignedHeader' in the AWS Authorization.", 400, 'message');
  }
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const v = header(req.headers, name);
    if (v !== undefined) headers[name] = v;
  }
  const signer = new SignatureV4({
    service: expectedService,
    uriEscapePath: options.uriEscapePath ?? true,
    region,
    credentials: { accessKeyId, secretAccessKey: ref.key.secretAccessKey, sessionToken: token },
    sha256: Sha256,
    applyChecksum: false,
  });
  const host = headers.host ?? '';
  const resigned = await signer.sign(
    {
      method: req.method,
      protocol: 'http:',
      hostname: host.replace(/:\d+$/, ''),
      path: req.path,
      query: req.query,
      headers,
      body: req.body,
    },
    { signingDate, signableHeaders: new Set(signed) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(resigned.headers.authorization))?.[1] ?? '';
  const ok = expected.length === 64 && timingSafeEqual(Buffer.from(expected), Buffer.from(signature.toLowerCase()));
  if (!ok) {
    throw new ApiError(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      400,
      'message',
    );
  }
  return { ref, accessKeyId, region };
}
