/** Helpers for tests that talk to the emulator without the SDK (raw, signed HTTP). */
import assert from 'node:assert/strict';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { DEMO, KEYS } from './defaultFleet.js';
import { Sha256 } from './sigv4.js';

export interface RawCreds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown> | undefined;
}

/**
 * POSTs an AWS JSON 1.1 request signed with SigV4 (or unsigned with `sign: false`). `tamper`
 * may change the signed request before it is sent (to break the signature on purpose).
 */
export async function rawCall(
  url: string,
  target: string,
  body: unknown,
  opts: { creds?: RawCreds; region?: string; sign?: boolean; signingDate?: Date; tamper?: (r: { headers: Record<string, string>; body: string }) => void } = {},
): Promise<RawResponse> {
  const u = new URL(url);
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  let headers: Record<string, string> = {
    host: u.host,
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': target,
  };
  if (opts.sign !== false) {
    const signer = new SignatureV4({ service: 'ssm', region: opts.region ?? DEMO.region, credentials: opts.creds ?? KEYS.demo, sha256: Sha256, applyChecksum: false });
    const signed = await signer.sign(
      { method: 'POST', protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path: '/', query: {}, headers, body: text },
      { signingDate: opts.signingDate },
    );
    headers = signed.headers as Record<string, string>;
  }
  const req = { headers, body: text };
  opts.tamper?.(req);
  const { host: _host, ...sendHeaders } = req.headers;
  const res = await fetch(url, { method: 'POST', headers: sendHeaders, body: req.body });
  const out = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(out) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text: out, json };
}

/** Environment for child processes with every ambient AWS setting removed. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  return { ...env, ...extra };
}

/** Whether an executable named `cmd` is on the PATH (the cross-check tests need the AWS CLI and python3). */
export function onPath(cmd: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((d) => {
    try {
      accessSync(join(d, cmd), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** An SDK error as the tests read it: its name, HTTP status and the response's headers. */
export type SdkError = Error & { $metadata?: { httpStatusCode?: number }; $response?: { headers: Record<string, string> } };

/** Asserts that `p` rejects with an error named `name`, with each status (a number) and message (a pattern) given. */
export async function rejectsWith(p: Promise<unknown>, name: string, ...expected: (number | RegExp)[]): Promise<SdkError> {
  try {
    await p;
  } catch (e) {
    const err = e as SdkError;
    assert.equal(err.name, name, `expected ${name}, got ${err.name}: ${err.message}`);
    for (const x of expected) {
      if (typeof x === 'number') assert.equal(err.$metadata?.httpStatusCode, x);
      else assert.match(err.message, x);
    }
    return err;
  }
  assert.fail(`expected ${name}, but the call succeeded`);
}
