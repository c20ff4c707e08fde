// What the tree shows, as plain data: the elements (one object per row), the items (ItemSpec) and what
// rows need from the model. No 'vscode' import: tested and benchmarked in Node. The rows are drawn by
// rowItems.ts (and their tooltips by rowTooltips.ts); the provider turns an ItemSpec into a vscode.TreeItem.
import type { UserError } from '../aws/errors';
import type { AssociationRun, AssociationStatusInfo } from '../aws/contract';
import type { InvalidEntry, NodeEntry } from '../core/nodeEntries';
import type { NodeSummary } from '../core/status';
import { type AwsScope, scopeKey } from '../core/scope';
import type { NodeStanding } from '../core/overview';

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
  /** The run this row is about (a node picked in one run of Show Executions); undefined: the latest run. */
  readonly run?: AssociationRun;
}

/** The run View Output reads for this row: the one it names (checked: command arguments can come from anywhere), else undefined (the latest). */
export function pickedRun(element: AssociationElement): AssociationRun | undefined {
  const run: unknown = element.run;
  if (run === null || typeof run !== 'object') return undefined;
  const r = run as Record<string, unknown>;
  if (typeof r.executionId !== 'string' || (r.commandId !== undefined && typeof r.commandId !== 'string') || (r.date !== undefined && !(r.date instanceof Date))) return undefined;
  return run as AssociationRun;
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
  /** scopeKey of the group. */
  readonly key: string;
  readonly placement: AwsScope;
  /** Its tree ID: the group of the default profile and region keeps it when the defaults change,
   * so the group and its expanded nodes stay open (and reload) after Select Profile. */
  readonly itemId: string;
}
/** The one error row of a (profile, region) whose node information failed (expired SSO, no credentials…). */
export interface GroupErrorElement {
  readonly kind: 'groupError';
  /** Its group row; undefined when the root is not grouped (the row is then at the top of the root). */
  readonly group?: GroupElement;
  readonly placement: AwsScope;
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
  return `node/${entry.id}/${scopeKey(entry)}`;
}
/** True when the association has an OutputUrl string (valid or not: Open S3 Output explains refusals). */
export function hasOutput(info: AssociationStatusInfo): boolean {
  return typeof info.OutputUrl?.S3OutputUrl?.OutputUrl === 'string' && info.OutputUrl.S3OutputUrl.OutputUrl !== '';
}

export function associationItemId(targetKey: string, info: AssociationStatusInfo): string {
  return `association/${targetKey}/${info.AssociationId}`;
}
