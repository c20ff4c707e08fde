// The Associations view in the editor: the tree, nothing requested while hidden, the badge, Show Failed Only,
// its row commands, and the opt-in watch on the fleet (ssmAssociations.autoRefresh).
import * as vscode from 'vscode';
import { scopeKey } from '../core/scope';
import { describeError } from '../aws/errors';
import type { LazyBackend } from '../aws/lazyBackend';
import { FleetWatch, intervalMs, turnedFailedText, watchedParts, type RoundOutcome, type Watched } from '../core/fleetWatch';
import { plainLine } from '../core/text';
import type { AssocStatusElement, AssocTreeElement } from '../tree/associations/elements';
import { readRound } from '../tree/associations/watchRound';
import type { TreeModel } from '../tree/treeModel';
import { AssociationsProvider } from './associationsProvider';
import { badgeUpdater } from './badge';
import { readSettings, SECTION } from './configuration';

export const ASSOCIATIONS_VIEW = 'ssmAssociations.associations';
/** The context key the view's two filter buttons swap on. */
export const ASSOC_FAILED_ONLY_KEY = 'ssmAssociations.associations.failedOnly';

export interface AssociationsView {
  readonly provider: AssociationsProvider;
  readonly view: vscode.TreeView<AssocTreeElement>;
}

const isStatusRow = (v: unknown): v is AssocStatusElement =>
  v !== null && typeof v === 'object' && ['assocLoadMore', 'assocError'].includes((v as { kind?: unknown }).kind as string);

export function createAssociationsView(context: vscode.ExtensionContext, backend: LazyBackend, nodesTree: TreeModel, log: vscode.LogOutputChannel): AssociationsView {
  const provider = new AssociationsProvider({ backend, readSettings });
  const model = provider.model;
  const view = vscode.window.createTreeView(ASSOCIATIONS_VIEW, { treeDataProvider: provider, showCollapseAll: true });

  const updateBadge = badgeUpdater(view, () => model.failingCount(), (n) => `${n} failing association${n === 1 ? '' : 's'}`);
  const setFailedOnly = (on: boolean) => {
    model.setFailedOnly(on);
    void vscode.commands.executeCommand('setContext', ASSOC_FAILED_ONLY_KEY, on);
  };
  void vscode.commands.executeCommand('setContext', ASSOC_FAILED_ONLY_KEY, false);

  const watch = new FleetWatch({
    clock: { now: () => Date.now(), setTimeout: (run, ms) => setTimeout(run, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) },
    active: () => vscode.window.state.focused && view.visible,
    read: async (): Promise<RoundOutcome> => {
      const controller = new AbortController();
      const result = await readRound(await backend.get(), readSettings(), model.scopes, model.currentFilters, controller.signal);
      log.info(`Watch round: ${result.requests} requests, ${result.outcome.kind}.`);
      for (const reading of result.readings) {
        model.applyRound(scopeKey(reading.scope), reading.associations, reading.nextToken);
        if (reading.nodes) nodesTree.nodesDescribed(reading.scope, reading.nodes.found, reading.nodes.region);
      }
      return result.outcome;
    },
    turnedFailed: (things) => {
      void vscode.window.showWarningMessage(plainLine(turnedFailedText(things), 200), 'Show').then((choice) => choice && show(things));
    },
    stopped: (error) => model.setWatchError(describeError(error, {})),
  });
  /** "Show": the view, and the association's row when the notification named one association. */
  const show = async (things: readonly Watched[]) => {
    const one = things.length === 1 ? watchedParts(things[0].key) : undefined;
    const row = one?.kind === 'association' ? model.findRow(one.scope, one.id) : undefined;
    if (row) await view.reveal(row, { select: true, focus: true });
    else await vscode.commands.executeCommand(`${ASSOCIATIONS_VIEW}.focus`);
  };
  /** Refresh: with the watch on, a round now (the lists drawn from it, compared as any round); else every list anew. */
  const refresh = async () => {
    if (await watch.roundNow()) model.refreshTargets();
    else model.refresh();
  };
  const configureWatch = () => {
    model.setWatchError(undefined);
    watch.configure(intervalMs(vscode.workspace.getConfiguration(SECTION).get('autoRefresh')));
  };

  context.subscriptions.push(
    provider,
    view,
    { dispose: () => watch.dispose() },
    view.onDidChangeVisibility((event) => {
      model.setVisible(event.visible);
      watch.poke();
    }),
    vscode.window.onDidChangeWindowState(() => watch.poke()),
    view.onDidCollapseElement((event) => model.collapsed(event.element)),
    provider.onDidChangeTreeData(() => updateBadge()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SECTION)) model.settingsChanged();
      if (event.affectsConfiguration(`${SECTION}.autoRefresh`)) configureWatch();
    }),
    vscode.commands.registerCommand('ssmAssociations.refreshAssociations', refresh),
    vscode.commands.registerCommand('ssmAssociations.loadMoreAssociations', (row?: unknown) => isStatusRow(row) && model.loadMore(row)),
    vscode.commands.registerCommand('ssmAssociations.retryAssociations', (row?: unknown) => isStatusRow(row) && model.loadMore(row)),
    vscode.commands.registerCommand('ssmAssociations.restartWatch', () => configureWatch()),
    vscode.commands.registerCommand('ssmAssociations.showFailingAssociationsOnly', () => setFailedOnly(true)),
    vscode.commands.registerCommand('ssmAssociations.showAllAssociations', () => setFailedOnly(false)),
  );
  model.setVisible(view.visible);
  configureWatch();
  return { provider, view };
}
