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
  readonly warnings: readonly string[];
}

/** Validates the raw values of the four settings (any JSON the user may have written). */
export function parseSettings(raw: { nodes?: unknown; profile?: unknown; region?: unknown; pageSize?: unknown }): Settings {
  const nodes = parseNodes(raw.nodes);
  const pageSize = parsePageSize(raw.pageSize);
  const profile = parseOptionalString(`${SECTION}.profile`, raw.profile);
  const region = parseOptionalString(`${SECTION}.region`, raw.region);
  const warnings = [...nodes.warnings, pageSize.warning, profile.warning, region.warning].filter((w): w is string => !!w);
  return { entries: nodes.entries, profile: profile.value, region: region.value, pageSize: pageSize.pageSize, warnings };
}
