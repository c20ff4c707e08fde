// The items of a quick pick that fills page by page (Add Managed Nodes from Account…). A quick pick
// takes its whole item list at every change: sending every item found on every page would send
// 1,005,000 items for 10,000 nodes. This list shows at most `cap` items, sends them only when what
// is shown changes, and lets the typed text pick which of the others are shown. No vscode here.

/** Items a pick that fills page by page holds at most: the rest are reached by typing. */
export const PICK_ITEMS_MAX = 500;

/** A quick pick's items, at most `cap` of them, chosen from everything found by the typed text. */
export class CappedPickList<T> {
  private readonly all: T[] = [];
  /** Each item's searchable text, lower case (same index as `all`). */
  private readonly texts: string[] = [];
  private words: string[] = [];
  private shown: readonly T[] = [];
  /** Items of `shown` that match the typed text (the ticked ones that do not are shown besides). */
  private filled = 0;
  private matchCount = 0;
  /** Items handed to the pick so far, over every update (what the bench reports). */
  sent = 0;
  /** Updates of the item list handed to the pick. */
  updates = 0;

  constructor(
    private readonly cap: number,
    /** The text an item is found by: what the pick matches on (label, description, detail). */
    private readonly textOf: (item: T) => string,
  ) {}

  /** Everything found so far. */
  get total(): number {
    return this.all.length;
  }

  /** How many found items match the typed text (all of them when none is typed). */
  get matching(): number {
    return this.matchCount;
  }

  /** How many items the pick holds now. */
  get shownCount(): number {
    return this.shown.length;
  }

  /**
   * Items arrived: the new list for the pick, or undefined when what is shown stays the same (the
   * cap is reached, or none of them matches the typed text). `selected` stay in the list.
   */
  add(items: readonly T[], selected: readonly T[]): readonly T[] | undefined {
    let matched = false;
    for (const item of items) {
      const text = this.textOf(item).toLowerCase();
      this.all.push(item);
      this.texts.push(text);
      if (this.matches(text)) {
        this.matchCount++;
        matched = true;
      }
    }
    return matched && this.filled < this.cap ? this.rebuild(selected) : undefined;
  }

  /** The typed text changed: the new list, or undefined when every item is in the pick already (it filters them itself) or nothing changes. */
  filter(query: string, selected: readonly T[]): readonly T[] | undefined {
    this.words = query.toLowerCase().split(/\s+/).filter(Boolean);
    this.matchCount = this.texts.reduce((n, text) => n + (this.matches(text) ? 1 : 0), 0);
    if (this.all.length <= this.cap) return undefined;
    return this.rebuild(selected);
  }

  /** The number to read: every item found, or, once the list is capped and text is typed, those matching it. */
  get counted(): number {
    return this.all.length > this.cap && this.words.length ? this.matchCount : this.all.length;
  }

  /** "10,000" or "2,345 matching" (the typed text picks the items only once the list is capped). */
  countText(): string {
    return `${count(this.counted)}${this.all.length > this.cap && this.words.length ? ' matching' : ''}`;
  }

  /** " (500 shown: type to narrow)" when more match than the pick holds, else "". */
  shownNote(): string {
    return this.matchCount > this.cap ? ` (${count(this.cap)} shown: type to narrow)` : '';
  }

  private matches(text: string): boolean {
    return this.words.every((word) => text.includes(word));
  }

  private rebuild(selected: readonly T[]): readonly T[] | undefined {
    const next: T[] = [];
    for (let i = 0; i < this.all.length && next.length < this.cap; i++) if (this.matches(this.texts[i])) next.push(this.all[i]);
    this.filled = next.length;
    const kept = new Set(next);
    // Ticked items stay in the list (the pick hides those the text does not match, as it does its own).
    for (const item of selected) if (!kept.has(item)) next.push(item);
    if (next.length === this.shown.length && next.every((item, i) => item === this.shown[i])) return undefined;
    this.shown = next;
    this.sent += next.length;
    this.updates++;
    return next;
  }
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
