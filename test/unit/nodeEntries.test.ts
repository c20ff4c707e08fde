import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listsNode, parseNodes, parseOptionalString, parsePageSize, withNodeAdded, withNodeRemoved } from '../../src/core/nodeEntries';
import { readFileSync } from 'node:fs';
import { NODE_ID_PATTERN, nodeIdProblem } from '../../src/core/nodeIds';
import { parseSettings, warningsReport, WARNINGS_IN_LOG } from '../../src/core/settings';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

describe('node IDs', () => {
  it('accepts the API pattern: i- with 8 or 17, mi- with 17', () => {
    for (const id of ['i-0123abcd', 'i-0123456789abcdef0', 'mi-0123456789abcdef0']) assert.equal(nodeIdProblem(id), undefined, id);
  });
  it('refuses everything else with a reason', () => {
    assert.match(nodeIdProblem('i-123') ?? '', /8 or 17 .* has 3/);
    assert.match(nodeIdProblem('mi-0123') ?? '', /17 .* has 4/);
    assert.match(nodeIdProblem('ec2-1') ?? '', /starts with "i-"/);
    assert.match(nodeIdProblem(' i-0123456789abcdef0') ?? '', /spaces/);
    assert.match(nodeIdProblem('') ?? '', /empty/);
    assert.notEqual(nodeIdProblem('i-0123456789abcdef0\n'), undefined);
    assert.notEqual(nodeIdProblem('i-0123-567'), undefined);
  });
  it('names the character that does not belong, instead of miscounting', () => {
    assert.equal(nodeIdProblem('i-0123-567'), 'After "i-" a node ID has only letters and digits; "-" (character 7) is not one.');
    assert.equal(nodeIdProblem('mi-0123456789abcdef.'), 'After "mi-" a node ID has only letters and digits; "." (character 20) is not one.');
    assert.equal(nodeIdProblem('i-0123\u200B4567'), 'After "i-" a node ID has only letters and digits; U+200B (character 7) is not one.');
    assert.equal(nodeIdProblem('i-0123"4567'), 'After "i-" a node ID has only letters and digits; U+0022 (character 7) is not one.');
    assert.equal(nodeIdProblem('i-01234567890'), 'An EC2 instance ID is "i-" and 8 or 17 letters or digits (this one has 11).');
    assert.equal(nodeIdProblem('mi-0123'), 'A hybrid node ID is "mi-" and 17 letters or digits (this one has 4).');
  });
  it('the pattern is the one package.json gives the settings editor, for both forms', () => {
    const items = manifest.contributes.configuration.properties['ssmAssociations.nodes'].items.anyOf;
    assert.equal(items[0].pattern, NODE_ID_PATTERN.source);
    assert.equal(items[1].properties.id.pattern, NODE_ID_PATTERN.source);
    // And the JSON-schema reading of it accepts and refuses what the extension does.
    const schema = new RegExp(items[0].pattern, 'u');
    for (const id of ['i-0123abcd', 'i-0123456789abcdef0', 'mi-0123456789abcdef0', 'i-123', 'i-0123-567', 'mi-0123', 'x-01234567', 'i-0123abcd ']) {
      assert.equal(schema.test(id), nodeIdProblem(id) === undefined, id);
    }
  });
});

describe('parseNodes', () => {
  it('keeps settings order, strings and objects', () => {
    const { entries, warnings } = parseNodes(['i-0123456789abcdef0', { id: 'mi-0123456789abcdef0', label: 'Build box', profile: 'p2', region: 'us-east-1' }]);
    assert.deepEqual(warnings, []);
    assert.deepEqual(entries, [
      { kind: 'node', id: 'i-0123456789abcdef0', index: 0 },
      { kind: 'node', id: 'mi-0123456789abcdef0', index: 1, label: 'Build box', profile: 'p2', region: 'us-east-1' },
    ]);
  });
  it('shows a node configured twice once', () => {
    const { entries } = parseNodes(['i-0123456789abcdef0', 'i-0123456789abcdef0', { id: 'i-0123456789abcdef0' }]);
    assert.equal(entries.length, 1);
  });
  it('the same node with another profile is another entry', () => {
    const { entries } = parseNodes(['i-0123456789abcdef0', { id: 'i-0123456789abcdef0', profile: 'other' }]);
    assert.equal(entries.length, 2);
  });
  it('turns wrong shapes into invalid entries with a warning, keeping the valid part', () => {
    const { entries, warnings } = parseNodes([42, { label: 'no id' }, 'i-1', null, ['x'], { id: 'i-0123456789abcdef0', region: 'mars' }, { id: 'i-0123456789abcdef0', profile: 7 }, 'i-0123456789abcdef0']);
    assert.deepEqual(entries.map((e) => e.kind), ['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'node']);
    assert.equal(warnings.length, 7);
    assert.match(warnings[0], /nodes\[0\] \(42\): An entry must be a node ID string or an object with "id", not number/);
    assert.match(warnings[1], /\(\{"label":"no id"\}\): The object has no "id" string\.$/);
    assert.match(warnings[2], /8 or 17/);
    assert.match(warnings[3], /\(null\): An entry must be .*, not null\.$/);
    assert.match(warnings[4], /\(\["x"\]\): An entry must be .*, not an array\.$/);
    assert.match(warnings[5], /"mars" is not an AWS region/);
    assert.match(warnings[6], /"profile" must be a string/);
    const invalidWithId = entries[2];
    assert.equal(invalidWithId.kind === 'invalid' && invalidWithId.id, 'i-1', 'an invalid ID can still be removed');
  });
  it('object-form IDs are validated like strings', () => {
    const { entries, warnings } = parseNodes([{ id: 'i-0123-567' }, { id: 'mi-1', label: 'x' }, { id: ' i-0123456789abcdef0' }, { id: 'i-0123456789abcdef0' }]);
    assert.deepEqual(entries.map((e) => e.kind), ['invalid', 'invalid', 'invalid', 'node']);
    assert.match(warnings[0], /^ssmAssociations\.nodes\[0\] \(\{"id":"i-0123-567"\}\): After "i-" .* "-" \(character 7\)/);
    assert.match(warnings[1], /hybrid node ID .* has 1/);
    assert.match(warnings[2], /spaces/);
    assert.equal(entries[0].kind === 'invalid' && entries[0].id, 'i-0123-567');
  });
  it('unknown keys in a node object: the node is used, each key warned, with the key it likely meant', () => {
    const { entries, warnings } = parseNodes([{ id: 'i-0123456789abcdef0', lable: 'Build box', Region: 'eu-west-1', colour: 'red' }]);
    assert.deepEqual(entries, [{ kind: 'node', id: 'i-0123456789abcdef0', index: 0, label: undefined, profile: undefined, region: undefined }]);
    assert.deepEqual(warnings, [
      'ssmAssociations.nodes[0]: unknown key "lable" is ignored (did you mean "label"?); the keys are id, profile, region, label.',
      'ssmAssociations.nodes[0]: unknown key "Region" is ignored (did you mean "region"?); the keys are id, profile, region, label.',
      'ssmAssociations.nodes[0]: unknown key "colour" is ignored; the keys are id, profile, region, label.',
    ]);
    assert.match(parseNodes([{ id: 'i-0123456789abcdef0', profiel: 'p' }]).warnings[0], /did you mean "profile"/);
    assert.match(parseNodes([{ id: 'i-0123456789abcdef0', regin: 'eu-west-1' }]).warnings[0], /did you mean "region"/);
    assert.doesNotMatch(parseNodes([{ id: 'i-0123456789abcdef0', x: 1 }]).warnings[0], /did you mean/);
    assert.doesNotMatch(parseNodes([{ id: 'i-0123456789abcdef0', tags: 1 }]).warnings[0], /did you mean/);
    assert.match(parseNodes([{ Id: 'i-0123456789abcdef0' }]).warnings[0], /no "id" string \(it has "Id": did you mean "id"\?\)/);
    assert.match(parseNodes([{ ID: 'i-0123456789abcdef0', label: 'x' }]).warnings[0], /it has "ID"/);
    // Two letters swapped is one slip, also in a two-letter key.
    assert.match(parseNodes([{ di: 'i-0123456789abcdef0' }]).warnings[0], /it has "di": did you mean "id"\?/);
    assert.doesNotMatch(parseNodes([{ id: 'i-0123456789abcdef0', regionName: 'x' }]).warnings[0], /did you mean/);
  });
  it('did you mean: the known key within a slip or two, never an unrelated word', () => {
    const meant = (key: string) => /did you mean "(\w+)"/.exec(parseNodes([{ id: 'i-0123456789abcdef0', [key]: 'x' }]).warnings[0])?.[1];
    // Long keys allow two slips, short ones one: "table" is a word of its own, not "label".
    assert.deepEqual(['porfle', 'prolife', 'regino', 'lebel', 'Label', 'di'].map(meant), ['profile', 'profile', 'region', 'label', 'label', 'id']);
    assert.deepEqual(['table', 'level', 'lbl', 'dc', 'ui', 'name'].map(meant), [undefined, undefined, undefined, undefined, undefined, undefined]);
  });
  it('an entry without an "id" string points at the key that looks like one, not at any key', () => {
    const reason = (entry: object) => parseNodes([entry]).warnings[0];
    assert.match(reason({ label: 'web', ID: 'i-0123456789abcdef0' }), /no "id" string \(it has "ID": did you mean "id"\?\)\.$/);
    assert.match(reason({ id: 5, label: 'web' }), /no "id" string\.$/, 'an "id" that is not a string is not a misspelling of "id"');
  });
  it('the same ID under another profile or region is another node', () => {
    const id = 'i-0123456789abcdef0';
    const { entries } = parseNodes([id, { id, profile: 'a' }, { id, profile: 'b' }, { id, region: 'eu-west-1' }, { id, profile: 'a' }, { id, profile: ' ' }]);
    assert.deepEqual(entries.map((e) => (e.kind === 'node' ? `${e.profile}/${e.region}` : e.kind)), ['undefined/undefined', 'a/undefined', 'b/undefined', 'undefined/eu-west-1']);
  });
  it('a long value is quoted short in the reason', () => {
    const { warnings } = parseNodes([{ id: 'i-0123456789abcdef0', region: 'r'.repeat(100_000) }, { id: 'i-0123456789abcdef0', ['k'.repeat(100_000)]: 1 }]);
    for (const w of warnings) assert.ok(w.length < 300, `${w.length}`);
  });
  it('a non-array setting is a warning, not a crash', () => {
    assert.deepEqual(parseNodes('i-0123456789abcdef0').warnings, ['ssmAssociations.nodes should be a list ([…]); its one string is read as one entry.']);
    assert.deepEqual(parseNodes(undefined), { entries: [], warnings: [] });
    assert.deepEqual(parseNodes(null), { entries: [], warnings: [] });
    assert.deepEqual(parseNodes({ id: 'i-0123456789abcdef0' }).warnings, ['ssmAssociations.nodes should be a list ([…]); its one object is read as one entry.']);
  });
});

describe('parsePageSize and strings', () => {
  it('default 20, clamps to the API range 1–50 with a warning', () => {
    assert.deepEqual(parsePageSize(undefined), { pageSize: 20 });
    assert.deepEqual(parsePageSize(50), { pageSize: 50 });
    assert.equal(parsePageSize(500).pageSize, 50);
    assert.match(parsePageSize(500).warning ?? '', /500 is outside 1–50/);
    assert.equal(parsePageSize(0).pageSize, 1);
    assert.equal(parsePageSize('20').pageSize, 20);
    assert.match(parsePageSize('20').warning ?? '', /must be a number/);
    assert.deepEqual(parsePageSize(null), { pageSize: 20 });
    assert.deepEqual(parsePageSize(1), { pageSize: 1 });
    assert.deepEqual(parsePageSize(Infinity), { pageSize: 20, warning: 'ssmAssociations.pageSize must be a number from 1 to 50; using 20.' });
    assert.deepEqual(parsePageSize(NaN).pageSize, 20);
    assert.deepEqual(parsePageSize(2.5), { pageSize: 3, warning: 'ssmAssociations.pageSize 2.5 is outside 1–50 (the API\'s limit); using 3.' });
  });
  it('blank strings mean not set; other types are ignored with a warning', () => {
    assert.deepEqual(parseOptionalString('x', '  '), { value: undefined });
    assert.deepEqual(parseOptionalString('x', ' dev '), { value: 'dev' });
    assert.deepEqual(parseOptionalString('x', 3), { warning: 'x must be a string; ignoring it.' });
    assert.deepEqual(parseOptionalString('x', null), {});
    const dev = parseSettings({ profile: ' dev ', pageSize: 7 });
    assert.deepEqual([dev.profile, dev.region, dev.pageSize, dev.warnings], ['dev', undefined, 7, []]);
    assert.deepEqual(parseSettings({ profile: 3 }).warnings, ['ssmAssociations.profile must be a string; ignoring it.']);
    assert.deepEqual(parseSettings({ region: 3 }).warnings, ['ssmAssociations.region must be a string; ignoring it.']);
  });
});

describe('adding and removing nodes keeps every other entry', () => {
  const list = ['i-0123456789abcdef0', { id: 'mi-0123456789abcdef0', label: 'x' }, 42, { id: 'i-aaaaaaaa', profile: 'p' }];
  it('appends at the end', () => {
    assert.deepEqual(withNodeAdded(list, 'i-bbbbbbbb'), [...list, 'i-bbbbbbbb']);
    assert.deepEqual(withNodeAdded(undefined, 'i-bbbbbbbb'), ['i-bbbbbbbb']);
    // One entry written without a list around it (or anything else that is not a list) is kept, first.
    assert.deepEqual(withNodeAdded('i-0123456789abcdef0', 'i-bbbbbbbb'), ['i-0123456789abcdef0', 'i-bbbbbbbb']);
    assert.deepEqual(withNodeAdded({ id: 'i-aaaaaaaa', profile: 'p' }, 'i-bbbbbbbb'), [{ id: 'i-aaaaaaaa', profile: 'p' }, 'i-bbbbbbbb']);
    assert.deepEqual(withNodeAdded(false, 'i-bbbbbbbb'), [false, 'i-bbbbbbbb']);
    assert.deepEqual(withNodeAdded(null, 'i-bbbbbbbb'), ['i-bbbbbbbb']);
    assert.equal(listsNode('i-aaaaaaaa', 'i-aaaaaaaa'), true, 'a single ID names its node');
    assert.equal(listsNode({ id: 'i-aaaaaaaa' }, 'i-aaaaaaaa'), true);
    assert.deepEqual(withNodeRemoved('i-aaaaaaaa', 'i-aaaaaaaa'), []);
    assert.deepEqual(withNodeRemoved({ id: 'i-cccccccc' }, 'i-aaaaaaaa'), [{ id: 'i-cccccccc' }]);
    assert.equal(list.length, 4, 'the input is not changed');
  });
  it('removes string and object forms of that ID only, order kept', () => {
    assert.deepEqual(withNodeRemoved(list, 'mi-0123456789abcdef0'), ['i-0123456789abcdef0', 42, { id: 'i-aaaaaaaa', profile: 'p' }]);
    assert.deepEqual(withNodeRemoved(list, 'i-zzzzzzzz'), list);
    assert.equal(listsNode(list, 'i-aaaaaaaa'), true);
    assert.equal(listsNode(list, 'i-zzzzzzzz'), false);
    // Entries of no known shape stay, whatever ID is removed.
    assert.deepEqual(withNodeRemoved([null, ['i-aaaaaaaa'], 'i-aaaaaaaa', 7], 'i-aaaaaaaa'), [null, ['i-aaaaaaaa'], 7]);
    assert.deepEqual(withNodeRemoved(undefined, 'i-aaaaaaaa'), []);
    assert.equal(listsNode(undefined, 'i-aaaaaaaa'), false);
    assert.equal(listsNode('i-bbbbbbbb', 'i-aaaaaaaa'), false);
  });
  it('a setting that is one entry, not a list, is read as that entry, with a warning: what the tree shows is what a write keeps', () => {
    const one = parseNodes('i-0123456789abcdef0');
    assert.deepEqual(one.entries.map((e) => [e.kind, e.id]), [['node', 'i-0123456789abcdef0']]);
    assert.match(one.warnings[0], /should be a list/);
    assert.deepEqual(parseNodes({ id: 'mi-0123456789abcdef0', label: 'x' }).entries.map((e) => e.id), ['mi-0123456789abcdef0']);
    assert.deepEqual(parseNodes(42).entries.map((e) => e.kind), ['invalid']);
  });
});

describe('settings warnings: one short message, a few log lines', () => {
  it('10,000 invalid entries: one message of a few hundred characters, 21 log lines, every row in the view', () => {
    const settings = parseSettings({ nodes: Array.from({ length: 10_000 }, (_, i) => `bad-${i}-${'x'.repeat(100)}`) });
    assert.equal(settings.warnings.length, 10_000);
    assert.equal(settings.entries.length, 10_000, 'each invalid entry is still a row');
    const report = warningsReport(settings.warnings);
    assert.ok(report.message.length < 1000, `${report.message.length}`);
    assert.match(report.message, /^SSM Associations: 10000 settings problems \(the rest works\): ssmAssociations\.nodes\[0\] .* · 9997 more \(Output › SSM Associations lists them\)$/);
    assert.equal(report.logLines.length, WARNINGS_IN_LOG + 1);
    assert.equal(report.logLines.at(-1), '9980 more settings problems not listed here; each invalid node entry is a row in the view.');
  });
  it('one warning is the message; none is no message', () => {
    assert.deepEqual(warningsReport(['only this']), { message: 'SSM Associations: only this', logLines: ['only this'] });
    assert.deepEqual(warningsReport([]), { message: '', logLines: [] });
    const three = warningsReport(['a', 'b', 'c']);
    assert.equal(three.message, 'SSM Associations: 3 settings problems (the rest works): a · b · c');
    assert.deepEqual(three.logLines, ['a', 'b', 'c']);
  });
  it('what a setting says is shown inert in the message and the log', () => {
    const settings = parseSettings({ nodes: [{ id: 'i-0123456789abcdef0', region: '[Open](command:workbench.action.terminal.new) $(alert)' }], region: 'x\u202Ey' });
    const report = warningsReport(settings.warnings);
    for (const text of [report.message, ...report.logLines]) {
      assert.doesNotMatch(text, /\]\(|\$\(|\u202E/, text);
    }
  });
  it('the region setting must be a region name; otherwise the profile\'s region is used', () => {
    assert.equal(parseSettings({ region: 'eu-west-1' }).region, 'eu-west-1');
    const bad = parseSettings({ region: 'mars' });
    assert.equal(bad.region, undefined);
    assert.deepEqual(bad.warnings, ['ssmAssociations.region "mars" is not an AWS region name such as eu-west-1; using the profile\'s region.']);
  });
});

describe('package.json', () => {
  it('an untrusted workspace cannot choose the profile or the nodes (whose credentials are used, for what)', () => {
    const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    for (const key of ['ssmAssociations.profile', 'ssmAssociations.nodes']) assert.ok(restricted.includes(key), key);
  });
});
