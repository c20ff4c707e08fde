import * as vscode from 'vscode';
import { TOOLTIP_MARKDOWN_OPTIONS, type Element, type ItemSpec } from './elements';
import { TreeModel, type TreeModelDeps } from './model';

/** The Managed Nodes view: the TreeModel, drawn by VS Code. */
export class NodesProvider extends TreeModel implements vscode.TreeDataProvider<Element>, vscode.Disposable {
  private readonly changed: vscode.EventEmitter<Element | undefined>;
  readonly onDidChangeTreeData: vscode.Event<Element | undefined>;

  constructor(deps: Omit<TreeModelDeps, 'onChange'>) {
    const changed = new vscode.EventEmitter<Element | undefined>();
    super({ ...deps, onChange: (element) => changed.fire(element) });
    this.changed = changed;
    this.onDidChangeTreeData = changed.event;
  }

  // The same ItemSpec (reused by the model) gives the same TreeItem: no rebuilding of earlier rows.
  private readonly treeItems = new WeakMap<ItemSpec, vscode.TreeItem>();

  getTreeItem(element: Element): vscode.TreeItem {
    const spec = this.itemOf(element);
    let item = this.treeItems.get(spec);
    if (!item) {
      item = toTreeItem(spec);
      this.treeItems.set(spec, item);
    }
    return item;
  }

  /** Builds a node's or an association's tooltip when the user hovers it. */
  resolveTreeItem(item: vscode.TreeItem, element: Element): vscode.TreeItem {
    if (item.tooltip === undefined) {
      const markdown = this.tooltipOf(element);
      if (markdown !== undefined) item.tooltip = untrustedMarkdown(markdown);
    }
    return item;
  }

  override dispose(): void {
    super.dispose();
    this.changed.dispose();
  }
}

/** An ItemSpec as a vscode.TreeItem. Tooltips are untrusted Markdown without HTML or theme icons. */
export function toTreeItem(spec: ItemSpec): vscode.TreeItem {
  const item = new vscode.TreeItem(spec.label, spec.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
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
