import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withDiscoveredNodes, labelFrom } from '../../src/core/discoveredNodes';
import { badgeTooltip, failingCount, isFailing, visibleNodes } from '../../src/core/failures';
import { isFailedStatus } from '../../src/core/status';
import { parseFleetSettings } from '../../src/core/fleetSettings';
import { groupLabel, groupsOf, shouldGroup } from '../../src/core/grouping';
import { combineFilters, filtersText, parseFilterText, TAG_COMBINATION_PROBLEM } from '../../src/core/nodeFilters';
import { sanitizeNodeInformation } from '../../src/core/nodeInformation';
import { failedCount, overviewText, pingLook, standingLook } from '../../src/core/overview';

const overview = (counts: Record<string, number>) => ({ counts });

describe('overview text and ping icon', () => {
  it('reads like "2 failed · 14"', () => {
    assert.equal(overviewText(overview({ Failed: 2, Success: 12 })), '2 failed · 14');
    assert.equal(overviewText(overview({ TimedOut: 1, Failed: 1, Pending: 1 })), '2 failed · 3');
    assert.equal(overviewText(overview({ Success: 14 })), '14 associations');
    assert.equal(overviewText(overview({ Pending: 1 })), '1 association');
    assert.equal(overviewText(overview({})), 'no associations');
    assert.equal(overviewText(undefined), undefined);
    assert.equal(failedCount(overview({ Failed: 3, Success: 1 })), 3);
  });
  it('maps each ping status to its icon; anything else is unknown', () => {
    assert.equal(pingLook('Online').icon, 'vm-running');
    assert.equal(pingLook('ConnectionLost').icon, 'debug-disconnect');
    assert.equal(pingLook('Inactive').icon, 'vm-outline');
    for (const s of ['Weird', undefined, 'toString', '__proto__']) assert.equal(pingLook(s).icon, 'question', String(s));
  });
  it('not found and refused nodes look different from found ones', () => {
    assert.equal(standingLook({ kind: 'notFound' }).text, 'not found');
    assert.equal(standingLook({ kind: 'invalid' }).icon, 'warning');
    assert.deepEqual(standingLook({ kind: 'refusedTogether' }), { icon: 'warning', color: 'problemsWarningIcon.foreground', text: "not this account's?" });
    const found = standingLook({ kind: 'found', info: { InstanceId: 'i-1', PingStatus: 'Online', AssociationOverview: overview({ Failed: 1, Success: 1 }) } });
    assert.deepEqual([found.icon, found.text], ['vm-running', '1 failed · 2']);
  });
});

describe('sanitizeNodeInformation', () => {
  it('keeps documented fields of the documented types', () => {
    const info = sanitizeNodeInformation({
      InstanceId: 'mi-0123456789abcdef0',
      PingStatus: 'Online',
      ComputerName: 42,
      PlatformName: 'Ubuntu',
      LastPingDateTime: 1_700_000_000.5,
      AssociationOverview: { DetailedStatus: 'Failed', InstanceAssociationStatusAggregatedCount: { Failed: 2, Success: -1, Pending: 'x', __proto__: 5 } },
      Extra: 'dropped',
    });
    assert.ok(info);
    assert.equal(info.ComputerName, undefined);
    assert.equal(info.PlatformName, 'Ubuntu');
    assert.equal(info.LastPingDateTime?.getTime(), 1_700_000_000_500);
    assert.deepEqual({ ...info.AssociationOverview?.counts }, { Failed: 2 });
    assert.equal((info as unknown as Record<string, unknown>).Extra, undefined);
  });
  it('drops entries without an InstanceId', () => {
    for (const raw of [null, 5, {}, { InstanceId: '' }, { InstanceId: 7 }]) assert.equal(sanitizeNodeInformation(raw), undefined);
  });
});

describe('grouping', () => {
  const nodes = [
    { id: 'a', profile: 'p1', region: 'eu-west-1' },
    { id: 'b', profile: 'p2', region: 'us-east-1' },
    { id: 'c', profile: 'p1', region: 'eu-west-1' },
    { id: 'd' },
  ];
  it('groups by (profile, region) in order of first appearance', () => {
    const groups = groupsOf(nodes, (n) => n);
    assert.deepEqual(groups.map((g) => [g.profile, g.region, g.members.map((m) => m.id)]), [
      ['p1', 'eu-west-1', ['a', 'c']],
      ['p2', 'us-east-1', ['b']],
      [undefined, undefined, ['d']],
    ]);
    assert.equal(new Set(groups.map((g) => g.key)).size, 3);
  });
  it('auto groups only when there is more than one (profile, region); none never', () => {
    assert.equal(shouldGroup('auto', 1), false);
    assert.equal(shouldGroup('auto', 2), true);
    assert.equal(shouldGroup('none', 5), false);
  });
  it('labels say profile and region', () => {
    assert.equal(groupLabel({ profile: 'prod', region: 'eu-west-1' }), 'prod · eu-west-1');
    assert.equal(groupLabel({}), "default profile · profile's region");
    assert.equal(groupLabel({ profile: 'x' }, 'us-east-2'), 'x · us-east-2');
  });
});

describe('failures: badge and Show Failed Only', () => {
  const fleet = [
    { id: 'ok', f: { overviewFailed: 0, loadedFailed: 0 } },
    { id: 'summary', f: { overviewFailed: 2 } },
    { id: 'loaded', f: { loadedFailed: 1 } },
    { id: 'unknown', f: {} },
  ];
  it('counts nodes with failed associations from either source', () => {
    assert.equal(failingCount(fleet.map((n) => n.f)), 2);
    assert.equal(isFailing({}), false);
    assert.equal(badgeTooltip(1), '1 managed node with failed associations');
    assert.equal(badgeTooltip(3), '3 managed nodes with failed associations');
  });
  it('failed only keeps failing nodes and failed rows; off keeps everything', () => {
    assert.deepEqual(visibleNodes(fleet, (n) => n.f, true).map((n) => n.id), ['summary', 'loaded']);
    assert.deepEqual(visibleNodes(fleet, (n) => n.f, false).map((n) => n.id), ['ok', 'summary', 'loaded', 'unknown']);
    // Rows that are not nodes (failuresOf gives undefined) always stay.
    assert.deepEqual(visibleNodes(fleet, (n) => (n.id === 'unknown' ? undefined : n.f), true).map((n) => n.id), ['summary', 'loaded', 'unknown']);
    assert.deepEqual(['Failed', 'TimedOut', 'Success', 'Pending', undefined].map(isFailedStatus), [true, true, false, false, false]);
  });
});

describe('fleet settings', () => {
  it('defaults: summaries on, groupBy auto', () => {
    assert.deepEqual(parseFleetSettings({}), { nodeSummaries: true, groupBy: 'auto', warnings: [] });
    assert.deepEqual(parseFleetSettings({ nodeSummaries: false, groupBy: 'none' }), { nodeSummaries: false, groupBy: 'none', warnings: [] });
  });
  it('wrong values fall back with a warning', () => {
    const s = parseFleetSettings({ nodeSummaries: 'no', groupBy: 'account' });
    assert.equal(s.nodeSummaries, true);
    assert.equal(s.groupBy, 'auto');
    assert.equal(s.warnings.length, 2);
    assert.match(s.warnings[1], /groupBy must be "auto" or "none"/);
    assert.equal(s.warnings[0], 'ssmAssociations.nodeSummaries must be true or false; using true.');
  });
  it('null (a setting written as null) means the default, without a warning', () => {
    assert.deepEqual(parseFleetSettings({ nodeSummaries: null, groupBy: null }), { nodeSummaries: true, groupBy: 'auto', warnings: [] });
  });
});

describe('discovery filters', () => {
  it('reads typed filters', () => {
    assert.deepEqual(parseFilterText(' tag:Env = prod '), { key: 'tag:Env', values: ['prod'] });
    assert.deepEqual(parseFilterText('PingStatus=Online,ConnectionLost'), { key: 'PingStatus', values: ['Online', 'ConnectionLost'] });
    assert.ok('problem' in parseFilterText('prod'));
    assert.ok('problem' in parseFilterText('Colour=red'));
    assert.ok('problem' in parseFilterText('tag:Env='));
  });
  it('merges values of a key; refuses a tag filter with another kind, as AWS would', () => {
    const merged = combineFilters([
      { key: 'PingStatus', values: ['Online'] },
      { key: 'PingStatus', values: ['Inactive', 'Online'] },
      { key: 'AssociationStatus', values: ['Failed'] },
    ]);
    assert.deepEqual(merged, { filters: [{ key: 'PingStatus', values: ['Online', 'Inactive'] }, { key: 'AssociationStatus', values: ['Failed'] }] });
    assert.deepEqual(combineFilters([{ key: 'tag:Env', values: ['prod'] }, { key: 'PingStatus', values: ['Online'] }]), { problem: TAG_COMBINATION_PROBLEM });
    assert.deepEqual(combineFilters([{ key: 'tag:Env', values: ['prod'] }, { key: 'tag-key', values: ['Owner'] }]).hasOwnProperty('filters'), true);
    assert.equal(filtersText([{ key: 'tag:Env', values: ['a', 'b'] }]), 'tag:Env=a,b');
  });
});

describe('appending discovered nodes to ssmAssociations.nodes', () => {
  const defaults = { profile: 'ssm-demo', regionWithoutEntry: 'eu-west-1' };
  it('writes profile and region only where they differ, the computer name as label', () => {
    const result = withDiscoveredNodes(
      ['i-0123456789abcdef0'],
      [
        { id: 'i-0a1b2c3d4e5f60001', profile: 'ssm-demo', region: 'eu-west-1' },
        { id: 'i-0a1b2c3d4e5f60002', profile: 'ssm-demo', region: 'eu-west-1', computerName: 'web-1' },
        { id: 'mi-0a1b2c3d4e5f60003', profile: 'ssm-second', region: 'us-east-1', computerName: 'db\n\u0007box' },
      ],
      defaults,
    );
    assert.deepEqual(result.value, [
      'i-0123456789abcdef0',
      'i-0a1b2c3d4e5f60001',
      { id: 'i-0a1b2c3d4e5f60002', label: 'web-1' },
      { id: 'mi-0a1b2c3d4e5f60003', profile: 'ssm-second', region: 'us-east-1', label: 'db \\u0007box' },
    ]);
    assert.deepEqual(result.added, ['i-0a1b2c3d4e5f60001', 'i-0a1b2c3d4e5f60002', 'mi-0a1b2c3d4e5f60003']);
  });
  it('skips nodes listed in any form and keeps every other entry, even unreadable ones', () => {
    const current = [42, { id: 'i-0a1b2c3d4e5f60001', label: 'mine' }, 'i-0a1b2c3d4e5f60002', { nope: true }];
    const result = withDiscoveredNodes(
      current,
      [
        { id: 'i-0a1b2c3d4e5f60001', profile: 'ssm-demo', region: 'eu-west-1', computerName: 'x' },
        { id: 'i-0a1b2c3d4e5f60002', profile: 'ssm-demo', region: 'eu-west-1' },
        { id: 'i-0a1b2c3d4e5f60009', profile: 'ssm-demo', region: 'eu-west-1' },
        { id: 'i-0a1b2c3d4e5f60009', profile: 'ssm-demo', region: 'eu-west-1' },
      ],
      defaults,
    );
    assert.deepEqual(result.value, [...current, 'i-0a1b2c3d4e5f60009']);
    assert.deepEqual(result.skipped, ['i-0a1b2c3d4e5f60001', 'i-0a1b2c3d4e5f60002', 'i-0a1b2c3d4e5f60009']);
    assert.notEqual(result.value, current, 'a new array; the current value is not changed');
    assert.equal(current.length, 4);
  });
  it('null and list entries are kept and never taken for a node; a label equal to the ID and a node of the default chain give a plain ID', () => {
    const current = [null, ['i-0a1b2c3d4e5f60001']];
    const result = withDiscoveredNodes(
      current,
      [
        { id: 'i-0a1b2c3d4e5f60001', profile: 'ssm-demo', region: 'eu-west-1', computerName: 'i-0a1b2c3d4e5f60001' },
        { id: 'i-0a1b2c3d4e5f60002', region: 'eu-west-1' },
      ],
      defaults,
    );
    assert.deepEqual(result.value, [...current, 'i-0a1b2c3d4e5f60001', 'i-0a1b2c3d4e5f60002']);
    assert.deepEqual(result.skipped, []);
  });
  it('no setting yet: starts a list', () => {
    assert.deepEqual(withDiscoveredNodes(undefined, [{ id: 'i-0a1b2c3d4e5f60009', region: 'us-east-1' }], {}).value, [{ id: 'i-0a1b2c3d4e5f60009', region: 'us-east-1' }]);
  });
  it('a setting that is one ID or one object, not a list: kept first in the new list, never dropped', () => {
    const picked = [{ id: 'i-0a1b2c3d4e5f60009', region: 'us-east-1' }];
    const defaults = { regionWithoutEntry: 'us-east-1' };
    assert.deepEqual(withDiscoveredNodes('i-0123456789abcdef0', picked, defaults).value, ['i-0123456789abcdef0', 'i-0a1b2c3d4e5f60009']);
    const one = { id: 'i-0123456789abcdef0', label: 'web' };
    assert.deepEqual(withDiscoveredNodes(one, picked, defaults).value, [one, 'i-0a1b2c3d4e5f60009']);
    // Whatever else it is stays too: the tree shows it as an invalid entry the user can fix.
    assert.deepEqual(withDiscoveredNodes(42, picked, defaults).value, [42, 'i-0a1b2c3d4e5f60009']);
    const same = withDiscoveredNodes('i-0a1b2c3d4e5f60009', picked, defaults);
    assert.deepEqual([same.added, same.skipped], [[], ['i-0a1b2c3d4e5f60009']], 'the single entry counts as listed');
  });
  it('labels are one line, bounded, inert: no right-to-left override or other invisible character goes into settings', () => {
    assert.equal(labelFrom('  a\tb\r\nc  '), 'a b c');
    assert.equal(labelFrom('x'.repeat(300))?.length, 100);
    assert.equal(labelFrom('  '), undefined);
    assert.equal(labelFrom('web\u202Egnp.exe'), 'web\\u202Egnp.exe');
    assert.equal(labelFrom('\u0000\u0001'), '\\u0000\\u0001');
    assert.doesNotMatch(labelFrom('a\u200B\u2066b\u{E0041}')!, /[\u200B\u2066]|\u{E0041}/u);
    assert.equal(labelFrom('$(alert) web')?.startsWith('$(alert)'), false, 'no icon syntax');
  });
});
