import * as vscode from 'vscode';
import { associationLabel, type AssociationExecution, type ExecutionTarget } from '../core/associationRows';
import { statusLook } from '../core/status';
import { plainLine } from '../core/text';
import { relativeTime } from '../core/time';
import { targetElement } from '../tree/associations/elements';
import { ASSOCIATIONS_PAGE_SIZE } from '../tree/associations/targetLists';
import { assocRow, type AssociationsDeps } from './associationsDeps';

/** Pages a quick pick reads at the most (each 50 items). */
const MAX_PAGES = 20;

type Item<T> = vscode.QuickPickItem & { value?: T; more?: true };

/** A quick pick filled page by page ("Load more…" as the last item); resolves with the picked value. */
async function pagedPick<T>(title: string, load: (token: string | undefined) => Promise<{ items: readonly T[]; nextToken?: string }>, toItem: (value: T) => Item<T>): Promise<T | undefined> {
  const pick = vscode.window.createQuickPick<Item<T>>();
  pick.title = title;
  pick.matchOnDescription = true;
  const items: Item<T>[] = [];
  let token: string | undefined;
  let pages = 0;
  const more: Item<T> = { label: '$(fold-down) Load more…', more: true, alwaysShow: true };
  const next = async () => {
    pick.busy = true;
    try {
      const page = await load(token);
      pages++;
      items.push(...page.items.map(toItem));
      token = page.nextToken && page.nextToken !== token && pages < MAX_PAGES ? page.nextToken : undefined;
      pick.items = token ? [...items, more] : items;
      if (!items.length) pick.placeholder = 'None.';
    } catch (error) {
      pick.placeholder = `Could not read: ${plainLine((error as Error).message, 150)}`;
    } finally {
      pick.busy = false;
    }
  };
  return new Promise<T | undefined>((resolve) => {
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0];
      if (chosen?.more) return void next();
      resolve(chosen?.value);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
    void next();
  });
}

const icon = (status: string | undefined) => `$(${statusLook(status).icon})`;

/** Show Executions: an association's runs, newest first, paged, with their counts; a run's nodes; a node's output. */
export function registerShowExecutions(context: vscode.ExtensionContext, deps: AssociationsDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ssmAssociations.showExecutions', async (given?: unknown) => {
      const row = assocRow(given);
      if (!row) return;
      const { scope } = row.group;
      const id = row.summary.associationId;
      const name = associationLabel(row.summary);
      const run = await pagedPick<AssociationExecution>(
        `Runs of ${name}`,
        async (token) => (await deps.backend.get()).listExecutions(scope, id, token, ASSOCIATIONS_PAGE_SIZE),
        (e) => ({ label: `${icon(e.status)} ${plainLine(e.status, 30) || 'No status'}`, description: [relativeTime(e.createdTime), plainLine(e.resourceCounts, 80)].filter(Boolean).join(' · '), detail: e.executionId, value: e }),
      );
      if (!run) return;
      const node = await pagedPick<ExecutionTarget>(
        `Nodes of run ${plainLine(run.executionId, 40)} of ${name}`,
        async (token) => (await deps.backend.get()).listExecutionTargets(scope, id, run.executionId, token, ASSOCIATIONS_PAGE_SIZE),
        (t) => ({ label: `${icon(t.status)} ${plainLine(t.resourceId, 40)}`, description: [plainLine(t.status, 30), plainLine(t.detailedStatus, 40), relativeTime(t.date)].filter(Boolean).join(' · '), value: t }),
      );
      // That run's output, not the latest run's: the row carries the picked run (execution, time, command).
      if (node) await vscode.commands.executeCommand('ssmAssociations.viewOutput', targetElement(row, node, true));
    }),
  );
}
