import type { NodeTarget } from '../aws/contract';
import type { LazyBackend } from '../aws/lazyBackend';
import { failingCount } from '../core/failures';
import { type AwsScope, scopeKey } from '../core/scope';
import type { NodeInformation } from '../core/nodeInformation';
import type { NodeEntry } from '../core/nodeEntries';
import type { Settings } from '../core/settings';
import { AnswerRedraws } from './answerRedraws';
import type { AssociationElement, ErrorElement, GroupErrorElement, ItemSpec, NodeElement, Redraw, TreeElement } from './elements';
import { FailedOnlyFilter } from './failedOnlyFilter';
import { FleetInformation } from './fleetInformation';
import { targetOf, TreeLayout } from './layout';
import { NodePages } from './nodePages';
import { targetKey } from './nodeState';
import { specFor } from './rowItems';
import { associationTooltip, nodeTooltip } from './rowTooltips';
import { RowViews } from './rowViews';

/** What the tree model needs from the rest of the extension. */
export interface TreeModelDeps {
  readSettings(): Settings;
  /** The backend (LazyBackend), loaded on the first request; also reset on Refresh and profile changes. */
  readonly backend: LazyBackend;
  /** Called when elements (undefined = the whole tree) must be drawn again. */
  onChange(redraw: Redraw): void;
  /** Called after each page load finished (loaded or failed), for logs and the benchmark. */
  onLoaded?(node: NodeElement, outcome: 'loaded' | 'failed'): void;
}

/**
 * The Managed Nodes tree without the editor, as the provider and the commands see it. It composes
 * parts that each read alone: the layout and identity of the rows (layout.ts), the pages of each
 * expanded node (nodePages.ts), what DescribeInstanceInformation says about the nodes, asked for
 * only while the view is visible (fleetInformation.ts), what to redraw when it answers
 * (answerRedraws.ts), Show Failed Only (failedOnlyFilter.ts), and what each row shows (rowViews.ts,
 * drawn by rowItems.ts and rowTooltips.ts). NodesTree (nodesTree.ts) turns it into the items VS Code is given.
 */
export class TreeModel {
  private settings: Settings;
  private readonly layout: TreeLayout;
  private readonly pages: NodePages;
  private readonly fleet: FleetInformation;
  private readonly redraws = new AnswerRedraws();
  private readonly views: RowViews;
  private readonly filter: FailedOnlyFilter;

  constructor(private readonly deps: TreeModelDeps) {
    this.settings = deps.readSettings();
    const settings = () => this.settings;
    this.layout = new TreeLayout(settings);
    this.pages = new NodePages({ backend: deps.backend, pageSize: () => this.settings.pageSize, onChange: (redraw) => deps.onChange(redraw), onLoaded: (node, outcome) => deps.onLoaded?.(node, outcome) });
    this.fleet = new FleetInformation(deps.backend, (key) => deps.onChange(this.redrawnByAnswer(key)));
    this.views = new RowViews(this.layout, this.pages, this.fleet, settings);
    this.filter = new FailedOnlyFilter((node) => this.views.failuresOf(node));
  }

  get currentSettings(): Settings {
    return this.settings;
  }

  // ---- what the tree shows

  /** The item of an element as data, built anew (NodesTree's ItemCache keeps what is worth keeping). */
  itemOf(element: TreeElement, now = Date.now()): ItemSpec {
    return specFor(element, this.settings, this.views, now);
  }

  /** The item VS Code is given for an element: as itemOf, noting the label each group row was drawn with. */
  drawnItemOf(element: TreeElement, now = Date.now()): ItemSpec {
    const spec = this.itemOf(element, now);
    if (element.kind === 'group') this.redraws.drewGroup(element, spec.label);
    return spec;
  }

  /** The tooltip of an element (for nodes and associations built only when the user hovers it). */
  tooltipOf(element: TreeElement, now = Date.now()): string | undefined {
    if (element.kind === 'association') return associationTooltip(element.info, now);
    if (element.kind === 'node') return nodeTooltip(element.entry, this.settings, this.views.node(element));
    return this.itemOf(element, now).tooltipMarkdown;
  }

  async getChildren(element?: TreeElement): Promise<TreeElement[]> {
    if (!element) return this.rootElements();
    if (element.kind === 'group') {
      const error = this.fleet.errorRow(element.placement, element);
      return [...(error ? [error] : []), ...this.filter.nodes(this.layout.membersOf(element))];
    }
    if (element.kind !== 'node') return [];
    const target = this.targetOf(element.entry);
    const children = await this.pages.children(element, target);
    return this.filter.children(element, children, this.pages.at(targetKey(target))?.associations.length ?? 0);
  }

  getParent(element: TreeElement): TreeElement | undefined {
    switch (element.kind) {
      case 'node':
        return this.layout.current().grouped ? this.layout.current().groupOf.get(element) : undefined;
      case 'invalid':
      case 'group':
        return undefined;
      case 'groupError':
        return element.group;
      default:
        return element.node;
    }
  }

  // ---- fleet: node information, groups, failures

  /** The view was shown or hidden. Shown: node information not asked for yet (never while hidden). */
  setVisible(visible: boolean): void {
    this.fleet.setVisible(visible);
    // Asks nothing while hidden (FleetInformation.request checks that).
    this.requestNodeInformation();
  }

  get isVisible(): boolean {
    return this.fleet.isVisible;
  }

  /** "Show Failed Only": only nodes with failed associations, and only their failed rows. No request. */
  setFailedOnly(on: boolean): void {
    if (this.filter.set(on)) this.deps.onChange(undefined);
  }

  get failedOnly(): boolean {
    return this.filter.isOn;
  }

  /** Nodes found by Add Managed Nodes from Account…: what the service said of them is known without a request. */
  nodesDescribed(placement: AwsScope, nodes: readonly NodeInformation[], region?: string): void {
    this.fleet.seed(placement, nodes, region);
  }

  /** How many configured nodes have failed associations (node information and loaded pages): the view's badge. */
  failingNodes(): number {
    return failingCount(this.layout.current().groups.flatMap((g) => g.members.map((node) => this.views.failuresOf(node))));
  }

  // ---- actions

  /** Fetches the next page of a node; a second call while a page loads does nothing. */
  loadMore(node: NodeElement): void {
    this.pages.loadMore(node, this.targetOf(node.entry));
  }

  /** Retries what failed: the same page again, or page 1 when the token is no longer valid. */
  retry(error: ErrorElement | GroupErrorElement): void {
    if (error.kind === 'groupError') return this.fleet.retry(error.placement, this.layout.current());
    if (error.error.actions.includes('reloadFromStart')) return this.refreshNode(error.node);
    this.loadMore(error.node);
  }

  /** Drops a node's pages; if it is expanded the tree asks for page 1 again. */
  refreshNode(node: NodeElement): void {
    this.pages.refresh(node, this.layout.scopeOf(node));
  }

  /** Re-reads settings and profile files, drops every page and client; expanded nodes reload page 1. */
  refreshAll(): void {
    this.pages.clear();
    this.fleet.reset();
    this.deps.backend.reset();
    this.settings = this.deps.readSettings();
    this.layout.invalidate();
    this.requestNodeInformation();
    this.deps.onChange(undefined);
  }

  /** Settings changed: keep the pages whose profile, region and node are unchanged. */
  settingsChanged(): void {
    const before = this.settings;
    this.settings = this.deps.readSettings();
    this.layout.invalidate();
    if (before.profile !== this.settings.profile || before.region !== this.settings.region) {
      this.deps.backend.reset();
      this.fleet.reset();
    }
    // The new layout is needed to draw anyway: its scopes are the live ones.
    this.pages.keepOnly(new Set([...this.layout.current().keys.values()].map((k) => k.scope)));
    // New nodes get their node information; known ones are not asked about again.
    this.requestNodeInformation();
    this.deps.onChange(undefined);
  }

  /** The node rows a row stands for: itself for a node, its members for a group (collapsing it stops their watches). */
  nodesUnder(element: TreeElement): readonly NodeElement[] {
    if (element.kind === 'node') return [element];
    return element.kind === 'group' ? this.layout.membersOf(element) : [];
  }

  /** A node was collapsed: stop its request in flight; nothing late will land. */
  collapsed(element: TreeElement): void {
    if (element.kind === 'node') this.pages.collapsed(element, this.layout.scopeOf(element));
  }

  /** Every association loaded so far, node by node in the order their pages were first asked for. */
  loadedAssociations(): AssociationElement[] {
    return this.pages.loadedAssociations();
  }

  findAssociation(key: string, associationId: string): AssociationElement | undefined {
    return this.pages.findAssociation(key, associationId);
  }

  /** What a watch read of a row (Apply Now): the row shows it at once; no page is read again or dropped. */
  associationObserved(key: string, associationId: string, status: string | undefined, executionDate: number | undefined): AssociationElement | undefined {
    return this.pages.observed(key, associationId, status, executionDate);
  }

  /** Which node to ask, with whose credentials, where: the entry's own profile and region, else the settings'. */
  targetOf(entry: NodeEntry): NodeTarget {
    return targetOf(entry, this.settings);
  }

  /** Whose credentials and which region a node's requests use: its (profile, region) group. */
  placementOf(entry: NodeEntry): AwsScope {
    const target = this.targetOf(entry);
    return { profile: target.profile, region: target.region };
  }

  dispose(): void {
    this.pages.clear();
    this.fleet.reset();
  }

  // ---- internals

  private rootElements(): TreeElement[] {
    const layout = this.layout.current();
    this.requestNodeInformation();
    if (layout.grouped) {
      const groups = layout.groups.filter((g) => this.filter.keepsGroup(g, () => this.fleet.errorRow(g.element.placement, g.element) !== undefined)).map((g) => g.element);
      return [...groups, ...layout.invalid];
    }
    // Not grouped: each failing (profile, region) still gets one error row, at the top.
    const errors = layout.groups.map((g) => this.fleet.errorRow(g.element.placement, undefined)).filter((e): e is GroupErrorElement => e !== undefined);
    this.redraws.drewErrorRows(errors.map((error) => scopeKey(error.placement)));
    return [...errors, ...this.filter.rows(layout.flat)];
  }

  private requestNodeInformation(): void {
    this.fleet.request(() => this.layout.current(), this.settings.nodeSummaries);
  }

  /** What to draw again when a group's node information answers (answerRedraws.ts says why). */
  private redrawnByAnswer(key: string): Redraw {
    return this.redraws.afterAnswer(key, {
      layout: this.layout.current(),
      failedOnly: this.filter.isOn,
      erring: (group) => this.fleet.group(group.placement)?.error !== undefined,
      labelOf: (group) => this.itemOf(group).label,
    });
  }
}
