/** The one reader of the association operations' filter lists, in the three shapes it serves. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FilterListShape, filterTime, readFilterList } from './filterLists.js';

const ASSOCIATIONS: FilterListShape<'Name' | 'LastExecutedAfter'> = { list: 'AssociationFilterList', at: 'associationFilterList', members: ['key', 'value'], keys: ['Name', 'LastExecutedAfter'], atLeastOne: true };
const EXECUTIONS: FilterListShape<'Status' | 'CreatedTime'> = { list: 'Filters', at: 'filters', members: ['Key', 'Value'], keys: ['Status', 'CreatedTime'], types: ['EQUAL', 'LESS_THAN'] };
const TARGETS: FilterListShape<'Status' | 'ResourceId'> = { list: 'Filters', at: 'filters', members: ['Key', 'Value'], keys: ['Status', 'ResourceId'] };

function read<K extends string>(raw: unknown, shape: FilterListShape<K>) {
  const problems: string[] = [];
  return { filters: readFilterList(raw, shape, problems), problems };
}

describe('filter lists', () => {
  it('absent or null: no filters; not a list: a SerializationException naming the list', () => {
    for (const shape of [ASSOCIATIONS, EXECUTIONS, TARGETS]) {
      assert.deepEqual(read(undefined, shape), { filters: [], problems: [] });
      assert.deepEqual(read(null, shape), { filters: [], problems: [] });
    }
    assert.throws(() => read({ key: 'Name' }, ASSOCIATIONS), { type: 'SerializationException', message: 'Expected a list for AssociationFilterList' });
    assert.throws(() => read('Status', TARGETS), { type: 'SerializationException', message: 'Expected a list for Filters' });
  });

  it('an empty list: refused where the model says min 1 (AssociationFilterList), none otherwise', () => {
    assert.deepEqual(read([], ASSOCIATIONS).problems, ["Value '[]' at 'associationFilterList' failed to satisfy constraint: Member must have length greater than or equal to 1"]);
    assert.deepEqual(read([], TARGETS), { filters: [], problems: [] });
  });

  it('the members are named as the model names them: key/value in one, Key/Value in the others', () => {
    assert.deepEqual(read([{ key: 'Name', value: 'AWS-RunPatchBaseline' }], ASSOCIATIONS).filters, [{ key: 'Name', value: 'AWS-RunPatchBaseline' }]);
    assert.deepEqual(read([{ Key: 'Status', Value: 'Failed' }], TARGETS).filters, [{ key: 'Status', value: 'Failed' }]);
    const wrongCase = read([{ Key: 'Name', Value: 'x' }], ASSOCIATIONS);
    assert.deepEqual(wrongCase.filters, []);
    assert.deepEqual(wrongCase.problems, [
      "Value null at 'associationFilterList.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [Name, LastExecutedAfter]",
      "Value null at 'associationFilterList.1.member.value' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ]);
  });

  it('a key outside the enum (or not a string), an empty value: one problem each, numbered from 1', () => {
    const { filters, problems } = read([{ Key: 'Status', Value: 'Failed' }, { Key: ['Status'], Value: '' }, { Key: 'Colour', Value: 'x' }], TARGETS);
    assert.deepEqual(filters, [{ key: 'Status', value: 'Failed' }]);
    assert.deepEqual(problems, [
      `Value '["Status"]' at 'filters.2.member.key' failed to satisfy constraint: Member must satisfy enum value set: [Status, ResourceId]`,
      "Value '' at 'filters.2.member.value' failed to satisfy constraint: Member must have length greater than or equal to 1",
      "Value 'Colour' at 'filters.3.member.key' failed to satisfy constraint: Member must satisfy enum value set: [Status, ResourceId]",
    ]);
  });

  it('a Type where the shape has one: checked with the key and value, kept on the filter', () => {
    assert.deepEqual(read([{ Key: 'Status', Value: 'Failed', Type: 'EQUAL' }], EXECUTIONS).filters, [{ key: 'Status', value: 'Failed', type: 'EQUAL' }]);
    assert.deepEqual(read([{ Key: 'Status', Value: 'Failed', Type: 'ABOUT' }], EXECUTIONS).problems, [
      "Value 'ABOUT' at 'filters.1.member.type' failed to satisfy constraint: Member must satisfy enum value set: [EQUAL, LESS_THAN]",
    ]);
    assert.deepEqual(read([{ Key: 'Status', Value: 'Failed', Type: 'ABOUT' }], TARGETS).filters, [{ key: 'Status', value: 'Failed' }], 'no type where the model has none');
  });

  it("the operation's own checks run only on a filter that satisfies the model, and only while nothing has failed", () => {
    const problems: string[] = [];
    const seen: string[] = [];
    const filters = readFilterList([{ key: 'LastExecutedAfter', value: 'yesterday' }, { key: 'Colour', value: 'x' }, { key: 'LastExecutedAfter', value: 'never' }], ASSOCIATIONS, problems, (f, at) => {
      seen.push(at);
      return { ...f, time: filterTime(f.value, at, problems) };
    });
    assert.deepEqual(seen, ['associationFilterList.1.member']);
    assert.equal(filters.length, 1);
    assert.deepEqual(problems, [
      "Value 'yesterday' at 'associationFilterList.1.member.value' is not a valid ISO-8601 time",
      "Value 'Colour' at 'associationFilterList.2.member.key' failed to satisfy constraint: Member must satisfy enum value set: [Name, LastExecutedAfter]",
    ]);
    const ok: string[] = [];
    assert.equal(filterTime('2026-01-02T03:04:05Z', 'x', ok), Date.UTC(2026, 0, 2, 3, 4, 5));
    assert.deepEqual(ok, []);
  });
});
