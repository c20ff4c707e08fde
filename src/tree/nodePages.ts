// Paging: the loaded pages of every expanded node, one NodeState per (profile, region, node).
import type { NodeTarget } from '../aws/contract';
import type { LazyBackend } from '../aws/lazyBackend';
import type { AssociationElement, NodeElement, Redraw, TreeElement } from './elements';
import { NodeState, targetKey } from './nodeState';

/** What the pages need: where to ask, how many rows a page, whom to tell. */
export interface NodePagesDeps {
  readonly backend: LazyBackend;
  pageSize(): number;
  onChange(redraw: Redraw): void;
  /** Called after each page load finished (loaded or failed), for logs and the benchmark. */
  onLoaded?(node: NodeElement, outcome: 'loaded' | 'failed'): void;
}

/**
 * A node's first page is fetched when the node is expanded, further pages when "Load more…" is
 * clicked; a page that lands after its node's pages were dropped is not shown.
 */
export class NodePages {
  private readonly states = new Map<string, NodeState>();

  constructor(private readonly deps: NodePagesDeps) {}

  /** The pages of a node, by its scope key, if any were asked for. */
  at(scope: string): NodeState | undefined {
    return this.states.get(scope);
  }

  /** The node's children: page 1 is fetched (and awaited) on the first call, later pages only on loadMore. */
  async children(node: NodeElement, target: NodeTarget): Promise<TreeElement[]> {
    const state = this.stateFor(node, target);
    if (state.pager.state === 'pristine') this.load(state);
    // Only page 1 is awaited: until it is in there is nothing to show, and VS Code shows its progress
    // bar meanwhile. A later page is not: the rows above stay on screen with "Loading…" under them,
    // and a redraw while it loads (a settings change, a collapse) must not hang until it arrives.
    if (state.pager.isLoading && state.pager.pages === 0) await state.pager.loadNext();
    return state.children();
  }

  /** Fetches the next page of a node; a second call while a page loads does nothing. */
  loadMore(node: NodeElement, target: NodeTarget): void {
    const state = this.stateFor(node, target);
    if (state.pager.isLoading) return;
    // With "Load more…" on screen, only that row changes (to "Loading…"): the rows above are not
    // asked for again until the page is in. After an error row, the node's children change.
    const onlyTheRow = state.pager.pages > 0 && state.pager.state === 'ready';
    this.load(state);
    // The row reads "Loading…" from the pager, now loading.
    this.deps.onChange(onlyTheRow ? state.loadMoreElement : node);
  }

  /** Drops a node's pages; if it is expanded the tree asks for page 1 again. */
  refresh(node: NodeElement, scope: string): void {
    this.states.get(scope)?.reset();
    this.deps.onChange(node);
  }

  /** A node was collapsed: stop its request in flight; nothing late will land. */
  collapsed(node: NodeElement, scope: string): void {
    const state = this.states.get(scope);
    if (!state?.pager.isLoading) return;
    state.pager.cancel();
    this.deps.onChange(node);
  }

  /** Drops the pages of the nodes whose scope is no longer in the settings. */
  keepOnly(live: ReadonlySet<string>): void {
    for (const [key, state] of this.states) {
      if (!live.has(key)) {
        state.reset();
        this.states.delete(key);
      }
    }
  }

  /** Drops every page and the loads in flight. */
  clear(): void {
    for (const state of this.states.values()) state.reset();
    this.states.clear();
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

  /** A watched row's status as the watch read it: shown at once, its node redrawn, every loaded page kept. */
  observed(scope: string, associationId: string, status: string | undefined, executionDate: number | undefined): AssociationElement | undefined {
    const state = this.states.get(scope);
    const row = state?.observed(associationId, status, executionDate);
    if (state && row) this.deps.onChange(state.node);
    return row;
  }

  private stateFor(node: NodeElement, target: NodeTarget): NodeState {
    const key = targetKey(target);
    let state = this.states.get(key);
    if (!state) {
      const created: NodeState = new NodeState(
        node,
        target,
        (token, signal) =>
          this.deps.backend.get().then((backend) => backend.fetchAssociationsPage({ target, token, pageSize: this.deps.pageSize(), signal, pageNumber: created.pager.pages + 1 })),
        { profile: target.profile, region: target.region, endpoint: this.deps.backend.endpoint, timeoutMs: this.deps.backend.requestTimeoutMs },
      );
      state = created;
      this.states.set(key, state);
    }
    return state;
  }

  private load(state: NodeState): void {
    // loadNext never rejects: a failed page is the 'failed' outcome (and an error row).
    void state.pager.loadNext().then((outcome) => {
      if ((outcome === 'loaded' || outcome === 'failed') && this.states.get(state.targetKey) === state) {
        this.deps.onLoaded?.(state.node, outcome);
        this.deps.onChange(state.node);
      }
    });
  }
}
