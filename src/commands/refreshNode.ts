import * as vscode from 'vscode';
import { isElement, type CommandDeps } from './context';
import type { NodeElement } from '../tree/elements';

/** Refresh Node (inline on a node): drop that node's pages; reload page 1 if it is expanded. */
export function registerRefreshNode(context: vscode.ExtensionContext, deps: CommandDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ssmAssociations.refreshNode', (node?: unknown) => {
      // From the palette there is no node: refresh them all.
      if (isElement(node, 'node')) {
        deps.watches?.stopNode(node as NodeElement);
        deps.tree.refreshNode(node as NodeElement);
      } else {
        deps.watches?.stopAll();
        deps.tree.refreshAll();
      }
    }),
  );
}
