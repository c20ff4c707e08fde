import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeFleetClock as FakeClock } from './fixtures/fakeClocks';
import { FleetWatch, intervalMs, MAX_BACKOFF_MS, newlyFailing, turnedFailedText, watchedKey, watchedParts, type RoundOutcome, type Watched } from '../../src/core/fleetWatch';

const settle = () => new Promise((resolve) => setImmediate(resolve));
const MIN = 60_000;
const w = (thing: string, failing: boolean, scope = 'p|r'): Watched => ({ key: watchedKey(scope, thing), name: thing, failing });
const read = (...watched: Watched[]): RoundOutcome => ({ kind: 'read', watched, scopes: [...new Set(watched.map((x) => x.key.slice(0, x.key.lastIndexOf('#'))))] });

function setup(outcomes: (() => RoundOutcome | Promise<RoundOutcome>)[], active = { value: true }) {
  const clock = new FakeClock();
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
  return { clock, watch, notified, stopped, reads: () => reads };
}

describe('FleetWatch (fake clock)', () => {
  it('reads the setting: 0 or junk is off, below 2 minutes is 2', () => {
    assert.equal(intervalMs(0), 0);
    assert.equal(intervalMs('5'), 0);
    assert.equal(intervalMs(-3), 0);
    assert.equal(intervalMs(1), 2 * MIN);
    assert.equal(intervalMs(5), 5 * MIN);
  });

  it('one round per interval; the first sets what is known, a later one names what turned failed, once', async () => {
    const { clock, watch, notified, reads } = setup([() => read(w('a', false), w('b', true)), () => read(w('a', true), w('b', true)), () => read(w('a', true), w('b', true))]);
    watch.configure(5 * MIN);
    await clock.advance(5 * MIN - 1);
    assert.equal(reads(), 0);
    await clock.advance(1);
    assert.equal(reads(), 1);
    assert.deepEqual(notified, [], 'b was failing already on the first round');
    await clock.advance(5 * MIN);
    assert.deepEqual(notified, [['a']]);
    await clock.advance(5 * MIN);
    assert.deepEqual(notified, [['a']], 'still failing is not news');
    assert.equal(reads(), 3);
  });

  it('several at once make one notification with the count', async () => {
    const { clock, watch, notified } = setup([() => read(w('a', false), w('b', false), w('c', false)), () => read(w('a', true), w('b', true), w('c', false))]);
    watch.configure(2 * MIN);
    await clock.advance(4 * MIN);
    assert.deepEqual(notified, [['a', 'b']]);
    assert.equal(turnedFailedText([w('a', true), w('b', true)]), '2 associations or managed nodes turned failed.');
    assert.equal(turnedFailedText([w('web-check', true)]), 'web-check turned failed.');
  });

  it('no round while inactive; an overdue round runs when the window is focused and the view visible again', async () => {
    const active = { value: false };
    const { clock, watch, reads } = setup([() => read(w('a', false))], active);
    watch.configure(2 * MIN);
    await clock.advance(10 * MIN);
    assert.equal(reads(), 0);
    active.value = true;
    watch.poke();
    await settle();
    assert.equal(reads(), 1);
    watch.poke();
    await settle();
    assert.equal(reads(), 1, 'not due again yet');
  });

  it('never two rounds at once', async () => {
    let release: (o: RoundOutcome) => void = () => undefined;
    const { clock, watch, reads } = setup([() => new Promise<RoundOutcome>((r) => (release = r))]);
    watch.configure(2 * MIN);
    await clock.advance(2 * MIN);
    assert.equal(reads(), 1);
    watch.poke();
    watch.poke();
    await clock.advance(10 * MIN);
    assert.equal(reads(), 1, 'the round in flight is the only one');
    release(read(w('a', false)));
    await settle();
    await clock.advance(2 * MIN);
    assert.equal(reads(), 2);
  });

  it('backs off on throttling (doubling, at most an hour) and comes back after a good round', async () => {
    const outcomes: (() => RoundOutcome)[] = [() => ({ kind: 'throttled' }), () => ({ kind: 'throttled' }), () => read(w('a', false)), () => read(w('a', false))];
    const { clock, watch, reads } = setup(outcomes);
    watch.configure(2 * MIN);
    await clock.advance(2 * MIN);
    assert.equal(reads(), 1);
    await clock.advance(4 * MIN - 1);
    assert.equal(reads(), 1, 'second round waits 4 minutes');
    await clock.advance(1);
    assert.equal(reads(), 2);
    await clock.advance(8 * MIN);
    assert.equal(reads(), 3, 'third waits 8');
    await clock.advance(2 * MIN);
    assert.equal(reads(), 4, 'back to the interval');
    assert.ok(MAX_BACKOFF_MS <= 60 * MIN);
  });

  it('stops on a credential error, reports it once, and starts again when configured again', async () => {
    const { clock, watch, stopped, reads } = setup([() => ({ kind: 'credentials', error: new Error('expired') }), () => read(w('a', false))]);
    watch.configure(2 * MIN);
    await clock.advance(20 * MIN);
    assert.equal(reads(), 1);
    assert.equal(stopped.length, 1);
    assert.equal(watch.isStopped, true);
    assert.equal(clock.pending, 0, 'no timer left');
    watch.poke();
    await settle();
    assert.equal(reads(), 1, 'a poke does not restart it');
    watch.configure(2 * MIN);
    await clock.advance(2 * MIN);
    assert.equal(reads(), 2);
  });

  it('Refresh while the watch is on is a round now (compared as any), the next one an interval later; off, backing off or stopped: not taken', async () => {
    const { clock, watch, notified, reads } = setup([() => read(w('a', false)), () => read(w('a', true)), () => ({ kind: 'throttled' }), () => read(w('a', true))]);
    assert.equal(await watch.roundNow(), false, 'off');
    watch.configure(5 * MIN);
    assert.equal(await watch.roundNow(), true);
    assert.equal(reads(), 1);
    await clock.advance(1 * MIN);
    assert.equal(await watch.roundNow(), true);
    assert.deepEqual(notified, [['a']]);
    await clock.advance(5 * MIN - 1);
    assert.equal(reads(), 2, 'the next round an interval after the Refresh');
    await clock.advance(1);
    assert.equal(reads(), 3, 'throttled');
    assert.equal(await watch.roundNow(), false, 'backing off: the Refresh is not a round');
    assert.equal(reads(), 3);
    assert.deepEqual(watchedParts(watchedKey('p#x|r', 'association:1-2')), { scope: 'p#x|r', kind: 'association', id: '1-2' });
  });

  it('Refresh during a round in flight is that round', async () => {
    let release: (o: RoundOutcome) => void = () => undefined;
    const { watch, reads } = setup([() => new Promise<RoundOutcome>((r) => (release = r))]);
    watch.configure(2 * MIN);
    const first = watch.roundNow();
    const second = watch.roundNow();
    assert.equal(await second, true);
    assert.equal(reads(), 1);
    release(read(w('a', false)));
    assert.equal(await first, true);
    assert.equal(reads(), 1);
  });

  it('off means no timer; a scope read for the first time does not notify', async () => {
    const { clock, watch, notified, reads } = setup([() => read(w('a', false, 'one')), () => read(w('a', false, 'one'), w('x', true, 'two'))]);
    watch.configure(0);
    await clock.advance(60 * MIN);
    assert.equal(reads(), 0);
    assert.equal(clock.pending, 0);
    watch.configure(2 * MIN);
    await clock.advance(4 * MIN);
    assert.deepEqual(notified, [], 'scope two was new in round two');
    assert.deepEqual(newlyFailing(new Map([['k', false]]), [{ key: 'k', name: 'k', failing: true }]).length, 1);
  });
});
