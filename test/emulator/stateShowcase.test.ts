/** The state showcase of `npm run demo`: every association status, as ListAssociations counts it (real SDK over HTTP). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Association, ListAssociationsCommand, SSMClient } from '@aws-sdk/client-ssm';
import { type Emulator, DEMO, KEYS, STATE_SHOWCASE, demoFleet, start, validateFleet, withStateShowcase } from './index.js';
import { STATES } from './stateShowcase.js';

describe('withStateShowcase', () => {
  let emu: Emulator;
  let c: SSMClient;
  before(async () => {
    emu = await start({ fleet: validateFleet(withStateShowcase(demoFleet())) });
    c = new SSMClient({ endpoint: emu.url, region: DEMO.region, credentials: KEYS.demo, maxAttempts: 1 });
  });
  after(() => emu.stop());

  it(`adds ${STATE_SHOWCASE.count} associations whose overviews count every status`, async () => {
    const items: Association[] = [];
    let NextToken: string | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const out = await c.send(new ListAssociationsCommand({ MaxResults: 50, NextToken }));
      items.push(...(out.Associations ?? []));
      NextToken = out.NextToken;
      if (!NextToken) break;
    }
    assert.equal(NextToken, undefined);
    const mine = items.filter((a) => a.Name !== undefined && (a.AssociationName ?? '').startsWith('state-'));
    assert.equal(mine.length, STATE_SHOWCASE.count);
    const counted = new Set(mine.flatMap((a) => Object.keys(a.Overview?.AssociationStatusAggregatedCount ?? {})));
    // Pending rows are counted under their status, Pending (DetailedStatus Associated).
    for (const s of STATES) assert.ok(counted.has(s), `${s} counted: ${[...counted].join(', ')}`);
    const mixed = mine.find((a) => a.AssociationName === STATE_SHOWCASE.name(1))!;
    assert.deepEqual(mixed.Overview?.AssociationStatusAggregatedCount, { Failed: 1, Success: STATE_SHOWCASE.nodesEach - 1 });
  });
});
