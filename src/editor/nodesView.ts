// The view's fleet behaviour in the editor: node information only while the view is visible, the
// backend (LazyBackend) loaded in the background when it first shows, the badge, and "Show Failed Only".
import * as vscode from 'vscode';
import type { LazyBackend } from '../aws/lazyBackend';
import { badgeTooltip } from '../core/failures';
import { relativeTime } from '../core/time';
import type { TreeElement } from '../tree/elements';
import type { NodesProvider } from './nodesProvider';
import { badgeUpdater } from './badge';

export const SHOW_FAILED_ONLY = 'ssmAssociations.showFailedOnly';
export const SHOW_ALL = 'ssmAssociations.showAll';
/** The context key the two view-title buttons swap on. */
export const FAILED_ONLY_KEY = 'ssmAssociations.failedOnly';

export function watchFleetView(context: vscode.ExtensionContext, view: vscode.TreeView<TreeElement>, provider: NodesProvider, backend: LazyBackend): void {
  const tree = provider.model;
  const shown = (visible: boolean) => {
    // Loading the backend, building the default client and running the request path once with no
    // network (src/aws/sdk/warmUp.ts) sends no request and resolves no credentials (no prompt): the first
    // click then costs about what a later one does.
    if (visible) {
      const { profile, region } = tree.currentSettings;
      void backend.get().then(
        (aws) =>
          aws.prepare({ profile, region }).then(() => {
            // The first association row's time ("3 minutes ago") builds the Intl formatter (ICU data): now, not on that click.
            relativeTime(new Date(0));
          }),
        () => undefined,
      );
    }
    tree.setVisible(visible);
  };

  // The badge follows every redraw, computed once per burst of changes.
  const updateBadge = badgeUpdater(view, () => tree.failingNodes(), badgeTooltip);

  const setFailedOnly = (on: boolean) => {
    tree.setFailedOnly(on);
    void vscode.commands.executeCommand('setContext', FAILED_ONLY_KEY, on);
  };
  void vscode.commands.executeCommand('setContext', FAILED_ONLY_KEY, false);

  context.subscriptions.push(
    view.onDidChangeVisibility((event) => shown(event.visible)),
    provider.onDidChangeTreeData(() => updateBadge()),
    vscode.commands.registerCommand(SHOW_FAILED_ONLY, () => setFailedOnly(true)),
    vscode.commands.registerCommand(SHOW_ALL, () => setFailedOnly(false)),
  );
  shown(view.visible);
  updateBadge();
}
