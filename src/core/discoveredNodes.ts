// Writing the nodes a user picked in Add Managed Nodes from Account… into ssmAssociations.nodes.
import { entryList } from './nodeEntries';
import { plainLine } from './text';

/** A node the user picked, with where it was found. */
export interface PickedNode {
  readonly id: string;
  /** The profile it was found with (undefined = the default chain). */
  readonly profile?: string;
  /** The region it was found in. */
  readonly region: string;
  /** The node's computer name, if the service gave one: becomes the entry's label. */
  readonly computerName?: string;
}

/** What an entry written without `profile`/`region` would use. */
export interface EntryDefaults {
  /** ssmAssociations.profile (undefined = the default chain). */
  readonly profile?: string;
  /** The region a node of the picked profile without its own `region` would go to. */
  readonly regionWithoutEntry?: string;
}

export interface AppendResult {
  /** The new value of the setting: every earlier entry kept as it was (a lone one first), the new ones at the end. */
  readonly value: unknown[];
  readonly added: string[];
  /** Picked nodes that the setting lists already. */
  readonly skipped: string[];
}

/** Labels longer than this are cut: the tree clips them anyway, the settings file stays readable. */
const LABEL_MAX = 100;

function entryId(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const id = (raw as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

/** A computer name as a label: the inert one-line text of every fleet text (plainLine), bounded. */
export function labelFrom(computerName: string | undefined): string | undefined {
  return plainLine(computerName, LABEL_MAX) || undefined;
}

/**
 * Appends the picked nodes to the setting's current value: a plain ID when nothing differs from the
 * defaults, else `{ id, profile?, region?, label? }` with `profile`/`region` only where they differ and
 * the computer name as `label`. A node the setting lists already (in any form) is skipped; so is a
 * node picked twice. Every other entry, even one the extension cannot read, is kept in place; a
 * setting that is not a list becomes one, with what it held first.
 */
export function withDiscoveredNodes(current: unknown, picked: readonly PickedNode[], defaults: EntryDefaults): AppendResult {
  const value = entryList(current);
  const listed = new Set(value.map(entryId).filter((id): id is string => id !== undefined));
  const added: string[] = [];
  const skipped: string[] = [];
  for (const node of picked) {
    if (listed.has(node.id)) {
      skipped.push(node.id);
      continue;
    }
    listed.add(node.id);
    const entry: { id: string; profile?: string; region?: string; label?: string } = { id: node.id };
    // (A node found with the default chain while another profile is the default cannot be written
    // as an entry; the command offers the default chain only when no profile is set.)
    if (node.profile !== undefined && node.profile !== defaults.profile) entry.profile = node.profile;
    if (node.region !== defaults.regionWithoutEntry) entry.region = node.region;
    const label = labelFrom(node.computerName);
    if (label !== undefined && label !== node.id) entry.label = label;
    value.push(Object.keys(entry).length === 1 ? node.id : entry);
    added.push(node.id);
  }
  return { value, added, skipped };
}
