// The tooltips of node and association rows, built when the user hovers a row (not with the row).
// Every value from AWS or the fleet is escaped; the provider shows them as untrusted Markdown.
import { ASSOCIATION_TEXT_FIELDS, type AssociationStatusInfo } from '../aws/contract';
import type { NodeEntry } from '../core/nodeEntries';
import { clipBlock, escapeMarkdown } from '../core/text';
import { relativeTime } from '../core/time';
import { INVALID_DETAIL, KNOWN_PING_STATUSES, NOT_FOUND_DETAIL, REFUSED_TOGETHER_DETAIL, pingLook, totalCount, failedCount, type NodeStanding } from '../core/overview';
import type { NodeView } from './elements';
import type { AwsScope } from '../core/scope';

/** What the service said about the node, for its tooltip; every value escaped (the node's owner wrote it). */
function standingLines(standing: NodeStanding | undefined): string[] {
  if (!standing) return [];
  if (standing.kind === 'notFound') return [`**Not found**: ${escapeMarkdown(NOT_FOUND_DETAIL)}`];
  if (standing.kind === 'invalid') return [`**Not valid here**: ${escapeMarkdown(INVALID_DETAIL)}`];
  if (standing.kind === 'refusedTogether') return [`**Not described**: ${escapeMarkdown(REFUSED_TOGETHER_DETAIL)}`];
  const { info } = standing;
  const overview = info.AssociationOverview;
  const counts = overview ? Object.entries(overview.counts).map(([status, n]) => `${status} ${n}`).join(', ') : '';
  return [
    info.ComputerName ? `Computer name: ${escapeMarkdown(clipBlock(info.ComputerName, 200))}` : '',
    // Name is the name given when a hybrid node was activated, not the EC2 Name tag (the service model says so).
    info.Name ? `Activation name: ${escapeMarkdown(clipBlock(info.Name, 200))}` : '',
    `Agent: ${escapeMarkdown(pingLook(info.PingStatus).words)}${info.PingStatus && !KNOWN_PING_STATUSES.includes(info.PingStatus) ? ` (${escapeMarkdown(clipBlock(info.PingStatus, 60))})` : ''}${info.AgentVersion ? ` · version ${escapeMarkdown(clipBlock(info.AgentVersion, 40))}` : ''}`,
    info.PlatformName || info.PlatformType
      ? `Platform: ${escapeMarkdown(clipBlock([info.PlatformName, info.PlatformVersion].filter(Boolean).join(' ') || info.PlatformType || '', 120))}`
      : '',
    info.IPAddress ? `IP address: ${escapeMarkdown(clipBlock(info.IPAddress, 60))}` : '',
    overview
      ? `Associations: ${totalCount(overview)}, failed: ${failedCount(overview)}${counts ? ` (${escapeMarkdown(clipBlock(counts, 200))})` : ''}`
      : '',
    info.LastAssociationExecutionDate ? `Last association run: ${escapeMarkdown(info.LastAssociationExecutionDate.toISOString())}` : '',
  ];
}

/** A node's tooltip: ID, label, profile, region, what the service said, what is loaded (built when the user hovers it). */
export function nodeTooltip(entry: NodeEntry, defaults: AwsScope, view: NodeView | undefined): string {
  return [
    `**Managed node** ${escapeMarkdown(entry.id)}`,
    entry.label ? `Label: ${escapeMarkdown(entry.label)}` : '',
    `Profile: ${escapeMarkdown(entry.profile ?? defaults.profile ?? '(default credential chain)')}`,
    `Region: ${escapeMarkdown(entry.region ?? defaults.region ?? "(the profile's region)")}`,
    ...standingLines(view?.standing),
    view?.summary ? `Loaded: ${view.summary.loaded}${view.more ? ' (more available)' : ''}, failed: ${view.summary.failed}` : '',
  ]
    .filter(Boolean)
    .join('  \n');
}

const FIELD_ORDER: (keyof AssociationStatusInfo)[] = ['AssociationId', ...ASSOCIATION_TEXT_FIELDS, 'ExecutionDate', 'OutputUrl'];

function fieldText(info: AssociationStatusInfo, field: keyof AssociationStatusInfo): string | undefined {
  const value = info[field];
  if (value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return value.S3OutputUrl?.OutputUrl;
  return value;
}

/** The association's tooltip: every field, each value escaped (it is text the managed node controls). */
export function associationTooltip(info: AssociationStatusInfo, now: number): string {
  const lines: string[] = [];
  for (const field of FIELD_ORDER) {
    const text = fieldText(info, field);
    if (text === undefined || text === '') continue;
    const shown = field === 'ExecutionSummary' ? clipBlock(text) : clipBlock(text, 300);
    const when = field === 'ExecutionDate' ? ` ${escapeMarkdown(`(${relativeTime(info.ExecutionDate, now)})`)}` : '';
    lines.push(`**${field}**: ${escapeMarkdown(shown)}${when}`);
  }
  return lines.join('  \n');
}
