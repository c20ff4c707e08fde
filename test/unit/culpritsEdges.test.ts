// The culprit search (src/aws/sdk/culprits.ts) at its edges: which IDs an error message names, how
// many requests each narrowing costs exactly, and what the ceiling leaves unsearched.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFindingCulprits, idsNamedIn, MAX_SEARCH_REQUESTS } from '../../src/aws/sdk/culprits';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `i-${String(i).padStart(17, '0')}`);
const refusal = (e: unknown) => (e as Error).name === 'InvalidInstanceId';

/** A service that refuses any batch holding a bad ID, its message naming every bad one (`all`), the first (`first`) or none. */
function service(bad: readonly string[], naming: 'all' | 'first' | 'none') {
  const calls: string[][] = [];
  const describe = async (batch: readonly string[]) => {
    calls.push([...batch]);
    const guilty = batch.filter((id) => bad.includes(id));
    if (guilty.length) {
      const named = naming === 'first' ? guilty.slice(0, 1) : naming === 'all' ? guilty : [];
      throw Object.assign(new Error(named.length ? `Instances [[${named.join(', ')}]] not in a valid state for account 111111111111` : 'Invalid instance id'), {
        name: 'InvalidInstanceId',
      });
    }
    return batch.map((id) => ({ id }));
  };
  return { calls, describe };
}

describe('idsNamedIn: the IDs an error message names', () => {
  const long = 'i-0123456789abcdef0';
  const hybrid = 'mi-0123456789abcdef0';
  const short = 'i-0a1b2c3d';

  it('reads the three forms of ID: i- with 17 or 8 characters, mi- with 17', () => {
    const batch = [long, hybrid, short, 'i-0b1b2c3d4e5f60002'];
    assert.deepEqual(idsNamedIn(`Instances [[${short}, ${hybrid}, ${long}]] not in a valid state`, batch), [short, hybrid, long]);
    assert.deepEqual(idsNamedIn(`Instances [[${short}]] not in a valid state`, batch), [short]);
    assert.deepEqual(idsNamedIn(`Instances [[${hybrid}]] not in a valid state`, batch), [hybrid]);
  });

  it('an mi- ID is not also read as the i- ID inside it', () => {
    assert.deepEqual(idsNamedIn(`Instances [[${hybrid}]] not valid`, [long, hybrid]), [hybrid]);
    assert.deepEqual(idsNamedIn(`Instance x${long} not valid`, [long]), [], 'glued to a word');
  });

  it('a longer run of characters is no ID: neither its first 17 nor its first 8 characters are read', () => {
    assert.deepEqual(idsNamedIn(`Instances [[${long}1]] not valid`, [long]), []);
    assert.deepEqual(idsNamedIn(`Instances [[${short}9]] not valid`, [short]), []);
    assert.deepEqual(idsNamedIn(`Instances [[m${hybrid}]] not valid`, [hybrid]), []);
  });

  it('reads every ID of the message, each once, and only those of the batch; no text, no IDs', () => {
    const batch = ids(3);
    assert.deepEqual(idsNamedIn(`Instances [[${batch[2]}, ${batch[0]}, ${batch[2]}, i-99999999999999999]]`, batch), [batch[2], batch[0]]);
    assert.deepEqual(idsNamedIn({ toString: () => batch[0] }, batch), []);
    assert.deepEqual(idsNamedIn('Invalid instance id', batch), []);
  });
});

describe('describeFindingCulprits: exact costs', () => {
  it('every ID of a small batch bad, each named: every narrowing by names costs no request of its own (7 for 4 IDs)', async () => {
    const all = ids(4);
    const s = service(all, 'all');
    const result = await describeFindingCulprits(all, s.describe, refusal);
    // The whole batch; then halves, then single IDs: 1 + (1 + 2) + (1 + 2).
    assert.deepEqual(s.calls.map((c) => c.length), [4, 2, 1, 1, 2, 1, 1]);
    assert.equal(result.requests, 7);
    assert.deepEqual([...result.invalid].sort(), all);
    assert.deepEqual(result.refusedTogether, []);
  });

  it('every ID of a small batch bad, none named: the same halving, 7 requests for 4 IDs', async () => {
    const all = ids(4);
    const s = service(all, 'none');
    const result = await describeFindingCulprits(all, s.describe, refusal);
    assert.deepEqual(s.calls.map((c) => c.length), [4, 2, 1, 1, 2, 1, 1]);
    assert.deepEqual([...result.invalid].sort(), all);
  });

  it('a batch of exactly ten, its culprit unnamed: halved at once, not asked about again as one slice', async () => {
    const all = ids(10);
    const s = service([all[0]], 'none');
    const result = await describeFindingCulprits(all, s.describe, refusal);
    assert.deepEqual(s.calls.map((c) => c.length), [10, 5, 3, 2, 1, 1, 1, 2, 5]);
    assert.deepEqual(result.invalid, [all[0]]);
    assert.equal(result.found.length, 9);
  });

  it('the first ID named, the rest clean: the batch without it answers, and the named one needs no request', async () => {
    const all = ids(20);
    const s = service([all[5]], 'first');
    const result = await describeFindingCulprits(all, s.describe, refusal);
    assert.deepEqual(s.calls.map((c) => c.length), [20, 19]);
    assert.deepEqual(result.invalid, [all[5]]);
    assert.equal(result.found.length, 19);
  });

  it('two bad IDs, only the first named: the rest is refused again, so the search goes by slices', async () => {
    const all = ids(20);
    const s = service([all[3], all[15]], 'first');
    const result = await describeFindingCulprits(all, s.describe, refusal);
    assert.deepEqual(s.calls.slice(0, 4).map((c) => c.length), [20, 19, 10, 10]);
    assert.deepEqual([...result.invalid].sort(), [all[3], all[15]]);
    assert.equal(result.found.length, 18);
    assert.equal(new Set(result.found.map((f) => f.id)).size, 18);
  });

  it('in a refused slice, the IDs its error names are left out first: one request finds the rest clean', async () => {
    const all = ids(30);
    // Two bad IDs in the first slice, each error naming the first of them only.
    const s = service([all[2], all[7]], 'first');
    const result = await describeFindingCulprits(all, s.describe, refusal);
    // The batch, the batch without the 3rd ID, three slices; the first slice without the 3rd, then
    // without the 8th too (clean: the 8th needs no request of its own); the 3rd alone.
    assert.deepEqual(s.calls.map((c) => c.length), [30, 29, 10, 10, 10, 9, 8, 1]);
    assert.deepEqual(s.calls.at(-1), [all[2]]);
    assert.deepEqual([...result.invalid].sort(), [all[2], all[7]]);
    assert.equal(result.found.length, 28);
  });

  it('a batch larger than the ceiling allows: the slices past it are reported together, unasked', async () => {
    const all = ids(250);
    // One bad ID in the last slice: the whole batch is refused, then 25 slices, of which 23 fit under the ceiling.
    const s = service([all[245]], 'none');
    const result = await describeFindingCulprits(all, s.describe, refusal);
    assert.equal(result.requests, MAX_SEARCH_REQUESTS);
    assert.equal(s.calls.length, MAX_SEARCH_REQUESTS);
    assert.deepEqual(result.refusedTogether, all.slice(230));
    assert.equal(result.found.length, 230);
    assert.deepEqual(result.invalid, []);
  });

  it('the ceiling reached while narrowing: what is left is reported together, never asked about', async () => {
    const all = ids(50);
    // Ten bad IDs in two slices, none named: the halvings need more requests than the ceiling leaves.
    const bad = [...all.slice(0, 5), ...all.slice(45, 50)];
    const s = service(bad, 'none');
    const result = await describeFindingCulprits(all, s.describe, refusal);
    assert.equal(result.requests, MAX_SEARCH_REQUESTS);
    assert.ok(result.refusedTogether.length > 0);
    const answered = [...result.found.map((f) => f.id), ...result.invalid, ...result.refusedTogether].sort();
    assert.deepEqual(answered, all);
    for (const id of result.invalid) assert.ok(bad.includes(id));
  });
});
