import * as vscode from 'vscode';
import { isElement, type CommandDeps } from './context';
import type { ErrorElement, GroupErrorElement, LoadMoreElement, NodeElement } from '../tree/elements';

/** Load More (the "Load more…" row) and Retry (error rows): fetch the next page, or the failed one again. */
export function registerLoadMore(context: vscode.ExtensionContext, deps: CommandDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ssmAssociations.loadMore', (target?: unknown) => {
      if (isElement(target, 'loadMore')) return deps.tree.loadMore((target as LoadMoreElement).node);
      if (isElement(target, 'node')) return deps.tree.loadMore(target as NodeElement);
      void vscode.window.showInformationMessage('Click "Load more…" under a managed node in the SSM Associations view.');
    }),
    vscode.commands.registerCommand('ssmAssociations.retry', (target?: unknown) => {
      if (isElement(target, 'error')) deps.tree.retry(target as ErrorElement);
      else if (isElement(target, 'groupError')) deps.tree.retry(target as GroupErrorElement);
    }),
  );
}
