// The answer faults that node summaries and discovery are tested with (README "Faults"):
// an empty last NextToken, stray and repeated nodes, a list member that is not a list or absent.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type Emulator, DEMO, start } from './index.js';
import { rawCall } from './helpers.js';

describe('answer faults of the SSM endpoint', () => {
  let emu: Emulator;
  before(async () => {
    emu = await start();
  });
  after(() => emu.stop());
  beforeEach(() => emu.clearFaults());

  const dii = (body: Record<string, unknown>) => rawCall(emu.url, 'AmazonSSM.DescribeInstanceInformation', body).then((r) => r.json ?? {});
  const byIds = (...ids: string[]) => ({ Filters: [{ Key: 'InstanceIds', Values: ids }] });
  const idsOf = (answer: Record<string, unknown>) => (answer.InstanceInformationList as { InstanceId: string }[]).map((n) => n.InstanceId);

  it('emptyNextToken: the last page says "" instead of leaving NextToken out; other pages keep their token', async () => {
    const plain = await dii(byIds(DEMO.nodes.three));
    assert.equal('NextToken' in plain, false);
    emu.setFault({ emptyNextToken: true });
    assert.equal((await dii(byIds(DEMO.nodes.three))).NextToken, '');
    const first = await dii({ MaxResults: 5 });
    assert.equal(typeof first.NextToken, 'string');
    assert.notEqual(first.NextToken, '');
    const last = await dii({ MaxResults: 50, NextToken: first.NextToken });
    assert.equal(last.NextToken, '');
  });

  it('strayNodes: the page, its first node again, and a node the filter did not ask for', async () => {
    emu.setFault({ strayNodes: true });
    const ids = idsOf(await dii(byIds(DEMO.nodes.three, DEMO.nodes.many)));
    assert.equal(ids.length, 4);
    assert.deepEqual(ids.slice(0, 3), [DEMO.nodes.three, DEMO.nodes.many, DEMO.nodes.three]);
    assert.ok(ids[3] !== DEMO.nodes.three && ids[3] !== DEMO.nodes.many, ids[3]);
    assert.equal(emu.log.at(-1)?.returned, 2);
  });

  it("malformed 'not-a-list' and 'no-list': the list member is an object, or absent", async () => {
    emu.setFault({ malformed: 'not-a-list' });
    const object = await dii(byIds(DEMO.nodes.three));
    assert.equal(Array.isArray(object.InstanceInformationList), false);
    assert.equal((object.InstanceInformationList as Record<string, { InstanceId: string }>)['0'].InstanceId, DEMO.nodes.three);
    emu.setFault({ malformed: 'no-list' });
    assert.deepEqual(await dii(byIds(DEMO.nodes.three)), {});
  });

  it('refuses a malformed fault it does not know, and non-boolean switches', () => {
    assert.throws(() => emu.setFault({ malformed: 'sideways' as never }), /malformed must be/);
    assert.throws(() => emu.setFault({ strayNodes: 'yes' as never }), /strayNodes must be a boolean/);
    assert.throws(() => emu.setFault({ emptyNextToken: 1 as never }), /emptyNextToken must be a boolean/);
  });
});
