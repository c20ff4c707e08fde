import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AssociationRun, RunsPage } from '../../src/aws/contract';
import { RunHistory } from '../../src/tree/runHistory';

const run = (n: number): AssociationRun => ({ executionId: `exec-${n}`, status: 'Success' }) as AssociationRun;

/** 3 pages of 10 runs; each call held until released. */
function fakeRuns() {
  const calls: { token: string | undefined; signal: AbortSignal; release: () => void }[] = [];
  const listRuns = (token: string | undefined, signal: AbortSignal) =>
    new Promise<RunsPage>((resolve) => {
      const page = token === undefined ? 0 : Number(token);
      calls.push({
        token,
        signal,
        release: () => resolve({ runs: Array.from({ length: 10 }, (_, i) => run(page * 10 + i)), nextToken: page < 2 ? String(page + 1) : undefined, executionsRead: 10 }),
      });
    });
  return { calls, listRuns };
}

describe("RunHistory: Show History's pages", () => {
  it('a second "Load more…" while a page loads shares it: 3 Enters, one request, 10 distinct runs more', async () => {
    const fake = fakeRuns();
    const history = new RunHistory(fake.listRuns);
    const first = history.loadMore();
    fake.calls[0].release();
    assert.equal(await first, 'loaded');
    assert.equal(history.canLoadMore, true);
    const enters = [history.loadMore(), history.loadMore(), history.loadMore()];
    assert.equal(history.canLoadMore, false, '"Load more…" is not offered while its page loads');
    assert.equal(fake.calls.length, 2, 'one request for three Enters');
    fake.calls[1].release();
    await Promise.all(enters);
    assert.equal(history.runs.length, 20);
    assert.equal(new Set(history.runs.map((r) => r.executionId)).size, 20);
  });

  it('the last page ends "Load more…"; closing the pick cancels the page in flight', async () => {
    const fake = fakeRuns();
    const history = new RunHistory(fake.listRuns);
    for (let i = 0; i < 3; i++) {
      const load = history.loadMore();
      fake.calls[i].release();
      await load;
    }
    assert.deepEqual([history.runs.length, history.canLoadMore], [30, false]);
    const other = new RunHistory(fake.listRuns);
    void other.loadMore();
    other.close();
    assert.equal(fake.calls.at(-1)?.signal.aborted, true);
  });
});
