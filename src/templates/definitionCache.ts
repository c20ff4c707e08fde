import type { AssociationDefinition } from './definitions';

/** Definitions found per document version, the most recently used kept (a bounded cache: editing makes a version per keystroke). */
export class DefinitionCache {
  private readonly entries = new Map<string, { version: number; definitions: readonly AssociationDefinition[] }>();

  constructor(private readonly max = 50) {}

  get(uri: string, version: number): readonly AssociationDefinition[] | undefined {
    const hit = this.entries.get(uri);
    if (!hit || hit.version !== version) return undefined;
    this.entries.delete(uri);
    this.entries.set(uri, hit);
    return hit.definitions;
  }

  set(uri: string, version: number, definitions: readonly AssociationDefinition[]): void {
    this.entries.delete(uri);
    this.entries.set(uri, { version, definitions });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.max) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
