import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OncePerKey } from '../../src/core/oncePerKey';

describe('OncePerKey: Apply Association Now, one per row at a time', () => {
  it('three starts on one row while the first waits for its confirmation: one runs, two are refused at once', async () => {
    const guard = new OncePerKey();
    let confirmations = 0;
    let release!: () => void;
    const task = async () => {
      confirmations++;
      await new Promise<void>((r) => (release = r));
    };
    const first = guard.run('row-1', task);
    const again = await Promise.all([guard.run('row-1', task), guard.run('row-1', task)]);
    assert.deepEqual(again, [false, false]);
    assert.equal(confirmations, 1);
    assert.equal(guard.busy('row-1'), true);
    release();
    assert.equal(await first, true);
    assert.equal(guard.busy('row-1'), false, 'free again once done');
  });

  it('other rows are not held up, and a failed task frees its row', async () => {
    const guard = new OncePerKey();
    let release!: () => void;
    const held = guard.run('row-1', () => new Promise<void>((r) => (release = r)));
    assert.equal(await guard.run('row-2', async () => {}), true);
    await assert.rejects(guard.run('row-3', async () => Promise.reject(new Error('denied'))), /denied/);
    assert.equal(guard.busy('row-3'), false);
    release();
    await held;
  });
});
