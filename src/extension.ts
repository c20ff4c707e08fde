// Wiring only: settings, the tree, the commands, the status bar. The AWS SDK is loaded on the first request.

import * as vscode from 'vscode';
import { describeError } from './aws/errors';
import { sharedMfaPrompt } from './aws/mfa';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './aws/contract';
import { createLazyBackend } from './aws/lazyBackend';
import { registerAddNode } from './commands/addNode';
import { registerAddNodesFromAccount } from './commands/registerAddNodes';
import type { CommandDeps } from './commands/context';
import { registerCopyAssociationId } from './commands/copyAssociationId';
import { registerLoadMore } from './commands/loadMore';
import { registerOpenS3Output } from './commands/openS3Output';
import { registerOutputCommands, type LazyAssociationWatches } from './commands/registerRunCommands';
import { registerRefresh } from './commands/refresh';
import { registerRefreshNode } from './commands/refreshNode';
import { registerRemoveNode } from './commands/removeNode';
import { registerSelectProfile } from './commands/selectProfile';
import { registerSelectRegion } from './commands/selectRegion';
import { registerShowDetails } from './commands/showDetails';
import { registerSsoLogin } from './commands/ssoLogin';
import { registerAddToManagedNodes } from './commands/addToManagedNodes';
import { registerFilterAssociations } from './commands/filterAssociations';
import { registerRevealInManagedNodes } from './commands/revealInManagedNodes';
import { registerShowExecutions } from './commands/showExecutions';
import { createAssociationsView, type AssociationsView } from './editor/associationsView';
import { registerTemplateLenses } from './editor/codeLens';
import { registerGoToDefinition } from './commands/goToDefinition';
import { warningsReport } from './core/settings';
import { plainLine } from './core/text';
import { onDidChangeSettings, readSettings } from './editor/configuration';
import { watchFleetView } from './editor/nodesView';
import { ProfileStatusBar } from './editor/statusBar';
import type { TreeElement } from './tree/elements';
import { NodesProvider } from './editor/nodesProvider';


// Set by the first and last lines of the bundle (esbuild banner and footer), so the time spent
// evaluating this module is measured too; VS Code's own work between loading and activate() is not ours.
declare const __ssmModuleLoadStart: number | undefined;
declare const __ssmModuleLoadEnd: number | undefined;

/** What the in-host tests (test/vscode) reach: given only when VS Code runs the extension's tests. */
export interface TestApi {
  readonly view: vscode.TreeView<TreeElement>;
  readonly provider: NodesProvider;
  /** The Associations view (the CodeLens reveals its rows). */
  readonly associations: AssociationsView;
  /** How many View Output texts the extension holds in memory. */
  heldOutputs(): number;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const activateStart = performance.now();
  const moduleLoadMs = typeof __ssmModuleLoadStart === 'number' && typeof __ssmModuleLoadEnd === 'number' ? __ssmModuleLoadEnd - __ssmModuleLoadStart : 0;
  const log = vscode.window.createOutputChannel('SSM Associations', { log: true });
  context.subscriptions.push(log);

  const mfaCodeProvider = sharedMfaPrompt((serial, profile) =>
    vscode.window.showInputBox({
      title: `MFA code for AWS profile ${plainLine(profile, 60)}`,
      prompt: `Enter the current code of ${plainLine(serial, 100)}`,
      ignoreFocusOut: true,
      validateInput: (v) => (/^\d{6}$/.test(v.trim()) ? undefined : 'An MFA code is 6 digits.'),
    }),
  );

  const statusBar = new ProfileStatusBar();
  const backend = createLazyBackend({
    log,
    mfaCodeProvider,
    requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
    endpoint: process.env.AWS_ENDPOINT_URL_SSM || process.env.AWS_ENDPOINT_URL || undefined,
    // The profile's region can be shown now that the profile files are being read anyway.
    onLoaded: () => updateStatusBar(),
  });
  const provider = new NodesProvider({ readSettings, backend });
  const tree = provider.model;
  const view = vscode.window.createTreeView('ssmAssociations.nodes', { treeDataProvider: provider, showCollapseAll: true });
  const updateStatusBar = () => statusBar.update(tree.currentSettings, backend.ifRequested());
  // Set once the output commands are registered (below); Refresh and collapse stop their watches.
  let watches: LazyAssociationWatches | undefined;
  const deps: CommandDeps = { tree, log, backend, updateStatusBar, describeError, watches: { stopNode: (node) => watches?.stopNode(node), stopAll: () => watches?.stopAll() } };

  let lastWarnings = '';
  const reportWarnings = () => {
    const warnings = tree.currentSettings.warnings;
    const text = warnings.join('\n');
    if (text === lastWarnings) return;
    lastWarnings = text;
    if (!text) return;
    const report = warningsReport(warnings);
    for (const line of report.logLines) log.warn(line);
    void vscode.window
      .showWarningMessage(report.message, 'Open Settings')
      .then((choice) => choice && vscode.commands.executeCommand('workbench.action.openSettings', 'ssmAssociations'));
  };

  context.subscriptions.push(
    provider,
    view,
    statusBar,
    view.onDidCollapseElement((event) => {
      // A group's row hides its nodes' rows too: their watches stop with it.
      for (const node of tree.nodesUnder(event.element)) watches?.stopNode(node);
      tree.collapsed(event.element);
    }),
    // Nobody sees the rows any more: stop watching them.
    view.onDidChangeVisibility((event) => event.visible || watches?.stopAll()),
    onDidChangeSettings(() => {
      tree.settingsChanged();
      updateStatusBar();
      reportWarnings();
    }),
  );
  for (const register of [
    registerRefresh,
    registerRefreshNode,
    registerLoadMore,
    registerCopyAssociationId,
    registerOpenS3Output,
    registerShowDetails,
    registerSelectProfile,
    registerSelectRegion,
    registerAddNode,
    registerAddNodesFromAccount,
    registerRemoveNode,
    registerSsoLogin,
  ]) {
    register(context, deps);
  }
  watches = registerOutputCommands(context, deps, provider);
  provider.decorate = (element, spec) => watches?.decorate(element, spec) ?? spec;
  watchFleetView(context, view, provider, backend);
  // The Associations view beside Managed Nodes: same backend, same settings.
  const associations = createAssociationsView(context, backend, tree, log);
  const associationsDeps = { associations: associations.provider.model, nodes: tree, nodesView: view, backend, log };
  for (const register of [registerFilterAssociations, registerShowExecutions, registerAddToManagedNodes, registerRevealInManagedNodes, registerGoToDefinition]) register(context, associationsDeps);
  // Status above the associations defined in the workspace's templates, from the lists that view loaded.
  registerTemplateLenses(context, associations, log);
  updateStatusBar();
  reportWarnings();

  const activateMs = performance.now() - activateStart;
  log.info(`Activated: module load ${moduleLoadMs.toFixed(1)} ms + activate ${activateMs.toFixed(1)} ms = ${(moduleLoadMs + activateMs).toFixed(1)} ms (AWS SDK not loaded yet).`);
  // TreeView.reveal and real tree elements cannot be reached through commands: the tests get them here.
  return context.extensionMode === vscode.ExtensionMode.Test ? { view, provider, associations, heldOutputs: () => watches?.heldOutputs() ?? 0 } : undefined;
}

export function deactivate(): void {}
