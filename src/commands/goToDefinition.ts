import * as vscode from 'vscode';
import { plainLine } from '../core/text';
import { scopeKey } from '../core/scope';
import { definesAssociation } from '../templates/lenses';
import { MAX_TEMPLATE_BYTES, readDefinitions, TEMPLATE_FILES } from '../editor/codeLens';
import { TemplatePicks } from '../editor/templatePicks';
import { assocRow, type AssociationsDeps } from './associationsDeps';

/** Files searched at most (the first found); larger trees: the rest are not read. */
export const MAX_SEARCHED_FILES = 2000;
const EXCLUDED = '{**/node_modules/**,**/.terraform/**}';

interface Place {
  readonly uri: vscode.Uri;
  readonly line: number;
  readonly character: number;
  readonly resource: string;
}

/** Go to Definition (an association row): the workspace template that defines it, by its literal name or the user's pick. */
export function registerGoToDefinition(context: vscode.ExtensionContext, deps: AssociationsDeps): void {
  const picks = new TemplatePicks(context.workspaceState);
  context.subscriptions.push(
    vscode.commands.registerCommand('ssmAssociations.goToDefinition', async (given?: unknown) => {
      const row = assocRow(given);
      if (!row) return;
      const summary = row.summary;
      const label = plainLine(summary.name || summary.document || summary.associationId, 80);
      const picked = picks.placesOf({ key: scopeKey(row.group.scope), associationId: summary.associationId });
      const places = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Looking for ${label} in the workspace's templates…`, cancellable: true },
        async (_progress, token): Promise<Place[] | undefined> => {
          const files = await vscode.workspace.findFiles(TEMPLATE_FILES, EXCLUDED, MAX_SEARCHED_FILES, token);
          const out: Place[] = [];
          for (const uri of files) {
            if (token.isCancellationRequested) return undefined;
            const resources = new Set(picked.filter((p) => p.uri === uri.toString()).map((p) => p.resource));
            for (const def of await definitionsIn(uri, deps.log)) {
              if (definesAssociation(def, summary) || resources.has(def.resource)) out.push({ uri, ...def.range.start, resource: def.resource });
            }
          }
          return out;
        },
      );
      if (!places) return;
      if (places.length === 0) {
        void vscode.window.showInformationMessage(`No template in this workspace defines ${label}.`);
        return;
      }
      const place =
        places.length === 1
          ? places[0]
          : (
              await vscode.window.showQuickPick(
                places.map((p) => ({ label: plainLine(p.resource, 80), description: `${plainLine(vscode.workspace.asRelativePath(p.uri), 120)}:${p.line + 1}`, p })),
                { placeHolder: `${places.length} templates define ${label}` },
              )
            )?.p;
      if (!place) return;
      const at = new vscode.Position(place.line, place.character);
      await vscode.window.showTextDocument(place.uri, { selection: new vscode.Range(at, at) });
    }),
  );
}

/** A file's definitions: skipped when over the size bound or unreadable; an open document's unsaved text counts. */
async function definitionsIn(uri: vscode.Uri, log: vscode.LogOutputChannel) {
  try {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return await readDefinitions(open.getText(), open.fileName, log);
    if ((await vscode.workspace.fs.stat(uri)).size > MAX_TEMPLATE_BYTES) return [];
    return await readDefinitions(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), uri.path, log);
  } catch {
    return [];
  }
}
