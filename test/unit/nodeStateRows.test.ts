// One node's pages as the tree shows them (NodeState): its children, its view (summary, failed), its
// error row, and a row a watch read again (Apply Now). Pages arrive when the test says.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AssociationStatusInfo } from '../../src/aws/contract';
import type { NodeElement } from '../../src/tree/elements';
import { NodeState } from '../../src/tree/nodeState';
import type { Page } from '../../src/paging/pager';

const ID = 'i-0123456789abcdef0';

/** A NodeState whose loads wait for the test: `answer` or `fail` the last one. */
function nodeState() {
  const node: NodeElement = { kind: 'node', entry: { kind: 'node', id: ID, index: 0 } };
  const pending: { resolve: (page: Page<AssociationStatusInfo>) => void; reject: (error: unknown) => void }[] = [];
  const state = new NodeState(node, { profile: 'p', region: 'eu-west-1', nodeId: ID }, () => new Promise((resolve, reject) => pending.push({ resolve, reject })));
  return {
    state,
    node,
    pending,
    /** Starts the next page and answers it. */
    async page(page: Page<AssociationStatusInfo>) {
      const done = state.pager.loadNext();
      pending.at(-1)!.resolve(page);
      await done;
    },
    async failing(error: unknown) {
      const done = state.pager.loadNext();
      pending.at(-1)!.reject(error);
      await done;
    },
  };
}

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
const ran = (id: string, Status: string, at: number): AssociationStatusInfo => ({
  AssociationId: id,
  Status,
  DetailedStatus: `${Status}-detail`,
  ErrorCode: Status === 'Failed' ? 'ExecutionError' : '',
  ExecutionSummary: `summary of ${id}`,
  ExecutionDate: new Date(at),
  OutputUrl: { S3OutputUrl: { OutputUrl: `bucket/prefix/${ID}/${id}/run` } },
});

describe('NodeState: what one node shows', () => {
  it('before page 1 the node has no summary and has not failed; a failed page 1 is "failed" with only its error row', async () => {
    const n = nodeState();
    assert.deepEqual(n.state.view(), { summary: undefined, more: false, loading: false, failed: false });
    assert.deepEqual(n.state.children(), []);
    await n.failing(throttled());
    const view = n.state.view();
    assert.equal(view.failed, true);
    assert.equal(view.summary, undefined, 'no page loaded: no "0 loaded" counts');
    const children = n.state.children();
    assert.equal(children.length, 1);
    assert.equal(children[0].kind, 'error');
    assert.equal(children[0].kind === 'error' && children[0].during, 'first');
    assert.equal(children[0].kind === 'error' && children[0].error.code, 'Throttling');
  });

  it('a failed "Load more" keeps the rows above and is not a failed node; its error row is the same object at each redraw', async () => {
    const n = nodeState();
    await n.page({ items: [ran('a1', 'Success', 1), ran('a2', 'Failed', 2)], nextToken: 't1' });
    await n.failing(throttled());
    assert.equal(n.state.view().failed, false, 'the rows loaded stay: the node is not shown as failed');
    assert.deepEqual(n.state.view().summary, { loaded: 2, failed: 1, worst: { icon: 'error', color: 'testing.iconFailed', severity: 4, known: true } });
    const first = n.state.children();
    assert.deepEqual(first.map((c) => c.kind), ['association', 'association', 'error']);
    assert.equal(first[2].kind === 'error' && first[2].during, 'more');
    // The tree knows a row by its object: a new one at each redraw would be a new row to VS Code.
    assert.equal(n.state.children()[2], first[2]);
    assert.equal(n.state.errorElement, first[2]);
  });

  it('Retry after an error: while it loads the error row gives way to "Loading…"; a cancel brings the error back', async () => {
    const n = nodeState();
    await n.page({ items: [ran('a1', 'Success', 1)], nextToken: 't1' });
    await n.failing(throttled());
    const retry = n.state.pager.loadNext();
    assert.equal(n.state.errorElement, undefined, 'no error row while the retry loads');
    assert.deepEqual(n.state.children().map((c) => c.kind), ['association', 'loadMore']);
    assert.equal(n.state.view().loading, true);
    n.state.pager.cancel();
    n.pending.at(-1)!.reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    assert.equal(await retry, 'superseded');
    assert.deepEqual(n.state.children().map((c) => c.kind), ['association', 'error']);
  });

  it('the same error object again after Refresh Node is drawn for page 1, not as the old "Load more" failure', async () => {
    const n = nodeState();
    const error = throttled();
    await n.page({ items: [ran('a1', 'Success', 1)], nextToken: 't1' });
    await n.failing(error);
    assert.equal(n.state.errorElement?.during, 'more');
    n.state.reset();
    await n.failing(error);
    assert.equal(n.state.errorElement?.during, 'first');
    assert.deepEqual(n.state.children().map((c) => c.kind), ['error']);
  });

  it('a node with no associations says so with the info icon; Refresh Node counts its pages anew', async () => {
    const n = nodeState();
    await n.page({ items: [] });
    const children = n.state.children();
    assert.equal(children.length, 1);
    const message = children[0];
    assert.ok(message.kind === 'message');
    assert.equal(message.text, 'No associations');
    assert.equal(message.icon, 'info');
    assert.deepEqual(n.state.view().summary, { loaded: 0, failed: 0 });
    n.state.reset();
    await n.page({ items: [ran('a1', 'Failed', 1)] });
    n.state.reset();
    await n.page({ items: [ran('a1', 'Failed', 1), ran('a2', 'Success', 2)] });
    assert.deepEqual(n.state.view().summary, { loaded: 2, failed: 1, worst: { icon: 'error', color: 'testing.iconFailed', severity: 4, known: true } }, 'not added to the counts before the reset');
  });
});

describe('NodeState.observed: a row as a watch read it', () => {
  async function loaded() {
    const n = nodeState();
    await n.page({ items: [ran('a1', 'Failed', 1_000), ran('a2', 'Success', 2_000)], nextToken: 't1' });
    await n.page({ items: [ran('a3', 'Success', 3_000)] });
    return n;
  }

  it('a new status: the row shows it, with nothing the page said of the old run; the node is counted again', async () => {
    const n = await loaded();
    const row = n.state.observed('a1', 'Success', undefined);
    assert.ok(row);
    assert.deepEqual(row.info, { AssociationId: 'a1', Status: 'Success', ExecutionDate: new Date(1_000) });
    assert.equal(n.state.associations[0], row);
    assert.deepEqual(n.state.children().map((c) => (c.kind === 'association' ? c.info.AssociationId : c.kind)), ['a1', 'a2', 'a3'], 'every loaded page stays');
    assert.deepEqual(n.state.view().summary, { loaded: 3, failed: 0, worst: { icon: 'pass', color: 'testing.iconPassed', severity: 0, known: true } });
  });

  it("a new run date with the same status: the old run's detail, error code, summary and output go too", async () => {
    const n = await loaded();
    const row = n.state.observed('a2', 'Success', 5_000);
    assert.deepEqual(row?.info, { AssociationId: 'a2', Status: 'Success', ExecutionDate: new Date(5_000) });
  });

  it('the same status and date (or none read): the row keeps what its page said', async () => {
    const n = await loaded();
    const same = n.state.observed('a1', 'Failed', 1_000);
    assert.deepEqual(same?.info, ran('a1', 'Failed', 1_000));
    const none = n.state.observed('a3', undefined, undefined);
    assert.deepEqual(none?.info, ran('a3', 'Success', 3_000));
    assert.equal(n.state.view().summary?.failed, 1);
  });

  it('a row not loaded: undefined, and the rows stay as they were', async () => {
    const n = await loaded();
    const before = n.state.associations.slice();
    assert.equal(n.state.observed('a9', 'Failed', 9_000), undefined);
    assert.deepEqual(n.state.associations, before);
  });
});
