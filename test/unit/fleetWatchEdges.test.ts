// The edges of the fleet watch (core/fleetWatch.ts) that fleetWatch.test.ts does not reach: a round due
// exactly now, dispose (also during a round), a new setting during a round, the count of rounds, and a
// watched key whose scope is empty.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FleetWatch, type RoundOutcome, type Watched, watchedKey, watchedParts } from '../../src/core/fleetWatch';
import { FakeFleetClock, settle } from './fixtures/fakeClocks';

const MIN = 60_000;
const thing = (name: string, failing: boolean): Watched => ({ key: watchedKey('p|r', `node:${name}`), name, failing });
const read = (...watched: Watched[]): RoundOutcome => ({ kind: 'read', watched, scopes: ['p|r'] });

/** A watch whose rounds answer from `outcomes` in turn (the last one repeats); a round can be held until the test answers it. */
function setup(outcomes: (() => RoundOutcome | Promise<RoundOutcome>)[]) {
  const clock = new FakeFleetClock();
  const active = { value: true };
  const notified: string[][] = [];
  const stopped: unknown[] = [];
  let reads = 0;
  const watch = new FleetWatch({
    clock,
    read: async () => outcomes[Math.min(reads++, outcomes.length - 1)](),
    active: () => active.value,
    turnedFailed: (things) => notified.push(things.map((t) => t.name)),
    stopped: (e) => stopped.push(e),
  });
  return { clock, active, watch, notified, stopped, reads: () => reads };
}

/** A round held until `answer` is called. */
function held() {
  let answer: (o: RoundOutcome) => void = () => undefined;
  const round = () => new Promise<RoundOutcome>((r) => (answer = r));
  return { round, answer: (o: RoundOutcome) => answer(o) };
}

describe('FleetWatch: edges', () => {
  it('a new watch is not stopped, before and after it is configured', () => {
    const { watch } = setup([() => read()]);
    assert.equal(watch.isStopped, false);
    watch.configure(2 * MIN);
    assert.equal(watch.isStopped, false);
    watch.dispose();
  });

  it('a poke exactly when the round falls due runs it', async () => {
    const { clock, active, watch, reads } = setup([() => read(thing('a', false))]);
    active.value = false;
    watch.configure(2 * MIN);
    await clock.advance(2 * MIN);
    assert.equal(reads(), 0, 'inactive when the timer fired');
    active.value = true;
    watch.poke();
    await settle();
    assert.equal(reads(), 1, 'due at this very millisecond');
    watch.dispose();
  });

  it('dispose stops it: no timer left, no round afterwards, a Refresh is not taken', async () => {
    const { clock, watch, reads } = setup([() => read(thing('a', false))]);
    watch.configure(2 * MIN);
    assert.equal(clock.pending, 1);
    watch.dispose();
    assert.equal(clock.pending, 0);
    await clock.advance(30 * MIN);
    watch.poke();
    await settle();
    assert.equal(reads(), 0);
    assert.equal(await watch.roundNow(), false);
  });

  it('disposed during a round: what the round read is dropped (no notification, no stop, no timer)', async () => {
    const second = held();
    const third = held();
    const { clock, watch, notified, stopped, reads } = setup([() => read(thing('a', false)), second.round, third.round]);
    watch.configure(2 * MIN);
    await clock.advance(2 * MIN);
    await clock.advance(2 * MIN);
    assert.equal(reads(), 2, 'the second round is in flight');
    watch.dispose();
    second.answer(read(thing('a', true)));
    await settle();
    assert.deepEqual(notified, [], 'a turned failed, but the watch was disposed');
    assert.equal(clock.pending, 0);

    watch.configure(2 * MIN);
    await clock.advance(2 * MIN);
    assert.equal(reads(), 3);
    watch.dispose();
    third.answer({ kind: 'credentials', error: new Error('expired') });
    await settle();
    assert.deepEqual(stopped, [], 'no credential row for a watch that is off');
    assert.equal(watch.isStopped, false);
  });

  it('a new setting during a round starts no second round beside it', async () => {
    const first = held();
    const { clock, watch, reads } = setup([first.round, () => read(thing('a', false))]);
    watch.configure(2 * MIN);
    const refresh = watch.roundNow();
    assert.equal(reads(), 1);
    watch.configure(2 * MIN);
    await clock.advance(2 * MIN);
    assert.equal(reads(), 1, 'the timer of the new setting fell due while the round was in flight');
    first.answer(read(thing('a', false)));
    assert.equal(await refresh, true);
    await clock.advance(2 * MIN);
    assert.equal(reads(), 2, 'the next round an interval after the first ended');
    watch.dispose();
  });

  it('counts its rounds, whatever they read', async () => {
    const { clock, watch } = setup([() => read(thing('a', false)), () => ({ kind: 'failed', error: new Error('x') }), () => ({ kind: 'throttled' }), () => read(thing('a', false))]);
    assert.equal(watch.rounds, 0);
    watch.configure(2 * MIN);
    await clock.advance(2 * MIN);
    assert.equal(watch.rounds, 1);
    await clock.advance(2 * MIN);
    assert.equal(watch.rounds, 2);
    await clock.advance(2 * MIN);
    assert.equal(watch.rounds, 3);
    watch.dispose();
  });

  it('a watched key with an empty scope splits into that scope, the kind and the ID', () => {
    assert.deepEqual(watchedParts(watchedKey('', 'node:i-1')), { scope: '', kind: 'node', id: 'i-1' });
    assert.deepEqual(watchedParts(watchedKey('["p#1","eu-west-1"]', 'node:i-2')), { scope: '["p#1","eu-west-1"]', kind: 'node', id: 'i-2' });
  });
});
