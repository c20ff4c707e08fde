// An association's overview in words, for its row: the node counts by status (`3 failed · 37 success`) and the
// look of the worst, made once per shape of counts (a fleet repeats a few). Pure: no AWS, no vscode.
import { isFailedStatus, statusLook, type StatusLook } from './status';
import { plainLine } from './text';

/** Overview: the status and the number of nodes in each status (AssociationStatusAggregatedCount). */
export interface AssociationOverviewCounts {
  readonly status?: string;
  readonly detailedStatus?: string;
  readonly counts: Readonly<Record<string, number>>;
}

const WORDS: Record<string, string> = { TimedOut: 'timed out', InProgress: 'in progress' };

/** Words of the statuses seen so far (a fleet uses a handful): each status is made plain once. At most 100 kept. */
const wordCache = new Map<string, string>();

/** A status as a word in the counts: `failed`, `timed out`, `success`… */
export function statusWord(status: string): string {
  if (Object.prototype.hasOwnProperty.call(WORDS, status)) return WORDS[status];
  let word = wordCache.get(status);
  if (word === undefined) {
    word = plainLine(status, 20).toLowerCase();
    if (wordCache.size < 100) wordCache.set(status, word);
  }
  return word;
}

/** The statuses with nodes, worst first (then by name, so the text is stable). */
function countedStatuses(counts: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => statusLook(b).severity - statusLook(a).severity || (a < b ? -1 : a > b ? 1 : 0));
}

/** `3 failed · 37 success · 2 pending`; `no nodes` when the overview counts none; undefined without an overview. */
export function countsText(overview: AssociationOverviewCounts | undefined): string | undefined {
  return overviewView(overview).counts;
}

/** The look of the worst status among the counts, else of the overview's status. */
export function worstLook(overview: AssociationOverviewCounts | undefined): StatusLook {
  return overviewView(overview).look;
}

export interface OverviewView {
  readonly counts: string | undefined;
  readonly look: StatusLook;
  /** The look as a row's icon (one object shared by the rows that show it). */
  readonly icon: { readonly id: string; readonly color?: string };
  /** isFailingAssociation of an association with this overview: a node failed, or the service calls it failed. */
  readonly failing: boolean;
}

/** A trie of the overviews seen lately, by their content (status, then each count's status and number): a fleet
 * repeats a few shapes of counts, and a walk by parts needs no key string. At most 2,000 branches kept. */
interface OverviewBranch {
  readonly next: Map<string | number, OverviewBranch>;
  view?: OverviewView;
}
let overviewTrie: OverviewBranch = { next: new Map() };
let overviewBranches = 0;

function branch(from: OverviewBranch, part: string | number): OverviewBranch {
  let to = from.next.get(part);
  if (!to) {
    to = { next: new Map() };
    from.next.set(part, to);
    overviewBranches++;
  }
  return to;
}

/** countsText and worstLook from one pass over the counts (a row needs both). */
export function overviewView(overview: AssociationOverviewCounts | undefined): OverviewView {
  if (!overview) return withIcon(undefined, statusLook(undefined), false);
  if (overviewBranches > 2000) {
    overviewTrie = { next: new Map() };
    overviewBranches = 0;
  }
  // Strings and numbers are told apart by the Map, and every part is there: equal walks, equal overviews.
  let at = branch(overviewTrie, overview.status ?? -1);
  for (const status in overview.counts) at = branch(branch(at, status), overview.counts[status]);
  if (!at.view) {
    const counted = countedStatuses(overview.counts);
    at.view = withIcon(
      counted.length ? counted.map(([status, n]) => `${n} ${statusWord(status)}`).join(' · ') : 'no nodes',
      statusLook(counted.length ? counted[0][0] : overview.status),
      counted.some(([status]) => isFailedStatus(status)) || isFailedStatus(overview.status),
    );
  }
  return at.view;
}

function withIcon(counts: string | undefined, look: StatusLook, failing: boolean): OverviewView {
  return { counts, look, icon: { id: look.icon, color: look.color }, failing };
}

