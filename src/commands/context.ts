import type * as vscode from 'vscode';
import type { describeError } from '../aws/errors';
import type { LazyBackend } from '../aws/lazyBackend';
import { writeSetting } from '../editor/configuration';
import type { TreeModel } from '../tree/treeModel';
import type { AssociationWatches } from '../tree/associationWatches';

/** What every command may use. */
export interface CommandDeps {
  /** The Managed Nodes tree: its settings, pages and actions. */
  readonly tree: TreeModel;
  readonly log: vscode.LogOutputChannel;
  /** The backend (LazyBackend), loaded on the first request. */
  readonly backend: LazyBackend;
  /** Re-renders the status-bar item (profile and region). */
  updateStatusBar(): void;
  /**
   * What an error means for the user (src/aws/errors.ts). Given here so that the lazily loaded
   * command bundles (outputUi.js, discoverUi.js) use the main bundle's copy instead of their own.
   */
  readonly describeError: typeof describeError;
  /** The rows watched after Apply Now (Refresh and Refresh Node stop watching). */
  readonly watches?: Pick<AssociationWatches, 'stopNode' | 'stopAll'>;
}

/** Tree elements arrive as the first argument when a command runs from the tree, nothing from the palette. */
export function isElement<K extends string>(value: unknown, kind: K): value is { kind: K } {
  return value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === kind;
}

/**
 * Stores a profile or region choice. A changed setting reloads the tree through the settings listener
 * (new clients, fresh pages); choosing the current value again still reloads, as the user asked for it.
 */
export async function applyChoice(key: 'profile' | 'region', value: string | undefined, current: string | undefined, deps: CommandDeps): Promise<void> {
  if (value === current) deps.tree.refreshAll();
  else await writeSetting(key, value ?? '');
  deps.updateStatusBar();
}
