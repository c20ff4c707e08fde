// The nodes of an association's latest run, per association (DescribeAssociationExecutionTargets, paged,
// failed first), and the status rows ("Load more…", an error, a message) every list of the view ends with.
import type { Backend } from '../../aws/contract';
import { describeError } from '../../aws/errors';
import { failingFirst, type ExecutionTarget } from '../../core/associationRows';
import { isFailedStatus } from '../../core/status';
import { Pager } from '../../paging/pager';
import { targetElement, type AssocElement, type AssocGroupElement, type AssocStatusElement, type AssocTargetElement, type AssocTreeElement } from './elements';

/** MaxResults of every request of this view (the most the service allows). */
export const ASSOCIATIONS_PAGE_SIZE = 50;

/** The status rows of one list, kept so that a row stays the same object while nothing changed. */
export type StatusCache = Partial<Record<AssocStatusElement['kind'], AssocStatusElement & { readonly cause?: unknown }>>;

/** The row that ends a list: an error, "Load more…", or a message when it is empty; none otherwise. */
export function statusRows(owner: AssocGroupElement | AssocElement, pager: Pick<Pager<unknown>, 'state' | 'error' | 'hasMore' | 'pages' | 'items'>, cache: StatusCache, empty: string): AssocStatusElement[] {
  const scope = owner.kind === 'assocGroup' ? owner.scope : owner.group.scope;
  if (pager.state === 'error') {
    const kept = cache.assocError;
    if (kept && kept.cause === pager.error) return [kept];
    const row = { kind: 'assocError' as const, owner, error: describeError(pager.error, { profile: scope.profile, region: scope.region }), cause: pager.error };
    return [(cache.assocError = row)];
  }
  if (pager.hasMore) return [(cache.assocLoadMore ??= { kind: 'assocLoadMore', owner })];
  if (pager.pages > 0 && pager.items.length === 0) {
    const kept = cache.assocMessage;
    return [kept && kept.text === empty ? kept : (cache.assocMessage = { kind: 'assocMessage', owner, text: empty })];
  }
  return [];
}

interface TargetsState {
  readonly pager: Pager<ExecutionTarget>;
  executionId?: string;
  readonly rows: Map<string, AssocTargetElement>;
  readonly status: StatusCache;
}

/** By `<group key>/<association ID>`, so that a watch round's fresh association rows keep their expanded nodes. */
function keyOf(el: AssocElement): string {
  return `${el.group.key}/${el.summary.associationId}`;
}

export class TargetLists {
  private readonly lists = new Map<string, TargetsState>();

  constructor(private readonly backend: { get(): Promise<Backend> }) {}

  private of(el: AssocElement): TargetsState {
    let t = this.lists.get(keyOf(el));
    if (!t) {
      const state: TargetsState = {
        rows: new Map(),
        status: {},
        pager: new Pager<ExecutionTarget>(
          async (token, signal) => {
            const page = await (await this.backend.get()).listExecutionTargets(el.group.scope, el.summary.associationId, state.executionId, token, ASSOCIATIONS_PAGE_SIZE, signal);
            state.executionId ??= page.executionId;
            return page;
          },
          (target) => target.resourceId,
        ),
      };
      t = state;
      this.lists.set(keyOf(el), t);
    }
    return t;
  }

  /** The latest run's nodes, failed first: page 1 is read on the first call (2 requests: the run, its nodes). */
  async children(el: AssocElement): Promise<AssocTreeElement[]> {
    const t = this.of(el);
    if (t.pager.state === 'pristine') await t.pager.loadNext();
    const rows = t.pager.items.map((target) => {
      let row = t.rows.get(target.resourceId);
      if (!row) t.rows.set(target.resourceId, (row = targetElement(el, target)));
      return row;
    });
    const out: AssocTreeElement[] = failingFirst(rows, (r) => isFailedStatus(r.target.status));
    return out.concat(statusRows(el, t.pager, t.status, t.executionId ? 'No nodes in the latest run' : 'No runs yet'));
  }

  pagerOf(el: AssocElement): Pager<ExecutionTarget> | undefined {
    return this.lists.get(keyOf(el))?.pager;
  }

  /** Forgets one association's nodes (collapsed), or every association of a group (`<group key>/` prefix). */
  forget(el: AssocElement): void {
    this.lists.get(keyOf(el))?.pager.reset();
    this.lists.delete(keyOf(el));
  }

  forgetGroup(groupKey: string): void {
    for (const [key, t] of this.lists) {
      if (key.startsWith(`${groupKey}/`)) {
        t.pager.reset();
        this.lists.delete(key);
      }
    }
  }
}
