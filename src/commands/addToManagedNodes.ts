import * as vscode from 'vscode';
import { withDiscoveredNodes } from '../core/discoveredNodes';
import { plainLine } from '../core/text';
import { SECTION, levelOf, valueAt } from '../editor/configuration';
import { targetRow, type AssociationsDeps } from './associationsDeps';

/**
 * Add to Managed Nodes (a node row of the Associations view): appends the node to ssmAssociations.nodes at the
 * level the list lives, with its profile and region where they differ from the defaults; every other entry is kept.
 */
export function registerAddToManagedNodes(context: vscode.ExtensionContext, deps: AssociationsDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ssmAssociations.addToManagedNodes', async (given?: unknown) => {
      const row = targetRow(given);
      if (!row) return;
      const scope = row.parent.group.scope;
      const settings = deps.nodes.currentSettings;
      const backend = await deps.backend.get();
      const region = scope.region ?? (await backend.resolveRegion(scope.profile));
      if (!region) {
        void vscode.window.showErrorMessage('Add to Managed Nodes: the region of this list is not known (set ssmAssociations.region or the profile\'s region).');
        return;
      }
      const regionWithoutEntry = settings.region ?? (await backend.resolveRegion(scope.profile));
      const target = levelOf('nodes');
      const result = withDiscoveredNodes(valueAt('nodes', target), [{ id: row.target.resourceId, profile: scope.profile, region }], { profile: settings.profile, regionWithoutEntry });
      const id = plainLine(row.target.resourceId, 40);
      if (result.added.length === 0) {
        void vscode.window.showInformationMessage(`${id} is already in ssmAssociations.nodes.`);
        return;
      }
      await vscode.workspace.getConfiguration(SECTION).update('nodes', result.value, target);
      deps.log.info(`Added managed node ${id} from the Associations view.`);
      vscode.window.setStatusBarMessage(`$(check) Added ${id} to Managed Nodes`, 4000);
    }),
  );
}
