import { parseFleetSettings } from '../core/fleetSettings';
import type { GroupBy } from '../core/grouping';
import { parseNodes, parseOptionalString, parsePageSize, type ConfiguredEntry } from './nodeEntries';

export const SECTION = 'ssmAssociations';

/** The extension's settings, validated: whatever is wrong is reported in `warnings`, never written back. */
export interface Settings {
  readonly entries: readonly ConfiguredEntry[];
  /** Named profile; undefined = the SDK's default chain (AWS_PROFILE, then default). */
  readonly profile?: string;
  /** Explicit region; undefined = the profile's region, then AWS_REGION. */
  readonly region?: string;
  readonly pageSize: number;
  /** Describe the configured nodes when the view is shown (DescribeInstanceInformation). */
  readonly nodeSummaries: boolean;
  /** Group the root by (profile, region): `auto` when there is more than one. */
  readonly groupBy: GroupBy;
  readonly warnings: readonly string[];
}

/** Validates the raw values of the settings (any JSON the user may have written). */
export function parseSettings(raw: { nodes?: unknown; profile?: unknown; region?: unknown; pageSize?: unknown; nodeSummaries?: unknown; groupBy?: unknown }): Settings {
  const nodes = parseNodes(raw.nodes);
  const pageSize = parsePageSize(raw.pageSize);
  const profile = parseOptionalString(`${SECTION}.profile`, raw.profile);
  const region = parseOptionalString(`${SECTION}.region`, raw.region);
  const fleet = parseFleetSettings(raw);
  const warnings = [...nodes.warnings, pageSize.warning, profile.warning, region.warning, ...fleet.warnings].filter((w): w is string => !!w);
  return {
    entries: nodes.entries,
    profile: profile.value,
    region: region.value,
    pageSize: pageSize.pageSize,
    nodeSummaries: fleet.nodeSummaries,
    groupBy: fleet.groupBy,
    warnings,
  };
}
