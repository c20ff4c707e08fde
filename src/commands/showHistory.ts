import * as vscode from 'vscode';
import type { AssociationRun } from '../aws/contract';
import { statusLook } from '../core/status';
import { plainLine } from '../core/text';
import { relativeTime } from '../core/time';
import type { AssociationElement } from '../tree/elements';
import { labels, type RunCommandDeps } from './runTarget';
import { viewOutput } from './viewOutput';

const HISTORY_PAGE_SIZE = 10;

interface RunItem extends vscode.QuickPickItem {
  readonly run?: AssociationRun;
  readonly more?: true;
}

/** Show History: the node's runs of the association, newest first, in pages; picking a run opens its output. */
export async function showHistory(association: AssociationElement, deps: RunCommandDeps): Promise<void> {
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
