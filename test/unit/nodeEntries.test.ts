import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listsNode, parseNodes, parseOptionalString, parsePageSize, withNodeAdded, withNodeRemoved } from '../../src/model/nodeEntries';
import { nodeIdProblem } from '../../src/model/nodeIds';

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
    assert.match(warnings[1], /no "id" string/);
    assert.match(warnings[2], /8 or 17/);
    assert.match(warnings[5], /"mars" is not an AWS region/);
    assert.match(warnings[6], /"profile" must be a string/);
    const invalidWithId = entries[2];
    assert.equal(invalidWithId.kind === 'invalid' && invalidWithId.id, 'i-1', 'an invalid ID can still be removed');
  });
  it('a non-array setting is a warning, not a crash', () => {
    assert.deepEqual(parseNodes('i-0123456789abcdef0'), { entries: [], warnings: ['ssmAssociations.nodes must be an array of node IDs; it is string.'] });
    assert.deepEqual(parseNodes(undefined), { entries: [], warnings: [] });
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
  });
  it('blank strings mean not set; other types are ignored with a warning', () => {
    assert.deepEqual(parseOptionalString('x', '  '), { value: undefined });
    assert.deepEqual(parseOptionalString('x', ' dev '), { value: 'dev' });
    assert.match(parseOptionalString('x', 3).warning ?? '', /must be a string/);
  });
});

describe('adding and removing nodes keeps every other entry', () => {
  const list = ['i-0123456789abcdef0', { id: 'mi-0123456789abcdef0', label: 'x' }, 42, { id: 'i-aaaaaaaa', profile: 'p' }];
  it('appends at the end', () => {
    assert.deepEqual(withNodeAdded(list, 'i-bbbbbbbb'), [...list, 'i-bbbbbbbb']);
    assert.deepEqual(withNodeAdded(undefined, 'i-bbbbbbbb'), ['i-bbbbbbbb']);
    assert.equal(list.length, 4, 'the input is not changed');
  });
  it('removes string and object forms of that ID only, order kept', () => {
    assert.deepEqual(withNodeRemoved(list, 'mi-0123456789abcdef0'), ['i-0123456789abcdef0', 42, { id: 'i-aaaaaaaa', profile: 'p' }]);
    assert.deepEqual(withNodeRemoved(list, 'i-zzzzzzzz'), list);
    assert.equal(listsNode(list, 'i-aaaaaaaa'), true);
    assert.equal(listsNode(list, 'i-zzzzzzzz'), false);
  });
});
