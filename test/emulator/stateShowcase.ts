/**
 * Associations in every state, for the Associations view of `npm run demo` / `npm run emulator`
 * (added by `withStateShowcase`, like stepsShowcase.ts, so the e2e scenarios' demo fleet does not
 * change): 30 associations in demo / eu-west-1, each on six web nodes, whose latest runs are
 * Success, Failed, Pending (Associated), InProgress, Skipped and TimedOut in changing mixes — all of
 * one status, or one bad node among healthy ones. Status values: /work/shared/ssm-facts.md.
 */
import type { Fleet, InstanceAssociationStatusInfo } from './fleet.js';
import { DEMO } from './defaultFleet.js';
import { demoAssociationId, demoNodeId } from './demoFleet.js';

export const STATES = ['Success', 'Failed', 'Pending', 'InProgress', 'Skipped', 'TimedOut'] as const;
const DETAIL: Record<(typeof STATES)[number], string> = { Success: 'Success', Failed: 'Failed', Pending: 'Associated', InProgress: 'InProgress', Skipped: 'Skipped', TimedOut: 'TimedOut' };
const ERROR: Partial<Record<(typeof STATES)[number], string>> = { Failed: 'ExecutionError', TimedOut: 'StuckAtInProgress' };
const DOCUMENTS = ['AWS-RunShellScript', 'AWS-ConfigureAWSPackage', 'AWS-RunAnsiblePlaybook', 'AWS-ApplyChefRecipes', 'AWS-RefreshAssociation'];

export const STATE_SHOWCASE = {
  count: 30,
  nodesEach: 6,
  /** The showcase association `k` (0 ≤ k < count). */
  id: (k: number) => demoAssociationId('demo', DEMO.region, `state-${k}`),
  name: (k: number) => `state-${STATES[k % STATES.length].toLowerCase()}-${String(k).padStart(2, '0')}`,
} as const;

/** Status of node `j` (0 ≤ j < 6) of association `k`: even k all one status; odd k one node of that status, the others Success. */
function statusOf(k: number, j: number): (typeof STATES)[number] {
  const own = STATES[k % STATES.length];
  return k % 2 === 0 || j === 0 ? own : 'Success';
}

export function withStateShowcase(fleet: Fleet, ranAt = Date.now() - 20 * 60_000): Fleet {
  const account = fleet.accounts.find((a) => a.name === 'demo')!;
  const nodes = account.regions[DEMO.region];
  const defs = (account.associations ??= {})[DEMO.region] ??= [];
  for (let k = 0; k < STATE_SHOWCASE.count; k++) {
    const AssociationId = STATE_SHOWCASE.id(k);
    const AssociationName = STATE_SHOWCASE.name(k);
    const Name = DOCUMENTS[k % DOCUMENTS.length];
    // Web nodes (i % 3 === 0) from 30 on, six per association, overlapping.
    const ids = Array.from({ length: STATE_SHOWCASE.nodesEach }, (_, j) => demoNodeId('demo', DEMO.region, 30 + 3 * ((k + j) % 30)));
    const holders = ids.map((id) => nodes.find((n) => n.InstanceId === id)).filter((n) => n !== undefined);
    defs.push({ AssociationId, AssociationName, Name, AssociationVersion: '1', Targets: [{ Key: 'InstanceIds', Values: holders.map((n) => n.InstanceId) }], ScheduleExpression: `rate(${1 + (k % 4)} hours)` });
    holders.forEach((node, j) => {
      const status = statusOf(k, j);
      const row: InstanceAssociationStatusInfo = {
        AssociationId,
        AssociationName,
        Name,
        DocumentVersion: '1',
        AssociationVersion: '1',
        InstanceId: node.InstanceId,
        ExecutionDate: new Date(ranAt - k * 60_000 - j * 1000).toISOString(),
        Status: status,
        DetailedStatus: DETAIL[status],
        ErrorCode: ERROR[status] ?? '',
      };
      (node.associations ??= []).push(row);
    });
  }
  return fleet;
}
