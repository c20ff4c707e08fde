import * as vscode from 'vscode';
import type { AssociationElement } from '../tree/elements';
import { plainLine } from '../core/text';
import { isElement, type CommandDeps } from './context';
import { pickAssociation } from './pickAssociation';

/** Copy Association ID: from the tree (inline or context menu), or a quick pick of the loaded associations. */
export function registerCopyAssociationId(context: vscode.ExtensionContext, deps: CommandDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ssmAssociations.copyAssociationId', async (target?: unknown) => {
      const association = isElement(target, 'association') ? (target as AssociationElement) : await pickAssociation(deps.tree, 'Association to copy the ID of');
      if (!association) return;
      await vscode.env.clipboard.writeText(association.info.AssociationId);
      vscode.window.setStatusBarMessage(`$(check) Copied association ID ${plainLine(association.info.AssociationId, 60)}`, 4000);
    }),
  );
}
