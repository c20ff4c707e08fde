import * as vscode from 'vscode';
import type { AssociationElement } from '../tree/elements';
import { plainLine } from '../core/text';
import type { TreeModel } from '../tree/treeModel';

/** Asks for one of the loaded associations (for commands run from the palette). */
export async function pickAssociation(tree: TreeModel, placeHolder: string, filter: (a: AssociationElement) => boolean = () => true): Promise<AssociationElement | undefined> {
  const loaded = tree.loadedAssociations().filter(filter);
  if (loaded.length === 0) {
    void vscode.window.showInformationMessage('No associations are loaded yet: expand a managed node in the SSM Associations view first.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    loaded.map((association) => ({
      // Quick picks render $(icon) in all three fields: every piece of fleet or settings text goes through plainLine.
      label: plainLine(association.info.AssociationName || association.info.Name || association.info.AssociationId, 80),
      description: `${plainLine(association.info.AssociationId, 40)} · ${plainLine(association.info.Status, 20)}`,
      detail: association.node.entry.label ? `${plainLine(association.node.entry.label, 40)} (${association.node.entry.id})` : association.node.entry.id,
      association,
    })),
    { placeHolder, matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.association;
}
