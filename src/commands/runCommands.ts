import * as vscode from 'vscode';
import { ssmProblem } from '../aws/outputProblems';
import type { AssociationRun } from '../aws/contract';
import { ASSOCIATION_ID_PATTERN, associationConsoleUrl, nodeConsoleUrl } from '../core/console';
import { statusLook } from '../core/status';
import { plainLine } from '../core/text';
import { relativeTime } from '../core/time';
import { type OutputContext, OutputDocuments } from '../editor/runDocuments';
import type { AssociationElement, NodeElement } from '../tree/elements';
import { AssociationWatches } from '../tree/associationWatches';
import { isElement, type CommandDeps } from './context';
import { pickAssociation } from './pickAssociation';

/** What the output, history, Apply Now and console commands use besides the common deps. */
export interface OutputDeps extends CommandDeps {
  readonly outputs: OutputDocuments;
  readonly watches: AssociationWatches;
}

const HISTORY_PAGE_SIZE = 10;

function associationFrom(target: unknown, deps: CommandDeps, placeHolder: string): Promise<AssociationElement | undefined> | AssociationElement {
  return isElement(target, 'association') ? (target as AssociationElement) : pickAssociation(deps.tree, placeHolder);
}

function labels(association: AssociationElement): { node: string; association: string } {
  return {
    node: association.node.entry.label || association.node.entry.id,
    association: association.info.AssociationName || association.info.Name || association.info.AssociationId,
  };
}

function outputContext(association: AssociationElement): OutputContext {
  const l = labels(association);
  return { nodeLabel: l.node, associationLabel: l.association, key: `${association.targetKey}/${association.info.AssociationId}` };
}

/** Reads a run's output and opens it in tabs; failures become a document that says what was tried. */
async function viewOutput(association: AssociationElement, run: AssociationRun | undefined, deps: OutputDeps): Promise<void> {
  const target = deps.tree.targetOf(association.node.entry);
  const l = labels(association);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Reading output of ${plainLine(l.association, 60)} on ${plainLine(l.node, 40)}…`, cancellable: true },
    async (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const backend = await deps.backend.get();
      return backend.readOutput({ target, associationId: association.info.AssociationId, outputUrl: association.info.OutputUrl?.S3OutputUrl?.OutputUrl, run }, controller.signal);
    },
  );
  deps.log.info(
    result.ok
      ? `View Output ${association.info.AssociationId} on ${target.nodeId}: ${result.streams.length} streams from ${result.source} (run ${result.runId})${result.attempts.length ? `, after: ${result.attempts.map((a) => a.problem).join(' | ')}` : ''}`
      : `View Output ${association.info.AssociationId} on ${target.nodeId}: no output (${result.attempts.map((a) => a.problem).join(' | ')})`,
  );
  await deps.outputs.show(result, outputContext(association));
}

interface RunItem extends vscode.QuickPickItem {
  readonly run?: AssociationRun;
  readonly more?: true;
}

/** Show History: the node's runs of the association, newest first, in pages; picking a run opens its output. */
async function showHistory(association: AssociationElement, deps: OutputDeps): Promise<void> {
  const target = deps.tree.targetOf(association.node.entry);
  const l = labels(association);
  const pick = vscode.window.createQuickPick<RunItem>();
  pick.title = `History of ${plainLine(l.association, 60)} on ${plainLine(l.node, 40)}`;
  pick.placeholder = 'Runs on this node, newest first. Pick one to view its output.';
  pick.matchOnDescription = true;
  const runs: RunItem[] = [];
  let token: string | undefined;
  const controller = new AbortController();
  const loadMoreItem: RunItem = { label: '$(fold-down) Load more…', more: true, alwaysShow: true };
  const show = () => {
    pick.items = token ? [...runs, loadMoreItem] : runs.length ? runs : [{ label: 'No runs on this node in the association\'s history', alwaysShow: true }];
  };
  const load = async () => {
    pick.busy = true;
    try {
      const backend = await deps.backend.get();
      const page = await backend.listRuns(target, association.info.AssociationId, token, HISTORY_PAGE_SIZE, controller.signal);
      const now = Date.now();
      for (const run of page.runs) {
        const look = statusLook(run.status);
        // Only the icon comes from our fixed set; the status text is shown inert (no $(icon) expansion).
        runs.push({
          label: `$(${look.icon}) ${plainLine(run.status, 30) || 'No status'}`,
          description: [run.detailedStatus && run.detailedStatus !== run.status ? plainLine(run.detailedStatus, 40) : '', run.date ? `${relativeTime(run.date, now)} (${run.date.toISOString()})` : ''].filter(Boolean).join(' · '),
          detail: `Execution ${plainLine(run.executionId, 60)}${run.commandId ? ` · command ${plainLine(run.commandId, 60)}` : ''}`,
          run,
          buttons: [{ iconPath: new vscode.ThemeIcon('output'), tooltip: 'View Output' }],
        });
      }
      token = page.nextToken;
      deps.log.info(`Show History ${association.info.AssociationId} on ${target.nodeId}: ${page.runs.length} runs from ${page.executionsRead} executions, more=${Boolean(token)}`);
    } catch (error) {
      if (controller.signal.aborted) return;
      const e = deps.describeError(error, { profile: target.profile, region: target.region, nodeId: target.nodeId });
      deps.log.warn(`Show History failed: ${e.message}`);
      pick.title = `History of ${plainLine(l.association, 40)}: ${plainLine(e.message, 120)}`;
    } finally {
      pick.busy = false;
      show();
    }
  };
  const open = (item: RunItem | undefined) => {
    if (item?.more) {
      // A filter typed to reach "Load more…" would hide the new runs.
      pick.value = '';
      return void load();
    }
    if (item?.run) void viewOutput(association, item.run, deps);
  };
  pick.onDidAccept(() => open(pick.selectedItems[0]));
  pick.onDidTriggerItemButton((e) => open(e.item));
  pick.onDidHide(() => {
    controller.abort();
    pick.dispose();
  });
  show();
  pick.show();
  await load();
}

function targetsText(targets: readonly { key: string; values: readonly string[] }[]): string {
  if (targets.length === 0) return '• (the association names no targets)';
  return targets.map((t) => `• ${plainLine(t.key, 60)}: ${t.values.length ? t.values.slice(0, 20).map((v) => plainLine(v, 60)).join(', ') + (t.values.length > 20 ? `, and ${t.values.length - 20} more` : '') : '(none)'}`).join('\n');
}

/** Apply Association Now: after a modal confirmation naming every target, run it once, then watch the row. */
async function applyNow(association: AssociationElement, deps: OutputDeps): Promise<void> {
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

/** Open in AWS Console: the association's State Manager page or the node's Fleet Manager page. */
async function openInConsole(target: unknown, deps: OutputDeps): Promise<void> {
  let node: NodeElement | undefined;
  let association: AssociationElement | undefined;
  if (isElement(target, 'node')) node = target as NodeElement;
  else {
    association = await associationFrom(target, deps, 'Association to open in the AWS console');
    node = association?.node;
  }
  if (!node) return;
  const nodeTarget = deps.tree.targetOf(node.entry);
  const region = nodeTarget.region ?? (await deps.backend.get().then((b) => b.resolveRegion(nodeTarget.profile, nodeTarget.region)));
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

/** The commands of this module, by command ID (registered, and this module loaded, by registerOutput.ts). */
export type OutputCommand = 'viewOutput' | 'showHistory' | 'applyNow' | 'openInConsole';

/** What dist/outputUi.js gives the editor: the four commands, the watches, the output documents. */
export interface OutputUi extends vscode.Disposable {
  run(command: OutputCommand, target: unknown): Promise<void>;
  readonly watches: AssociationWatches;
  readonly outputs: OutputDocuments;
}

/** Entry point of dist/outputUi.js: View Output, Show History, Apply Association Now, Open in AWS Console. */
export function createOutputUi(base: CommandDeps, provider: { redraw(element: AssociationElement): void }): OutputUi {
  const watches = new AssociationWatches({
    tree: base.tree,
    backend: base.backend,
    redraw: (element) => provider.redraw(element),
    announce: (text, end) => {
      if (end.reason === 'settled' && end.status === 'Success') vscode.window.setStatusBarMessage(`$(pass) ${text}`, 8000);
      else void vscode.window.showWarningMessage(text);
    },
    log: (text) => base.log.info(text),
  });
  const outputs = new OutputDocuments();
  const deps: OutputDeps = { ...base, outputs, watches };
  return {
    watches,
    outputs,
    async run(command, target) {
      if (command === 'openInConsole') return openInConsole(target, deps);
      const placeHolder = {
        viewOutput: 'Association whose latest output to view',
        showHistory: 'Association whose runs on this node to show',
        applyNow: 'Association to apply now (on all its targets)',
      }[command];
      const association = await associationFrom(target, deps, placeHolder);
      if (!association) return;
      if (command === 'viewOutput') return viewOutput(association, undefined, deps);
      if (command === 'showHistory') return showHistory(association, deps);
      return applyNow(association, deps);
    },
    dispose() {
      watches.stopAll();
      outputs.dispose();
    },
  };
}
