// Drawing: each element as an ItemSpec (label, description, icon, command). Text from AWS and the
// fleet is made inert here (plainLine) and escaped in tooltips.
import type { ErrorAction, UserError } from '../aws/errors';
import type { NodeEntry, InvalidEntry } from '../core/nodeEntries';
import { statusLook, summaryText } from '../core/status';
import { clipBlock, escapeMarkdown, plainLine } from '../core/text';
import { relativeTime } from '../core/time';
import { groupLabel } from '../core/grouping';
import { type AwsScope, scopeKey } from '../core/scope';
import { standingLook, type NodeStanding } from '../core/overview';
import {
  associationItemId,
  COMMANDS,
  hasOutput,
  LOAD_MORE_LABEL,
  nodeItemId,
  type AssociationElement,
  type ErrorElement,
  type GroupElement,
  type GroupErrorElement,
  type GroupView,
  type ItemSpec,
  type LoadMoreElement,
  type MessageElement,
  type NodeView,
  type TreeElement,
  type Views,
} from './elements';

/** What a row shows of a node's standing, built once per answer (2,000 rows are drawn again on every change). */
interface StandingParts {
  readonly icon: string;
  readonly color?: string;
  readonly text?: string;
  /** The computer name, clipped for a description. */
  readonly name?: string;
}
const standingParts = new WeakMap<NodeStanding, StandingParts>();

function partsOf(standing: NodeStanding): StandingParts {
  let parts = standingParts.get(standing);
  if (!parts) {
    const look = standingLook(standing);
    const name = standing.kind === 'found' ? standing.info.ComputerName || standing.info.Name : undefined;
    parts = { icon: look.icon, color: look.color, text: look.text, name: name ? plainLine(name, 60) : undefined };
    standingParts.set(standing, parts);
  }
  return parts;
}

/** A profile name as a row shows it (inert, clipped); a fleet has few profiles and many rows that name them. */
const profileTexts = new Map<string, string>();
function profileText(profile: string): string {
  let text = profileTexts.get(profile);
  if (text === undefined) {
    if (profileTexts.size >= 64) profileTexts.clear();
    text = plainLine(profile, 40);
    profileTexts.set(profile, text);
  }
  return text;
}

/**
 * A node's row. The label stays what the user configured (label, else ID), so rows do not change
 * name when node information arrives; the description adds the ID (labelled) or the computer name, the
 * profile/region when not grouped, and the counts: those of the loaded pages once the node was
 * expanded (the freshest), else the service's overview ("2 failed · 14"), or why it has none.
 */
export function nodeSpec(entry: NodeEntry, defaults: AwsScope, view: NodeView | undefined): ItemSpec {
  const parts: string[] = [];
  const standing = view?.standing && partsOf(view.standing);
  const name = entry.label ? entry.id : standing?.name;
  if (name) parts.push(name);
  // Under a group row, the group names the profile and region.
  const scope = view?.grouped
    ? ''
    : // The profile name is the user's text: shown inert like fleet text.
      [entry.profile && entry.profile !== defaults.profile ? profileText(entry.profile) : '', entry.region && entry.region !== defaults.region ? entry.region : '']
        .filter(Boolean)
        .join('/');
  if (scope) parts.push(scope);
  if (view?.summary) parts.push(summaryText(view.summary, view.more));
  else if (standing?.text) parts.push(standing.text);
  const worst = view?.summary?.worst;
  // The agent's ping status until the node is expanded; then, like the counts, the loaded pages speak
  // (the worst loaded status).
  const icon = view?.failed
    ? { id: 'warning', color: 'problemsWarningIcon.foreground' }
    : worst
      ? { id: worst.icon, color: worst.color }
      : standing
        ? { id: standing.icon, color: standing.color }
        : { id: entry.id.startsWith('mi-') ? 'server' : 'vm' };
  return {
    id: nodeItemId(entry),
    label: entry.label ? plainLine(entry.label, 60) : entry.id,
    description: parts.join(' · ') || undefined,
    icon,
    contextValue: 'node',
    collapsible: true,
  };
}

/** The row of one (profile, region): how many nodes, how many fail, and the state of its node information requests. */
export function groupSpec(el: GroupElement, view: GroupView): ItemSpec {
  const parts = [`${view.nodes} node${view.nodes === 1 ? '' : 's'}`];
  if (view.failing > 0) parts.push(`${view.failing} failing`);
  if (view.loading) parts.push('loading…');
  if (view.error) parts.push(view.error.title);
  const label = groupLabel(el.placement, view.region);
  return {
    id: el.itemId,
    label: plainLine(label, 80),
    description: parts.join(' · '),
    tooltipMarkdown: [
      `**${escapeMarkdown(label)}**`,
      `Profile: ${escapeMarkdown(el.placement.profile ?? '(default credential chain)')}`,
      `Region: ${escapeMarkdown(el.placement.region ?? view.region ?? "(the profile's region)")}`,
      `${view.nodes} nodes, ${view.failing} with failed associations`,
    ].join('  \n'),
    icon: view.error ? { id: 'error', color: 'errorForeground' } : { id: 'cloud' },
    contextValue: 'group',
    collapsible: true,
    expanded: true,
  };
}

export function invalidSpec(entry: InvalidEntry): ItemSpec {
  return {
    id: `invalid/${entry.index}`,
    label: plainLine(entry.shown, 60) || '(empty)',
    description: `invalid: ${plainLine(entry.reason, 100)}`,
    tooltipMarkdown: `**Invalid entry** ssmAssociations.nodes\\[${entry.index}\\]  \n${escapeMarkdown(entry.reason)}  \nIt is never sent to AWS.`,
    icon: { id: 'warning', color: 'problemsWarningIcon.foreground' },
    contextValue: entry.id ? 'invalidNode.removable' : 'invalidNode',
    collapsible: false,
  };
}

export function associationSpec(el: AssociationElement, now: number): ItemSpec {
  const { info } = el;
  const look = statusLook(info.Status);
  const status = plainLine(info.Status, 30) || 'No status';
  const detailed = info.DetailedStatus && info.DetailedStatus !== info.Status ? plainLine(info.DetailedStatus, 40) : '';
  const when = relativeTime(info.ExecutionDate, now);
  return {
    id: associationItemId(el.targetKey, info),
    label: plainLine(info.AssociationName || info.Name || info.AssociationId, 80),
    description: [status, detailed, when].filter(Boolean).join(' · '),
    icon: { id: look.icon, color: look.color },
    contextValue: hasOutput(info) ? 'association.withOutput' : 'association',
    collapsible: false,
    command: { command: COMMANDS.showDetails, title: 'Show Details', arguments: [el] },
  };
}

export function loadMoreSpec(el: LoadMoreElement, loading: boolean): ItemSpec {
  const id = `loadMore/${el.targetKey}`;
  return loading
    ? { id, label: 'Loading…', icon: { id: 'loading~spin' }, contextValue: 'loading', collapsible: false }
    : {
        id,
        label: LOAD_MORE_LABEL,
        icon: { id: 'fold-down' },
        tooltipMarkdown: 'Load the next page of associations',
        contextValue: 'loadMore',
        collapsible: false,
        command: { command: COMMANDS.loadMore, title: 'Load More', arguments: [el] },
      };
}

/**
 * What an error row offers, most useful first. Select Profile changes the default profile, which a
 * node (or a group) with a profile of its own does not use: for it the fix is in the settings instead.
 */
export function errorActions(el: ErrorElement | GroupErrorElement): ErrorAction[] {
  const own = (el.kind === 'error' ? el.node.entry.profile : el.placement.profile) !== undefined;
  return [...new Set(el.error.actions.map((a): ErrorAction => (a === 'selectProfile' && own ? 'openSettings' : a)))];
}

/** What clicking an error row does (its first action) and the hint that says so. */
function errorClick(error: UserError, actions: readonly ErrorAction[], el: ErrorElement | GroupErrorElement): { click: NonNullable<ItemSpec['command']>; hint: string } {
  const first = actions[0] ?? 'retry';
  const click =
    first === 'ssoLogin'
      ? { command: COMMANDS.ssoLogin, title: 'Run aws sso login', arguments: error.profile ? [error.profile] : [] }
      : first === 'openSettings'
        ? { command: COMMANDS.openSettings, title: 'Open Settings' }
        : first === 'selectProfile'
          ? { command: COMMANDS.selectProfile, title: 'Select Profile' }
          : { command: COMMANDS.retry, title: 'Retry', arguments: [el] };
  const hint = {
    ssoLogin: 'click to run aws sso login',
    openSettings: 'click to open settings',
    selectProfile: 'click to select a profile',
    reloadFromStart: 'click to reload',
    retry: 'click to retry',
  }[first];
  return { click, hint };
}

/**
 * An error row: under a node whose page failed, or the one row of a (profile, region) whose node
 * information failed (the same words and actions; its nodes stay listed without summaries). The
 * row's click does the first action; Select Profile, when offered, is also a button on the row.
 */
export function errorSpec(el: ErrorElement | GroupErrorElement): ItemSpec {
  const { error } = el;
  const actions = errorActions(el);
  const { click, hint } = errorClick(error, actions, el);
  const group = el.kind === 'groupError';
  const tooltip = `**${escapeMarkdown(clipBlock(error.message, 300, ''))}**  \n${escapeMarkdown(clipBlock(error.detail, 1000, ''))}`;
  return {
    ...(group ? { id: `groupError/${scopeKey(el.placement)}` } : {}),
    // The title and message can carry the error's name and text as the endpoint sent them.
    label: plainLine(!group && el.during === 'more' ? `Couldn't load more: ${error.title}` : error.title, 80),
    description: hint,
    tooltipMarkdown: group ? `${tooltip}  \nThe nodes of this profile and region are listed without their summaries.` : tooltip,
    icon: { id: 'error', color: 'errorForeground' },
    contextValue: actions.includes('selectProfile') ? 'error.selectProfile' : 'error',
    collapsible: false,
    command: click,
  };
}

export function messageSpec(el: MessageElement): ItemSpec {
  return { label: el.text, icon: { id: el.icon }, contextValue: 'message', collapsible: false };
}

export function specFor(el: TreeElement, defaults: AwsScope, views: Views, now: number): ItemSpec {
  switch (el.kind) {
    case 'node':
      return nodeSpec(el.entry, defaults, views.node(el));
    case 'group':
      return groupSpec(el, views.group(el));
    case 'invalid':
      return invalidSpec(el.entry);
    case 'association':
      return associationSpec(el, now);
    case 'loadMore':
      return loadMoreSpec(el, views.node(el.node)?.loading ?? false);
    case 'error':
    case 'groupError':
      return errorSpec(el);
    case 'message':
      return messageSpec(el);
  }
}
