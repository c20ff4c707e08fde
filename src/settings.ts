import * as vscode from 'vscode';
import { parseNodes, parseOptionalString, parsePageSize, type ConfiguredEntry } from './model/nodeEntries';

export const SECTION = 'ssmAssociations';

/** The extension's settings, validated: whatever is wrong is reported in `warnings`, never written back. */
export interface Settings {
  readonly entries: readonly ConfiguredEntry[];
  /** Named profile; undefined = the SDK's default chain (AWS_PROFILE, then default). */
  readonly profile?: string;
  /** Explicit region; undefined = the profile's region, then AWS_REGION. */
  readonly region?: string;
  readonly pageSize: number;
  readonly warnings: readonly string[];
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const nodes = parseNodes(config.get<unknown>('nodes'));
  const pageSize = parsePageSize(config.get<unknown>('pageSize'));
  const profile = parseOptionalString(`${SECTION}.profile`, config.get<unknown>('profile'));
  const region = parseOptionalString(`${SECTION}.region`, config.get<unknown>('region'));
  const warnings = [...nodes.warnings, pageSize.warning, profile.warning, region.warning].filter((w): w is string => !!w);
  return { entries: nodes.entries, profile: profile.value, region: region.value, pageSize: pageSize.pageSize, warnings };
}

/** Calls `listener` when any of the extension's settings changed. */
export function onDidChangeSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(SECTION)) listener();
  });
}

/** The level a setting is already defined at (workspace over user), so a write lands where the user keeps it. */
export function targetOf(key: string): vscode.ConfigurationTarget {
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
  await vscode.workspace.getConfiguration(SECTION).update(key, value, targetOf(key));
}
