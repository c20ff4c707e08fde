import { nodeIdProblem } from './nodeIds';
import { isRegion } from './partitions';
import { scopeKey } from './scope';
import { quoted, shortText } from './text';

/** One managed node as configured in `ssmAssociations.nodes`, validated. */
export interface NodeEntry {
  readonly kind: 'node';
  readonly id: string;
  readonly profile?: string;
  readonly region?: string;
  readonly label?: string;
  /** Position in the settings array, for messages. */
  readonly index: number;
}

/** A settings entry that cannot be used, with the reason a user can act on. */
export interface InvalidEntry {
  readonly kind: 'invalid';
  /** What the user wrote, as short text. */
  readonly shown: string;
  /** The ID when the entry had one (so Remove Managed Node can remove it). */
  readonly id?: string;
  readonly reason: string;
  readonly index: number;
}

export type ConfiguredEntry = NodeEntry | InvalidEntry;

/** The validated value of the extension's settings. */
export interface ParsedNodes {
  readonly entries: ConfiguredEntry[];
  /** One line per problem, for a single warning message. */
  readonly warnings: string[];
}

const OPTIONAL_STRING_KEYS = ['profile', 'region', 'label'] as const;
const KNOWN_KEYS: readonly string[] = ['id', ...OPTIONAL_STRING_KEYS];

function parseOne(raw: unknown, index: number): ConfiguredEntry {
  const invalid = (reason: string, id?: string): InvalidEntry => ({ kind: 'invalid', shown: shortText(raw), reason, index, id });
  if (typeof raw === 'string') {
    const problem = nodeIdProblem(raw);
    return problem ? invalid(problem, raw) : { kind: 'node', id: raw, index };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return invalid(`An entry must be a node ID string or an object with "id", not ${raw === null ? 'null' : Array.isArray(raw) ? 'an array' : typeof raw}.`);
  }
  const obj = raw as Record<string, unknown>;
  if (typeof obj.id !== 'string') {
    const misspelt = Object.keys(obj).find((key) => key !== 'id' && closestKey(key) === 'id');
    return invalid(`The object has no "id" string${misspelt !== undefined ? ` (it has ${quoted(misspelt, 20)}: did you mean "id"?)` : ''}.`);
  }
  const problem = nodeIdProblem(obj.id);
  if (problem) return invalid(problem, obj.id);
  for (const key of OPTIONAL_STRING_KEYS) {
    if (obj[key] !== undefined && typeof obj[key] !== 'string') return invalid(`"${key}" must be a string.`, obj.id);
  }
  const region = nonEmpty(obj.region);
  if (region !== undefined && !isRegion(region)) return invalid(`${quoted(region)} is not an AWS region name such as eu-west-1.`, obj.id);
  return { kind: 'node', id: obj.id, index, profile: nonEmpty(obj.profile), region, label: nonEmpty(obj.label) };
}

/** Edits (insert, delete, replace, swap two neighbours) between two short words. */
function editDistance(a: string, b: string): number {
  // Row 0 and column 0 are the distances from the empty word (j and i); every other cell is computed below.
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => i + j));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The known key a misspelt one most likely meant ("lable" → "label"), if any is close. */
export function closestKey(key: string): string | undefined {
  const lower = key.toLowerCase();
  if (lower.length > 20) return undefined;
  return KNOWN_KEYS.find((known) => known === lower) ?? KNOWN_KEYS.find((known) => editDistance(lower, known) <= (known.length > 5 ? 2 : 1));
}

/** One warning per key of a node object that the extension does not read (the entry itself is used). */
function unknownKeyWarnings(raw: unknown, index: number): string[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return [];
  return Object.keys(raw)
    .filter((key) => !KNOWN_KEYS.includes(key))
    .map((key) => {
      const meant = closestKey(key);
      return `ssmAssociations.nodes[${index}]: unknown key ${quoted(key, 40)} is ignored${meant ? ` (did you mean "${meant}"?)` : ''}; the keys are ${KNOWN_KEYS.join(', ')}.`;
    });
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Validates `ssmAssociations.nodes`. Keeps settings order; a node configured twice (same ID, profile
 * and region) is kept once. Never throws: whatever is wrong becomes an invalid entry or a warning.
 */
export function parseNodes(value: unknown): ParsedNodes {
  if (value === undefined || value === null) return { entries: [], warnings: [] };
  const entries: ConfiguredEntry[] = [];
  const warnings: string[] = [];
  // One entry without a list around it is read as that entry (adding a node writes it back as a list).
  if (!Array.isArray(value)) warnings.push(`ssmAssociations.nodes should be a list ([…]); its one ${typeof value} is read as one entry.`);
  const seen = new Set<string>();
  entryList(value).forEach((raw, index) => {
    const entry = parseOne(raw, index);
    if (entry.kind === 'invalid') {
      warnings.push(`ssmAssociations.nodes[${index}] (${entry.shown}): ${entry.reason}`);
      entries.push(entry);
      return;
    }
    warnings.push(...unknownKeyWarnings(raw, index));
    const key = `${scopeKey(entry)}/${entry.id}`;
    if (seen.has(key)) return;
    seen.add(key);
    entries.push(entry);
  });
  return { entries, warnings };
}

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 50;

/** `ssmAssociations.pageSize` as the API accepts it (1–50), with a warning when the setting was unusable. */
export function parsePageSize(value: unknown): { pageSize: number; warning?: string } {
  if (value === undefined || value === null) return { pageSize: PAGE_SIZE_DEFAULT };
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { pageSize: PAGE_SIZE_DEFAULT, warning: `ssmAssociations.pageSize must be a number from 1 to 50; using ${PAGE_SIZE_DEFAULT}.` };
  }
  const clamped = Math.min(PAGE_SIZE_MAX, Math.max(1, Math.round(value)));
  if (clamped !== value) {
    return { pageSize: clamped, warning: `ssmAssociations.pageSize ${value} is outside 1–50 (the API's limit); using ${clamped}.` };
  }
  return { pageSize: clamped };
}

/** A settings string (profile or region) with blanks meaning "not set"; wrong types give a warning. */
export function parseOptionalString(name: string, value: unknown): { value?: string; warning?: string } {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'string') return { warning: `${name} must be a string; ignoring it.` };
  return { value: nonEmpty(value) };
}

/**
 * The setting's entries as a list to write back: the list itself (a copy), nothing when it is not
 * set, else the one value it holds (an ID or an object written without a list around it, or anything
 * else) as the first entry, so that no write ever drops what the user wrote.
 */
export function entryList(current: unknown): unknown[] {
  if (current === undefined || current === null) return [];
  return Array.isArray(current) ? current.slice() : [current];
}

/** The settings array with `id` appended, every other entry kept as it is (unknown shapes included). */
export function withNodeAdded(current: unknown, id: string): unknown[] {
  const list = entryList(current);
  list.push(id);
  return list;
}

/** The settings array without the entries naming `id` (string or object form); every other entry kept in order. */
export function withNodeRemoved(current: unknown, id: string): unknown[] {
  // Anything else (a number, an array, null) has no id: kept.
  return entryList(current).filter((raw) => (typeof raw === 'string' ? raw !== id : (raw as { id?: unknown } | null)?.id !== id));
}

/** Whether the setting already names `id`. */
export function listsNode(current: unknown, id: string): boolean {
  const list = entryList(current);
  return withNodeRemoved(list, id).length !== list.length;
}
