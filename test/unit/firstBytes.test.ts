// firstBytes (src/core/runOutput.ts): the ceiling on what one S3 read may hold, whatever the body sends. It stops
// pulling chunks once past the limit, so a body larger than asked (a range ignored) never crosses the wire whole.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstBytes } from '../../src/core/runOutput';

/** A body of these chunks that counts how many were pulled and whether it was ended early. */
function body(...chunks: string[]) {
  const seen = { pulled: 0, ended: false };
  async function* gen() {
    try {
      for (const c of chunks) {
        seen.pulled++;
        yield new TextEncoder().encode(c);
      }
    } finally {
      seen.ended = seen.pulled < chunks.length;
    }
  }
  return { stream: gen(), seen };
}
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('firstBytes', () => {
  it('a body within the limit: all of it, nothing more', async () => {
    const { stream, seen } = body('abc', '', 'de');
    const got = await firstBytes(stream, 5);
    assert.deepEqual([text(got.bytes), got.more, seen.pulled, seen.ended], ['abcde', false, 3, false]);
    assert.ok(got.bytes instanceof Uint8Array && got.bytes.length === 5);
  });

  it('a body past the limit: the first bytes, "more", and no chunk pulled after the one that crossed it', async () => {
    const { stream, seen } = body('abc', 'defg', 'hij', 'klm');
    const got = await firstBytes(stream, 5);
    assert.deepEqual([text(got.bytes), got.more, seen.pulled, seen.ended], ['abcde', true, 2, true]);
  });

  it('exactly at the limit, then more: one more chunk is pulled to know it, none of it kept', async () => {
    const { stream, seen } = body('abcde', 'f', 'g');
    const got = await firstBytes(stream, 5);
    assert.deepEqual([text(got.bytes), got.more, seen.pulled, seen.ended], ['abcde', true, 2, true]);
  });

  it('no body, or an empty one: nothing, and no more', async () => {
    assert.deepEqual(await firstBytes(undefined, 5), { bytes: new Uint8Array(), more: false });
    const got = await firstBytes(body().stream, 5);
    assert.deepEqual([got.bytes.length, got.more], [0, false]);
  });
});
