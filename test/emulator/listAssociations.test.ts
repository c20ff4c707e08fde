/** ListAssociations on the demo fleet, with the real @aws-sdk/client-ssm over HTTP. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Association, DescribeInstanceAssociationsStatusCommand, ListAssociationsCommand, type ListAssociationsCommandInput, SSMClient } from '@aws-sdk/client-ssm';
import { type Emulator, DEMO, DEMO_FLEET, KEYS, demoFleet, start } from './index.js';

async function all(c: SSMClient, input: ListAssociationsCommandInput = {}): Promise<{ items: Association[]; pages: number }> {
  const items: Association[] = [];
  let NextToken: string | undefined;
  let pages = 0;
  do {
    const out = await c.send(new ListAssociationsCommand({ ...input, NextToken }));
    items.push(...(out.Associations ?? []));
    NextToken = out.NextToken;
    assert.ok(++pages < 100, 'runaway paging');
  } while (NextToken);
  return { items, pages };
}

describe('ListAssociations', () => {
  let emu: Emulator;
  let c: SSMClient;
  before(async () => {
    emu = await start({ fleet: demoFleet() });
    c = new SSMClient({ endpoint: emu.url, region: DEMO.region, credentials: KEYS.demo, maxAttempts: 1 });
  });
  after(() => emu.stop());

  it('pages with MaxResults and NextToken, each association once', async () => {
    const { items, pages } = await all(c, { MaxResults: 2 });
    const ids = items.map((a) => a.AssociationId);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(pages, Math.ceil(ids.length / 2));
    assert.ok(ids.includes(DEMO_FLEET.associations.hardening));
  });

  it('refuses MaxResults outside 1–50 and a foreign token', async () => {
    await assert.rejects(c.send(new ListAssociationsCommand({ MaxResults: 51 })), { name: 'ValidationException' });
    await assert.rejects(c.send(new ListAssociationsCommand({ MaxResults: 0 })), { name: 'ValidationException' });
    await assert.rejects(c.send(new ListAssociationsCommand({ NextToken: 'forged' })), { name: 'InvalidNextToken' });
  });

  it('counts the Overview from the nodes\' status rows, as DescribeInstanceAssociationsStatus shows them', async () => {
    const { items } = await all(c, { AssociationFilterList: [{ key: 'AssociationId', value: DEMO_FLEET.associations.hardening }] });
    assert.equal(items.length, 1);
    const a = items[0];
    assert.equal(a.AssociationName, 'hardening');
    assert.deepEqual(a.Targets, [{ Key: 'tag:Role', Values: ['web'] }]);
    const counts = a.Overview?.AssociationStatusAggregatedCount ?? {};
    assert.ok((counts.Failed ?? 0) > 0 && (counts.Success ?? 0) > 0);
    assert.equal(a.Overview?.Status, 'Failed');
    const row = await c.send(new DescribeInstanceAssociationsStatusCommand({ InstanceId: DEMO_FLEET.nodes.failedHardening }));
    assert.equal(row.InstanceAssociationStatusInfos?.find((r) => r.AssociationId === a.AssociationId)?.Status, 'Failed');
    assert.ok(a.LastExecutionDate instanceof Date);
  });

  it('filters by document, name, status and last execution, and refuses an unknown key', async () => {
    const byDoc = await all(c, { AssociationFilterList: [{ key: 'Name', value: 'AWS-UpdateSSMAgent' }] });
    assert.ok(byDoc.items.length >= 1 && byDoc.items.every((a) => a.Name === 'AWS-UpdateSSMAgent'));
    const byName = await all(c, { AssociationFilterList: [{ key: 'AssociationName', value: 'backup-check' }] });
    assert.deepEqual(byName.items.map((a) => a.AssociationId), [DEMO_FLEET.associations.backup]);
    const failed = await all(c, { AssociationFilterList: [{ key: 'AssociationStatusName', value: 'Failed' }] });
    assert.ok(failed.items.length > 0 && failed.items.every((a) => a.Overview?.Status === 'Failed'));
    const everything = await all(c);
    const before = await all(c, { AssociationFilterList: [{ key: 'LastExecutedBefore', value: '2000-01-01T00:00:00Z' }] });
    const after = await all(c, { AssociationFilterList: [{ key: 'LastExecutedAfter', value: '2000-01-01T00:00:00Z' }] });
    const cut = Date.parse('2000-01-01T00:00:00Z');
    assert.ok(before.items.every((a) => a.LastExecutionDate!.getTime() < cut));
    assert.ok(after.items.length > 0 && after.items.every((a) => a.LastExecutionDate!.getTime() > cut));
    assert.equal(before.items.length + after.items.length, everything.items.filter((a) => a.LastExecutionDate).length);
    await assert.rejects(c.send(new ListAssociationsCommand({ AssociationFilterList: [{ key: 'Colour' as never, value: 'x' }] })), { name: 'ValidationException' });
  });

  it('lists only the caller\'s account and region', async () => {
    const other = new SSMClient({ endpoint: emu.url, region: DEMO.otherRegion, credentials: KEYS.demo, maxAttempts: 1 });
    const here = (await all(c)).items.map((a) => a.AssociationId);
    const there = (await all(other)).items.map((a) => a.AssociationId);
    assert.ok(there.length > 0);
    assert.equal(there.filter((id) => here.includes(id)).length, 0);
  });
});
