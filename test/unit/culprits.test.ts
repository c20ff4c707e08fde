import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFindingCulprits, idsNamedIn, MAX_SEARCH_REQUESTS } from '../../src/aws/sdk/culprits';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `i-${String(i).padStart(17, '0')}`);

/** A service that refuses any batch holding a bad ID; its message names them all, the first only (as the endpoint does) or none. */
function service(bad: readonly string[], naming: boolean | 'first') {
  const calls: string[][] = [];
  const describe = async (batch: readonly string[]) => {
    calls.push([...batch]);
    const guilty = batch.filter((id) => bad.includes(id));
    if (guilty.length) {
      const named = naming === 'first' ? guilty.slice(0, 1) : guilty;
      const message = naming ? `Instances [[${named.join(', ')}]] not in a valid state for account 111111111111` : 'Invalid instance id';
      throw Object.assign(new Error(message), { name: 'InvalidInstanceId' });
    }
    return batch.map((id) => ({ id }));
  };
  return { calls, describe };
}
const refusal = (e: unknown) => (e as Error).name === 'InvalidInstanceId';

describe('describeFindingCulprits', () => {
  it('one request when nothing is refused', async () => {
    const s = service([], false);
    const result = await describeFindingCulprits(ids(50), s.describe, refusal);
    assert.equal(result.requests, 1);
    assert.equal(result.found.length, 50);
    assert.deepEqual(result.invalid, []);
  });

  it('one culprit named by the error: 2 requests, the other 49 described', async () => {
    const all = ids(50);
    const s = service([all[31]], true);
    const result = await describeFindingCulprits(all, s.describe, refusal);
    assert.deepEqual(result.invalid, [all[31]]);
    assert.equal(result.found.length, 49);
    assert.equal(result.requests, 2);
    assert.equal(s.calls.length, 2);
  });

  it('one culprit, error names nothing: slices then halving take 8 to 14 requests for 50 IDs, wherever it is', async () => {
    const all = ids(50);
    const counts: number[] = [];
    for (let at = 0; at < 50; at++) {
      const s = service([all[at]], false);
      const result = await describeFindingCulprits(all, s.describe, refusal);
      assert.deepEqual(result.invalid, [all[at]]);
      assert.deepEqual(new Set(result.found.map((f) => f.id)), new Set(all.filter((id) => id !== all[at])));
      counts.push(result.requests);
    }
    assert.ok(Math.max(...counts) <= 14, `max ${Math.max(...counts)}`);
    assert.ok(Math.min(...counts) >= 8, `min ${Math.min(...counts)}`);
  });

  it('several culprits, named or not: each found, every other ID described once', async () => {
    const all = ids(50);
    for (const naming of [true, false]) {
      const bad = [all[0], all[7], all[8], all[49]];
      const s = service(bad, naming);
      const result = await describeFindingCulprits(all, s.describe, refusal);
      assert.deepEqual([...result.invalid].sort(), [...bad].sort());
      const found = result.found.map((f) => f.id);
      assert.equal(found.length, 46);
      assert.equal(new Set(found).size, 46);
      assert.ok(result.requests < 25, `${naming}: ${result.requests} requests`);
    }
  });

  it('an error that names a wrong ID still finds the right culprit', async () => {
    const all = ids(10);
    const calls: string[][] = [];
    const describe = async (batch: readonly string[]) => {
      calls.push([...batch]);
      if (batch.includes(all[3])) throw Object.assign(new Error(`Instances [[${all[6]}]] not valid`), { name: 'InvalidInstanceId' });
      return batch.map((id) => ({ id }));
    };
    const result = await describeFindingCulprits(all, describe, refusal);
    assert.deepEqual(result.invalid, [all[3]]);
    assert.equal(result.found.length, 9);
  });

  it('every ID of a small batch refused: each reported, none described', async () => {
    const all = ids(5);
    const s = service(all, false);
    const result = await describeFindingCulprits(all, s.describe, refusal);
    assert.deepEqual([...result.invalid].sort(), all);
    assert.equal(result.found.length, 0);
  });

  it("50 IDs of another account: 6 requests (7 when each error names one ID), reported together, not one by one", async () => {
    const all = ids(50);
    for (const [naming, expected] of [[false, 6], ['first', 7], [true, 6]] as const) {
      const s = service(all, naming);
      const result = await describeFindingCulprits(all, s.describe, refusal);
      assert.equal(result.requests, expected, `naming=${naming}`);
      assert.equal(s.calls.length, expected);
      assert.deepEqual([...result.refusedTogether].sort(), all);
      assert.deepEqual(result.invalid, []);
      assert.equal(result.found.length, 0);
    }
  });

  it('25 bad IDs spread over a batch of 50: a few requests, the clean slices described', async () => {
    const all = ids(50);
    // Every ID of the last 25 is bad: slices 1–2 are clean, 3–5 refused (the middle one half and half).
    const bad = all.slice(25);
    for (const naming of [true, 'first', false] as const) {
      const s = service(bad, naming);
      const result = await describeFindingCulprits(all, s.describe, refusal);
      assert.ok(result.requests <= 7, `naming=${naming}: ${result.requests} requests`);
      const found = result.found.map((f) => f.id).sort();
      // Named all at once, the 25 others are described by one request; else the two clean slices.
      assert.deepEqual(found, naming === true ? all.slice(0, 25) : all.slice(0, 20));
      assert.deepEqual([...found, ...result.refusedTogether].sort(), all);
      assert.deepEqual(result.invalid, []);
    }
  });

  it('no batch of 50 takes more than MAX_SEARCH_REQUESTS, whatever is refused; every ID is answered, refused or reported', async () => {
    const all = ids(50);
    let worst = 0;
    // Culprits in two slices (few enough to be searched one by one), as many per slice as it takes to exhaust the ceiling.
    for (let perSlice = 1; perSlice <= 10; perSlice++) {
      for (const naming of [true, 'first', false] as const) {
        const bad = [...all.slice(0, perSlice), ...all.slice(40, 40 + perSlice)];
        const s = service(bad, naming);
        const result = await describeFindingCulprits(all, s.describe, refusal);
        worst = Math.max(worst, result.requests);
        assert.equal(s.calls.length, result.requests);
        assert.ok(result.requests <= MAX_SEARCH_REQUESTS, `${perSlice} per slice, naming=${naming}: ${result.requests}`);
        const answered = [...result.found.map((f) => f.id), ...result.invalid, ...result.refusedTogether];
        assert.deepEqual([...new Set(answered)].sort(), all, 'each ID in one of the three');
        for (const id of result.invalid) assert.ok(bad.includes(id), `${id} reported invalid but is not`);
        for (const f of result.found) assert.ok(!bad.includes(f.id));
      }
    }
    assert.ok(worst > 14, `the ceiling is reached by some input (worst ${worst})`);
  });

  it('other errors end the search and are thrown', async () => {
    const describe = async () => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    };
    await assert.rejects(describeFindingCulprits(ids(3), describe, refusal), /Rate exceeded/);
  });

  it('idsNamedIn keeps only IDs of the batch', () => {
    const all = ids(3);
    assert.deepEqual(idsNamedIn(`Instances [[${all[1]}, i-99999999999999999, ${all[1]}]]`, all), [all[1]]);
    assert.deepEqual(idsNamedIn(undefined, all), []);
  });
});
