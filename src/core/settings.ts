import { parseFleetSettings } from '../core/fleetSettings';
import type { GroupBy } from '../core/grouping';
import { parseNodes, parseOptionalString, parsePageSize, type ConfiguredEntry } from './nodeEntries';
import { isRegion } from './partitions';
import { plainLine, quoted } from './text';

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
  let regionValue = region.value;
  let regionWarning = region.warning;
  if (regionValue !== undefined && !isRegion(regionValue)) {
    regionWarning = `${SECTION}.region ${quoted(regionValue)} is not an AWS region name such as eu-west-1; using the profile's region.`;
    regionValue = undefined;
  }
  const fleet = parseFleetSettings(raw);
  const warnings = [...nodes.warnings, pageSize.warning, profile.warning, regionWarning, ...fleet.warnings].filter((w): w is string => !!w);
  return {
    entries: nodes.entries,
    profile: profile.value,
    region: regionValue,
    pageSize: pageSize.pageSize,
    nodeSummaries: fleet.nodeSummaries,
    groupBy: fleet.groupBy,
    warnings,
  };
}

/** How many settings problems are named one by one, in the message and in the log. */
export const WARNINGS_IN_MESSAGE = 3;
export const WARNINGS_IN_LOG = 20;

/**
 * The settings warnings as one short message and a few log lines, however many there are (10,000
 * invalid entries give one message of a few hundred characters and 21 log lines). Each invalid
 * node entry also has its own row in the view.
 */
export function warningsReport(warnings: readonly string[]): { message: string; logLines: string[] } {
  if (warnings.length === 0) return { message: '', logLines: [] };
  const more = (shown: number, where: string) => (warnings.length > shown ? `${warnings.length - shown} more ${where}` : '');
  const named = warnings.slice(0, WARNINGS_IN_MESSAGE).map((w) => plainLine(w, 200));
  const rest = more(WARNINGS_IN_MESSAGE, '(Output › SSM Associations lists them)');
  const message =
    warnings.length === 1
      ? `SSM Associations: ${named[0]}`
      : `SSM Associations: ${warnings.length} settings problems (the rest works): ${[...named, rest].filter(Boolean).join(' · ')}`;
  const logLines = warnings.slice(0, WARNINGS_IN_LOG).map((w) => plainLine(w, 500));
  const unlisted = more(WARNINGS_IN_LOG, 'settings problems not listed here; each invalid node entry is a row in the view.');
  if (unlisted) logLines.push(unlisted);
  return { message, logLines };
}
