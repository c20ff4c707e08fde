// Failures at a glance: which nodes count as failing (for the badge and "Show Failed Only").

/** What is known about a node's failed associations: from the service's overview, from loaded pages. */
export interface NodeFailures {
  /** Failed associations according to DescribeInstanceInformation's overview (undefined: not fetched). */
  readonly overviewFailed?: number;
  /** Failed associations among the rows loaded so far (undefined: none loaded). */
  readonly loadedFailed?: number;
}

/** A node fails when either source shows a failed association. */
export function isFailing(node: NodeFailures): boolean {
  return (node.overviewFailed ?? 0) > 0 || (node.loadedFailed ?? 0) > 0;
}

/** The view's badge: how many nodes have failed associations (0 = no badge). */
export function failingCount(nodes: Iterable<NodeFailures>): number {
  let count = 0;
  for (const node of nodes) if (isFailing(node)) count++;
  return count;
}

/** The badge's tooltip. */
export function badgeTooltip(count: number): string {
  return `${count} managed node${count === 1 ? '' : 's'} with failed associations`;
}

/**
 * With "Show Failed Only" on, the rows kept: nodes with failed associations, and every row that is not a
 * node (`failuresOf` gives undefined for those: error rows, invalid entries). Nodes the service could
 * not describe are not failing by this rule; their group's error row stays.
 */
export function visibleNodes<T>(rows: readonly T[], failuresOf: (row: T) => NodeFailures | undefined, failedOnly: boolean): T[] {
  if (!failedOnly) return rows.slice();
  return rows.filter((row) => {
    const failures = failuresOf(row);
    return failures === undefined || isFailing(failures);
  });
}
