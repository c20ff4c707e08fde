import * as vscode from 'vscode';
import { listsNode, withNodeAdded } from '../core/nodeEntries';
import { nodeIdProblem } from '../core/nodeIds';
import { SECTION, levelOf, valueAt } from '../editor/configuration';
import type { CommandDeps } from './context';

/**
 * Add Managed Node: an ID checked as it is typed, appended where the node list is already defined.
 * An ID given as the argument (a keybinding, another extension, the in-host tests) is checked the
 * same way and skips the input box.
 */
export function registerAddNode(context: vscode.ExtensionContext, deps: CommandDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ssmAssociations.addNode', async (given?: unknown) => {
      const target = levelOf('nodes');
      const current = valueAt('nodes', target);
      const problemWith = (value: string) => nodeIdProblem(value.trim()) ?? (listsNode(current, value.trim()) ? `${value.trim()} is already in the list.` : undefined);
      let id: string | undefined;
      if (typeof given === 'string') {
        const problem = problemWith(given);
        if (problem) {
          void vscode.window.showErrorMessage(`Add Managed Node: ${problem}`);
          return;
        }
        id = given;
      } else {
        id = await vscode.window.showInputBox({
          title: 'Add Managed Node',
          prompt: 'The ID of an EC2 instance (i-…) or a hybrid managed node (mi-…)',
          placeHolder: 'i-0123456789abcdef0',
          ignoreFocusOut: true,
          validateInput: problemWith,
        });
      }
      if (id === undefined) return;
      const nodeId = id.trim();
      await vscode.workspace.getConfiguration(SECTION).update('nodes', withNodeAdded(current, nodeId), target);
      deps.log.info(`Added managed node ${nodeId} to ${target === vscode.ConfigurationTarget.Global ? 'user' : 'workspace'} settings.`);
    }),
  );
}
