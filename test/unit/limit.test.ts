import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import { ConcurrencyLimit } from '../../src/paging/limit';

describe('ConcurrencyLimit', () => {
  it('never runs more than max at once, and runs everything in order', async () => {
    const limit = new ConcurrencyLimit(4);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const tasks = Array.from({ length: 12 }, (_, i) =>
      limit.run(async () => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return i;
      }),
    );
    assert.deepEqual(await Promise.all(tasks), [...Array(12).keys()]);
    assert.equal(peak, 4);
    assert.deepEqual(started, [...Array(12).keys()]);
  });
  it('a task aborted while waiting never starts and frees its place', async () => {
    const limit = new ConcurrencyLimit(1);
    let release!: () => void;
    const first = limit.run(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    let ran = false;
    const second = limit.run(async () => {
      ran = true;
    }, controller.signal);
    controller.abort();
    await assert.rejects(second, { name: 'AbortError' });
    release();
    await first;
    assert.equal(ran, false);
    assert.equal(await limit.run(async () => 'next'), 'next');
  });
  it('a task whose signal was aborted before it could start is refused at once', async () => {
    const limit = new ConcurrencyLimit(1);
    let release!: () => void;
    const first = limit.run(() => new Promise<void>((r) => (release = r)));
    let ran = false;
    await assert.rejects(
      limit.run(async () => {
        ran = true;
      }, AbortSignal.abort()),
      { name: 'AbortError', message: 'The request was cancelled before it started.' },
    );
    release();
    await first;
    assert.equal(ran, false);
  });
  it('cancelling one waiting task, first, middle or last, leaves the others waiting, in order', async () => {
    for (const cancelled of ['b', 'c', 'd']) {
      const limit = new ConcurrencyLimit(1);
      let release!: () => void;
      const first = limit.run(() => new Promise<void>((r) => (release = r)));
      const started: string[] = [];
      const controller = new AbortController();
      const waiting = ['b', 'c', 'd'].map((name) => limit.run(async () => void started.push(name), name === cancelled ? controller.signal : undefined));
      controller.abort();
      const outcomes = Promise.allSettled(waiting);
      release();
      await first;
      assert.deepEqual((await outcomes).map((o) => o.status), ['b', 'c', 'd'].map((name) => (name === cancelled ? 'rejected' : 'fulfilled')));
      assert.deepEqual(started, ['b', 'c', 'd'].filter((name) => name !== cancelled), `${cancelled} cancelled`);
    }
  });
  it('a wait releases its abort listener, whether it started or was cancelled', async () => {
    // A signal can outlive many requests (a whole refresh): listeners left on it would pile up.
    const limit = new ConcurrencyLimit(1);
    let release!: () => void;
    const first = limit.run(() => new Promise<void>((r) => (release = r)));
    const kept = new AbortController();
    const cancelled = new AbortController();
    const started = limit.run(async () => 'started', kept.signal);
    const refused = limit.run(async () => 'never', cancelled.signal);
    assert.equal(getEventListeners(kept.signal, 'abort').length, 1);
    cancelled.abort();
    await assert.rejects(refused, { name: 'AbortError' });
    assert.equal(getEventListeners(cancelled.signal, 'abort').length, 0);
    release();
    await first;
    assert.equal(await started, 'started');
    assert.equal(getEventListeners(kept.signal, 'abort').length, 0);
  });
  it('a failing task frees its place', async () => {
    const limit = new ConcurrencyLimit(1);
    await assert.rejects(limit.run(() => Promise.reject(new Error('x'))));
    assert.equal(await limit.run(async () => 1), 1);
  });
});
