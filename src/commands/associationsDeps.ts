import type * as vscode from 'vscode';
import type { LazyBackend } from '../aws/lazyBackend';
import type { AssociationsModel } from '../tree/associations/model';
import type { AssocElement, AssocTargetElement } from '../tree/associations/elements';
import type { TreeElement } from '../tree/elements';
import type { TreeModel } from '../tree/treeModel';

/** What the Associations view's commands use. */
export interface AssociationsDeps {
  readonly associations: AssociationsModel;
  /** The Managed Nodes view and its model (Reveal in Managed Nodes, the defaults of a new entry). */
  readonly nodes: TreeModel;
  readonly nodesView: vscode.TreeView<TreeElement>;
  readonly backend: LazyBackend;
  readonly log: vscode.LogOutputChannel;
}

/** The association row a command was run on (from the tree), else undefined. */
export function assocRow(value: unknown): AssocElement | undefined {
  return value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === 'assoc' ? (value as AssocElement) : undefined;
}

/** The node row (an execution target) a command was run on, else undefined. */
export function targetRow(value: unknown): AssocTargetElement | undefined {
  return value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === 'association' && 'parent' in value ? (value as AssocTargetElement) : undefined;
}
