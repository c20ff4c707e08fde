// The Associations view's model, pure (no vscode): the (profile, region) groups the nodes view uses, the
// associations of each page by page (ListAssociations, 50 a page, the Pager's token rules), an association's
// latest-run nodes on expand, failing first, Show Failed Only, the badge, the user's filters. Nothing is
// requested while the view is hidden.
import type { Backend } from '../../aws/contract';
import { type AwsScope, scopeKey } from '../../core/scope';
import { scopesOf } from './scopes';
import { type AssociationFilter, type AssociationSummary } from '../../core/associationRows';
import { shouldGroup } from '../../core/grouping';
import type { Settings } from '../../core/settings';
import { Pager, type PagerState } from '../../paging/pager';
import type { LoadedList } from '../../templates/lenses';
import type { ItemSpec } from '../elements';
import { ASSOCIATIONS_PAGE_SIZE, statusRows, TargetLists, type StatusCache } from './targetLists';
import { assocGroupSpec, assocRow, assocStatusSpec, assocTooltip, targetSpec } from './elements';
import type { AssocElement, AssocGroupElement, AssocStatusElement, AssocTargetElement, AssocTreeElement } from './elements';

export { ASSOCIATIONS_PAGE_SIZE };

/** Pages read when a list first shows (so failing-first and the badge see every association): 1,000
 * associations per (profile, region); beyond, "Load more…". */
export const AUTO_PAGES = 20;

export interface AssociationsModelDeps {
  /** The AWS layer, loaded on first use. */
  readonly backend: { get(): Promise<Backend> };
  readonly readSettings: () => Settings;
  /** Draw again: one element, or (undefined) the whole view. */
  readonly onChange: (element: AssocTreeElement | undefined) => void;
}

interface GroupState {
  readonly element: AssocGroupElement;
  readonly pager: Pager<AssociationSummary>;
  /** The rows made as each page arrived (each drawn once), failing ones apart: failing first without sorting. */
  readonly failing: AssocElement[];
  readonly rest: AssocElement[];
  readonly status: StatusCache;
  /** The first listing in flight (up to AUTO_PAGES pages), shared by every caller. */
  opening?: Promise<void>;
}

const listState = (state: PagerState): LoadedList['state'] => (state === 'pristine' ? 'none' : state === 'ready' ? 'loaded' : state);

export class AssociationsModel {
  private settings: Settings;
  private groups = new Map<string, GroupState>();
  private readonly targets: TargetLists;
  /** A watch round's pages, handed to a list's next first page instead of a request. */
  private readonly preloaded = new Map<string, { items: AssociationSummary[]; nextToken?: string }>();
  /** Why the watch stopped (a credential error), shown as one row at the top. */
  private watchError: AssocStatusElement | undefined;
  private filters: readonly AssociationFilter[] = [];
  private visible = false;
  failedOnly = false;

  constructor(private readonly deps: AssociationsModelDeps) {
    this.settings = deps.readSettings();
    this.targets = new TargetLists(deps.backend);
    this.layout();
  }

  get currentFilters(): readonly AssociationFilter[] {
    return this.filters;
  }

  get grouped(): boolean {
    return shouldGroup(this.settings.groupBy, this.groups.size);
  }

  /** The view became visible or hidden; when it shows, lists never loaded are drawn (and so loaded). */
  setVisible(visible: boolean): void {
    const was = this.visible;
    this.visible = visible;
    if (visible && !was && [...this.groups.values()].some((g) => g.pager.state === 'pristine')) this.deps.onChange(undefined);
  }

  getChildren(element?: AssocTreeElement): Promise<AssocTreeElement[]> | AssocTreeElement[] {
    if (!element) return this.rootChildren();
    if (element.kind === 'assocGroup') {
      const g = this.groups.get(element.key);
      return g ? this.groupChildren(g) : [];
    }
    if (element.kind === 'assoc') return this.targets.children(element);
    return [];
  }

  getParent(element: AssocTreeElement): AssocTreeElement | undefined {
    switch (element.kind) {
      case 'assocGroup':
        return undefined;
      case 'assoc':
        return this.grouped ? element.group : undefined;
      case 'association':
        return element.parent;
      default:
        if (element.kind === 'assocWatchError') return undefined;
        return element.owner.kind === 'assoc' || this.grouped ? element.owner : undefined;
    }
  }

  private async rootChildren(): Promise<AssocTreeElement[]> {
    const top: AssocTreeElement[] = this.watchError ? [this.watchError] : [];
    if (this.grouped) return top.concat([...this.groups.values()].map((g) => g.element));
    const only = [...this.groups.values()][0];
    return only ? top.concat(await this.groupChildren(only)) : top;
  }

  private async groupChildren(g: GroupState): Promise<AssocTreeElement[]> {
    if (g.pager.state === 'pristine' && this.visible) g.opening = this.open(g);
    await g.opening;
    const out: AssocTreeElement[] = this.failedOnly ? g.failing.slice() : g.failing.concat(g.rest);
    return out.concat(statusRows(g.element, g.pager, g.status, this.failedOnly ? 'No failing associations loaded' : 'No associations'));
  }

  /** Reads page after page while there are more, up to AUTO_PAGES; a failed or superseded page stops it. */
  private async open(g: GroupState): Promise<void> {
    while ((await g.pager.loadNext()) === 'loaded' && g.pager.hasMore && g.pager.pages < AUTO_PAGES);
  }

  /** A page arrived: its rows are made and drawn once, each appended to its part (the service's order kept in each). */
  private addRows(group: AssocGroupElement, parts: Pick<GroupState, 'failing' | 'rest'>, added: readonly AssociationSummary[]): void {
    for (const summary of added) {
      const row = assocRow(group, summary);
      (row.failing ? parts.failing : parts.rest).push(row);
    }
  }

  /** "Load more…" or an error row's Retry: the next page of that list (or the failed one again). */
  async loadMore(el: AssocStatusElement): Promise<void> {
    const pager = this.pagerOf(el);
    if (!pager) return;
    const loading = pager.loadNext();
    this.redrawOwner(el.owner);
    await loading;
    this.redrawOwner(el.owner);
  }

  private redrawOwner(owner: AssocGroupElement | AssocElement): void {
    this.deps.onChange(owner.kind === 'assocGroup' && !this.grouped ? undefined : owner);
  }

  /** Refresh: every list and every expanded association from page 1 (when drawn again). */
  refresh(): void {
    for (const g of this.groups.values()) this.resetGroup(g);
    this.deps.onChange(undefined);
  }

  private resetGroup(g: GroupState): void {
    g.pager.reset();
    g.opening = undefined;
    g.failing.length = 0;
    g.rest.length = 0;
    this.targets.forgetGroup(g.element.key);
  }

  /** Refresh done by a watch round (which drew the lists): the expanded associations read their latest run anew. */
  refreshTargets(): void {
    for (const key of this.groups.keys()) this.targets.forgetGroup(key);
    this.deps.onChange(undefined);
  }

  /** The row of an association among those loaded (to reveal it), by its (profile, region) key. */
  findRow(key: string, associationId: string): AssocElement | undefined {
    const g = this.groups.get(key);
    return g ? [...g.failing, ...g.rest].find((r) => r.summary.associationId === associationId) : undefined;
  }

  /** Collapsing an association forgets its nodes: expanding it again reads the latest run anew. */
  collapsed(el: AssocTreeElement): void {
    if (el.kind !== 'assoc') return;
    this.targets.forget(el);
  }

  setFilters(filters: readonly AssociationFilter[]): void {
    this.filters = filters;
    this.refresh();
  }

  setFailedOnly(on: boolean): void {
    this.failedOnly = on;
    this.deps.onChange(undefined);
  }

  /** Settings changed: groups of scopes no longer used go, new ones come (loaded when drawn). */
  settingsChanged(): void {
    this.settings = this.deps.readSettings();
    this.layout();
    this.deps.onChange(undefined);
  }

  private layout(): void {
    const next = new Map<string, GroupState>();
    for (const scope of scopesOf(this.settings)) {
      const key = scopeKey(scope);
      next.set(key, this.groups.get(key) ?? this.newGroup(key, scope));
    }
    for (const [key, g] of this.groups) if (!next.has(key)) this.resetGroup(g);
    this.groups = next;
  }

  private newGroup(key: string, scope: AwsScope): GroupState {
    const element: AssocGroupElement = { kind: 'assocGroup', key, scope };
    const parts = { failing: [] as AssocElement[], rest: [] as AssocElement[] };
    const pager = new Pager<AssociationSummary>(
      async (token, signal) => {
        const given = token === undefined ? this.preloaded.get(key) : undefined;
        if (given) {
          this.preloaded.delete(key);
          return given;
        }
        return (await this.deps.backend.get()).listAssociations(scope, this.filters, token, ASSOCIATIONS_PAGE_SIZE, signal);
      },
      (a) => a.associationId,
      (added) => this.addRows(element, parts, added),
    );
    return { element, pager, ...parts, status: {} };
  }

  private pagerOf(el: AssocStatusElement): Pick<Pager<unknown>, 'isLoading' | 'loadNext'> | undefined {
    return el.owner.kind === 'assocGroup' ? this.groups.get(el.owner.key)?.pager : this.targets.pagerOf(el.owner);
  }

  /**
   * A watch round read this list anew: its rows are redrawn from those pages, with no request (an
   * expanded association keeps its nodes). `nextToken` when the round stopped at its page ceiling.
   */
  applyRound(key: string, items: AssociationSummary[], nextToken?: string): void {
    const g = this.groups.get(key);
    if (!g) return;
    g.pager.reset();
    g.opening = undefined;
    g.failing.length = 0;
    g.rest.length = 0;
    this.preloaded.set(key, { items, nextToken });
    this.redrawOwner(g.element);
  }

  /** The watch stopped (credential error): one error row at the top until it runs again; undefined clears it. */
  setWatchError(error: AssocStatusElement['error']): void {
    const first = [...this.groups.values()][0];
    this.watchError = error && first ? { kind: 'assocWatchError', owner: first.element, error } : undefined;
    this.deps.onChange(undefined);
  }

  /** The groups' scopes (for the watch). */
  get scopes(): AwsScope[] {
    return [...this.groups.values()].map((g) => g.element.scope);
  }

  /** Each list as far as it is loaded (the CodeLens reads these; nothing is requested). */
  loadedLists(): LoadedList[] {
    return [...this.groups.values()].map((g) => ({ key: g.element.key, scope: g.element.scope, state: listState(g.pager.state), items: g.pager.items, more: g.pager.hasMore }));
  }

  /** Loads these lists now, even while the view is hidden (a CodeLens' "load status"); a list already read is left as it is. */
  async loadLists(keys: readonly string[]): Promise<void> {
    const groups = keys.flatMap((key) => this.groups.get(key) ?? []);
    for (const g of groups) if (g.pager.state === 'pristine' || g.pager.state === 'error') g.opening = this.open(g);
    groups.forEach((g) => this.redrawOwner(g.element));
    await Promise.all(groups.map((g) => g.opening));
    groups.forEach((g) => this.redrawOwner(g.element));
  }

  /** Failing associations among those loaded (the view's badge). */
  failingCount(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.failing.length;
    return n;
  }

  /** Whether the node is in ssmAssociations.nodes with this (profile, region). */
  isConfigured(el: AssocTargetElement): boolean {
    const key = scopeKey(el.parent.group.scope);
    return this.settings.entries.some(
      (e) => e.kind === 'node' && e.id === el.target.resourceId && scopeKey({ profile: e.profile ?? this.settings.profile, region: e.region ?? this.settings.region }) === key,
    );
  }

  itemOf(el: AssocTreeElement, now = Date.now()): ItemSpec {
    switch (el.kind) {
      case 'assocGroup': {
        const g = this.groups.get(el.key);
        const count = g ? g.failing.length + g.rest.length : 0;
        return assocGroupSpec(el, { count, failing: g?.failing.length ?? 0, more: g?.pager.hasMore ?? false, loading: g?.pager.isLoading ?? false });
      }
      case 'assoc': {
        return el.item;
      }
      case 'association':
        return targetSpec(el, now, this.isConfigured(el));
      default: {
        return assocStatusSpec(el, this.pagerOf(el)?.isLoading ?? false);
      }
    }
  }

  tooltipOf(el: AssocTreeElement, now = Date.now()): string | undefined {
    return el.kind === 'assoc' ? assocTooltip(el, now) : undefined;
  }

  dispose(): void {
    for (const g of this.groups.values()) this.resetGroup(g);
  }
}
