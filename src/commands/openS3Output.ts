import * as vscode from 'vscode';
import { consoleUrl, parseOutputUrl, s3Uri } from '../aws/outputUrl';
import { clipLabel } from '../model/text';
import { hasOutput, type AssociationElement } from '../tree/elements';
import { isElement, type CommandDeps } from './context';
import { pickAssociation } from './pickAssociation';

/**
 * Open S3 Output: opens the S3 console at the association's output prefix. The URL opened is built
 * here from a validated bucket, prefix and region, never taken from AWS as it is.
 */
export function registerOpenS3Output(context: vscode.ExtensionContext, deps: CommandDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ssmAssociations.openS3Output', async (target?: unknown) => {
      const association = isElement(target, 'association')
        ? (target as AssociationElement)
        : await pickAssociation(deps.provider, 'Association whose S3 output to open', (a) => hasOutput(a.info));
      if (!association) return;
      const raw = association.info.OutputUrl?.S3OutputUrl?.OutputUrl;
      const parsed = parseOutputUrl(raw);
      if (!parsed.ok) {
        deps.log.warn(`Open S3 Output refused for association ${association.info.AssociationId}: ${parsed.reason}`);
        void vscode.window.showWarningMessage(`Cannot open the S3 output of this association: ${clipLabel(parsed.reason, 200)} Nothing was opened.`);
        return;
      }
      const node = deps.provider.targetOf(association.node.entry);
      // The URL names its region only in some forms; otherwise the bucket is assumed in the node's region.
      const region = parsed.location.region ?? (await deps.backend().then((b) => b.resolveRegion(node.profile, node.region))) ?? 'us-east-1';
      const url = consoleUrl(parsed.location, region);
      const uri = s3Uri(parsed.location);
      deps.log.info(`Opening S3 console for ${uri} (region ${region}).`);
      const opened = await vscode.env.openExternal(vscode.Uri.parse(url, true));
      if (!opened) return;
      const choice = await vscode.window.showInformationMessage(`Opened ${clipLabel(uri, 120)} in the S3 console.`, 'Copy S3 URI');
      if (choice === 'Copy S3 URI') {
        await vscode.env.clipboard.writeText(uri);
        vscode.window.setStatusBarMessage(`$(check) Copied ${clipLabel(uri, 80)}`, 4000);
      }
    }),
  );
}
