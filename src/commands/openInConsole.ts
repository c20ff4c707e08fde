import * as vscode from 'vscode';
import { ASSOCIATION_ID_PATTERN, associationConsoleUrl, consoleRegionOf, nodeConsoleUrl } from '../core/console';
import { plainLine } from '../core/text';
import type { AssociationElement, NodeElement } from '../tree/elements';
import { isElement, type CommandDeps } from './context';
import { associationFrom } from './runTarget';

/** Open in AWS Console: the association's State Manager page or the node's Fleet Manager page. */
export async function openInConsole(target: unknown, deps: CommandDeps): Promise<void> {
  let node: NodeElement | undefined;
  let association: AssociationElement | undefined;
  if (isElement(target, 'node')) node = target as NodeElement;
  else {
    association = await associationFrom(target, deps, 'Association to open in the AWS console');
    node = association?.node;
  }
  if (!node) return;
  const nodeTarget = deps.tree.targetOf(node.entry);
  const region = await consoleRegionOf(nodeTarget, async (profile, explicit) => (await deps.backend.get()).resolveRegion(profile, explicit));
  let page: 'association' | 'node' = 'node';
  if (association) {
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'State Manager: association', description: ASSOCIATION_ID_PATTERN.test(association.info.AssociationId) ? association.info.AssociationId : '', page: 'association' as const },
        { label: 'Fleet Manager: managed node', description: node.entry.id, page: 'node' as const },
      ],
      { placeHolder: `Open which console page (${region ?? 'no region'})?` },
    );
    if (!picked) return;
    page = picked.page;
  }
  const link = page === 'association' && association ? associationConsoleUrl(association.info.AssociationId, region) : nodeConsoleUrl(node.entry.id, region);
  if (!link.ok) {
    void vscode.window.showWarningMessage(`No console link: ${plainLine(link.reason, 200)}`);
    return;
  }
  deps.log.info(`Opening the AWS console: ${link.url}`);
  await vscode.env.openExternal(vscode.Uri.parse(link.url, true));
}
