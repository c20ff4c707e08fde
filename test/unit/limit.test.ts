import assert from 'node:assert/strict';
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
  it('cancelling one waiting task leaves the others waiting, in order', async () => {
    const limit = new ConcurrencyLimit(1);
    let release!: () => void;
    const first = limit.run(() => new Promise<void>((r) => (release = r)));
    const started: string[] = [];
    const controller = new AbortController();
    const b = limit.run(async () => void started.push('b'), controller.signal);
    const c = limit.run(async () => void started.push('c'));
    const d = limit.run(async () => void started.push('d'));
    controller.abort();
    await assert.rejects(b, { name: 'AbortError' });
    release();
    await Promise.all([first, c, d]);
    assert.deepEqual(started, ['c', 'd']);
  });
  it('a failing task frees its place', async () => {
    const limit = new ConcurrencyLimit(1);
    await assert.rejects(limit.run(() => Promise.reject(new Error('x'))));
    assert.equal(await limit.run(async () => 1), 1);
  });
});
