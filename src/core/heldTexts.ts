// Texts kept in memory for documents the editor may ask for again (View Output's tabs): bounded in
// count and in characters, the oldest dropped first. No vscode here.

/** Texts by key, at most `maxEntries` of them and `maxChars` characters in all (the newest is always kept). */
export class HeldTexts {
  private readonly texts = new Map<string, string>();
  private chars = 0;

  constructor(
    private readonly maxChars: number,
    private readonly maxEntries: number,
  ) {}

  get(key: string): string | undefined {
    return this.texts.get(key);
  }

  /** Keeps `text` as the newest; drops the oldest others while over a ceiling. Returns the keys dropped. */
  set(key: string, text: string): string[] {
    this.delete(key);
    this.texts.set(key, text);
    this.chars += text.length;
    const dropped: string[] = [];
    for (const [oldest] of this.texts) {
      if (oldest === key || (this.chars <= this.maxChars && this.texts.size <= this.maxEntries)) break;
      this.delete(oldest);
      dropped.push(oldest);
    }
    return dropped;
  }

  delete(key: string): boolean {
    const text = this.texts.get(key);
    if (text === undefined) return false;
    this.chars -= text.length;
    return this.texts.delete(key);
  }

  clear(): void {
    this.texts.clear();
    this.chars = 0;
  }

  /** How many texts are held. */
  get size(): number {
    return this.texts.size;
  }

  /** Characters held in all. */
  get heldChars(): number {
    return this.chars;
  }
}
