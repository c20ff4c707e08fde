import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusLook } from '../../src/core/status';
import {
  countsText,
  overviewView,
  failingFirst,
  filterProblem,
  filtersText,
  isFailingAssociation,
  sanitizeAssociation,
  sanitizeExecutionTarget,
  targetsText,
  toFilterList,
  worstLook,
  associationLabel,
  type AssociationOverviewCounts,
  type AssociationSummary,
} from '../../src/core/associationRows';

const a = (over: Partial<AssociationSummary> = {}): AssociationSummary => ({ associationId: 'id-1', targets: [], ...over });

describe('associationRows', () => {
  it('says targets in short', () => {
    assert.equal(targetsText(a({ targets: [{ key: 'tag:Env', values: ['prod'] }] })), 'tag:Env=prod');
    assert.equal(targetsText(a({ targets: [{ key: 'InstanceIds', values: ['i-1', 'i-2', 'i-3'] }] })), '3 nodes');
    assert.equal(targetsText(a({ targets: [{ key: 'InstanceIds', values: ['i-1'] }] })), '1 node');
    assert.equal(targetsText(a({ targets: [{ key: 'InstanceIds', values: ['*'] }] })), 'all managed nodes');
    assert.equal(targetsText(a({ targets: [{ key: 'resource-groups:Name', values: ['web'] }] })), 'resource group web');
    assert.equal(targetsText(a({ targets: [{ key: 'tag:Env', values: ['prod'] }, { key: 'tag:Role', values: ['web', 'db'] }] })), 'tag:Env=prod; tag:Role=web,db');
    assert.equal(targetsText(a({ instanceId: 'i-1' })), '1 node');
    assert.equal(targetsText(a()), 'no targets');
    // Fleet text is inert: one line.
    assert.equal(targetsText(a({ targets: [{ key: 'tag:X', values: ['a\nb'] }] })), 'tag:X=a b');
  });

  it('counts worst first, with the worst status as the icon', () => {
    const overview = { status: 'Failed', counts: { Success: 37, Pending: 2, Failed: 3 } };
    assert.equal(countsText(overview), '3 failed · 2 pending · 37 success');
    assert.equal(countsText({ counts: { TimedOut: 1, InProgress: 2 } }), '1 timed out · 2 in progress');
    assert.equal(countsText({ counts: { Success: 0 } }), 'no nodes');
    assert.equal(countsText(undefined), undefined);
    assert.equal(worstLook(overview).icon, 'error');
    assert.equal(worstLook({ status: 'Success', counts: { Success: 4 } }).icon, 'pass');
    assert.equal(worstLook({ status: 'Pending', counts: {} }).icon, 'clock');
    assert.equal(worstLook({ counts: { Weird: 1, Success: 1 } }).known, false);
  });

  it('counts made once per shape of overview: equal overviews share a view, any different part gives its own', () => {
    const v = (status: string | undefined, counts: Record<string, number>) => overviewView({ status, counts });
    assert.equal(v('Failed', { Failed: 1, Success: 2 }), v('Failed', { Failed: 1, Success: 2 }), 'the same view object');
    assert.equal(v('Failed', { Success: 2, Failed: 1 }).counts, '1 failed · 2 success');
    assert.equal(v('Failed', { Failed: 2, Success: 2 }).counts, '2 failed · 2 success');
    assert.equal(v('Failed', { Failed: 1 }).counts, '1 failed');
    assert.equal(v('Failed', {}).look.icon, 'error');
    assert.equal(v('Pending', {}).look.icon, 'clock');
    assert.equal(v(undefined, {}).look.icon, statusLook(undefined).icon);
    // No status and a status are told apart; a status that reads like a number is still a status.
    assert.equal(v('Success', {}).look.icon, 'pass');
    assert.notEqual(v(undefined, {}), v('Success', {}));
    assert.equal(v('Success', { '1': 1 }).counts, '1 1');
    assert.equal(v('Success', { '1': 2 }).counts, '2 1');
    const shapes: (AssociationOverviewCounts | undefined)[] = [undefined, { counts: {} }, { status: 'Failed', counts: {} }, { counts: { TimedOut: 1 } }, { counts: { Failed: 0, Success: 1 } }, { status: 'Success', counts: { Failed: 2 } }];
    for (const o of shapes) {
      assert.equal(overviewView(o).failing, isFailingAssociation(a({ overview: o })), JSON.stringify(o));
    }
    // Many shapes: the cache starts over, and the answers stay right.
    for (let n = 0; n < 3000; n++) assert.equal(v('Success', { Success: n, Failed: n % 2 }).counts, n % 2 ? `1 failed · ${n} success` : n ? `${n} success` : 'no nodes');
  });

  it('puts failing associations first, keeping the service order within each part', () => {
    const ok1 = a({ associationId: 'ok1', overview: { status: 'Success', counts: { Success: 1 } } });
    const bad1 = a({ associationId: 'bad1', overview: { status: 'Failed', counts: { Failed: 1 } } });
    const ok2 = a({ associationId: 'ok2' });
    const bad2 = a({ associationId: 'bad2', overview: { status: 'Pending', counts: { TimedOut: 1 } } });
    assert.deepEqual(failingFirst([ok1, bad1, ok2, bad2], isFailingAssociation).map((x) => x.associationId), ['bad1', 'bad2', 'ok1', 'ok2']);
    assert.equal(isFailingAssociation(a({ overview: { status: 'Failed', counts: {} } })), true);
    assert.equal(isFailingAssociation(a({ overview: { status: 'Success', counts: { Success: 3, Skipped: 1 } } })), false);
  });

  it('keeps only typed fields of a ListAssociations item', () => {
    assert.equal(sanitizeAssociation({ Name: 'doc' }), undefined);
    assert.equal(sanitizeAssociation(null), undefined);
    const s = sanitizeAssociation({
      AssociationId: 'x',
      AssociationName: 7,
      Name: 'AWS-RunShellScript',
      Targets: [{ Key: 'tag:Env', Values: ['prod', 3] }, 'junk'],
      LastExecutionDate: 1700000000.5,
      Overview: { Status: 'Failed', AssociationStatusAggregatedCount: { Failed: 2, Success: 'many', Pending: -1 } },
    })!;
    assert.equal(s.name, undefined);
    assert.equal(s.document, 'AWS-RunShellScript');
    assert.deepEqual(s.targets, [{ key: 'tag:Env', values: ['prod'] }, { key: '', values: [] }]);
    assert.equal(s.lastExecution?.getTime(), 1700000000500);
    assert.deepEqual(s.overview, { status: 'Failed', detailedStatus: undefined, counts: { Failed: 2 } });
    assert.equal(associationLabel(s), 'AWS-RunShellScript');
    assert.equal(associationLabel({ ...s, name: 'nightly' }), 'nightly');
    assert.equal(sanitizeAssociation({ AssociationId: 'y' })!.overview, undefined);
  });

  it('reads an execution target and its Run Command source', () => {
    assert.equal(sanitizeExecutionTarget({ ExecutionId: 'e' }), undefined);
    const t = sanitizeExecutionTarget({ ExecutionId: 'e', ResourceId: 'i-1', Status: 'Failed', OutputSource: { OutputSourceId: 'c', OutputSourceType: 'RunCommand' } })!;
    assert.equal(t.commandId, 'c');
    assert.equal(sanitizeExecutionTarget({ ExecutionId: 'e', ResourceId: 'i-1', OutputSource: { OutputSourceId: 'c', OutputSourceType: 'Other' } })!.commandId, undefined);
  });

  it('turns filters into the service\'s AssociationFilterList', () => {
    assert.equal(toFilterList([]), undefined);
    assert.deepEqual(
      toFilterList([
        { key: 'AssociationName', value: ' web ' },
        { key: 'AssociationStatusName', value: 'Failed' },
        { key: 'LastExecutedAfter', value: '2025-06-01' },
        { key: 'AssociationName', value: 'db-check' },
        { key: 'LastExecutedBefore', value: 'yesterday' },
      ]),
      [
        { key: 'AssociationName', value: 'db-check' },
        { key: 'AssociationStatusName', value: 'Failed' },
        { key: 'LastExecutedAfter', value: '2025-06-01T00:00:00.000Z' },
      ],
    );
    assert.match(filterProblem('AssociationStatusName', 'Broken')!, /Pending, Success, Failed/);
    assert.match(filterProblem('AssociationName', 'a b')!, /3–128/);
    assert.equal(filterProblem('Name', 'AWS-RunShellScript'), undefined);
    assert.equal(filterProblem('Name', '  '), 'Type a value.');
    assert.equal(filtersText([{ key: 'Name', value: 'AWS-X' }, { key: 'AssociationStatusName', value: 'Failed' }]), 'document=AWS-X · status=Failed');
    assert.equal(filtersText([]), undefined);
  });
});
