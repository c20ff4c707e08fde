import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeNodeClock as FakeClock, settle, waits } from './fixtures/fakeClocks';
import { NodeWatch, type Observation, type WatchEnd, NodeWatches, type NodeWatchOptions } from '../../src/core/nodeWatches';

const THROTTLE = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

/** A watch whose reads answer from a script: each entry is one read's status for every id (or an error). */
function scripted(script: (string | Error | undefined)[], extra: Partial<NodeWatchOptions> = {}) {
  const clock = new FakeClock();
  const ends: [string, WatchEnd][] = [];
  const seen: string[] = [];
  let call = 0;
  const watch = new NodeWatch({
    clock,
    async read(ids) {
      const step = script[Math.min(call++, script.length - 1)];
      if (step instanceof Error) throw step;
      return new Map<string, Observation>(step === undefined ? [] : ids.map((id) => [id, { status: step, executionDate: 2000 }]));
    },
    isThrottled: (e) => (e as Error).name === 'ThrottlingException',
    onObservation: (_id, o) => seen.push(o.status ?? '?'),
    onEnd: (id, end) => ends.push([id, end]),
    ...extra,
  });
  return { clock, ends, seen, watch, calls: () => call };
}


describe('NodeWatch: the schedule', () => {
  it('backs off 5 s, 10 s, 20 s, 40 s, 60 s and stops when the run has finished', async () => {
    const { clock, ends, seen, watch } = scripted(['Pending', 'InProgress', 'InProgress', 'InProgress', 'InProgress', 'Failed']);
    watch.add('a', 1000);
    assert.deepEqual(await waits(clock), [5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
    assert.deepEqual(seen, ['Pending', 'InProgress', 'InProgress', 'InProgress', 'InProgress', 'Failed']);
    assert.deepEqual(ends, [['a', { reason: 'settled', status: 'Failed' }]]);
    assert.equal(watch.active, false);
    assert.equal(clock.pending, 0, 'no timer left behind');
  });

  it('the previous run\'s result does not end the watch; a new date or an active status does', async () => {
    // Same date as before Apply Now and Success: that is the old run. Then Success with a new date.
    const clock = new FakeClock();
    const ends: WatchEnd[] = [];
    const answers: Observation[] = [{ status: 'Success', executionDate: 1000 }, { status: 'Success', executionDate: 1000 }, { status: 'Success', executionDate: 9000 }];
    let i = 0;
    const watch = new NodeWatch({ clock, read: async (ids) => new Map(ids.map((id) => [id, answers[i++]])), isThrottled: () => false, onEnd: (_id, e) => ends.push(e) });
    watch.add('a', 1000);
    await waits(clock);
    assert.equal(i, 3);
    assert.deepEqual(ends, [{ reason: 'settled', status: 'Success' }]);
  });

  it('gives up after 15 minutes, with the last read at the 15-minute mark', async () => {
    const { clock, ends, watch, calls } = scripted(['InProgress']);
    watch.add('a');
    const w = await waits(clock);
    assert.equal(w.reduce((x, y) => x + y, 0), 15 * 60_000);
    assert.ok(w.every((x) => x <= 60_000));
    assert.deepEqual(ends, [['a', { reason: 'timedOut' }]]);
    assert.equal(calls(), w.length);
    assert.ok(calls() <= 20, `at most 20 reads in 15 minutes (${calls()})`);
  });

  it('throttling slows it down (twice, then four times the wait) and does not count as a failure', async () => {
    const { clock, ends, watch } = scripted(['Pending', THROTTLE, THROTTLE, THROTTLE, THROTTLE, 'Success']);
    watch.add('a', 1000);
    assert.deepEqual(await waits(clock), [5_000, 10_000, 40_000, 160_000, 240_000, 240_000]);
    assert.deepEqual(ends, [['a', { reason: 'settled', status: 'Success' }]]);
  });

  it('three failed reads in a row end it as failed; one failure between successes does not', async () => {
    const boom = new Error('socket hang up');
    const a = scripted(['Pending', boom, 'Pending', boom, boom, boom]);
    a.watch.add('x');
    await waits(a.clock);
    assert.equal(a.calls(), 6);
    assert.equal(a.ends[0][1].reason, 'failed');
  });

  it('an association no longer listed ends as gone', async () => {
    const { clock, ends, watch } = scripted([undefined]);
    watch.add('a');
    await waits(clock);
    assert.deepEqual(ends, [['a', { reason: 'gone' }]]);
  });

  it('never more than one read in flight, even when reads are slower than the wait', async () => {
    const clock = new FakeClock();
    let inFlight = 0;
    let peak = 0;
    let reads = 0;
    const release: (() => void)[] = [];
    const watch = new NodeWatch({
      clock,
      read: async (ids) => {
        inFlight++;
        reads++;
        peak = Math.max(peak, inFlight);
        await new Promise<void>((r) => release.push(r));
        inFlight--;
        return new Map(ids.map((id) => [id, { status: 'InProgress' }]));
      },
      isThrottled: () => false,
      onEnd: () => undefined,
    });
    watch.add('a');
    await clock.next(); // first read starts and hangs
    watch.add('b'); // adding while a read is in flight starts no second read
    assert.equal(clock.pending, 0, 'no timer while a read is in flight');
    await clock.next();
    assert.equal(reads, 1);
    release.shift()!();
    await settle();
    assert.equal(await clock.next(), 5_000, 'after an add, the first delay again');
    release.shift()!();
    await settle();
    assert.equal(await clock.next(), 10_000);
    assert.equal(peak, 1);
    assert.equal(watch.peakInFlight, 1);
    watch.stop();
    release.forEach((r) => r());
  });

  it('stop() cancels the read in flight and reports stopped; nothing is scheduled afterwards', async () => {
    const clock = new FakeClock();
    let signal: AbortSignal | undefined;
    const ends: WatchEnd[] = [];
    const watch = new NodeWatch({
      clock,
      read: (_ids, s) => {
        signal = s;
        return new Promise(() => undefined);
      },
      isThrottled: () => false,
      onEnd: (_id, e) => ends.push(e),
    });
    watch.add('a');
    await clock.next();
    watch.stop();
    assert.equal(signal?.aborted, true);
    assert.deepEqual(ends, [{ reason: 'stopped' }]);
    assert.equal(clock.pending, 0);
  });

  it('two associations on one node: one read covers both, each ends on its own', async () => {
    const clock = new FakeClock();
    const ends: [string, string][] = [];
    const status: Record<string, string[]> = { a: ['InProgress', 'Success'], b: ['InProgress', 'InProgress', 'Failed'] };
    const asked: string[][] = [];
    const watch = new NodeWatch({
      clock,
      read: async (ids) => {
        asked.push([...ids]);
        return new Map(ids.map((id) => [id, { status: status[id].shift() }]));
      },
      isThrottled: () => false,
      onEnd: (id, e) => ends.push([id, e.reason === 'settled' ? e.status : e.reason]),
    });
    watch.add('a');
    watch.add('b');
    await waits(clock);
    assert.deepEqual(asked, [['a', 'b'], ['a', 'b'], ['b']]);
    assert.deepEqual(ends, [['a', 'Success'], ['b', 'Failed']]);
  });
});

describe('NodeWatches', () => {
  it('one watch per node; stopNode and stopAll end them as stopped', async () => {
    const clock = new FakeClock();
    const ends: string[] = [];
    const reg = new NodeWatches((node) => ({
      clock,
      read: async (ids) => new Map(ids.map((id) => [id, { status: 'Pending' }])),
      isThrottled: () => false,
      onEnd: (id, e) => ends.push(`${node}/${id}:${e.reason}`),
    }));
    const n1 = reg.watch('n1', 'a');
    assert.equal(reg.watch('n1', 'b'), n1);
    reg.watch('n2', 'c');
    assert.equal(reg.size, 2);
    assert.ok(reg.isWatching('n1', 'b'));
    reg.stopNode('n1');
    assert.deepEqual(ends, ['n1/a:stopped', 'n1/b:stopped']);
    assert.equal(reg.isWatching('n1'), false);
    reg.stopAll();
    assert.deepEqual(ends.slice(2), ['n2/c:stopped']);
    assert.equal(reg.size, 0);
    assert.equal(clock.pending, 0);
  });
});
