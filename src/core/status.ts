/** How an association status looks in the tree: a codicon, its theme colour, and how bad it is. */
export interface StatusLook {
  readonly icon: string;
  readonly color?: string;
  /** Higher is worse; the node's icon shows the worst loaded status. */
  readonly severity: number;
  readonly known: boolean;
}

const LOOKS: Record<string, StatusLook> = {
  Success: { icon: 'pass', color: 'testing.iconPassed', severity: 0, known: true },
  Skipped: { icon: 'circle-slash', color: 'disabledForeground', severity: 1, known: true },
  Associated: { icon: 'clock', severity: 2, known: true },
  Pending: { icon: 'clock', severity: 2, known: true },
  InProgress: { icon: 'sync~spin', color: 'charts.blue', severity: 2, known: true },
  Failed: { icon: 'error', color: 'testing.iconFailed', severity: 4, known: true },
  TimedOut: { icon: 'error', color: 'testing.iconFailed', severity: 4, known: true },
};

const UNKNOWN: StatusLook = { icon: 'question', color: 'charts.yellow', severity: 3, known: false };

/** The look of a status string from AWS; any string not in the documented set is "unknown", never an error. */
export function statusLook(status: string | undefined): StatusLook {
  return (status !== undefined && Object.prototype.hasOwnProperty.call(LOOKS, status) ? LOOKS[status] : undefined) ?? UNKNOWN;
}

/** The association statuses that count as failed: in a node's summary, the overview's counts and "Show Failed Only". */
export const FAILED_STATUSES: readonly string[] = ['Failed', 'TimedOut'];

/** Whether an association status counts as failed. */
export function isFailedStatus(status: string | undefined): boolean {
  return status !== undefined && FAILED_STATUSES.includes(status);
}

/** What a node shows after its pages loaded: counts for the description, the worst status for the icon. */
export interface NodeSummary {
  readonly loaded: number;
  readonly failed: number;
  readonly worst?: StatusLook;
}

/** Adds one page's statuses to a running summary (pages are summarised as they arrive, never re-scanned). */
export function addToSummary(summary: NodeSummary, statuses: Iterable<string | undefined>): NodeSummary {
  let { loaded, failed, worst } = summary;
  for (const status of statuses) {
    loaded++;
    if (isFailedStatus(status)) failed++;
    const look = statusLook(status);
    if (!worst || look.severity > worst.severity) worst = look;
  }
  return { loaded, failed, worst };
}

export const EMPTY_SUMMARY: NodeSummary = { loaded: 0, failed: 0 };

/** "2 failed · 20 loaded", or "20 loaded" with no failures; "20+ loaded" while more pages exist. */
export function summaryText(summary: NodeSummary, more: boolean): string {
  const loaded = `${summary.loaded}${more ? '+' : ''} loaded`;
  return summary.failed > 0 ? `${summary.failed} failed · ${loaded}` : loaded;
}
