import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { MAX_PICKS, TemplatePicks } from '../../src/editor/templatePicks';

/** A Memento as VS Code's workspace state behaves: values kept as JSON. */
function memento(initial: Record<string, unknown> = {}): vscode.Memento {
  const data = new Map(Object.entries(initial));
  return {
    keys: () => [...data.keys()],
    get: <T>(key: string, fallback?: T) => (data.has(key) ? (JSON.parse(JSON.stringify(data.get(key))) as T) : fallback),
    update: async (key: string, value: unknown) => void data.set(key, value),
  } as vscode.Memento;
}

describe('TemplatePicks (the association picked for a resource with a computed name)', () => {
  it('remembers per file and resource, and finds the places of an association', async () => {
    const picks = new TemplatePicks(memento());
    const ref = { key: '["prod","eu-west-1"]', associationId: 'a-1' };
    await picks.set('file:///t.yaml', 'Patch', ref);
    await picks.set('file:///t.yaml', 'Other', { key: ref.key, associationId: 'a-2' });
    assert.deepEqual(picks.get('file:///t.yaml', 'Patch'), ref);
    assert.equal(picks.get('file:///t.yaml', 'Nope'), undefined);
    assert.equal(picks.get('file:///u.yaml', 'Patch'), undefined);
    assert.deepEqual(picks.placesOf(ref), [{ uri: 'file:///t.yaml', resource: 'Patch' }]);
  });

  it(`keeps the ${MAX_PICKS} most recent picks`, async () => {
    const picks = new TemplatePicks(memento());
    for (let i = 0; i <= MAX_PICKS; i++) await picks.set(`file:///${i}.tf`, 'r', { key: 'k', associationId: `a-${i}` });
    assert.equal(picks.get('file:///0.tf', 'r'), undefined, 'the oldest went');
    assert.deepEqual(picks.get(`file:///${MAX_PICKS}.tf`, 'r'), { key: 'k', associationId: `a-${MAX_PICKS}` });
    assert.equal(picks.placesOf({ key: 'k', associationId: 'a-1' }).length, 1);
  });

  it('ignores whatever else the state holds under its key', () => {
    const picks = new TemplatePicks(memento({ 'ssmAssociations.templatePicks': { '["file:///t.yaml","Patch"]': { key: 1 }, junk: { key: 'k', associationId: 'a' }, '[1,2]': { key: 'k', associationId: 'a' } } }));
    assert.equal(picks.get('file:///t.yaml', 'Patch'), undefined);
    assert.deepEqual(picks.placesOf({ key: 'k', associationId: 'a' }), []);
    assert.equal(new TemplatePicks(memento({ 'ssmAssociations.templatePicks': 'nonsense' })).get('x', 'y'), undefined);
  });
});
