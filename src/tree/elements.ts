// What the tree shows, as plain data: no 'vscode' import, so it is tested and benchmarked in Node.
// The provider turns an ItemSpec into a vscode.TreeItem one field at a time.
import type { ErrorAction, UserError } from '../aws/errors';
import { ASSOCIATION_TEXT_FIELDS, type AssociationStatusInfo } from '../aws/contract';
import type { InvalidEntry, NodeEntry } from '../core/nodeEntries';
import { statusLook, summaryText, type NodeSummary } from '../core/status';
import { clipBlock, escapeMarkdown, plainLine } from '../core/text';
import { relativeTime } from '../core/time';
import { groupLabel, placementKey, type Placement } from '../core/grouping';
import { INVALID_DETAIL, NOT_FOUND_DETAIL, REFUSED_TOGETHER_DETAIL, pingLook, standingLook, totalCount, failedCount, type NodeStanding } from '../core/overview';

export interface NodeElement {
  readonly kind: 'node';
  readonly entry: NodeEntry;
}
export interface InvalidElement {
  readonly kind: 'invalid';
  readonly entry: InvalidEntry;
}
export interface AssociationElement {
  readonly kind: 'association';
  readonly node: NodeElement;
  readonly info: AssociationStatusInfo;
  /** Profile|region|node, as the request used them: part of the stable item ID. */
  readonly targetKey: string;
}
/** The "Load more…" row of a node: one object per node, so it can be redrawn alone while a page loads
 * (it then reads "Loading…", from its node's pager). */
export interface LoadMoreElement {
  readonly kind: 'loadMore';
  readonly node: NodeElement;
  readonly targetKey: string;
}
export interface ErrorElement {
  readonly kind: 'error';
  readonly node: NodeElement;
  readonly error: UserError;
  /** Whether it failed on page 1 or on "Load more" (rows shown above stay). */
  readonly during: 'first' | 'more';
}
export interface MessageElement {
  readonly kind: 'message';
  readonly node: NodeElement;
  readonly text: string;
  readonly icon: string;
}

/** The row of one (profile, region) when the root groups nodes by account and region. */
export interface GroupElement {
  readonly kind: 'group';
  /** placementKey of the group. */
  readonly key: string;
  readonly placement: Placement;
  /** Its tree ID: the group of the default profile and region keeps it when the defaults change,
   * so the group and its expanded nodes stay open (and reload) after Select Profile. */
  readonly itemId: string;
}
/** The one error row of a (profile, region) whose node summaries failed (expired SSO, no credentials…). */
export interface GroupErrorElement {
  readonly kind: 'groupError';
  /** Its group row; undefined when the root is not grouped (the row is then at the top of the root). */
  readonly group?: GroupElement;
  readonly placement: Placement;
  readonly error: UserError;
}

export type TreeElement = NodeElement | InvalidElement | AssociationElement | LoadMoreElement | ErrorElement | MessageElement | GroupElement | GroupErrorElement;

/** What the tree model asks to draw again: one element, several, or (undefined) the whole tree. */
export type Redraw = TreeElement | readonly TreeElement[] | undefined;

/** Whether a redraw names several elements. */
export function isElementList(redraw: Redraw): redraw is readonly TreeElement[] {
  return Array.isArray(redraw);
}

/** A tree item as data. */
export interface ItemSpec {
  readonly id?: string;
  readonly label: string;
  readonly description?: string;
  /** Markdown with every piece of AWS text escaped; always shown untrusted, without HTML.
   * Absent for nodes and associations: their tooltip is built on hover (TreeModel.tooltipOf). */
  readonly tooltipMarkdown?: string;
  readonly icon?: { readonly id: string; readonly color?: string };
  readonly contextValue: string;
  readonly collapsible: boolean;
  /** Collapsible and open at first (group rows). */
  readonly expanded?: boolean;
  readonly command?: { readonly command: string; readonly title: string; readonly arguments?: unknown[] };
}

/** The defaults a node's description is compared against. */
export interface Defaults {
  readonly profile?: string;
  readonly region?: string;
}

/** What the tree knows of a node's loaded pages. */
export interface NodeView {
  readonly summary?: NodeSummary;
  readonly more: boolean;
  readonly loading: boolean;
  readonly failed: boolean;
  /** What DescribeInstanceInformation said about the node, once asked. */
  readonly standing?: NodeStanding;
  /** Whether the node is shown under its group's row (which then names its profile and region). */
  readonly grouped?: boolean;
}

/** What a group row shows. */
export interface GroupView {
  readonly nodes: number;
  readonly failing: number;
  readonly loading: boolean;
  readonly error?: UserError;
  /** The region the requests went to, once known. */
  readonly region?: string;
}

/** What the rows need from the tree model beyond the element itself. */
export interface Views {
  node(node: NodeElement): NodeView | undefined;
  group(group: GroupElement): GroupView;
}

export const COMMANDS = {
  loadMore: 'ssmAssociations.loadMore',
  retry: 'ssmAssociations.retry',
  ssoLogin: 'ssmAssociations.ssoLogin',
  showDetails: 'ssmAssociations.showDetails',
  openSettings: 'ssmAssociations.openSettings',
  selectProfile: 'ssmAssociations.selectProfile',
} as const;

/**
 * How every tooltip's Markdown is shown: untrusted (no command links run), no HTML, no theme icons.
 * The escaping already takes every meaning from fleet text; these hold even if an escape were missed.
 */
export const TOOLTIP_MARKDOWN_OPTIONS = { isTrusted: false, supportHtml: false, supportThemeIcons: false } as const;

export const LOAD_MORE_LABEL = 'Load more…';
export const NO_ASSOCIATIONS_LABEL = 'No associations';

/** The tree ID of a node: stable across profile switches, so an expanded node stays expanded. */
export function nodeItemId(entry: NodeEntry): string {
  return `node/${entry.id}/${entry.profile ?? ''}/${entry.region ?? ''}`;
}

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
 * name when summaries arrive; the description adds the ID (labelled) or the computer name, the
 * profile/region when not grouped, and the counts: those of the loaded pages once the node was
 * expanded (the freshest), else the service's overview ("2 failed · 14"), or why it has none.
 */
export function nodeSpec(entry: NodeEntry, defaults: Defaults, view: NodeView | undefined): ItemSpec {
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
    `Agent: ${escapeMarkdown(pingLook(info.PingStatus).words)}${info.PingStatus && !['Online', 'ConnectionLost', 'Inactive'].includes(info.PingStatus) ? ` (${escapeMarkdown(clipBlock(info.PingStatus, 60))})` : ''}${info.AgentVersion ? ` · version ${escapeMarkdown(clipBlock(info.AgentVersion, 40))}` : ''}`,
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
export function nodeTooltip(entry: NodeEntry, defaults: Defaults, view: NodeView | undefined): string {
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

/** The row of one (profile, region): how many nodes, how many fail, and its summaries' state. */
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

/** True when the association has an OutputUrl string (valid or not: Open S3 Output explains refusals). */
export function hasOutput(info: AssociationStatusInfo): boolean {
  return typeof info.OutputUrl?.S3OutputUrl?.OutputUrl === 'string' && info.OutputUrl.S3OutputUrl.OutputUrl !== '';
}

export function associationItemId(targetKey: string, info: AssociationStatusInfo): string {
  return `association/${targetKey}/${info.AssociationId}`;
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
 * node with its own profile does not use: for that node the fix is in the settings instead.
 */
export function errorActions(el: ErrorElement): ErrorAction[] {
  const own = el.node.entry.profile !== undefined;
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

/** The row's click does the first action; Select Profile, when offered, is also a button on the row. */
export function errorSpec(el: ErrorElement): ItemSpec {
  const { error } = el;
  const actions = errorActions(el);
  const { click, hint } = errorClick(error, actions, el);
  return {
    // The title and message can carry the error's name and text as the endpoint sent them.
    label: plainLine(el.during === 'more' ? `Couldn't load more: ${error.title}` : error.title, 80),
    description: hint,
    tooltipMarkdown: `**${escapeMarkdown(clipBlock(error.message, 300, ''))}**  \n${escapeMarkdown(clipBlock(error.detail, 1000, ''))}`,
    icon: { id: 'error', color: 'errorForeground' },
    contextValue: actions.includes('selectProfile') ? 'error.selectProfile' : 'error',
    collapsible: false,
    command: click,
  };
}

/** The one error row of a (profile, region) whose summaries failed: the same words and action as a node's. */
export function groupErrorSpec(el: GroupErrorElement): ItemSpec {
  const { error } = el;
  // Select Profile changes the default profile: for a group with a profile of its own, the fix is in the settings.
  const actions = [...new Set(error.actions.map((a): ErrorAction => (a === 'selectProfile' && el.placement.profile !== undefined ? 'openSettings' : a)))];
  const { click, hint } = errorClick(error, actions, el);
  return {
    id: `groupError/${placementKey(el.placement)}`,
    label: plainLine(error.title, 80),
    description: hint,
    tooltipMarkdown: `**${escapeMarkdown(clipBlock(error.message, 300, ''))}**  \n${escapeMarkdown(clipBlock(error.detail, 1000, ''))}  \nThe nodes of this profile and region are listed without their summaries.`,
    icon: { id: 'error', color: 'errorForeground' },
    contextValue: actions.includes('selectProfile') ? 'error.selectProfile' : 'error',
    collapsible: false,
    command: click,
  };
}

export function messageSpec(el: MessageElement): ItemSpec {
  return { label: el.text, icon: { id: el.icon }, contextValue: 'message', collapsible: false };
}

export function specFor(el: TreeElement, defaults: Defaults, views: Views, now: number): ItemSpec {
  switch (el.kind) {
    case 'node':
      return nodeSpec(el.entry, defaults, views.node(el));
    case 'group':
      return groupSpec(el, views.group(el));
    case 'groupError':
      return groupErrorSpec(el);
    case 'invalid':
      return invalidSpec(el.entry);
    case 'association':
      return associationSpec(el, now);
    case 'loadMore':
      return loadMoreSpec(el, views.node(el.node)?.loading ?? false);
    case 'error':
      return errorSpec(el);
    case 'message':
      return messageSpec(el);
  }
}
