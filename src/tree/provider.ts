import * as vscode from 'vscode';
import type { Element, ItemSpec } from './elements';
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

  getTreeItem(element: Element): vscode.TreeItem {
    return toTreeItem(this.itemOf(element));
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
  if (spec.tooltipMarkdown !== undefined) {
    const tooltip = new vscode.MarkdownString(spec.tooltipMarkdown, false);
    tooltip.isTrusted = false;
    tooltip.supportHtml = false;
    item.tooltip = tooltip;
  }
  if (spec.command) item.command = { ...spec.command, arguments: spec.command.arguments ? [...spec.command.arguments] : undefined };
  return item;
}
