import * as vscode from 'vscode';
import { AssociationsModel, type AssociationsModelDeps } from '../tree/associations/model';
import type { AssocTreeElement } from '../tree/associations/elements';
import { toTreeItem } from './nodesProvider';

/** The Associations view: draws the AssociationsModel it holds (the model knows nothing of VS Code). */
export class AssociationsProvider implements vscode.TreeDataProvider<AssocTreeElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AssocTreeElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly model: AssociationsModel;

  constructor(deps: Omit<AssociationsModelDeps, 'onChange'>) {
    this.model = new AssociationsModel({ ...deps, onChange: (element) => this.changed.fire(element) });
  }

  getChildren(element?: AssocTreeElement): Promise<AssocTreeElement[]> | AssocTreeElement[] {
    return this.model.getChildren(element);
  }

  getParent(element: AssocTreeElement): AssocTreeElement | undefined {
    return this.model.getParent(element);
  }

  getTreeItem(element: AssocTreeElement): vscode.TreeItem {
    return toTreeItem(this.model.itemOf(element));
  }

  resolveTreeItem(item: vscode.TreeItem, element: AssocTreeElement): vscode.TreeItem {
    if (item.tooltip === undefined) {
      const markdown = this.model.tooltipOf(element);
      if (markdown !== undefined) item.tooltip = toTreeItem({ label: '', contextValue: '', collapsible: false, tooltipMarkdown: markdown }).tooltip;
    }
    return item;
  }

  dispose(): void {
    this.model.dispose();
    this.changed.dispose();
  }
}
