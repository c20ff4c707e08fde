import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Pager, type LoadPage, type Page } from '../../src/paging/pager';

interface Row {
  id: string;
}

/** A fake page source: pages keyed by token, each call recorded; resolves when told to. */
function source(pages: Record<string, Page<Row>>) {
  const calls: (string | undefined)[] = [];
  const pending: { resolve: () => void; signal: AbortSignal }[] = [];
  let manual = false;
  const load: LoadPage<Row> = (token, signal) => {
    calls.push(token);
    const page = pages[token ?? 'first'];
    if (!page) return Promise.reject(Object.assign(new Error(`no page ${token}`), { name: 'InvalidNextToken' }));
    if (!manual) return Promise.resolve(page);
    return new Promise((resolve) => pending.push({ resolve: () => resolve(page), signal }));
  };
  return {
    load,
    calls,
    pending,
    manual() {
      manual = true;
    },
  };
}

/** A pager over `load`, and the rows it has handed out (what the tree would show). */
function pagerOf(load: LoadPage<Row>) {
  const items: Row[] = [];
  const pager = new Pager(load, (r) => r.id, (added) => items.push(...added));
  return { pager, items };
}

const rows = (from: number, n: number): Row[] => Array.from({ length: n }, (_, i) => ({ id: `a${from + i}` }));

describe('Pager', () => {
  it('starts pristine and loads page 1 without a token', async () => {
    const s = source({ first: { items: rows(0, 2), nextToken: 't1' }, t1: { items: rows(2, 1) } });
    const { pager, items } = pagerOf(s.load);
    assert.equal(pager.state, 'pristine');
    assert.equal(pager.hasMore, false);
    assert.equal(await pager.loadNext(), 'loaded');
    assert.deepEqual(s.calls, [undefined]);
    assert.deepEqual(items.map((r) => r.id), ['a0', 'a1']);
    assert.equal(pager.hasMore, true);
    await pager.loadNext();
    assert.deepEqual(s.calls, [undefined, 't1'], 'page 2 is asked for with the token of page 1');
  });

  it('appends exactly the next page and stops when the token is absent', async () => {
    const s = source({ first: { items: rows(0, 2), nextToken: 't1' }, t1: { items: rows(2, 2), nextToken: '' } });
    const { pager, items } = pagerOf(s.load);
    await pager.loadNext();
    await pager.loadNext();
    assert.deepEqual(s.calls, [undefined, 't1']);
    assert.equal(items.length, 4);
    assert.equal(pager.hasMore, false, 'an empty-string token means no more pages');
    assert.equal(await pager.loadNext(), 'ignored');
    assert.equal(s.calls.length, 2, 'nothing is fetched after the last page');
  });

  it('shares the load in flight: a double click fetches the page once', async () => {
    const s = source({ first: { items: rows(0, 1), nextToken: 't1' }, t1: { items: rows(1, 1) } });
    s.manual();
    const { pager, items } = pagerOf(s.load);
    const a = pager.loadNext();
    const b = pager.loadNext();
    assert.equal(pager.state, 'loading');
    assert.equal(s.calls.length, 1);
    s.pending[0].resolve();
    assert.equal(await a, 'loaded');
    assert.equal(await b, 'loaded');
    assert.equal(items.length, 1);
  });

  it('keeps paging over an empty page that carries a token', async () => {
    const s = source({ first: { items: [], nextToken: 't1' }, t1: { items: [], nextToken: 't2' }, t2: { items: rows(0, 3) } });
    const { pager, items } = pagerOf(s.load);
    await pager.loadNext();
    assert.equal(items.length, 0);
    assert.equal(pager.hasMore, true, 'an empty page with a token still offers more');
    await pager.loadNext();
    await pager.loadNext();
    assert.equal(items.length, 3);
    assert.equal(pager.hasMore, false);
  });

  it('stops on a token equal to the one it sent, and on any token seen before', async () => {
    const repeat = source({ first: { items: rows(0, 1), nextToken: 't1' }, t1: { items: rows(1, 1), nextToken: 't1' } });
    const { pager } = pagerOf(repeat.load);
    await pager.loadNext();
    await pager.loadNext();
    assert.equal(pager.hasMore, false);
    assert.equal(await pager.loadNext(), 'ignored');
    assert.deepEqual(repeat.calls, [undefined, 't1'], 'the repeated token is not sent again');

    const cycle = source({ first: { items: rows(0, 1), nextToken: 'a' }, a: { items: rows(1, 1), nextToken: 'b' }, b: { items: rows(2, 1), nextToken: 'a' } });
    const { pager: cyclic } = pagerOf(cycle.load);
    for (let i = 0; i < 5; i++) await cyclic.loadNext();
    assert.deepEqual(cycle.calls, [undefined, 'a', 'b'], 'a token cycle ends paging instead of looping');
  });

  it('skips rows already loaded so none appears twice', async () => {
    const s = source({ first: { items: rows(0, 2), nextToken: 't1' }, t1: { items: rows(1, 2) } });
    const { pager, items } = pagerOf(s.load);
    await pager.loadNext();
    await pager.loadNext();
    assert.deepEqual(items.map((r) => r.id), ['a0', 'a1', 'a2'], 'a1 of page 2 is dropped');
  });

  it('a failure keeps the pages loaded and retries the same token', async () => {
    let fail = true;
    const calls: (string | undefined)[] = [];
    const { pager, items } = pagerOf(async (token) => {
      calls.push(token);
      if (token === 't1' && fail) throw new Error('boom');
      return token ? { items: rows(5, 1) } : { items: rows(0, 2), nextToken: 't1' };
    });
    await pager.loadNext();
    assert.equal(await pager.loadNext(), 'failed');
    assert.equal(pager.state, 'error');
    assert.equal((pager.error as Error).message, 'boom');
    assert.equal(items.length, 2, 'rows already shown stay');
    fail = false;
    assert.equal(await pager.loadNext(), 'loaded');
    assert.deepEqual(calls, [undefined, 't1', 't1']);
    assert.equal(items.length, 3);
    assert.equal(pager.error, undefined);
  });

  it('drops a page that arrives after reset, so a refresh never mixes pages', async () => {
    const s = source({ first: { items: rows(0, 2), nextToken: 't1' } });
    s.manual();
    const { pager, items } = pagerOf(s.load);
    const first = pager.loadNext();
    pager.reset();
    assert.equal(s.pending[0].signal.aborted, true, 'the request in flight is aborted');
    const second = pager.loadNext();
    s.pending[1].resolve();
    assert.equal(await second, 'loaded');
    s.pending[0].resolve();
    assert.equal(await first, 'superseded');
    assert.equal(items.length, 2, 'the late page of before the reset is not appended');
  });

  it('cancel() aborts the load, restores the state and ignores its late answer', async () => {
    const s = source({ first: { items: rows(0, 2), nextToken: 't1' }, t1: { items: rows(2, 2) } });
    const { pager, items } = pagerOf(s.load);
    await pager.loadNext();
    s.manual();
    const more = pager.loadNext();
    pager.cancel();
    assert.equal(s.pending[0].signal.aborted, true);
    assert.equal(pager.state, 'ready');
    assert.equal(pager.isLoading, false);
    s.pending[0].resolve();
    assert.equal(await more, 'superseded');
    assert.equal(items.length, 2);
    void pager.loadNext();
    assert.deepEqual(s.calls, [undefined, 't1', 't1'], 'the next click asks for the same page');
  });

  it('reports new rows to onItems once per page, in order', async () => {
    const s = source({ first: { items: rows(0, 2), nextToken: 't1' }, t1: { items: rows(2, 1) } });
    const seen: string[][] = [];
    const pager = new Pager(s.load, (r) => r.id, (added) => seen.push(added.map((r) => r.id)));
    await pager.loadNext();
    await pager.loadNext();
    assert.deepEqual(seen, [['a0', 'a1'], ['a2']]);
  });

  it('after reset everything starts again from page 1, as on a first expand', async () => {
    const s = source({ first: { items: rows(0, 1), nextToken: 't1' }, t1: { items: rows(1, 1), nextToken: 't1' } });
    const { pager } = pagerOf(s.load);
    await pager.loadNext();
    await pager.loadNext();
    assert.equal(pager.stoppedOnRepeatedToken, true);
    assert.equal(pager.pages, 2);
    assert.equal(await pager.loadNext(), 'ignored', 'nothing more to load: no request');
    assert.equal(s.calls.length, 2);
    pager.reset();
    assert.deepEqual([pager.state, pager.items.length, pager.pages, pager.hasMore, pager.stoppedOnRepeatedToken], ['pristine', 0, 0, false, false]);
    const again = pager.loadNext();
    assert.equal(pager.isLoading, true);
    assert.equal(pager.state, 'loading');
    assert.equal(await again, 'loaded');
    assert.equal(pager.isLoading, false);
    assert.deepEqual(s.calls, [undefined, 't1', undefined]);
    assert.deepEqual(pager.items.map((r) => r.id), ['a0'], 'rows seen before the reset are shown again');
  });

  it('a failure that arrives after reset is dropped too', async () => {
    let reject!: (e: Error) => void;
    const { pager } = pagerOf(() => new Promise((_, r) => (reject = r)));
    const first = pager.loadNext();
    pager.reset();
    reject(new Error('late'));
    assert.equal(await first, 'superseded');
    assert.equal(pager.state, 'pristine');
    assert.equal(pager.error, undefined);
  });

  it('a page cancelled or reset long ago stays dropped, whatever came between', async () => {
    // Each cancel and reset starts a new generation; an old answer must never match a later one.
    for (const [stop, stopAgain] of [['cancel', 'reset'], ['reset', 'cancel']] as const) {
      const s = source({ first: { items: rows(0, 2), nextToken: 't1' } });
      s.manual();
      const { pager, items } = pagerOf(s.load);
      const first = pager.loadNext();
      pager[stop]();
      const second = pager.loadNext();
      pager[stopAgain]();
      s.pending[0].resolve();
      s.pending[1].resolve();
      assert.equal(await first, 'superseded', `${stop}, load, ${stopAgain}`);
      assert.equal(await second, 'superseded', `${stop}, load, ${stopAgain}`);
      assert.deepEqual(items, [], `${stop}, load, ${stopAgain}: no late rows`);
      assert.equal(pager.pages, 0);
    }
  });

  it('says it stopped on a repeated token only when it did', async () => {
    const s = source({ first: { items: rows(0, 1), nextToken: 't1' }, t1: { items: rows(1, 1) } });
    const { pager } = pagerOf(s.load);
    assert.equal(pager.stoppedOnRepeatedToken, false, 'before any page');
    await pager.loadNext();
    await pager.loadNext();
    assert.equal(pager.hasMore, false);
    assert.equal(pager.stoppedOnRepeatedToken, false, 'the last page had no token');
  });

  it('a page of rows already shown reports nothing new', async () => {
    const s = source({ first: { items: rows(0, 2), nextToken: 't1' }, t1: { items: rows(0, 2), nextToken: 't2' }, t2: { items: [] } });
    const seen: string[][] = [];
    const pager = new Pager(s.load, (r) => r.id, (added) => seen.push(added.map((r) => r.id)));
    await pager.loadNext();
    await pager.loadNext();
    await pager.loadNext();
    assert.deepEqual(seen, [['a0', 'a1']]);
    assert.equal(pager.hasMore, false);
  });
});

