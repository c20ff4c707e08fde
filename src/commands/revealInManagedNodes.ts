import * as vscode from 'vscode';
import { scopeKey } from '../core/scope';
import type { NodeElement, TreeElement } from '../tree/elements';
import { targetRow, type AssociationsDeps } from './associationsDeps';

/** Reveal in Managed Nodes (a node row that is configured): selects the node's row in the Managed Nodes view. */
export function registerRevealInManagedNodes(context: vscode.ExtensionContext, deps: AssociationsDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ssmAssociations.revealInManagedNodes', async (given?: unknown) => {
      const row = targetRow(given);
      if (!row) return;
      const key = scopeKey(row.parent.group.scope);
      const matches = (e: TreeElement): e is NodeElement => e.kind === 'node' && e.entry.id === row.target.resourceId && scopeKey(deps.nodes.placementOf(e.entry)) === key;
      // The root, then the group rows (the nodes view groups by (profile, region) when it uses several).
      const root = await deps.nodes.getChildren();
      let node = root.find(matches);
      for (const group of root.filter((e) => e.kind === 'group')) node ??= (await deps.nodes.getChildren(group)).find(matches);
      if (!node) {
        void vscode.window.showInformationMessage('This node is not in Managed Nodes with this profile and region.');
        return;
      }
      await deps.nodesView.reveal(node, { select: true, focus: true });
    }),
  );
}
