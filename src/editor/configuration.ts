import * as vscode from 'vscode';
import { parseSettings, SECTION, type Settings } from '../core/settings';

export { SECTION, type Settings };

/** The extension's settings as they are now, validated. */
export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return parseSettings({
    nodes: config.get('nodes'),
    profile: config.get('profile'),
    region: config.get('region'),
    pageSize: config.get('pageSize'),
    nodeSummaries: config.get('nodeSummaries'),
    groupBy: config.get('groupBy'),
  });
}

/** Whether the CodeLens on association definitions is on (`ssmAssociations.codeLens`, true unless set to false). */
export function codeLensEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get('codeLens') !== false;
}

/** Calls `listener` when any of the extension's settings changed. */
export function onDidChangeSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(SECTION)) listener();
  });
}

/** The level a setting is already defined at (workspace over user), so a write lands where the user keeps it. */
export function levelOf(key: string): vscode.ConfigurationTarget {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect(key);
  if (inspected?.workspaceFolderValue !== undefined) return vscode.ConfigurationTarget.WorkspaceFolder;
  if (inspected?.workspaceValue !== undefined) return vscode.ConfigurationTarget.Workspace;
  return vscode.ConfigurationTarget.Global;
}

/** The raw value of a setting at one level (what a write at that level replaces). */
export function valueAt(key: string, target: vscode.ConfigurationTarget): unknown {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect(key);
  switch (target) {
    case vscode.ConfigurationTarget.WorkspaceFolder:
      return inspected?.workspaceFolderValue;
    case vscode.ConfigurationTarget.Workspace:
      return inspected?.workspaceValue;
    default:
      return inspected?.globalValue;
  }
}

/** Writes a setting at the level where it is already defined. */
export async function writeSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, levelOf(key));
}
