import type { OncePerKey } from '../core/oncePerKey';
import type { OutputDocuments } from '../editor/runDocuments';
import type { AssociationWatches } from '../tree/associationWatches';
import type { AssociationElement } from '../tree/elements';
import { isElement, type CommandDeps } from './context';
import { pickAssociation } from './pickAssociation';

/** What View Output, Show History, Apply Association Now and Open in AWS Console use besides the common deps. */
export interface RunCommandDeps extends CommandDeps {
  readonly outputs: OutputDocuments;
  readonly watches: AssociationWatches;
  /** Rows being applied now (Apply Association Now): one confirmation and one request per row at a time. */
  readonly applying: OncePerKey;
}

/** The association a command is about: the tree item it ran on, or a pick from the loaded ones. */
export function associationFrom(target: unknown, deps: CommandDeps, placeHolder: string): Promise<AssociationElement | undefined> | AssociationElement {
  return isElement(target, 'association') ? (target as AssociationElement) : pickAssociation(deps.tree, placeHolder);
}

/** The names shown for an association's node and for the association (not yet made inert). */
export function labels(association: AssociationElement): { node: string; association: string } {
  return {
    node: association.node.entry.label || association.node.entry.id,
    association: association.info.AssociationName || association.info.Name || association.info.AssociationId,
  };
}
