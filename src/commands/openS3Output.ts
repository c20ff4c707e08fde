import * as vscode from 'vscode';
import { consoleUrl, parseOutputUrl, s3Uri, type S3Location } from '../aws/outputUrl';
import { plainLine } from '../core/text';
import { hasOutput, type AssociationElement } from '../tree/elements';
import { isElement, type CommandDeps } from './context';
import { pickAssociation } from './pickAssociation';

/** Resolves the association a command is about: the tree item it ran on, or a pick from the loaded ones with output. */
async function associationWithOutput(target: unknown, deps: CommandDeps, placeHolder: string): Promise<AssociationElement | undefined> {
  return isElement(target, 'association') ? (target as AssociationElement) : pickAssociation(deps.tree, placeHolder, (a) => hasOutput(a.info));
}

/** The validated S3 location of an association's output, or undefined after telling the user why not. */
function outputLocation(association: AssociationElement, deps: CommandDeps): S3Location | undefined {
  const parsed = parseOutputUrl(association.info.OutputUrl?.S3OutputUrl?.OutputUrl);
  if (parsed.ok) return parsed.location;
  deps.log.warn(`S3 output refused for association ${plainLine(association.info.AssociationId)}: ${plainLine(parsed.reason, 300)}`);
  void vscode.window.showWarningMessage(`Cannot use the S3 output of this association: ${plainLine(parsed.reason, 300)} Nothing was opened or copied.`);
  return undefined;
}

async function copyUri(location: S3Location): Promise<void> {
  const uri = s3Uri(location);
  await vscode.env.clipboard.writeText(uri);
  vscode.window.setStatusBarMessage(`$(check) Copied ${plainLine(uri, 80)}`, 4000);
}

/**
 * Open S3 Output and Copy S3 URI. Open S3 Output opens the S3 console at the association's output prefix. The URL opened is built
 * here from a validated bucket, prefix and region, never taken from AWS as it is.
 */
export function registerOpenS3Output(context: vscode.ExtensionContext, deps: CommandDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ssmAssociations.openS3Output', async (target?: unknown) => {
      const association = await associationWithOutput(target, deps, 'Association whose S3 output to open');
      const location = association && outputLocation(association, deps);
      if (!association || !location) return;
      const node = deps.tree.targetOf(association.node.entry);
      // The URL names its region only in some forms. Otherwise the bucket's own region (the association's
      // OutputS3Region, else the bucket's location, at most 5 s): it is not the node's region in general. Failing
      // both, the node's region: credentials work in one partition only, so its console is the bucket's.
      const backend = await deps.backend.get();
      const region =
        location.region ??
        (await backend.bucketRegion(node, association.info.AssociationId, location.bucket)) ??
        (await backend.resolveRegion(node.profile, node.region));
      const link = consoleUrl(location, region);
      const uri = s3Uri(location);
      if (!link.ok) {
        deps.log.info(`No S3 console link for ${plainLine(uri, 300)}: ${plainLine(link.reason, 300)}`);
        const choice = await vscode.window.showInformationMessage(`No S3 console link for ${plainLine(uri, 300)}: ${plainLine(link.reason, 300)}`, 'Copy S3 URI');
        if (choice === 'Copy S3 URI') await copyUri(location);
        return;
      }
      deps.log.info(`Opening S3 console for ${plainLine(uri, 300)} (region ${region}).`);
      const opened = await vscode.env.openExternal(vscode.Uri.parse(link.url, true));
      if (!opened) return;
      const choice = await vscode.window.showInformationMessage(`Opened ${plainLine(uri, 300)} in the S3 console.`, 'Copy S3 URI');
      if (choice === 'Copy S3 URI') await copyUri(location);
    }),
    vscode.commands.registerCommand('ssmAssociations.copyS3Uri', async (target?: unknown) => {
      const association = await associationWithOutput(target, deps, 'Association whose S3 output URI to copy');
      const location = association && outputLocation(association, deps);
      if (location) await copyUri(location);
    }),
  );
}
