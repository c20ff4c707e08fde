import * as vscode from 'vscode';
import { listsNode, withNodeRemoved } from '../core/nodeEntries';
import { plainLine } from '../core/text';
import { SECTION, valueAt } from '../editor/configuration';
import { isElement, type CommandDeps } from './context';
import type { InvalidElement, NodeElement } from '../tree/elements';

const LEVELS = [vscode.ConfigurationTarget.WorkspaceFolder, vscode.ConfigurationTarget.Workspace, vscode.ConfigurationTarget.Global];

/**
 * Remove Managed Node: removes the node's entries from the level(s) that list it; every other entry stays
 * in order. The node comes from the tree, as an ID argument, or from a quick pick.
 */
export function registerRemoveNode(context: vscode.ExtensionContext, deps: CommandDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ssmAssociations.removeNode', async (target?: unknown) => {
      let id: string | undefined;
      if (isElement(target, 'node')) id = (target as NodeElement).entry.id;
      else if (isElement(target, 'invalid')) id = (target as InvalidElement).entry.id;
      else if (typeof target === 'string') id = target.trim();
      else {
        const nodes = deps.tree.currentSettings.entries.filter((e) => e.id !== undefined);
        const picked = await vscode.window.showQuickPick(
          // An invalid entry's ID is whatever was typed: shown inert, removed by its exact value.
          nodes.map((e) => ({ label: plainLine(e.id, 80), description: plainLine(e.kind === 'node' ? e.label : `invalid: ${e.reason}`, 100), id: e.id as string })),
          { placeHolder: 'Managed node to remove from ssmAssociations.nodes' },
        );
        id = picked?.id;
      }
      if (!id) return;
      const config = vscode.workspace.getConfiguration(SECTION);
      let removed = false;
      for (const level of LEVELS) {
        if (level === vscode.ConfigurationTarget.WorkspaceFolder && !vscode.workspace.workspaceFolders?.length) continue;
        const value = valueAt('nodes', level);
        if (!listsNode(value, id)) continue;
        await config.update('nodes', withNodeRemoved(value, id), level);
        removed = true;
      }
      if (removed) deps.log.info(`Removed managed node ${plainLine(id, 80)}.`);
      else void vscode.window.showInformationMessage(`${plainLine(id, 80)} is not in your user or workspace settings (it may come from a default elsewhere).`);
    }),
  );
}
