// NodeInformationStore: an answer that lands after Refresh (reset) changes nothing and redraws
// nothing; the region a discovery names for its nodes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DescribedNodes } from '../../src/aws/contract';
import type { AwsScope } from '../../src/core/scope';
import { NodeInformationStore } from '../../src/tree/nodeInformationStore';

/** A describe whose answers the test gives, one call at a time. */
function heldDescribe() {
  const calls: { ids: readonly string[]; signal: AbortSignal; resolve: (d: DescribedNodes) => void; reject: (e: unknown) => void }[] = [];
  const describe = (_placement: AwsScope, ids: readonly string[], signal: AbortSignal) => new Promise<DescribedNodes>((resolve, reject) => calls.push({ ids, signal, resolve, reject }));
  return { calls, describe };
}
const found = (ids: readonly string[], region: string): DescribedNodes => ({ found: ids.map((id) => ({ InstanceId: id, PingStatus: 'Online' })), notFound: [], invalid: [], refusedTogether: [], requests: 1, region });
const tick = () => new Promise((r) => setImmediate(r));

describe('NodeInformationStore after Refresh', () => {
  const a = { profile: 'a' };

  it('an answer that lands after reset is dropped: no redraw, and the new batch of the same group is not touched', async () => {
    const fake = heldDescribe();
    const changed: string[] = [];
    const s = new NodeInformationStore(fake.describe, (k) => changed.push(k));
    s.want(a, ['i-1']);
    s.reset();
    assert.equal(fake.calls[0].signal.aborted, true);
    s.want(a, ['i-1']);
    assert.equal(fake.calls.length, 2, 'after reset the node is asked about again');
    fake.calls[0].resolve(found(['i-1'], 'eu-west-1'));
    await tick();
    assert.deepEqual(changed, [], 'no redraw for an answer nobody waits for');
    assert.equal(s.standing(a, 'i-1'), undefined);
    assert.deepEqual(s.group(a), { loading: true, error: undefined, region: undefined }, 'the new batch is still in flight');
    fake.calls[1].resolve(found(['i-1'], 'eu-west-2'));
    await tick();
    assert.equal(changed.length, 1);
    assert.deepEqual(s.group(a), { loading: false, error: undefined, region: 'eu-west-2' });
  });

  it('a failure that lands after reset is dropped: no error row, no redraw', async () => {
    const fake = heldDescribe();
    const changed: string[] = [];
    const s = new NodeInformationStore(fake.describe, (k) => changed.push(k));
    s.want(a, ['i-1']);
    s.reset();
    s.want(a, ['i-1']);
    fake.calls[0].reject(Object.assign(new Error('This operation was aborted'), { name: 'AbortError', region: 'eu-west-3' }));
    await tick();
    assert.deepEqual(changed, []);
    assert.deepEqual(s.group(a), { loading: true, error: undefined, region: undefined });
    s.want(a, ['i-2']);
    assert.deepEqual(fake.calls.at(-1)?.ids, ['i-2'], 'the group is not left as failed: it still asks');
  });
});

describe('NodeInformationStore.seed: nodes a discovery described', () => {
  it('the region the discovery went to names the group until an answer says otherwise; a later seed does not move it', async () => {
    const fake = heldDescribe();
    const s = new NodeInformationStore(fake.describe, () => undefined);
    const b = { profile: 'b' };
    s.seed(b, [{ InstanceId: 'i-1', PingStatus: 'Online' }]);
    assert.equal(s.group(b)?.region, undefined, 'no region named: none known');
    s.seed(b, [], 'eu-central-1');
    assert.deepEqual(s.group(b), { loading: false, error: undefined, region: 'eu-central-1' });
    s.seed(b, [{ InstanceId: 'i-2', PingStatus: 'Online' }], 'us-east-1');
    s.seed(b, [{ InstanceId: 'i-3', PingStatus: 'Online' }]);
    assert.equal(s.group(b)?.region, 'eu-central-1');
    assert.equal(s.standing(b, 'i-3')?.kind, 'found');
    s.want(b, ['i-1', 'i-2', 'i-3', 'i-4']);
    assert.deepEqual(fake.calls.map((c) => c.ids), [['i-4']], 'seeded nodes need no request');
    fake.calls[0].resolve(found(['i-4'], 'eu-west-1'));
    await tick();
    assert.equal(s.group(b)?.region, 'eu-west-1', 'the answer names the region the requests went to');
  });
});
