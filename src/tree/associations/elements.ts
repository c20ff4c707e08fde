// The Associations view's rows as plain data (no vscode): a group per (profile, region), an association per
// ListAssociations item, a node per execution target. A target row is an AssociationElement of the nodes
// view's shape, so View Output, Show History, Open in AWS Console and Copy Association ID take it as they are.
import type { UserError } from '../../aws/errors';
import type { AwsScope } from '../../core/scope';
import {
  associationLabel,
  countsText,
  overviewView,
  targetsSource,
  targetsText,
  type AssociationSummary,
  type ExecutionTarget,
} from '../../core/associationRows';
import { groupLabel } from '../../core/grouping';
import { statusLook } from '../../core/status';
import { clipBlock, escapeMarkdown, plainLine } from '../../core/text';
import { relativeTime } from '../../core/time';
import type { AssociationElement, ItemSpec } from '../elements';

/** One (profile, region) whose associations are listed. */
export interface AssocGroupElement {
  readonly kind: 'assocGroup';
  /** scopeKey of the scope. */
  readonly key: string;
  readonly scope: AwsScope;
}

/** One association of a (profile, region). */
export interface AssocElement {
  readonly kind: 'assoc';
  readonly group: AssocGroupElement;
  readonly summary: AssociationSummary;
  /** isFailingAssociation of the summary, decided once when the row is made. */
  readonly failing: boolean;
  /** The row's item, drawn once when its page arrived (assocRow). */
  readonly item: ItemSpec;
}

/** One node of the association's latest run: the nodes view's association row, so the run commands take it. */
export interface AssocTargetElement extends AssociationElement {
  readonly parent: AssocElement;
  readonly target: ExecutionTarget;
}

/** "Load more…", an error, or a message under a group or an association. */
export interface AssocStatusElement {
  readonly kind: 'assocLoadMore' | 'assocError' | 'assocMessage' | 'assocWatchError';
  readonly owner: AssocGroupElement | AssocElement;
  readonly error?: UserError;
  readonly text?: string;
}

export type AssocTreeElement = AssocGroupElement | AssocElement | AssocTargetElement | AssocStatusElement;

/** The view's own commands that rows run when clicked. */
export const ASSOC_COMMANDS = {
  loadMore: 'ssmAssociations.loadMoreAssociations',
  retry: 'ssmAssociations.retryAssociations',
  restartWatch: 'ssmAssociations.restartWatch',
} as const;

function ownerId(owner: AssocGroupElement | AssocElement): string {
  // An association's part is written out in assocRow too (the row's own id, kept apart for speed).
  return owner.kind === 'assocGroup' ? `g/${owner.key}` : `a/${owner.group.key}/${owner.summary.associationId}`;
}

/**
 * A node row under an association, shaped as the nodes view's association row (the commands read `node.entry` and `info`).
 * `picked`: the node of a run the user chose (Show Executions), whose output View Output reads: the run's execution, time and command.
 */
export function targetElement(parent: AssocElement, target: ExecutionTarget, picked = false): AssocTargetElement {
  const { scope, key } = parent.group;
  const s = parent.summary;
  return {
    kind: 'association',
    parent,
    target,
    run: picked ? { executionId: target.executionId, status: target.status, detailedStatus: target.detailedStatus, date: target.date, commandId: target.commandId } : undefined,
    node: { kind: 'node', entry: { kind: 'node', id: target.resourceId, profile: scope.profile, region: scope.region, index: -1 } },
    targetKey: `${key}|${target.resourceId}`,
    info: {
      AssociationId: s.associationId,
      AssociationName: s.name,
      AssociationVersion: s.associationVersion,
      Name: s.document,
      DocumentVersion: s.documentVersion,
      InstanceId: target.resourceId,
      Status: target.status,
      DetailedStatus: target.detailedStatus,
      ExecutionDate: target.date,
    },
  };
}

export function assocGroupSpec(el: AssocGroupElement, view: { count: number; failing: number; more: boolean; loading: boolean; region?: string }): ItemSpec {
  const parts = [`${view.count}${view.more ? '+' : ''} association${view.count === 1 ? '' : 's'}`];
  if (view.failing) parts.push(`${view.failing} failing`);
  if (view.loading) parts.push('loading…');
  return {
    id: `assoc/${ownerId(el)}`,
    label: plainLine(groupLabel(el.scope, view.region), 80),
    description: parts.join(' · '),
    icon: { id: 'cloud' },
    contextValue: 'assocGroup',
    collapsible: true,
    expanded: true,
  };
}

/** Plain forms (clipped to `max`) of the short values many rows share: schedules, documents, targets. At most 500 kept. */
class SharedPlain {
  private readonly seen = new Map<string, string>();
  constructor(private readonly max: number) {}

  of(text: string | undefined): string {
    if (!text) return '';
    let plain = this.seen.get(text);
    if (plain === undefined) {
      plain = plainLine(text, this.max);
      if (this.seen.size >= 500) this.seen.clear();
      this.seen.set(text, plain);
    }
    return plain;
  }
}
const SHARED = { targets: new SharedPlain(40), schedule: new SharedPlain(30), document: new SharedPlain(40) };

/** The association's row, drawn once when its page arrives (it depends only on the summary: no relative time). */
export function assocRow(group: AssocGroupElement, summary: AssociationSummary): AssocElement {
  const s = summary;
  // failing is isFailingAssociation(s), decided with the counts (test/unit/associationRows.test.ts holds them equal).
  const { counts, icon, failing } = overviewView(s.overview);
  let description = `${counts ?? 'no overview'} · ${SHARED.targets.of(targetsSource(s))}`;
  const schedule = SHARED.schedule.of(s.schedule);
  if (schedule) description += ` · ${schedule}`;
  const doc = s.name ? SHARED.document.of(s.documentVersion && s.document ? `${s.document} v${s.documentVersion}` : s.document || s.documentVersion) : '';
  if (doc) description += ` · ${doc}`;
  const item: ItemSpec = {
    id: `assoc/a/${group.key}/${s.associationId}`,
    label: associationLabel(s),
    description,
    icon,
    contextValue: failing ? 'assoc.failing' : 'assoc',
    collapsible: true,
  };
  return { kind: 'assoc', group, summary, failing, item };
}

/** The association's tooltip, every value escaped. */
export function assocTooltip(el: AssocElement, now: number): string {
  const s = el.summary;
  const line = (name: string, value: string | undefined) => (value ? `**${name}**: ${escapeMarkdown(clipBlock(value, 300))}` : '');
  return [
    line('Association', s.name),
    line('AssociationId', s.associationId),
    line('Document', [s.document, s.documentVersion].filter(Boolean).join(' version ')),
    line('AssociationVersion', s.associationVersion),
    line('Targets', s.targets.map((t) => `${t.key}=${t.values.join(',')}`).join('; ') || targetsText(s)),
    line('Schedule', s.schedule),
    line('Status', [s.overview?.status, s.overview?.detailedStatus].filter(Boolean).join(' / ')),
    line('Nodes', countsText(s.overview)),
    s.lastExecution ? `**Last run**: ${escapeMarkdown(`${s.lastExecution.toISOString()} (${relativeTime(s.lastExecution, now)})`)}` : '',
  ]
    .filter(Boolean)
    .join('  \n');
}

export function targetSpec(el: AssocTargetElement, now: number, configured: boolean): ItemSpec {
  const t = el.target;
  const look = statusLook(t.status);
  const detailed = t.detailedStatus && t.detailedStatus !== t.status ? plainLine(t.detailedStatus, 40) : '';
  return {
    id: `assoc/${ownerId(el.parent)}/t/${t.resourceId}`,
    label: plainLine(t.resourceId, 40),
    description: [plainLine(t.status, 30) || 'No status', detailed, relativeTime(t.date, now)].filter(Boolean).join(' · '),
    icon: { id: look.icon, color: look.color },
    contextValue: configured ? 'target.configured' : 'target',
    collapsible: false,
  };
}

export function assocStatusSpec(el: AssocStatusElement, loading: boolean): ItemSpec {
  const id = `assoc/${ownerId(el.owner)}/${el.kind}`;
  if (el.kind === 'assocLoadMore') {
    return loading
      ? { id, label: 'Loading…', icon: { id: 'loading~spin' }, contextValue: 'loading', collapsible: false }
      : { id, label: 'Load more…', icon: { id: 'fold-down' }, contextValue: 'assocLoadMore', collapsible: false, command: { command: ASSOC_COMMANDS.loadMore, title: 'Load More', arguments: [el] } };
  }
  if ((el.kind === 'assocError' || el.kind === 'assocWatchError') && el.error) {
    const watch = el.kind === 'assocWatchError';
    return {
      id,
      label: plainLine(`${watch ? 'Watch stopped: ' : ''}${el.error.title}`, 80),
      description: plainLine(el.error.message, 200),
      tooltipMarkdown: `${escapeMarkdown(el.error.message)}  \n${escapeMarkdown(clipBlock(el.error.detail, 600))}`,
      icon: { id: 'error', color: 'errorForeground' },
      contextValue: watch ? 'assocWatchError' : 'assocError',
      collapsible: false,
      command: watch ? { command: ASSOC_COMMANDS.restartWatch, title: 'Restart Watch' } : { command: ASSOC_COMMANDS.retry, title: 'Retry', arguments: [el] },
    };
  }
  return { id, label: plainLine(el.text, 80), icon: { id: 'info' }, contextValue: 'assocMessage', collapsible: false };
}
