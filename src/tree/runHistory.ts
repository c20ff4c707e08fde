// Show History's list of runs, page by page, as a Pager: a second "Load more…" while a page loads
// shares that load (one request, no run twice), a repeated token ends the list, and closing the pick
// cancels the page in flight. No vscode here: the command shows what this holds.
import type { AssociationRun, RunsPage } from '../aws/contract';
import { type LoadOutcome, Pager } from '../paging/pager';

/** Reads one page of runs (the backend's listRuns for one node and association). */
export type ListRuns = (token: string | undefined, signal: AbortSignal) => Promise<RunsPage>;

export class RunHistory {
  private readonly pager: Pager<AssociationRun>;
  /** Executions read by the last page (for the log). */
  lastExecutionsRead = 0;

  constructor(listRuns: ListRuns) {
    this.pager = new Pager<AssociationRun>(
      async (token, signal) => {
        const page = await listRuns(token, signal);
        this.lastExecutionsRead = page.executionsRead;
        return { items: page.runs, nextToken: page.nextToken };
      },
      (run) => run.executionId,
    );
  }

  /** The next page (the first when none is loaded); the load in flight when there is one. */
  loadMore(): Promise<LoadOutcome> {
    return this.pager.loadNext();
  }

  get runs(): readonly AssociationRun[] {
    return this.pager.items;
  }

  /** Whether "Load more…" is offered: a next page exists and none is loading. */
  get canLoadMore(): boolean {
    return this.pager.hasMore && !this.pager.isLoading;
  }

  get loading(): boolean {
    return this.pager.isLoading;
  }

  get error(): unknown {
    return this.pager.error;
  }

  /** The pick closed: the page in flight is cancelled, its answer dropped. */
  close(): void {
    this.pager.cancel();
  }
}
