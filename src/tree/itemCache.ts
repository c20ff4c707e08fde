import type { AssociationElement, TreeElement } from './elements';

/** How long an association's item is reused before it is built again (its relative time moves). */
const ITEM_REUSE_MS = 30_000;

/**
 * The drawn item of each row. VS Code asks again for the item of every child of a node after each
 * page, so an association's item is built once and reused (for 30 s, to keep "3 minutes ago" right):
 * the cost of a page does not grow with the rows above it. The other rows follow their node's state
 * (loading, failed, summary) and are cheap: they are built each time.
 */
export class ItemCache<Item> {
  private readonly drawn = new WeakMap<AssociationElement, { readonly item: Item; readonly builtAt: number }>();

  constructor(private readonly build: (element: TreeElement, now: number) => Item) {}

  /** Drops a row's drawn item: the next draw builds it again. */
  forget(element: TreeElement): void {
    if (element.kind === 'association') this.drawn.delete(element);
  }

  itemOf(element: TreeElement, now = Date.now()): Item {
    if (element.kind !== 'association') return this.build(element, now);
    const drawn = this.drawn.get(element);
    if (drawn && now - drawn.builtAt < ITEM_REUSE_MS) return drawn.item;
    const item = this.build(element, now);
    this.drawn.set(element, { item, builtAt: now });
    return item;
  }
}
