// Several accounts and regions side by side: the root groups nodes under one row per
// (profile, region) when there is more than one, and node information is fetched in one batch per group.

/** `ssmAssociations.groupBy`: `auto` groups only when nodes use more than one (profile, region). */
export type GroupBy = 'auto' | 'none';

/** Whose credentials and which region, as the node's requests use them (undefined = the default). */
export interface Placement {
  readonly profile?: string;
  readonly region?: string;
}

/** The nodes of one (profile, region), in settings order. */
export interface Group<T> extends Placement {
  /** Stable across redraws: part of the tree ID. */
  readonly key: string;
  readonly members: T[];
}

export function placementKey(placement: Placement): string {
  return `${placement.profile ?? ''}|${placement.region ?? ''}`;
}

/** The nodes by (profile, region), each group in the order its first node appears. */
export function groupsOf<T>(items: readonly T[], placementOf: (item: T) => Placement): Group<T>[] {
  const groups = new Map<string, Group<T>>();
  for (const item of items) {
    const placement = placementOf(item);
    const key = placementKey(placement);
    let group = groups.get(key);
    if (!group) {
      group = { key, profile: placement.profile, region: placement.region, members: [] };
      groups.set(key, group);
    }
    group.members.push(item);
  }
  return [...groups.values()];
}

/** Whether the root shows group rows: `auto` only when there is more than one group. */
export function shouldGroup(groupBy: GroupBy, groupCount: number): boolean {
  return groupBy === 'auto' && groupCount > 1;
}

/**
 * A group row's label: the profile and the region, e.g. `prod · eu-west-1`; `default profile` for the
 * SDK's default chain; the region the profile resolved to once known, else `profile's region`.
 */
export function groupLabel(group: Placement, resolvedRegion?: string): string {
  return `${group.profile ?? 'default profile'} · ${group.region ?? resolvedRegion ?? "profile's region"}`;
}
