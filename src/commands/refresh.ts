import * as vscode from 'vscode';
import type { CommandDeps } from './context';

/** Refresh (view title): drop every page and client; expanded nodes reload page 1. */
export function registerRefresh(context: vscode.ExtensionContext, deps: CommandDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ssmAssociations.refresh', () => {
      deps.log.info('Refresh: dropping every page and client.');
      deps.watches?.stopAll();
      deps.tree.refreshAll();
      deps.updateStatusBar();
    }),
  );
}
