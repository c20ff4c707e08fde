import * as vscode from 'vscode';
import type { AssociationElement } from '../tree/elements';
import { isElement, type CommandDeps } from './context';
import { pickAssociation } from './pickAssociation';

const SCHEME = 'ssm-association';

/** Show Details: the status info as AWS returned it, as read-only JSON in an editor. */
export function registerShowDetails(context: vscode.ExtensionContext, deps: CommandDeps): void {
  const provider: vscode.TextDocumentContentProvider = {
    provideTextDocumentContent(uri) {
      const query = new URLSearchParams(uri.query);
      const association = deps.tree.findAssociation(query.get('target') ?? '', query.get('id') ?? '');
      if (!association) return '// This association is no longer loaded: expand its node again, then Show Details.\n';
      return `${JSON.stringify(association.info, null, 2)}\n`;
    },
  };
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    vscode.commands.registerCommand('ssmAssociations.showDetails', async (target?: unknown) => {
      const association = isElement(target, 'association') ? (target as AssociationElement) : await pickAssociation(deps.tree, 'Association to show');
      if (!association) return;
      const { info } = association;
      // A path of safe characters only: the file name is shown in the editor tab.
      const name = (info.AssociationName || info.Name || 'association').replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 60);
      const uri = vscode.Uri.from({
        scheme: SCHEME,
        path: `/${association.node.entry.id}/${name}.json`,
        query: new URLSearchParams({ target: association.targetKey, id: info.AssociationId }).toString(),
      });
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { preview: true });
    }),
  );
}
