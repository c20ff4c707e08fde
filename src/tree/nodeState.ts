import { describeError, type ErrorContext } from '../aws/errors';
import type { AssociationStatusInfo, NodeTarget } from '../aws/contract';
import { scopeKey } from '../core/scope';
import { addToSummary, EMPTY_SUMMARY, type NodeSummary } from '../core/status';
import { Pager, type LoadPage } from '../paging/pager';
import { NO_ASSOCIATIONS_LABEL, type AssociationElement, type TreeElement, type ErrorElement, type LoadMoreElement, type NodeElement, type NodeView } from './elements';

/** The key of a node's pages (and of their rows' item IDs): who asks, where, about which node.
 * A profile switch gives new keys. */
export function targetKey(target: NodeTarget): string {
  return `${scopeKey(target)}/${target.nodeId}`;
}

/**
 * The pages of one managed node as the tree shows them: the pager, one element per loaded row
 * (built once, as its page arrives), and the running summary for the node's description and icon.
 */
export class NodeState {
  readonly pager: Pager<AssociationStatusInfo>;
  readonly targetKey: string;
  private readonly rows: AssociationElement[] = [];
  private summary: NodeSummary = EMPTY_SUMMARY;
  private lastError: { source: unknown; element: ErrorElement } | undefined;
  /** The node's "Load more…" row (it reads "Loading…" while the pager loads). */
  readonly loadMoreElement: LoadMoreElement;

  constructor(
    readonly node: NodeElement,
    readonly target: NodeTarget,
    load: LoadPage<AssociationStatusInfo>,
    private readonly errorContext: ErrorContext = {},
  ) {
    this.targetKey = targetKey(target);
    this.loadMoreElement = { kind: 'loadMore', node, targetKey: this.targetKey };
    this.pager = new Pager(load, (info) => info.AssociationId, (added) => {
      for (const info of added) this.rows.push({ kind: 'association', node, info, targetKey: this.targetKey });
      this.summary = addToSummary(this.summary, added.map((info) => info.Status));
    });
  }

  /** The loaded rows, in the order AWS sent them. */
  get associations(): readonly AssociationElement[] {
    return this.rows;
  }

  /** The error of the last load as a tree element (built once per error). */
  get errorElement(): ErrorElement | undefined {
    const error = this.pager.error;
    if (this.pager.state !== 'error' || error === undefined) return undefined;
    if (this.lastError?.source !== error) {
      const element: ErrorElement = {
        kind: 'error',
        node: this.node,
        error: describeError(error, { ...this.errorContext, nodeId: this.target.nodeId }),
        during: this.pager.pages > 0 ? 'more' : 'first',
      };
      this.lastError = { source: error, element };
    }
    return this.lastError.element;
  }

  view(): NodeView {
    const pages = this.pager.pages;
    return {
      summary: pages > 0 ? this.summary : undefined,
      more: this.pager.hasMore,
      loading: this.pager.isLoading,
      failed: this.pager.state === 'error' && pages === 0,
    };
  }

  /** The node's children now: rows, then "Load more…", its loading state, or the error of the last load. */
  children(): TreeElement[] {
    const pager = this.pager;
    const error = this.errorElement;
    if (error) return pager.pages === 0 ? [error] : [...this.rows, error];
    if (pager.pages === 0) return [];
    const list: TreeElement[] = this.rows.slice();
    if (pager.isLoading || pager.hasMore) list.push(this.loadMoreElement);
    else if (this.rows.length === 0) list.push({ kind: 'message', node: this.node, text: NO_ASSOCIATIONS_LABEL, icon: 'info' });
    return list;
  }

  /**
   * A row's status as a watch read it (Apply Now): the row is replaced by one with the new status and date,
   * the summary counted again; the other rows and pages stay. Undefined when the row is not loaded.
   */
  observed(associationId: string, status: string | undefined, executionDate: number | undefined): AssociationElement | undefined {
    const i = this.rows.findIndex((r) => r.info.AssociationId === associationId);
    if (i < 0) return undefined;
    const old = this.rows[i].info;
    const info: AssociationStatusInfo = { ...old, Status: status ?? old.Status, ExecutionDate: executionDate === undefined ? old.ExecutionDate : new Date(executionDate) };
    // What the page said of the run before (its detail, error code, summary, output) says nothing about this one.
    if (info.Status !== old.Status || info.ExecutionDate?.getTime() !== old.ExecutionDate?.getTime()) {
      delete info.DetailedStatus;
      delete info.ErrorCode;
      delete info.ExecutionSummary;
      delete info.OutputUrl;
    }
    this.rows[i] = { ...this.rows[i], info };
    this.summary = addToSummary(EMPTY_SUMMARY, this.rows.map((r) => r.info.Status));
    return this.rows[i];
  }

  /** Drops every page and the load in flight. */
  reset(): void {
    this.pager.reset();
    this.rows.length = 0;
    this.summary = EMPTY_SUMMARY;
    this.lastError = undefined;
  }
}
