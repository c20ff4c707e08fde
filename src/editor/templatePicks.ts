import type * as vscode from 'vscode';
import { isAssociationRef as isRef, type AssociationRef } from '../templates/lenses';

const KEY = 'ssmAssociations.templatePicks';
/** Picks kept per workspace; the oldest go first beyond this. */
export const MAX_PICKS = 500;

type Picks = Record<string, AssociationRef>;

const keyOf = (uri: string, resource: string) => JSON.stringify([uri, resource]);

function placeOf(key: string): { uri: string; resource: string } | undefined {
  try {
    const [uri, resource] = JSON.parse(key) as unknown[];
    return typeof uri === 'string' && typeof resource === 'string' ? { uri, resource } : undefined;
  } catch {
    return undefined;
  }
}

/** Which association the user picked for a resource whose name is computed: workspace state, keyed by file URI and resource. */
export class TemplatePicks {
  constructor(private readonly state: vscode.Memento) {}

  private all(): Picks {
    const v = this.state.get<unknown>(KEY);
    return v !== null && typeof v === 'object' ? (v as Picks) : {};
  }

  get(uri: string, resource: string): AssociationRef | undefined {
    const v = this.all()[keyOf(uri, resource)];
    return isRef(v) ? v : undefined;
  }

  async set(uri: string, resource: string, ref: AssociationRef): Promise<void> {
    const picks = { ...this.all() };
    const key = keyOf(uri, resource);
    delete picks[key];
    picks[key] = { key: ref.key, associationId: ref.associationId };
    const keys = Object.keys(picks);
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_PICKS))) delete picks[old];
    await this.state.update(KEY, picks);
  }

  /** The (file URI, resource) pairs picked for this association (Go to Definition). */
  placesOf(ref: AssociationRef): { uri: string; resource: string }[] {
    return Object.entries(this.all()).flatMap(([key, v]) => {
      if (!isRef(v) || v.key !== ref.key || v.associationId !== ref.associationId) return [];
      const place = placeOf(key);
      return place ? [place] : [];
    });
  }
}
