import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AssociationSummary } from '../../src/core/associationRows';
import { scopeKey, type AwsScope } from '../../src/core/scope';
import { DefinitionCache } from '../../src/templates/definitionCache';
import type { AssociationDefinition, WrittenName } from '../../src/templates/definitions';
import { definesAssociation, lensesFor, MAX_MATCHES, pickCandidates, type LoadedList } from '../../src/templates/lenses';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const PROD: AwsScope = { profile: 'prod', region: 'eu-west-1' };
const DEV: AwsScope = { profile: 'dev', region: 'us-east-1' };

function def(name: WrittenName, extra: Partial<AssociationDefinition> = {}): AssociationDefinition {
  return { templateKind: 'cloudformation-yaml', resource: 'PatchAssociation', name, range: { start: { line: 3, character: 2 }, end: { line: 3, character: 20 } }, ...extra };
}
const literal = (value: string) => def({ kind: 'literal', value });

function assoc(id: string, name: string | undefined, counts: Record<string, number>, extra: Partial<AssociationSummary> = {}): AssociationSummary {
  return { associationId: id, name, document: 'AWS-RunPatchBaseline', targets: [], overview: { status: 'Success', counts }, lastExecution: new Date(NOW - 2 * 3600_000), ...extra };
}

function list(scope: AwsScope, items: AssociationSummary[], state: LoadedList['state'] = 'loaded', more = false): LoadedList {
  return { key: scopeKey(scope), scope, state, items, more };
}

const nightly = assoc('a-1', 'nightly-patch', { Failed: 3, Success: 37 });

describe('CodeLens specs from the loaded association lists', () => {
  it('a literal name found: the counts, the last run, and Show failing nodes when a node failed', () => {
    const lenses = lensesFor(literal('nightly-patch'), [list(PROD, [nightly])], NOW);
    assert.deepEqual(
      lenses.map((l) => l.title),
      ['SSM: 3 failed · 37 success · last run 2 hours ago', 'Show failing nodes'],
    );
    assert.deepEqual(lenses[0].action, { kind: 'reveal', ref: { key: scopeKey(PROD), associationId: 'a-1' }, expand: false });
    assert.deepEqual(lenses[1].action, { kind: 'reveal', ref: { key: scopeKey(PROD), associationId: 'a-1' }, expand: true });
  });

  it('no failed node: no Show failing nodes; never run and no overview say so', () => {
    const fine = assoc('a-2', 'fine', { Success: 5 });
    assert.deepEqual(lensesFor(literal('fine'), [list(PROD, [fine])], NOW).map((l) => l.title), ['SSM: 5 success · last run 2 hours ago']);
    const fresh = assoc('a-3', 'fresh', {}, { overview: undefined, lastExecution: undefined });
    assert.deepEqual(lensesFor(literal('fresh'), [list(PROD, [fresh])], NOW).map((l) => l.title), ['SSM: no overview · not run yet']);
  });

  it('the same name in several scopes: each lens names its scope', () => {
    const other = assoc('b-1', 'nightly-patch', { Success: 2 });
    const titles = lensesFor(literal('nightly-patch'), [list(PROD, [nightly]), list(DEV, [other])], NOW).map((l) => l.title);
    assert.deepEqual(titles, ['SSM prod · eu-west-1: 3 failed · 37 success · last run 2 hours ago', 'Show failing nodes', 'SSM dev · us-east-1: 2 success · last run 2 hours ago']);
  });

  it(`at most ${MAX_MATCHES} matches get lenses`, () => {
    const many = Array.from({ length: 10 }, (_, i) => assoc(`m-${i}`, 'dup', { Success: 1 }));
    assert.equal(lensesFor(literal('dup'), [list(PROD, many)], NOW).length, MAX_MATCHES);
  });

  it('a literal name not among the loaded lists: says where it looked (and that more pages exist)', () => {
    assert.deepEqual(lensesFor(literal('gone'), [list(PROD, [nightly])], NOW).map((l) => [l.title, l.action.kind]), [['SSM: no association named gone in prod · eu-west-1', 'none']]);
    assert.equal(lensesFor(literal('gone'), [list(PROD, [nightly], 'loaded', true), list(DEV, [])], NOW)[0].title, 'SSM: no association named gone in prod · eu-west-1, dev · us-east-1 among those loaded');
  });

  it('fleet text in a name or a scope stays inert (plainLine)', () => {
    const evil: AwsScope = { profile: 'p\u202e$(alert)\nx', region: 'eu-west-1' };
    const [lens] = lensesFor(literal('x'), [list(evil, [])], NOW);
    assert.ok(!/[\n\u202e]/.test(lens.title), lens.title);
    assert.ok(!lens.title.includes('$(alert)'), lens.title);
  });

  it('nothing loaded for a scope: "load status" loads the lists not loaded (a failed one too)', () => {
    const lenses = lensesFor(literal('gone'), [list(PROD, [nightly]), list(DEV, [], 'none')], NOW);
    assert.deepEqual(lenses.map((l) => [l.title, l.action]), [['SSM: load status', { kind: 'load', keys: [scopeKey(DEV)] }]]);
    const failed = lensesFor(literal('x'), [list(PROD, [], 'error')], NOW);
    assert.deepEqual(failed[0].action, { kind: 'load', keys: [scopeKey(PROD)] });
    assert.deepEqual(lensesFor(literal('x'), [list(PROD, [], 'loading')], NOW).map((l) => [l.title, l.action.kind]), [['SSM: loading status…', 'none']]);
  });

  it('a name found in a loaded list wins over other scopes still not loaded', () => {
    assert.equal(lensesFor(literal('nightly-patch'), [list(PROD, [nightly]), list(DEV, [], 'none')], NOW)[0].title, 'SSM: 3 failed · 37 success · last run 2 hours ago');
  });

  it('a computed or absent name: a lens that says so and offers the pick; nothing loaded: load status', () => {
    const computed = lensesFor(def({ kind: 'computed', text: '!Sub ${Env}-patch' }), [list(PROD, [nightly])], NOW);
    assert.deepEqual(computed.map((l) => [l.title, l.action.kind]), [['SSM: name computed (!Sub ${Env}-patch) — pick the association…', 'pick']]);
    assert.equal(lensesFor(def({ kind: 'none' }), [list(PROD, [nightly])], NOW)[0].title, 'SSM: no name written — pick the association…');
    assert.equal(lensesFor(def({ kind: 'none' }), [list(PROD, [], 'none')], NOW)[0].action.kind, 'load');
  });

  it('a remembered pick is used like a literal match, with Pick another…', () => {
    const ref = { key: scopeKey(PROD), associationId: 'a-1' };
    const lenses = lensesFor(def({ kind: 'computed', text: '!Ref Name' }), [list(PROD, [nightly])], NOW, ref);
    assert.deepEqual(lenses.map((l) => l.title), ['SSM: 3 failed · 37 success · last run 2 hours ago', 'Show failing nodes', 'Pick another…']);
    assert.deepEqual(lenses[0].action, { kind: 'reveal', ref, expand: false });
    // Its list not loaded: load that one; the association gone: the pick is offered again.
    assert.deepEqual(lensesFor(def({ kind: 'none' }), [list(PROD, [], 'none')], NOW, ref)[0].action, { kind: 'load', keys: [scopeKey(PROD)] });
    assert.equal(lensesFor(def({ kind: 'none' }), [list(PROD, [assoc('z', 'z', {})])], NOW, ref)[0].action.kind, 'pick');
  });

  it("the pick offers the associations of the definition's document, else every loaded one", () => {
    const other = assoc('a-9', 'inventory', {}, { document: 'AWS-GatherSoftwareInventory' });
    const lists = [list(PROD, [nightly, other]), list(DEV, [], 'none')];
    assert.deepEqual(pickCandidates({ document: 'AWS-GatherSoftwareInventory' }, lists).map((c) => c.association.associationId), ['a-9']);
    assert.deepEqual(pickCandidates({ document: 'Custom-Doc' }, lists).map((c) => c.association.associationId), ['a-1', 'a-9']);
    assert.deepEqual(pickCandidates({}, lists).map((c) => c.association.associationId), ['a-1', 'a-9']);
  });

  it('Go to Definition matches the literal name only', () => {
    assert.ok(definesAssociation(literal('nightly-patch'), nightly));
    assert.ok(!definesAssociation(literal('Nightly-patch'), nightly));
    assert.ok(!definesAssociation(def({ kind: 'computed', text: 'nightly-patch' }), nightly));
    assert.ok(!definesAssociation(def({ kind: 'none' }), { name: undefined }));
  });
});

describe('DefinitionCache', () => {
  it('answers for the same version only, and keeps the most recently used within its bound', () => {
    const cache = new DefinitionCache(2);
    const defs = [literal('a')];
    cache.set('file:///a', 1, defs);
    assert.equal(cache.get('file:///a', 1), defs);
    assert.equal(cache.get('file:///a', 2), undefined);
    cache.set('file:///b', 1, []);
    cache.get('file:///a', 1);
    cache.set('file:///c', 1, []);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('file:///b', 1), undefined, 'the least recently used went');
    assert.equal(cache.get('file:///a', 1), defs);
  });
});
