import type { NodeTarget } from '../aws/types';
import type { LazyBackend } from '../backendLoader';
import type { NodeEntry } from '../model/nodeEntries';
import type { Settings } from '../model/settings';
import { associationTooltip, nodeItemId, nodeTooltip, specFor, type AssociationElement, type Element, type ErrorElement, type ItemSpec, type NodeElement } from './elements';
import { NodeState, scopeKey } from './nodeState';

/** What the tree model needs from the rest of the extension. */
export interface TreeModelDeps {
  readSettings(): Settings;
  /** The AWS layer, loaded on the first request; also reset on Refresh and profile changes. */
  readonly backend: LazyBackend;
  /** Called when an element (undefined = the whole tree) must be drawn again. */
  onChange(element: Element | undefined): void;
  /** Called after each page load finished (loaded or failed), for logs and the benchmark. */
  onLoaded?(node: NodeElement, outcome: 'loaded' | 'failed'): void;
}

/**
 * The Managed Nodes tree without the editor: listing the root reads only settings; a node's first
 * page is fetched when the node is expanded, further pages when "Load more…" is clicked. Pages live
 * in one NodeState per (profile, region, node). The vscode TreeDataProvider is a thin adapter.
 */
export class TreeModel {
  private settings: Settings;
  private readonly nodes = new Map<string, NodeElement>();
  private readonly states = new Map<string, NodeState>();

  constructor(private readonly deps: TreeModelDeps) {
    this.settings = deps.readSettings();
  }

  get currentSettings(): Settings {
    return this.settings;
  }

  // ---- what the tree shows

  /** The item of an element as data, built anew (ItemCache keeps what is worth keeping). */
  itemOf(element: Element, now = Date.now()): ItemSpec {
    return specFor(element, this.settings, (node) => this.states.get(this.scopeOf(node))?.view(), now);
  }

  /** The tooltip of an element (for nodes and associations built only when the user hovers it). */
  tooltipOf(element: Element, now = Date.now()): string | undefined {
    if (element.kind === 'association') return associationTooltip(element.info, now);
    if (element.kind === 'node') return nodeTooltip(element.entry, this.settings, this.states.get(this.scopeOf(element))?.view());
    return this.itemOf(element, now).tooltipMarkdown;
  }

  async getChildren(element?: Element): Promise<Element[]> {
    if (!element) return this.rootElements();
    if (element.kind !== 'node') return [];
    const state = this.stateFor(element);
    if (state.pager.state === 'pristine') this.load(state);
    // Only page 1 is awaited: until it is in there is nothing to show, and VS Code shows its progress
    // bar meanwhile. A later page is not: the rows above stay on screen with "Loading…" under them,
    // and a redraw while it loads (a settings change, a collapse) must not hang until it arrives.
    if (state.pager.isLoading && state.pager.pages === 0) await state.pager.loadNext();
    return state.children();
  }

  getParent(element: Element): Element | undefined {
    return element.kind === 'node' || element.kind === 'invalid' ? undefined : element.node;
  }

  // ---- actions

  /** Fetches the next page of a node; a second call while a page loads does nothing. */
  loadMore(node: NodeElement): void {
    const state = this.stateFor(node);
    if (state.pager.isLoading) return;
    // With "Load more…" on screen, only that row changes (to "Loading…"): the rows above are not
    // asked for again until the page is in. After an error row, the node's children change.
    const onlyTheRow = state.pager.pages > 0 && state.pager.state === 'ready';
    this.load(state);
    // The row reads "Loading…" from the pager, now loading.
    this.deps.onChange(onlyTheRow ? state.loadMoreElement : node);
  }

  /** Retries what failed: the same page again, or page 1 when the token is no longer valid. */
  retry(error: ErrorElement): void {
    if (error.error.actions.includes('reloadFromStart')) return this.refreshNode(error.node);
    this.loadMore(error.node);
  }

  /** Drops a node's pages; if it is expanded the tree asks for page 1 again. */
  refreshNode(node: NodeElement): void {
    this.states.get(this.scopeOf(node))?.reset();
    this.deps.onChange(node);
  }

  /** Re-reads settings and profile files, drops every page and client; expanded nodes reload page 1. */
  refreshAll(): void {
    for (const state of this.states.values()) state.reset();
    this.states.clear();
    this.deps.backend.reset();
    this.settings = this.deps.readSettings();
    this.deps.onChange(undefined);
  }

  /** Settings changed: keep the pages whose profile, region and node are unchanged. */
  settingsChanged(): void {
    const before = this.settings;
    this.settings = this.deps.readSettings();
    if (before.profile !== this.settings.profile || before.region !== this.settings.region) this.deps.backend.reset();
    const live = new Set(this.settings.entries.filter((e): e is NodeEntry => e.kind === 'node').map((e) => scopeKey(this.targetOf(e))));
    for (const [scope, state] of this.states) {
      if (!live.has(scope)) {
        state.reset();
        this.states.delete(scope);
      }
    }
    this.deps.onChange(undefined);
  }

  /** A node was collapsed: stop its request in flight; nothing late will land. */
  collapsed(element: Element): void {
    if (element.kind !== 'node') return;
    const state = this.states.get(this.scopeOf(element));
    if (!state?.pager.isLoading) return;
    state.pager.cancel();
    this.deps.onChange(element);
  }

  /** Every association loaded so far, node by node in the order their pages were first asked for. */
  loadedAssociations(): AssociationElement[] {
    const all: AssociationElement[] = [];
    for (const state of this.states.values()) all.push(...state.associations);
    return all;
  }

  findAssociation(scope: string, associationId: string): AssociationElement | undefined {
    return this.states.get(scope)?.associations.find((a) => a.info.AssociationId === associationId);
  }

  /** Which node to ask, with whose credentials, where: the entry's own profile and region, else the settings'. */
  targetOf(entry: NodeEntry): NodeTarget {
    return { nodeId: entry.id, profile: entry.profile ?? this.settings.profile, region: entry.region ?? this.settings.region };
  }

  dispose(): void {
    for (const state of this.states.values()) state.reset();
    this.states.clear();
  }

  // ---- internals

  private rootElements(): Element[] {
    const seen = new Set<string>();
    const scopes = new Set<string>();
    const elements: Element[] = [];
    for (const entry of this.settings.entries) {
      if (entry.kind === 'invalid') {
        elements.push({ kind: 'invalid', entry });
        continue;
      }
      const id = nodeItemId(entry);
      const scope = scopeKey(this.targetOf(entry));
      // The same node with the same effective profile and region is shown once.
      if (scopes.has(scope)) continue;
      scopes.add(scope);
      seen.add(id);
      let node = this.nodes.get(id);
      if (!node || node.entry.label !== entry.label) {
        node = { kind: 'node', entry };
        this.nodes.set(id, node);
      }
      elements.push(node);
    }
    for (const id of this.nodes.keys()) if (!seen.has(id)) this.nodes.delete(id);
    return elements;
  }

  private scopeOf(node: NodeElement): string {
    return scopeKey(this.targetOf(node.entry));
  }

  private stateFor(node: NodeElement): NodeState {
    const target = this.targetOf(node.entry);
    const scope = scopeKey(target);
    let state = this.states.get(scope);
    if (!state) {
      const created: NodeState = new NodeState(
        node,
        target,
        (token, signal) =>
          this.deps.backend.get().then((backend) => backend.fetchAssociationsPage(target, token, this.settings.pageSize, signal, created.pager.pages + 1)),
        { profile: target.profile, region: target.region, endpoint: this.deps.backend.endpoint, timeoutMs: this.deps.backend.requestTimeoutMs },
      );
      state = created;
      this.states.set(scope, state);
    }
    return state;
  }

  private load(state: NodeState): void {
    state.pager.loadNext().then((outcome) => {
      if ((outcome === 'loaded' || outcome === 'failed') && this.states.get(state.scope) === state) {
        this.deps.onLoaded?.(state.node, outcome);
        this.deps.onChange(state.node);
      }
    });
  }
}
