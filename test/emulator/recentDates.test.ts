import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultFleet, withRecentDates } from './index.js';

describe('withRecentDates', () => {
  it('moves every date by the same amount so the newest is the given time; keeps odd dates', () => {
    const fleet = defaultFleet();
    const newest = Date.parse('2026-11-26T12:00:00Z');
    const moved = withRecentDates(fleet, newest);
    const dates = (f: typeof fleet) =>
      f.accounts.flatMap((a) => Object.values(a.regions).flat()).flatMap((n) => (n.associations ?? []).map((r) => r.ExecutionDate));
    const before = dates(fleet);
    const after = dates(moved);
    const ms = (d: string | number | undefined) => (typeof d === 'number' ? d * 1000 : typeof d === 'string' ? Date.parse(d) : NaN);
    assert.equal(Math.max(...after.map(ms).filter((x) => x > 0)), newest);
    const shifts = new Set(before.map((d, i) => (ms(d) > 0 ? ms(after[i]) - ms(d) : 'odd')));
    shifts.delete('odd');
    assert.equal(shifts.size, 1, 'one shift for all');
    assert.ok(before.some((d) => d === 0) ? after.includes(0) : true, 'a zero date stays zero');
    assert.deepEqual(dates(fleet), before, 'the input fleet is not changed');
  });
});
