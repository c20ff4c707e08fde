import * as vscode from 'vscode';
import { isElementList, TOOLTIP_MARKDOWN_OPTIONS, type AssociationElement, type TreeElement, type ItemSpec } from '../tree/elements';
import { NodesTree } from '../tree/nodesTree';
import type { TreeModel, TreeModelDeps } from '../tree/treeModel';

/** The Managed Nodes view: draws the NodesTree it holds (which knows nothing of VS Code). */
export class NodesProvider implements vscode.TreeDataProvider<TreeElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeElement | TreeElement[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly tree: NodesTree<vscode.TreeItem>;
  readonly model: TreeModel;

  constructor(deps: Omit<TreeModelDeps, 'onChange'>) {
    this.tree = new NodesTree({ ...deps, onChange: (redraw) => this.changed.fire(isElementList(redraw) ? [...redraw] : redraw) }, toTreeItem);
    this.model = this.tree.model;
  }

  /** Changes how an association row is drawn (e.g. while it is watched after Apply Now). */
  set decorate(decorate: ((element: AssociationElement, spec: ItemSpec) => ItemSpec) | undefined) {
    this.tree.decorate = decorate;
  }

  /** Draws one row again, building its item anew. */
  redraw(element: TreeElement): void {
    this.tree.forget(element);
    this.changed.fire(element);
  }

  getChildren(element?: TreeElement): Promise<TreeElement[]> {
    return this.model.getChildren(element);
  }

  getParent(element: TreeElement): TreeElement | undefined {
    return this.model.getParent(element);
  }

  getTreeItem(element: TreeElement): vscode.TreeItem {
    return this.tree.itemOf(element);
  }

  /** Builds a node's or an association's tooltip when the user hovers it. */
  resolveTreeItem(item: vscode.TreeItem, element: TreeElement): vscode.TreeItem {
    if (item.tooltip === undefined) {
      const markdown = this.model.tooltipOf(element);
      if (markdown !== undefined) item.tooltip = untrustedMarkdown(markdown);
    }
    return item;
  }

  dispose(): void {
    this.tree.dispose();
    this.changed.dispose();
  }
}

/** An ItemSpec as a vscode.TreeItem. Tooltips are untrusted Markdown without HTML or theme icons. */
export function toTreeItem(spec: ItemSpec): vscode.TreeItem {
  const state = !spec.collapsible
    ? vscode.TreeItemCollapsibleState.None
    : spec.expanded
      ? vscode.TreeItemCollapsibleState.Expanded
      : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(spec.label, state);
  item.id = spec.id;
  item.description = spec.description;
  item.contextValue = spec.contextValue;
  if (spec.icon) item.iconPath = new vscode.ThemeIcon(spec.icon.id, spec.icon.color ? new vscode.ThemeColor(spec.icon.color) : undefined);
  if (spec.tooltipMarkdown !== undefined) item.tooltip = untrustedMarkdown(spec.tooltipMarkdown);
  if (spec.command) item.command = { ...spec.command, arguments: spec.command.arguments ? [...spec.command.arguments] : undefined };
  return item;
}

/** Markdown that can run no command, render no HTML and expand no theme icon. */
function untrustedMarkdown(markdown: string): vscode.MarkdownString {
  return Object.assign(new vscode.MarkdownString(markdown), TOOLTIP_MARKDOWN_OPTIONS);
}
