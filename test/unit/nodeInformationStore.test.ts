import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DescribedNodes } from '../../src/aws/contract';
import { type AwsScope, scopeKey } from '../../src/core/scope';
import { NodeInformationStore } from '../../src/tree/nodeInformationStore';

/** A describe function answering from a table, with each call held until released. */
function fakeDescribe(fail: (p: AwsScope) => unknown = () => undefined) {
  const calls: { placement: AwsScope; ids: readonly string[]; signal: AbortSignal; release: () => void }[] = [];
  const describe = (placement: AwsScope, ids: readonly string[], signal: AbortSignal) =>
    new Promise<DescribedNodes>((resolve, reject) => {
      calls.push({
        placement,
        ids,
        signal,
        release: () => {
          const error = fail(placement);
          if (error) return reject(error);
          resolve({
            found: ids.filter((id) => !/[xrt]$/.test(id)).map((id) => ({ InstanceId: id, PingStatus: 'Online' })),
            notFound: ids.filter((id) => id.endsWith('x')),
            invalid: ids.filter((id) => id.endsWith('r')),
            refusedTogether: ids.filter((id) => id.endsWith('t')),
            requests: 1,
            region: placement.region ?? 'eu-west-1',
          });
        },
      });
    });
  return { calls, describe };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('NodeInformationStore', () => {
  const a = { profile: 'a' };
  const b = { profile: 'b', region: 'us-east-1' };

  it('asks once per group for what is not known, never twice for an ID in flight', async () => {
    const fake = fakeDescribe();
    const changed: string[] = [];
    const s = new NodeInformationStore(fake.describe, (k) => changed.push(k));
    s.want(a, ['i-1', 'i-2x', 'i-5r', 'i-6t']);
    s.want(a, ['i-1', 'i-2x']);
    s.want(b, ['i-3']);
    assert.equal(fake.calls.length, 2);
    assert.equal(s.group(a)?.loading, true);
    fake.calls[0].release();
    await tick();
    assert.deepEqual(s.standing(a, 'i-1')?.kind, 'found');
    assert.deepEqual(s.standing(a, 'i-2x')?.kind, 'notFound');
    assert.deepEqual(s.standing(a, 'i-5r')?.kind, 'invalid');
    assert.deepEqual(s.standing(a, 'i-6t')?.kind, 'refusedTogether', 'refused with its batch, not searched one by one');
    assert.equal(s.group(a)?.loading, false);
    assert.equal(s.group(b)?.loading, true, 'the other group is not waited for');
    assert.deepEqual(changed, [scopeKey(a)]);
    s.want(a, ['i-1', 'i-2x', 'i-4']);
    assert.deepEqual(fake.calls[2].ids, ['i-4'], 'only the new node is asked about');
  });

  it('a failing group keeps its error until Retry; other groups are unaffected', async () => {
    const fake = fakeDescribe((p) => (p.profile === 'b' ? Object.assign(new Error('expired'), { name: 'ExpiredTokenException' }) : undefined));
    const s = new NodeInformationStore(fake.describe, () => undefined);
    s.want(a, ['i-1']);
    s.want(b, ['i-3']);
    for (const c of fake.calls) c.release();
    await tick();
    assert.equal((s.group(b)?.error as Error).name, 'ExpiredTokenException');
    assert.equal(s.standing(a, 'i-1')?.kind, 'found');
    s.want(b, ['i-3']);
    assert.equal(fake.calls.length, 2, 'no new request for a failed group until Retry');
    s.retry(b, ['i-3']);
    assert.equal(fake.calls.length, 3);
    assert.equal(s.group(b)?.error, undefined);
  });

  it('reset cancels what is in flight and drops its late answer; seeded nodes need no request', async () => {
    const fake = fakeDescribe();
    const s = new NodeInformationStore(fake.describe, () => undefined);
    s.want(a, ['i-1']);
    s.reset();
    assert.equal(fake.calls[0].signal.aborted, true);
    fake.calls[0].release();
    await tick();
    assert.equal(s.standing(a, 'i-1'), undefined);
    s.seed(a, [{ InstanceId: 'i-9', PingStatus: 'Inactive' }]);
    s.want(a, ['i-9']);
    assert.equal(fake.calls.length, 1);
    assert.equal(s.standing(a, 'i-9')?.kind, 'found');
  });
});

describe('scopeKey: the one (profile, region) key', () => {
  it('equal scopes, equal keys; different scopes, different keys, whatever the names hold', () => {
    assert.equal(scopeKey({ profile: 'p', region: 'eu-west-1' }), scopeKey({ region: 'eu-west-1', profile: 'p' }));
    assert.equal(scopeKey({}), scopeKey({ profile: undefined, region: undefined }));
    const scopes = [{}, { profile: '' }, { profile: 'a' }, { region: 'a' }, { profile: 'a|', region: 'b' }, { profile: 'a', region: '|b' }, { profile: 'null' }, { profile: '"a",null' }];
    assert.equal(new Set(scopes.map(scopeKey)).size, scopes.length);
  });
});
