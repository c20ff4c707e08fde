import * as vscode from 'vscode';
import type { CommandDeps } from './context';

export const ADD_NODES_FROM_ACCOUNT = 'ssmAssociations.addNodesFromAccount';

/**
 * Registers Add Managed Nodes from Account…. Its code (dist/discoverUi.js) is loaded on its first
 * use: activation does not pay for it.
 */
export function registerAddNodesFromAccount(context: vscode.ExtensionContext, deps: CommandDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(ADD_NODES_FROM_ACCOUNT, () =>
      // A plain require of a lazily loaded part (lazyParts.json): esbuild turns it into require('./discoverUi.js').
      (require('./addNodesFromAccount') as typeof import('./addNodesFromAccount')).addNodesFromAccount(deps),
    ),
  );
}
