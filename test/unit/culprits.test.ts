import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeFindingCulprits, idsNamedIn } from '../../src/aws/sdk/culprits';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `i-${String(i).padStart(17, '0')}`);

/** A service that refuses any batch holding a bad ID; `naming` says whether its message names them. */
function service(bad: readonly string[], naming: boolean) {
  const calls: string[][] = [];
  const describe = async (batch: readonly string[]) => {
    calls.push([...batch]);
    const guilty = batch.filter((id) => bad.includes(id));
    if (guilty.length) {
      const message = naming ? `Instances [[${guilty.join(', ')}]] not in a valid state for account 111111111111` : 'Invalid instance id';
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

  it('one culprit, error names nothing: halving takes 6 to 13 requests for 50 IDs, wherever it is', async () => {
    const all = ids(50);
    const counts: number[] = [];
    for (let at = 0; at < 50; at++) {
      const s = service([all[at]], false);
      const result = await describeFindingCulprits(all, s.describe, refusal);
      assert.deepEqual(result.invalid, [all[at]]);
      assert.deepEqual(new Set(result.found.map((f) => f.id)), new Set(all.filter((id) => id !== all[at])));
      counts.push(result.requests);
    }
    assert.ok(Math.max(...counts) <= 13, `max ${Math.max(...counts)}`);
    assert.ok(Math.min(...counts) >= 6, `min ${Math.min(...counts)}`);
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

  it('every ID refused: each reported, none described', async () => {
    const all = ids(5);
    const s = service(all, false);
    const result = await describeFindingCulprits(all, s.describe, refusal);
    assert.deepEqual([...result.invalid].sort(), all);
    assert.equal(result.found.length, 0);
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
