import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HeldTexts } from '../../src/core/heldTexts';

describe('HeldTexts: the output documents kept in memory', () => {
  it('30 views of 2 × 1 MB hold at most the ceiling, the oldest dropped first', () => {
    const held = new HeldTexts(8_000_000, 100);
    const mb = 'x'.repeat(1_000_000);
    const dropped: string[] = [];
    for (let view = 0; view < 30; view++) for (const stream of ['stdout', 'stderr']) dropped.push(...held.set(`${view}/${stream}`, mb));
    assert.equal(held.heldChars, 8_000_000);
    assert.equal(held.size, 8);
    assert.equal(dropped.length, 52);
    assert.deepEqual(dropped.slice(0, 2), ['0/stdout', '0/stderr']);
    assert.equal(held.get('29/stderr'), mb);
    assert.equal(held.get('25/stderr'), undefined);
  });

  it('at most maxEntries texts; the same key set again is the newest, counted once', () => {
    const held = new HeldTexts(1_000, 3);
    for (const key of ['a', 'b', 'c']) held.set(key, key);
    held.set('a', 'aa');
    assert.deepEqual(held.set('d', 'd'), ['b']);
    assert.deepEqual([held.get('a'), held.get('b'), held.size, held.heldChars], ['aa', undefined, 3, 4]);
  });

  it('a text larger than the ceiling alone is still kept (it is the one being shown)', () => {
    const held = new HeldTexts(10, 5);
    held.set('small', 'abc');
    assert.deepEqual(held.set('big', 'x'.repeat(50)), ['small']);
    assert.equal(held.get('big')?.length, 50);
  });

  it('delete and clear release the characters', () => {
    const held = new HeldTexts(100, 5);
    held.set('a', 'abc');
    held.set('b', 'de');
    assert.equal(held.delete('a'), true);
    assert.equal(held.delete('a'), false);
    assert.equal(held.heldChars, 2);
    held.clear();
    assert.deepEqual([held.size, held.heldChars], [0, 0]);
  });
});
