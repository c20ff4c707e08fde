import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CappedPickList } from '../../src/core/pickList';

interface Item {
  readonly label: string;
}
const page = (from: number, n: number): Item[] => Array.from({ length: n }, (_, i) => ({ label: `node-${String(from + i).padStart(5, '0')} ${(from + i) % 10 === 3 ? 'db' : 'web'}` }));

/** Feeds `pages` pages of 50, as discovery hands them over; returns every list handed to the pick. */
function fill(list: CappedPickList<Item>, pages: number, selected: () => readonly Item[] = () => []): (readonly Item[])[] {
  const sentLists: (readonly Item[])[] = [];
  for (let p = 0; p < pages; p++) {
    const next = list.add(page(p * 50, 50), selected());
    if (next) sentLists.push(next);
  }
  return sentLists;
}

describe('CappedPickList: the discovery pick, page by page', () => {
  it('10,000 nodes in 200 pages: at most 500 in the pick, 2,750 items sent in 10 updates (not 1,005,000 in 200)', () => {
    const list = new CappedPickList<Item>(500, (i) => i.label);
    const lists = fill(list, 200);
    assert.equal(list.total, 10_000);
    assert.ok(lists.every((l) => l.length <= 500));
    assert.equal(list.sent, 2_750);
    assert.equal(list.updates, 10);
    assert.equal(lists.at(-1)?.length, 500);
    assert.equal(list.countText(), '10,000');
    assert.equal(list.shownNote(), ' (500 shown: type to narrow)');
  });

  it('under the cap every page sends the list once, with everything found', () => {
    const list = new CappedPickList<Item>(500, (i) => i.label);
    const lists = fill(list, 3);
    assert.deepEqual(lists.map((l) => l.length), [50, 100, 150]);
    assert.equal(list.shownNote(), '');
    assert.equal(list.filter('db', []), undefined, 'the pick filters what it holds itself');
    assert.equal(list.countText(), '150');
  });

  it('typing picks which of the others are shown, and says how many match', () => {
    const list = new CappedPickList<Item>(500, (i) => i.label);
    fill(list, 200);
    const dbs = list.filter('DB', []);
    assert.equal(dbs?.length, 500);
    assert.ok(dbs?.every((i) => i.label.endsWith(' db')));
    assert.equal(list.matching, 1_000);
    assert.equal(list.countText(), '1,000 matching');
    const one = list.filter('node-09993 db', []);
    assert.deepEqual(one?.map((i) => i.label), ['node-09993 db'], 'a node found on the last page is reachable');
    assert.equal(list.shownNote(), '');
    assert.equal(list.filter('node-09993   db', []), undefined, 'the same items: nothing sent');
    assert.equal(list.filter('', [])?.length, 500);
  });

  it('ticked items stay in the list whatever is typed, so they stay ticked', () => {
    const list = new CappedPickList<Item>(500, (i) => i.label);
    const lists = fill(list, 200);
    const ticked = [lists[0][0], lists[0][1]];
    const narrowed = list.filter('node-09993', ticked);
    assert.deepEqual(narrowed?.map((i) => i.label), ['node-09993 db', ticked[0].label, ticked[1].label]);
    const more = list.add(page(10_000, 50), ticked);
    assert.equal(more, undefined, 'nothing new matches: nothing sent');
  });
});
