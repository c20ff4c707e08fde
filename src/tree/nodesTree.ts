// The Managed Nodes view without VS Code: the TreeModel and the items VS Code is given for its
// elements. The editor's NodesProvider only adds the change event and turns an ItemSpec into a
// vscode.TreeItem; the tests and the bench drive this same path with items as data.
import type { AssociationElement, ItemSpec, TreeElement } from './elements';
import { ItemCache } from './itemCache';
import { TreeModel, type TreeModelDeps } from './treeModel';

export class NodesTree<Item> {
  readonly model: TreeModel;
  private readonly items: ItemCache<Item>;

  /** Changes how an association row is drawn (e.g. while it is watched after Apply Now). */
  decorate?: (element: AssociationElement, spec: ItemSpec) => ItemSpec;

  /** `toItem` turns a row's ItemSpec into what the view is given (a vscode.TreeItem in the editor). */
  constructor(deps: TreeModelDeps, toItem: (spec: ItemSpec) => Item) {
    this.model = new TreeModel(deps);
    // drawnItemOf, not itemOf: the model notes what each group row was drawn with (answerRedraws.ts).
    this.items = new ItemCache((element, now) => {
      const spec = this.model.drawnItemOf(element, now);
      return toItem(element.kind === 'association' && this.decorate ? this.decorate(element, spec) : spec);
    });
  }

  /** The item of a row as the view is given it (an association's is reused for a while: ItemCache). */
  itemOf(element: TreeElement, now = Date.now()): Item {
    return this.items.itemOf(element, now);
  }

  /** Drops a row's item: the next draw builds it anew. */
  forget(element: TreeElement): void {
    this.items.forget(element);
  }

  dispose(): void {
    this.model.dispose();
  }
}
