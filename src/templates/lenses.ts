// What the CodeLens above an association definition says and does, from the association lists the
// Associations view has already loaded (no request of its own). Pure: no vscode, no parser.
import { countsText, isFailingAssociation, type AssociationSummary } from '../core/associationRows';
import { groupLabel } from '../core/grouping';
import { type AwsScope } from '../core/scope';
import { plainLine } from '../core/text';
import { relativeTime } from '../core/time';
import type { AssociationDefinition } from './definitions';

/** One (profile, region) list of the Associations view, as far as it is loaded. */
export interface LoadedList {
  /** scopeKey of the scope. */
  readonly key: string;
  readonly scope: AwsScope;
  /** `none`: never loaded (or reset); `loading`: a page in flight; `loaded`: at least the first pages read; `error`: its load failed. */
  readonly state: 'none' | 'loading' | 'loaded' | 'error';
  readonly items: readonly AssociationSummary[];
  /** More pages exist than are loaded (beyond the view's automatic pages). */
  readonly more: boolean;
}

/** An association of one list: what a lens reveals. */
export interface AssociationRef {
  readonly key: string;
  readonly associationId: string;
}

/** True for a value shaped like an AssociationRef (command arguments, workspace state: both untyped). */
export const isAssociationRef = (v: unknown): v is AssociationRef =>
  v !== null && typeof v === 'object' && typeof (v as AssociationRef).key === 'string' && typeof (v as AssociationRef).associationId === 'string';

export type LensAction =
  /** Reveal the association in the Associations view; `expand` opens its failing nodes. */
  | { readonly kind: 'reveal'; readonly ref: AssociationRef; readonly expand: boolean }
  /** Ask which association the definition is (its name is computed or absent). */
  | { readonly kind: 'pick' }
  /** Load the lists of these scopes (nothing loaded yet). */
  | { readonly kind: 'load'; readonly keys: readonly string[] }
  /** Text only. */
  | { readonly kind: 'none' };

export interface LensSpec {
  readonly title: string;
  readonly tooltip?: string;
  readonly action: LensAction;
}

/** At most this many matching associations get lenses for one definition (a name used in many scopes). */
export const MAX_MATCHES = 4;

/** `SSM: 3 failed · 37 success · last run 2 hours ago` (with the scope when several scopes are in use). */
export function statusTitle(a: AssociationSummary, now: number, scope?: AwsScope): string {
  const when = a.lastExecution ? `last run ${relativeTime(a.lastExecution, now)}` : 'not run yet';
  const prefix = scope ? `SSM ${plainLine(groupLabel(scope), 60)}` : 'SSM';
  return `${prefix}: ${countsText(a.overview) ?? 'no overview'} · ${when}`;
}

/** The lenses of one found association: its status, and Show failing nodes when a node failed. */
function matchLenses(ref: AssociationRef, a: AssociationSummary, now: number, scope: AwsScope | undefined): LensSpec[] {
  const name = plainLine(a.name || a.document || a.associationId, 80);
  const out: LensSpec[] = [{ title: statusTitle(a, now, scope), tooltip: `Reveal ${name} in the Associations view`, action: { kind: 'reveal', ref, expand: false } }];
  if (isFailingAssociation(a)) out.push({ title: 'Show failing nodes', tooltip: `Expand ${name} in the Associations view`, action: { kind: 'reveal', ref, expand: true } });
  return out;
}

/** Where a literal name is found among the loaded lists: every list with that name, in the lists' order. */
export function findByName(name: string, lists: readonly LoadedList[]): { list: LoadedList; association: AssociationSummary }[] {
  const out: { list: LoadedList; association: AssociationSummary }[] = [];
  for (const list of lists) for (const association of list.items) if (association.name === name) out.push({ list, association });
  return out;
}

/** The association a reference points at, if its list holds it. */
export function findRef(ref: AssociationRef, lists: readonly LoadedList[]): { list: LoadedList; association: AssociationSummary } | undefined {
  const list = lists.find((l) => l.key === ref.key);
  const association = list?.items.find((a) => a.associationId === ref.associationId);
  return list && association ? { list, association } : undefined;
}

const scopesText = (lists: readonly LoadedList[]) => lists.map((l) => plainLine(groupLabel(l.scope), 60)).join(', ');

/** Lenses for the matches; several scopes: each lens names its own. */
function foundLenses(found: { list: LoadedList; association: AssociationSummary }[], now: number): LensSpec[] {
  const several = new Set(found.map((f) => f.list.key)).size > 1;
  return found
    .slice(0, MAX_MATCHES)
    .flatMap((f) => matchLenses({ key: f.list.key, associationId: f.association.associationId }, f.association, now, several ? f.list.scope : undefined));
}

function loadLens(lists: readonly LoadedList[]): LensSpec {
  const loading = lists.some((l) => l.state === 'loading');
  const waiting = lists.filter((l) => l.state === 'none' || l.state === 'error');
  return loading && waiting.length === 0
    ? { title: 'SSM: loading status…', action: { kind: 'none' } }
    : { title: 'SSM: load status', tooltip: `List the associations of ${scopesText(waiting)}`, action: { kind: 'load', keys: waiting.map((l) => l.key) } };
}

/** Why a definition cannot be matched by name: the lens that says so and offers a pick. */
function unnamedLens(def: AssociationDefinition): LensSpec {
  const why = def.name.kind === 'computed' ? `name computed (${plainLine(def.name.text, 40)})` : 'no name written';
  return { title: `SSM: ${why} — pick the association…`, tooltip: 'Pick which association this resource deploys (remembered for this file)', action: { kind: 'pick' } };
}

/**
 * The lenses of one definition. `lists`: the Associations view's lists (the active scope first);
 * `picked`: the association the user picked for this file and resource, if any.
 */
export function lensesFor(def: AssociationDefinition, lists: readonly LoadedList[], now: number, picked?: AssociationRef): LensSpec[] {
  const loaded = lists.filter((l) => l.state === 'loaded');
  if (picked) {
    const found = findRef(picked, loaded);
    if (found) return [...foundLenses([found], now), { title: 'Pick another…', tooltip: 'Pick which association this resource deploys', action: { kind: 'pick' } }];
    const list = lists.find((l) => l.key === picked.key);
    if (list && list.state !== 'loaded') return [loadLens([list])];
  }
  if (def.name.kind !== 'literal') return loaded.length ? [unnamedLens(def)] : [loadLens(lists)];
  const found = findByName(def.name.value, loaded);
  if (found.length) return foundLenses(found, now);
  if (loaded.length < lists.length) return [loadLens(lists)];
  const partly = loaded.some((l) => l.more) ? ' among those loaded' : '';
  return [{ title: `SSM: no association named ${plainLine(def.name.value, 60)} in ${scopesText(loaded)}${partly}`, action: { kind: 'none' } }];
}

/** The associations a pick offers: those running the definition's document, else every loaded one. */
export function pickCandidates(def: Pick<AssociationDefinition, 'document'>, lists: readonly LoadedList[]): { list: LoadedList; association: AssociationSummary }[] {
  const all = lists.filter((l) => l.state === 'loaded').flatMap((list) => list.items.map((association) => ({ list, association })));
  const same = def.document ? all.filter((c) => c.association.document === def.document) : [];
  return same.length ? same : all;
}

/** Whether a definition is this association, by its literal name (Go to Definition). */
export function definesAssociation(def: AssociationDefinition, a: Pick<AssociationSummary, 'name'>): boolean {
  return def.name.kind === 'literal' && a.name !== undefined && def.name.value === a.name;
}
