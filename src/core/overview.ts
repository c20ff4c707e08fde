// How a node's row reads before it is expanded: the agent's ping status as an icon, and the
// association overview the service keeps (e.g. "2 failed · 14").
import type { AssociationOverview, NodeInformation } from './nodeInformation';
import { FAILED_STATUSES } from './status';

/** An icon (codicon ID) and its theme colour. */
export interface Look {
  readonly icon: string;
  readonly color?: string;
}

const PING_LOOKS: Record<string, Look & { words: string }> = {
  Online: { icon: 'vm-running', color: 'testing.iconPassed', words: 'agent online' },
  ConnectionLost: { icon: 'debug-disconnect', color: 'problemsWarningIcon.foreground', words: 'agent connection lost' },
  // The service model: "The status Inactive has been deprecated and is no longer in use". Older data may still carry it.
  Inactive: { icon: 'vm-outline', color: 'disabledForeground', words: 'agent inactive' },
};

/** The ping statuses with a look of their own; any other is shown with its raw text. */
export const KNOWN_PING_STATUSES: readonly string[] = Object.keys(PING_LOOKS);

/** The look of an agent ping status; any other string is shown as unknown, never as an error. */
export function pingLook(pingStatus: string | undefined): Look & { words: string } {
  return (pingStatus !== undefined && Object.prototype.hasOwnProperty.call(PING_LOOKS, pingStatus) ? PING_LOOKS[pingStatus] : undefined) ?? {
    icon: 'question',
    color: 'charts.yellow',
    words: 'agent status unknown',
  };
}

/** Associations in a failed state according to the overview. */
export function failedCount(overview: AssociationOverview | undefined): number {
  if (!overview) return 0;
  return FAILED_STATUSES.reduce((sum, status) => sum + (overview.counts[status] ?? 0), 0);
}

/** Associations of the node according to the overview. */
export function totalCount(overview: AssociationOverview | undefined): number {
  if (!overview) return 0;
  return Object.values(overview.counts).reduce((sum, n) => sum + n, 0);
}

/** "2 failed · 14", "14 associations", "1 association", "no associations"; undefined without an overview. */
export function overviewText(overview: AssociationOverview | undefined): string | undefined {
  if (!overview) return undefined;
  const total = totalCount(overview);
  const failed = failedCount(overview);
  if (failed > 0) return `${failed} failed · ${total}`;
  if (total === 0) return 'no associations';
  return `${total} association${total === 1 ? '' : 's'}`;
}

/** What the service said about a configured node. */
export type NodeStanding =
  | { readonly kind: 'found'; readonly info: NodeInformation }
  /** Not returned: stopped, terminated, or not a managed node of that account and region. */
  | { readonly kind: 'notFound' }
  /** Refused (InvalidInstanceId): not valid, or not the account's. */
  | { readonly kind: 'invalid' }
  /** Refused together with other IDs of its batch, not searched one by one (too many were refused). */
  | { readonly kind: 'refusedTogether' };

export const NOT_FOUND_TEXT = 'not found';
export const NOT_FOUND_DETAIL = 'Not returned by DescribeInstanceInformation: the node is stopped, terminated, or not a managed node of this account and region.';
export const INVALID_TEXT = 'not valid here';
export const INVALID_DETAIL = 'Refused by DescribeInstanceInformation (InvalidInstanceId): the ID is not valid, or the node is not this account\'s.';
export const REFUSED_TOGETHER_TEXT = 'not this account\'s?';
export const REFUSED_TOGETHER_DETAIL =
  'Refused by DescribeInstanceInformation (InvalidInstanceId) together with other IDs of its batch: most of them are not valid or not this account\'s, so they were not searched one by one. Check the profile and region of these nodes.';

/** The look and the short text of a node's row from its standing. */
export function standingLook(standing: NodeStanding): Look & { text?: string } {
  switch (standing.kind) {
    case 'found': {
      const look = pingLook(standing.info.PingStatus);
      return { icon: look.icon, color: look.color, text: overviewText(standing.info.AssociationOverview) };
    }
    case 'notFound':
      return { icon: 'circle-slash', color: 'disabledForeground', text: NOT_FOUND_TEXT };
    case 'invalid':
      return { icon: 'warning', color: 'problemsWarningIcon.foreground', text: INVALID_TEXT };
    case 'refusedTogether':
      return { icon: 'warning', color: 'problemsWarningIcon.foreground', text: REFUSED_TOGETHER_TEXT };
  }
}
