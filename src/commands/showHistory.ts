import * as vscode from 'vscode';
import type { AssociationRun } from '../aws/contract';
import { statusLook } from '../core/status';
import { plainLine } from '../core/text';
import { relativeTime } from '../core/time';
import type { AssociationElement } from '../tree/elements';
import { RunHistory } from '../tree/runHistory';
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
  const history = new RunHistory((token, signal) => deps.backend.get().then((backend) => backend.listRuns(target, association.info.AssociationId, token, HISTORY_PAGE_SIZE, signal)));
  const items: RunItem[] = [];
  const loadMoreItem: RunItem = { label: '$(fold-down) Load more…', more: true, alwaysShow: true };
  // "Load more…" is offered only while no page loads: a second Enter cannot ask for the same page again.
  const show = () => {
    pick.items = history.canLoadMore ? [...items, loadMoreItem] : items.length ? items : history.loading ? [] : [{ label: 'No runs on this node in the association\'s history', alwaysShow: true }];
  };
  const load = async () => {
    pick.busy = true;
    show();
    const outcome = await history.loadMore();
    pick.busy = history.loading;
    if (outcome === 'loaded') {
      const now = Date.now();
      for (const run of history.runs.slice(items.length)) {
        const look = statusLook(run.status);
        // Only the icon comes from our fixed set; the status text is shown inert (no $(icon) expansion).
        items.push({
          label: `$(${look.icon}) ${plainLine(run.status, 30) || 'No status'}`,
          description: [run.detailedStatus && run.detailedStatus !== run.status ? plainLine(run.detailedStatus, 40) : '', run.date ? `${relativeTime(run.date, now)} (${run.date.toISOString()})` : ''].filter(Boolean).join(' · '),
          detail: `Execution ${plainLine(run.executionId, 60)}${run.commandId ? ` · command ${plainLine(run.commandId, 60)}` : ''}`,
          run,
          buttons: [{ iconPath: new vscode.ThemeIcon('output'), tooltip: 'View Output' }],
        });
      }
      deps.log.info(`Show History ${association.info.AssociationId} on ${target.nodeId}: ${items.length} runs from ${history.lastExecutionsRead} executions in the last page, more=${history.canLoadMore}`);
    } else if (outcome === 'failed') {
      const e = deps.describeError(history.error, { profile: target.profile, region: target.region, nodeId: target.nodeId });
      deps.log.warn(`Show History failed: ${e.message}`);
      pick.title = `History of ${plainLine(l.association, 40)}: ${plainLine(e.message, 120)}`;
    }
    show();
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
    history.close();
    pick.dispose();
  });
  show();
  pick.show();
  await load();
}
