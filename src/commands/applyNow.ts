import * as vscode from 'vscode';
import { ssmProblem } from '../aws/outputProblems';
import { plainLine } from '../core/text';
import type { AssociationElement } from '../tree/elements';
import { labels, type RunCommandDeps } from './runTarget';

function targetsText(targets: readonly { key: string; values: readonly string[] }[]): string {
  if (targets.length === 0) return '• (the association names no targets)';
  return targets.map((t) => `• ${plainLine(t.key, 60)}: ${t.values.length ? t.values.slice(0, 20).map((v) => plainLine(v, 60)).join(', ') + (t.values.length > 20 ? `, and ${t.values.length - 20} more` : '') : '(none)'}`).join('\n');
}

/**
 * Apply Association Now: after a modal confirmation naming every target, run it once, then watch the
 * row. While a row is being applied (its confirmation open, its request on the way), applying it
 * again says so instead of asking again.
 */
export async function applyNow(association: AssociationElement, deps: RunCommandDeps): Promise<void> {
  const started = await deps.applying.run(`${association.targetKey}/${association.info.AssociationId}`, () => applyOnce(association, deps));
  if (!started) void vscode.window.showInformationMessage(`${plainLine(labels(association).association, 60)} is being applied already.`);
}

async function applyOnce(association: AssociationElement, deps: RunCommandDeps): Promise<void> {
  const target = deps.tree.targetOf(association.node.entry);
  const l = labels(association);
  const backend = await deps.backend.get();
  let info;
  try {
    info = await backend.describeAssociation(target, association.info.AssociationId);
  } catch (error) {
    void vscode.window.showErrorMessage(`Cannot read the targets of ${plainLine(l.association, 60)}, so it was not applied: ${plainLine(ssmProblem(error, 'DescribeAssociation', target, deps.describeError), 300)}`);
    return;
  }
  const choice = await vscode.window.showWarningMessage(
    `Run ${plainLine(l.association, 60)} now on every target of the association?`,
    {
      modal: true,
      detail: `This runs the association on ALL its targets, not only on ${plainLine(l.node, 40)}:\n${targetsText(info.targets)}\n\nDocument: ${plainLine(info.document ?? '?', 80)} · region ${info.region}`,
    },
    'Apply Now',
  );
  if (choice !== 'Apply Now') return;
  try {
    await backend.applyNow(target, association.info.AssociationId);
  } catch (error) {
    void vscode.window.showErrorMessage(`${plainLine(l.association, 60)} was not applied: ${plainLine(ssmProblem(error, 'StartAssociationsOnce', target, deps.describeError), 300)}`);
    return;
  }
  deps.log.info(`Apply Now: StartAssociationsOnce ${association.info.AssociationId} (all targets); watching node ${target.nodeId}.`);
  deps.watches.watch(association);
}
