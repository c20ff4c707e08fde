import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeElement, TreeElement } from '../../src/tree/elements';
import { FailedOnlyFilter } from '../../src/tree/failedOnlyFilter';

const node = { kind: 'node', entry: { kind: 'node', id: 'i-0123456789abcdef0', index: 0 } } as unknown as NodeElement;
const row = (Status: string) => ({ kind: 'association', node, info: { AssociationId: Status, Status } }) as unknown as TreeElement;

describe('Show Failed Only under a node', () => {
  it("keeps the failed rows, the node's error row and its \"Load more…\" row; hides the others", () => {
    const filter = new FailedOnlyFilter(() => ({ overviewFailed: 1 }));
    const failed = row('Failed');
    const timedOut = row('TimedOut');
    const error = { kind: 'error', node, error: { title: 'Throttled' } } as unknown as TreeElement;
    const loadMore = { kind: 'loadMore', node } as unknown as TreeElement;
    const children = [failed, row('Success'), timedOut, row('Pending'), error, loadMore];
    assert.deepEqual(filter.children(node, children, 4), children, 'off: everything');
    filter.set(true);
    assert.deepEqual(filter.children(node, children, 4), [failed, timedOut, error, loadMore]);
  });

  it('with no failed row loaded, says so, and still keeps "Load more…" (the failed ones may be further on)', () => {
    const filter = new FailedOnlyFilter(() => ({ overviewFailed: 1 }));
    filter.set(true);
    const loadMore = { kind: 'loadMore', node } as unknown as TreeElement;
    const kept = filter.children(node, [row('Success'), loadMore], 1);
    assert.deepEqual(kept.map((e) => e.kind), ['loadMore']);
    assert.deepEqual(filter.children(node, [row('Success')], 1).map((e) => e.kind), ['message']);
  });
});
