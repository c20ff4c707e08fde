import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { followTokens, TokenTrail } from '../../src/paging/tokens';

/** A loader that answers the tokens of `answers` in order and records what it was asked with. */
function pages(answers: unknown[]) {
  const asked: (string | undefined)[] = [];
  const load = async (token: string | undefined, page: number) => {
    asked.push(token);
    assert.equal(page, asked.length, 'pages are numbered from 1');
    return answers[asked.length - 1];
  };
  return { asked, load };
}

describe('TokenTrail and followTokens: the one NextToken rule', () => {
  it('an absent or empty token ends paging; anything but a string is no token', () => {
    const trail = new TokenTrail();
    assert.equal(trail.next(undefined, 'a'), 'a');
    assert.equal(trail.next('a', ''), undefined);
    assert.equal(trail.next('a', undefined), undefined);
    assert.equal(trail.next('a', 7), undefined);
    assert.equal(trail.stoppedOnRepeatedToken, false);
  });

  it('a token sent before ends paging and says so; clear() forgets', () => {
    const trail = new TokenTrail();
    assert.equal(trail.next(undefined, 'a'), 'a');
    assert.equal(trail.next('a', 'b'), 'b');
    assert.equal(trail.next('b', 'a'), undefined);
    assert.equal(trail.stoppedOnRepeatedToken, true);
    trail.clear();
    assert.equal(trail.stoppedOnRepeatedToken, false);
    assert.equal(trail.next(undefined, 'a'), 'a');
  });

  it('follows tokens to the last page, through empty pages that carry a token', async () => {
    const { asked, load } = pages(['t1', 't2', undefined]);
    assert.deepEqual(await followTokens(load, { maxPages: 10 }), { pages: 3, complete: true, stoppedOnRepeatedToken: false });
    assert.deepEqual(asked, [undefined, 't1', 't2']);
  });

  it('stops on a repeated token, at maxPages, when until() holds, and between pages when aborted', async () => {
    const repeated = pages(['t1', 't2', 't1', 't3']);
    assert.deepEqual(await followTokens(repeated.load, { maxPages: 10 }), { pages: 3, complete: true, stoppedOnRepeatedToken: true });
    const bounded = pages(['t1', 't2', 't3', 't4']);
    assert.deepEqual(await followTokens(bounded.load, { maxPages: 2 }), { pages: 2, complete: false, stoppedOnRepeatedToken: false });
    let found = 0;
    const early = pages(['t1', 't2', 't3']);
    await followTokens(async (t, p) => (found++, early.load(t, p)), { maxPages: 10, until: () => found >= 2 });
    assert.equal(early.asked.length, 2);
    assert.equal((await followTokens(pages(['t1']).load, { maxPages: 5, until: () => true })).pages, 0, 'until() is read before the first page');
    const controller = new AbortController();
    const aborted = pages(['t1', 't2', undefined]);
    const result = await followTokens(async (t, p) => (controller.abort(), aborted.load(t, p)), { maxPages: 10, signal: controller.signal });
    assert.deepEqual(result, { pages: 1, complete: false, stoppedOnRepeatedToken: false });
    const before = pages([undefined]);
    assert.equal((await followTokens(before.load, { maxPages: 10, signal: controller.signal })).pages, 1, 'the first request carries the signal itself');
  });

  it('a failing page rejects', async () => {
    await assert.rejects(followTokens(async () => Promise.reject(new Error('boom')), { maxPages: 3 }), /boom/);
  });
});
