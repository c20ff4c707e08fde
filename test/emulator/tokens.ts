/**
 * Opaque, checkable NextTokens: base64 of (16-byte HMAC || JSON payload). The payload binds the
 * operation, the scope (account/region/node or filter) and the offset; a serial makes every issued
 * token distinct, so a token that "continues where it was" never looks like a repeated one.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

interface Payload {
  o: string; // operation
  s: string; // scope
  n: number; // offset
  i: number; // serial
}

export class TokenCodec {
  private serial = 0;
  constructor(private readonly secret: Buffer = randomBytes(32)) {}

  private mac(data: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(data).digest().subarray(0, 16);
  }

  issue(operation: string, scope: string, offset: number): string {
    const payload: Payload = { o: operation, s: scope, n: offset, i: ++this.serial };
    const data = Buffer.from(JSON.stringify(payload), 'utf8');
    return Buffer.concat([this.mac(data), data]).toString('base64');
  }

  /** The offset the token stands for, or undefined if it is forged, foreign or for another scope. */
  read(token: string, operation: string, scope: string): number | undefined {
    if (typeof token !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return undefined;
    const raw = Buffer.from(token, 'base64');
    if (raw.length <= 16) return undefined;
    const mac = raw.subarray(0, 16);
    const data = raw.subarray(16);
    if (!timingSafeEqual(mac, this.mac(data))) return undefined;
    try {
      const p = JSON.parse(data.toString('utf8')) as Payload;
      if (p.o !== operation || p.s !== scope || !Number.isInteger(p.n) || p.n < 0) return undefined;
      return p.n;
    } catch {
      return undefined;
    }
  }
}
