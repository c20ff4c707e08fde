// The edges of the watch after Apply Now (core/nodeWatches.ts) that watch.test.ts does not reach: which
// statuses keep it going, stopping one association of several, the first deadline of several, a late
// answer from a read that was cancelled, a watch used again, and the registry keeping a node that still
// watches something.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isActiveStatus, NodeWatch, NodeWatches, type NodeWatchOptions, type Observation, systemClock, type WatchEnd } from '../../src/core/nodeWatches';
import { FakeNodeClock, settle, waits } from './fixtures/fakeClocks';

const THROTTLE = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

/** A watch whose reads answer from `answer` (called per read with the IDs asked); ends are recorded with their time. */
function watchOf(answer: (ids: readonly string[], signal: AbortSignal) => Promise<ReadonlyMap<string, Observation>>, extra: Partial<NodeWatchOptions> = {}) {
  const clock = new FakeNodeClock();
  const ends: { id: string; end: WatchEnd; at: number }[] = [];
  const asked: string[][] = [];
  const watch = new NodeWatch({
    clock,
    read: (ids, signal) => {
      asked.push([...ids]);
      return answer(ids, signal);
    },
    isThrottled: (e) => (e as Error).name === 'ThrottlingException',
    onEnd: (id, end) => ends.push({ id, end, at: clock.time }),
    ...extra,
  });
  return { clock, ends, asked, watch };
}

/** Answers each read with the next of `steps` for every ID asked (an Error is thrown). */
function stepsOf(steps: (Observation | Error)[]) {
  let i = 0;
  return async (ids: readonly string[]) => {
    const step = steps[Math.min(i++, steps.length - 1)];
    if (step instanceof Error) throw step;
    return new Map(ids.map((id) => [id, step]));
  };
}

/** A read that waits until the test answers it; each read's signal and its resolve/reject. */
function heldReads() {
  const held: { signal: AbortSignal; resolve: (m: ReadonlyMap<string, Observation>) => void; reject: (e: unknown) => void }[] = [];
  const read = (_ids: readonly string[], signal: AbortSignal) =>
    new Promise<ReadonlyMap<string, Observation>>((resolve, reject) => held.push({ signal, resolve, reject }));
  return { held, read };
}


describe('NodeWatch: which answers end it', () => {
  it('Associated is a status still on its way: with the old date, Success afterwards ends the watch', async () => {
    assert.equal(isActiveStatus('Associated'), true);
    assert.equal(isActiveStatus('Success'), false);
    assert.equal(isActiveStatus(undefined), false);
    const { clock, ends, watch } = watchOf(stepsOf([{ status: 'Associated', executionDate: 1000 }, { status: 'Success', executionDate: 1000 }]));
    watch.add('a', 1000);
    await waits(clock);
    assert.deepEqual(ends.map((e) => e.end), [{ reason: 'settled', status: 'Success' }]);
    assert.equal(watch.reads, 2, 'the second read ended it');
  });

  it('a finished status without a date is not a new run: the watch goes on until the date moves', async () => {
    const { clock, ends, watch, asked } = watchOf(stepsOf([{ status: 'Failed' }, { status: 'Failed' }, { status: 'Failed', executionDate: 5000 }]));
    watch.add('a', 1000);
    await waits(clock);
    assert.equal(asked.length, 3);
    assert.deepEqual(ends.map((e) => e.end), [{ reason: 'settled', status: 'Failed' }]);
  });

  it('counts its reads', async () => {
    const { clock, watch, asked } = watchOf(stepsOf([{ status: 'Pending' }, { status: 'InProgress' }, { status: 'Success' }]));
    assert.equal(watch.reads, 0);
    watch.add('a');
    await waits(clock);
    assert.equal(asked.length, 3);
    assert.equal(watch.reads, 3);
  });
});

describe('NodeWatch: stopping one association of several', () => {
  it('between reads: it ends as stopped, the other is still read on schedule; an unknown ID changes nothing', async () => {
    const { clock, ends, asked, watch } = watchOf(stepsOf([{ status: 'InProgress' }]));
    watch.add('a');
    watch.add('b');
    assert.equal(await clock.next(), 5_000);
    watch.stop('a');
    assert.deepEqual(ends.map((e) => [e.id, e.end.reason]), [['a', 'stopped']]);
    watch.stop('not-watched');
    assert.equal(ends.length, 1, 'nothing else ended');
    assert.deepEqual(watch.associationIds, ['b']);
    assert.equal(await clock.next(), 10_000, 'b is still read, on its schedule');
    assert.deepEqual(asked, [['a', 'b'], ['b']]);
    watch.stop();
    assert.deepEqual(ends.map((e) => [e.id, e.end.reason]), [['a', 'stopped'], ['b', 'stopped']]);
  });

  it('during a read: the read goes on for the other, which still ends when its run does', async () => {
    const { held, read } = heldReads();
    const { clock, ends, watch } = watchOf(read);
    watch.add('a');
    watch.add('b');
    await clock.next();
    assert.equal(held.length, 1);
    watch.stop('a');
    assert.equal(held[0].signal.aborted, false, 'b still needs the read');
    held[0].resolve(new Map([['b', { status: 'Success', executionDate: 7 }]]));
    await settle();
    assert.deepEqual(ends.map((e) => [e.id, e.end]), [['a', { reason: 'stopped' }], ['b', { reason: 'settled', status: 'Success' }]]);
    assert.equal(clock.pending, 0);
  });
});

describe('NodeWatch: deadlines', () => {
  it('with two associations, it never sleeps past the first one\'s 15 minutes', async () => {
    const { clock, ends, watch } = watchOf(stepsOf([{ status: 'InProgress' }]), { maxDurationMs: 12_000 });
    watch.add('a');
    clock.time = 3_000;
    watch.add('b');
    const w = await waits(clock, 2);
    assert.deepEqual(w, [5_000, 4_000], 'the second wait stops at a\'s deadline (12 s), not b\'s (15 s)');
    assert.deepEqual(ends.map((e) => [e.id, e.end.reason, e.at]), [['a', 'timedOut', 12_000]]);
    assert.deepEqual(watch.associationIds, ['b']);
    watch.stop();
  });
});

describe('NodeWatch: a read that was cancelled answers late', () => {
  it('its answer is thrown away: the association watched again is not ended by the old run\'s status', async () => {
    const { held, read } = heldReads();
    const { clock, ends, watch } = watchOf(read);
    watch.add('a', 1000);
    await clock.next();
    watch.stop();
    assert.equal(held[0].signal.aborted, true);
    watch.add('a', 1000);
    held[0].resolve(new Map([['a', { status: 'Success', executionDate: 9000 }]]));
    await settle();
    assert.deepEqual(ends.map((e) => e.end.reason), ['stopped'], 'not settled by the cancelled read');
    assert.equal(watch.active, true);
    assert.equal(clock.pending, 1, 'the new watch\'s first read is still due');
    watch.stop();
  });

  it('its failure is thrown away too: it counts for nothing', async () => {
    const { held, read } = heldReads();
    const { clock, ends, watch } = watchOf(read, { maxFailures: 1 });
    watch.add('a');
    await clock.next();
    watch.stop();
    watch.add('a');
    held[0].reject(new Error('socket hang up'));
    await settle();
    assert.deepEqual(ends.map((e) => e.end.reason), ['stopped'], 'no failed end from the cancelled read');
    assert.equal(watch.active, true);
    watch.stop();
  });

  it('ending after the new watch\'s read began, it leaves that read the one in flight (a stop still cancels it)', async () => {
    const { held, read } = heldReads();
    const { clock, watch } = watchOf(read);
    watch.add('a');
    await clock.next();
    watch.stop();
    watch.add('a');
    await clock.next();
    assert.equal(held.length, 2, 'the new watch\'s read');
    held[0].resolve(new Map());
    await settle();
    watch.add('b');
    assert.equal(clock.pending, 0, 'no second read is scheduled beside the one in flight');
    watch.stop();
    assert.equal(held[1].signal.aborted, true, 'the read in flight is cancelled');
  });
});

describe('NodeWatch used again after everything ended', () => {
  it('after a throttled read, then the end: the next watch starts at 5 s, then 10 s', async () => {
    const { clock, ends, watch } = watchOf(stepsOf([THROTTLE, { status: 'Success', executionDate: 2 }, { status: 'InProgress' }]));
    watch.add('a', 1);
    assert.deepEqual(await waits(clock), [5_000, 20_000]);
    assert.equal(ends.length, 1);
    watch.add('b');
    assert.deepEqual(await waits(clock, 2), [5_000, 10_000]);
    watch.stop();
  });

  it('after an association added during a read was stopped: the next watch starts at 5 s, then 10 s', async () => {
    const { held, read } = heldReads();
    const { clock, ends, watch } = watchOf(read);
    watch.add('a', 1);
    await clock.next();
    watch.add('b');
    watch.stop('b');
    held[0].resolve(new Map([['a', { status: 'Success', executionDate: 2 }]]));
    await settle();
    assert.deepEqual(ends.map((e) => [e.id, e.end.reason]), [['b', 'stopped'], ['a', 'settled']]);
    watch.add('c');
    assert.equal(await clock.next(), 5_000);
    held[1].resolve(new Map([['c', { status: 'InProgress' }]]));
    await settle();
    assert.equal(await clock.next(), 10_000);
    watch.stop();
  });
});

describe('NodeWatches: the registry', () => {
  it('a node whose watch still holds an association stays registered when another one ends', async () => {
    const clock = new FakeNodeClock();
    const status: Record<string, Observation> = { a: { status: 'Success', executionDate: 2 }, b: { status: 'InProgress' } };
    const ends: string[] = [];
    const reg = new NodeWatches(() => ({
      clock,
      read: async (ids) => new Map(ids.map((id) => [id, status[id]])),
      isThrottled: () => false,
      onEnd: (id, e) => ends.push(`${id}:${e.reason}`),
    }));
    const n1 = reg.watch('n1', 'a', 1);
    reg.watch('n1', 'b');
    await clock.next();
    assert.deepEqual(ends, ['a:settled']);
    assert.equal(n1.active, true);
    assert.equal(reg.size, 1, 'n1 still has b');
    assert.equal(reg.isWatching('n1'), true);
    assert.equal(reg.isWatching('n1', 'b'), true);
    assert.equal(reg.isWatching('n1', 'a'), false);
    assert.equal(reg.watch('n1', 'c'), n1, 'one watch per node: a new association joins it');
    reg.stopAll();
    assert.equal(n1.active, false);
    assert.equal(reg.size, 0);
  });

  it('a watch dropped from the registry and used again never removes the node\'s new watch', () => {
    const clock = new FakeNodeClock();
    const reg = new NodeWatches(() => ({ clock, read: async () => new Map(), isThrottled: () => false, onEnd: () => undefined }));
    const old = reg.watch('n1', 'a');
    reg.stopNode('n1');
    assert.equal(reg.size, 0);
    old.add('z');
    const fresh = reg.watch('n1', 'y');
    assert.notEqual(fresh, old);
    old.stop('z');
    assert.equal(reg.isWatching('n1', 'y'), true);
    assert.equal(reg.size, 1);
    reg.stopAll();
  });
});

describe('systemClock', () => {
  it('a timer fires once, after its wait; a cleared one never', async () => {
    const fired: string[] = [];
    const before = systemClock.now();
    assert.ok(Math.abs(before - Date.now()) < 1000);
    systemClock.setTimer(() => fired.push('kept'), 5);
    const cleared = systemClock.setTimer(() => fired.push('cleared'), 5);
    systemClock.clearTimer(cleared);
    systemClock.clearTimer(undefined);
    await new Promise((r) => setTimeout(r, 40));
    assert.deepEqual(fired, ['kept']);
    assert.ok(systemClock.now() - before >= 5);
  });
});
