// Redraw policy: what to draw again when a group's node information answers.
import type { GroupElement, Redraw } from './elements';
import type { Layout } from './layout';

/** What the policy reads of the tree now. */
export interface TreeNow {
  readonly layout: Layout;
  readonly failedOnly: boolean;
  /** Whether the group's last batch failed. */
  erring(group: GroupElement): boolean;
  /** The label the group row would be drawn with now. */
  labelOf(group: GroupElement): string;
}

/**
 * As little as shows the change: a parent's redraw asks for all its children's rows again, and VS
 * Code can let rows fetched just before a node's own page landed overwrite that node's redraw (seen
 * in e2e 03 with the root). So: the root only when its rows change (a group's label, a flat list's
 * error rows, Show Failed Only); the group row when grouped (its error row and counts); otherwise
 * only that group's node rows. To know what changed it remembers what was drawn.
 */
export class AnswerRedraws {
  /** The groups whose error row the flat list last showed at its top. */
  private readonly drawnErrorRows = new Set<string>();
  /** The label each group row was last drawn with. */
  private readonly drawnGroupLabels = new WeakMap<GroupElement, string>();

  /** A group row was given to VS Code with this label. */
  drewGroup(group: GroupElement, label: string): void {
    this.drawnGroupLabels.set(group, label);
  }

  /** The flat root was listed with the error rows of these groups (placement keys) at its top. */
  drewErrorRows(keys: Iterable<string>): void {
    this.drawnErrorRows.clear();
    for (const key of keys) this.drawnErrorRows.add(key);
  }

  /** What to draw again now that the group with this placement key answered. */
  afterAnswer(key: string, now: TreeNow): Redraw {
    const entry = now.layout.groups.find((g) => g.element.key === key);
    if (!entry || now.failedOnly) return undefined;
    if (now.layout.grouped) {
      // A group row whose label changes (its region now known) is redrawn with the root: VS Code can
      // let a root redraw fetched just before the answer overwrite a row-only redraw (seen in e2e 14).
      const relabelled = this.drawnGroupLabels.get(entry.element) !== now.labelOf(entry.element);
      return relabelled ? undefined : entry.element;
    }
    return now.erring(entry.element) === this.drawnErrorRows.has(key) ? entry.members : undefined;
  }
}
