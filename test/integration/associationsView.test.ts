import assert from 'node:assert/strict';
import { scopeKey } from '../../src/core/scope';
import { describe, it } from 'node:test';
import { parseSettings } from '../../src/core/settings';
import { AssociationsModel, ASSOCIATIONS_PAGE_SIZE } from '../../src/tree/associations/model';
import type { AssocElement, AssocStatusElement, AssocTargetElement, AssocTreeElement } from '../../src/tree/associations/elements';
import { FleetWatch, type RoundOutcome } from '../../src/core/fleetWatch';
import { readRound } from '../../src/tree/associations/watchRound';
import { associationFleet, associationFleetId, associationFleetNodeIds } from '../emulator/associationFleet';
import { KEYS } from '../emulator/index';
import { useWorld } from './helpers';

const A = 120;

describe('Associations view against the local SSM endpoint (real SDK, real HTTP)', () => {
  const world = useWorld(associationFleet(A, { nodes: 12 }));
  const model = (settings: Parameters<typeof parseSettings>[0] = { profile: 'ssm-demo' }) => {
    const backend = world().backend();
    const redraws: (AssocTreeElement | undefined)[] = [];
    const m = new AssociationsModel({ backend: { get: async () => backend }, readSettings: () => parseSettings(settings), onChange: (e) => redraws.push(e) });
    return { m, redraws };
  };
  const ops = (name: string) => world().emulator.log.filter((e) => e.operation === name);

  it(`opening with ${A} associations costs ⌈${A}/50⌉ ListAssociations requests, none while hidden, failing first`, async () => {
    const { m } = model();
    assert.deepEqual(await m.getChildren(), []);
    assert.equal(world().emulator.log.length, 0, 'no request while hidden');
    m.setVisible(true);
    const rows = (await m.getChildren()) as AssocElement[];
    assert.equal(rows.length, A);
    const list = ops('ListAssociations');
    assert.equal(list.length, Math.ceil(A / ASSOCIATIONS_PAGE_SIZE));
    assert.ok(list.every((e) => e.maxResults === 50 && e.accessKeyId === KEYS.demo.accessKeyId));
    assert.equal(list[1].nextToken, list[0].nextTokenOut);
    // Failing first: every failing row comes before every other.
    const failing = rows.map((r) => m.itemOf(r).contextValue === 'assoc.failing');
    assert.ok(failing[0]);
    assert.equal(failing.lastIndexOf(true), failing.filter(Boolean).length - 1);
    assert.equal(m.failingCount(), failing.filter(Boolean).length);
    assert.match(m.itemOf(rows[0]).description ?? '', /failed|timed out/);
    // A second draw costs nothing.
    await m.getChildren();
    assert.equal(ops('ListAssociations').length, Math.ceil(A / ASSOCIATIONS_PAGE_SIZE));
  });

  it('expanding an association reads its latest run (one request to name it, one for its nodes), failed nodes first', async () => {
    const { m } = model();
    m.setVisible(true);
    const rows = (await m.getChildren()) as AssocElement[];
    world().emulator.clearLog();
    const failingRow = rows[0];
    const targets = (await m.getChildren(failingRow)) as AssocTargetElement[];
    assert.deepEqual(world().emulator.log.map((e) => e.operation), ['DescribeAssociationExecutions', 'DescribeAssociationExecutionTargets']);
    assert.ok(targets.length >= 1);
    assert.ok(['Failed', 'TimedOut'].includes(targets[0].target.status ?? ''));
    assert.equal(targets[0].kind, 'association');
    assert.equal(targets[0].node.entry.profile, 'ssm-demo');
    assert.equal(targets[0].info.AssociationId, failingRow.summary.associationId);
    assert.ok(associationFleetNodeIds(12).includes(targets[0].target.resourceId));
    await m.getChildren(failingRow);
    assert.equal(world().emulator.log.length, 2, 'a second draw costs nothing');
  });

  it('the CodeLens side: nothing loaded reads as none with no request; loadLists loads a hidden list; findRow gives the row reveal needs', async () => {
    const { m, redraws } = model();
    const [before] = m.loadedLists();
    assert.deepEqual([before.state, before.items.length, before.key], ['none', 0, scopeKey({ profile: 'ssm-demo' })]);
    assert.equal(world().emulator.log.length, 0, 'reading the lists asks nothing');
    await m.loadLists([before.key, 'no such key']);
    assert.equal(ops('ListAssociations').length, Math.ceil(A / ASSOCIATIONS_PAGE_SIZE), 'the whole list, while the view is hidden');
    const [after] = m.loadedLists();
    assert.equal(after.state, 'loaded');
    assert.equal(after.items.length, A);
    assert.ok(redraws.length >= 2, 'the view (and so the lenses) is told');
    await m.loadLists([before.key]);
    assert.equal(ops('ListAssociations').length, Math.ceil(A / ASSOCIATIONS_PAGE_SIZE), 'a loaded list is not read again');
    const row = m.findRow(after.key, after.items[5].associationId);
    assert.equal(row?.summary, after.items[5]);
    assert.equal(m.getParent(row!), undefined, 'one scope: the rows are at the root');
    m.setVisible(true);
    assert.ok(((await m.getChildren()) as AssocElement[]).includes(row!), 'the same element the view draws');
    assert.equal(m.findRow(after.key, 'no-such-id'), undefined);
  });

  it('filters are sent to the service, not applied on our side', async () => {
    const { m } = model();
    m.setVisible(true);
    m.setFilters([{ key: 'AssociationStatusName', value: 'Failed' }]);
    const rows = (await m.getChildren()) as AssocElement[];
    assert.ok(rows.length > 0 && rows.length < A);
    assert.ok(rows.every((r) => r.summary.overview?.status === 'Failed'));
    assert.equal(ops('ListAssociations').length, 1);
  });

  it('a credential error is one error row; Retry asks again', async () => {
    const { m } = model({ profile: 'ssm-unknown-key' });
    m.setVisible(true);
    const rows = (await m.getChildren()) as AssocStatusElement[];
    assert.equal(rows.length, 1);
    assert.equal(rows[0].kind, 'assocError');
    assert.equal(rows[0].error?.code, 'UnrecognizedClient');
    assert.equal(ops('ListAssociations').length, 1);
    await m.loadMore(rows[0]);
    assert.equal(ops('ListAssociations').length, 2);
  });

  it('a watch round costs ⌈N/50⌉ + ⌈A/50⌉ requests, feeds the view without more, and names the association that turned failed', async () => {
    const ids = associationFleetNodeIds(12);
    const settings = { profile: 'ssm-demo', nodes: ids };
    const { m } = model(settings);
    m.setVisible(true);
    const backend = world().backend();
    const round = () => readRound(backend, parseSettings(settings), m.scopes, m.currentFilters, new AbortController().signal);
    const first = await round();
    assert.equal(first.outcome.kind, 'read');
    assert.equal(ops('DescribeInstanceInformation').length, Math.ceil(ids.length / 50));
    assert.equal(ops('ListAssociations').length, Math.ceil(A / 50));
    assert.equal(first.requests, Math.ceil(ids.length / 50) + Math.ceil(A / 50));
    // The round's pages draw the view: no request.
    world().emulator.clearLog();
    for (const r of first.readings) m.applyRound(scopeKey({ profile: 'ssm-demo' }), r.associations, r.nextToken);
    assert.equal(((await m.getChildren()) as AssocElement[]).length, A);
    assert.equal(world().emulator.log.length, 0);

    // The endpoint turns association 0 (Success on all its nodes) failed on one node.
    const id = associationFleetId(0);
    const holder = world().emulator.fleet.accounts.find((a) => a.name === 'demo')!.regions['eu-west-1']!.find((n) => n.associations?.some((r) => r.AssociationId === id))!;
    const row = holder.associations!.find((r) => r.AssociationId === id)!;
    assert.equal(row.Status, 'Success');
    // Through the watch, on a clock the test moves.
    const outcomes: RoundOutcome[] = [first.outcome];
    const notified: string[][] = [];
    let timer: (() => void) | undefined;
    const watch = new FleetWatch({
      clock: { now: () => 0, setTimeout: (run) => (timer = run), clearTimeout: () => (timer = undefined) },
      read: async () => outcomes.shift() ?? (await round()).outcome,
      active: () => true,
      turnedFailed: (things) => notified.push(things.map((t) => t.name)),
      stopped: () => assert.fail('no credential error here'),
    });
    watch.configure(2 * 60_000);
    const tick = async () => {
      const before = watch.rounds;
      timer!();
      while (watch.rounds === before) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    await tick();
    assert.deepEqual(notified, [], 'the first round only sets what is known');
    row.Status = 'Failed';
    row.DetailedStatus = 'Failed';
    world().emulator.clearLog();
    await tick();
    assert.deepEqual(notified, [['Association assoc-00000']]);
    assert.equal(world().emulator.log.length, Math.ceil(ids.length / 50) + Math.ceil(A / 50));
    watch.dispose();
  });

  it('a round stops the watch on a credential error, once', async () => {
    const settings = { profile: 'ssm-expired' };
    const backend = world().backend();
    const result = await readRound(backend, parseSettings(settings), [{ profile: 'ssm-expired' }], [], new AbortController().signal);
    assert.equal(result.outcome.kind, 'credentials');
    assert.equal(ops('ListAssociations').length, 1);
  });
});
