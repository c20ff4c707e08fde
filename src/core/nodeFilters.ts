// The filters a user can give Add Managed Nodes from Account…, as DescribeInstanceInformation takes them.

/** One DescribeInstanceInformation filter: nodes match when their value is one of `values`. */
export interface NodeFilter {
  readonly key: string;
  readonly values: readonly string[];
}

/** A filter the user can pick from a list. */
export interface FilterChoice {
  readonly key: string;
  readonly value: string;
  /** How the list shows it. */
  readonly label: string;
}

// No PingStatus=Inactive: the service model says that status is deprecated and no longer in use (typing it still works).
export const FILTER_CHOICES: readonly FilterChoice[] = [
  { key: 'PingStatus', value: 'Online', label: 'Agent online' },
  { key: 'PingStatus', value: 'ConnectionLost', label: 'Agent connection lost' },
  { key: 'ResourceType', value: 'EC2Instance', label: 'EC2 instances (i-…)' },
  { key: 'ResourceType', value: 'ManagedInstance', label: 'Hybrid nodes (mi-…)' },
  { key: 'AssociationStatus', value: 'Failed', label: 'Association status Failed' },
];

/** The message shown when a tag filter is combined with another kind: AWS refuses that request. */
export const TAG_COMBINATION_PROBLEM = 'AWS cannot combine a tag filter with other filters: keep the tag filter(s) or the others, not both.';

// What the service accepts as a filter key besides tags (the API reference's list).
const KNOWN_KEYS = new Set(['PingStatus', 'ResourceType', 'AssociationStatus', 'PlatformTypes', 'AgentVersion', 'InstanceIds']);
const MAX_VALUES = 100;

function isTagKey(key: string): boolean {
  return key === 'tag-key' || key.startsWith('tag:');
}

/**
 * Reads one typed filter, `Key=Value` (values may be comma-separated), e.g. `tag:Env=prod`,
 * `PingStatus=Online,ConnectionLost`, `tag-key=Owner`. Returns the filter or why it is not one.
 */
export function parseFilterText(text: string): NodeFilter | { problem: string } {
  const trimmed = text.trim();
  const eq = trimmed.indexOf('=');
  if (eq <= 0) return { problem: `"${trimmed}" is not a filter: write Key=Value, e.g. tag:Env=prod or PingStatus=Online.` };
  const key = trimmed.slice(0, eq).trim();
  const values = trimmed
    .slice(eq + 1)
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (values.length === 0) return { problem: `The filter ${key} needs a value after "=".` };
  if (key === 'tag:') return { problem: 'A tag filter names the tag: tag:Key=Value.' };
  if (!isTagKey(key) && !KNOWN_KEYS.has(key)) {
    return { problem: `Unknown filter key "${key}": use tag:Key, tag-key, ${[...KNOWN_KEYS].join(', ')}.` };
  }
  return { key, values };
}

/**
 * The request's filters from what the user picked and typed: values of the same key are merged
 * (any of them matches), different keys must all match. Tag filters cannot be combined with other
 * filter types (an AWS rule): that gives a problem to show instead of a request that would fail.
 */
export function combineFilters(filters: readonly NodeFilter[]): { filters: NodeFilter[] } | { problem: string } {
  const byKey = new Map<string, string[]>();
  for (const filter of filters) {
    const values = byKey.get(filter.key) ?? [];
    for (const value of filter.values) if (!values.includes(value)) values.push(value);
    byKey.set(filter.key, values);
  }
  const keys = [...byKey.keys()];
  if (keys.some(isTagKey) && keys.some((k) => !isTagKey(k))) return { problem: TAG_COMBINATION_PROBLEM };
  for (const [key, values] of byKey) {
    if (values.length > MAX_VALUES) return { problem: `The filter ${key} has ${values.length} values; AWS takes at most ${MAX_VALUES}.` };
  }
  return { filters: keys.map((key) => ({ key, values: byKey.get(key) ?? [] })) };
}

/** The filters as one line for the quick pick's title, e.g. `PingStatus=Online · tag:Env=prod`. */
export function filtersText(filters: readonly NodeFilter[]): string {
  return filters.map((f) => `${f.key}=${f.values.join(',')}`).join(' · ');
}
