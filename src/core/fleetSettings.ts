// The settings of the fleet features: node information before expanding, grouping by account and region.
import type { GroupBy } from './grouping';

export interface FleetSettings {
  /** `ssmAssociations.nodeSummaries`: describe the configured nodes when the view is shown (default true). */
  readonly nodeSummaries: boolean;
  /** `ssmAssociations.groupBy` (default `auto`). */
  readonly groupBy: GroupBy;
  readonly warnings: readonly string[];
}

const GROUP_BY: readonly GroupBy[] = ['auto', 'none'];

/** Validates the raw values (any JSON the user wrote): defaults and a warning for what is unusable. */
export function parseFleetSettings(raw: { nodeSummaries?: unknown; groupBy?: unknown }): FleetSettings {
  const warnings: string[] = [];
  let nodeSummaries = true;
  if (typeof raw.nodeSummaries === 'boolean') nodeSummaries = raw.nodeSummaries;
  else if (raw.nodeSummaries !== undefined && raw.nodeSummaries !== null) warnings.push('ssmAssociations.nodeSummaries must be true or false; using true.');
  let groupBy: GroupBy = 'auto';
  if (typeof raw.groupBy === 'string' && (GROUP_BY as readonly string[]).includes(raw.groupBy)) groupBy = raw.groupBy as GroupBy;
  else if (raw.groupBy !== undefined && raw.groupBy !== null) warnings.push(`ssmAssociations.groupBy must be "auto" or "none"; using "auto".`);
  return { nodeSummaries, groupBy, warnings };
}
