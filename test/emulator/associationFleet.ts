/**
 * A fleet with many associations (for the Associations view's tests and the benchmark): `count`
 * associations in one account and region over `nodes` nodes, each held by up to three nodes, with
 * every status and every kind of target (tag, IDs, all nodes). Deterministic.
 */
import { DEMO, fleetWith, uuidFrom } from './defaultFleet.js';
import type { AssociationDefinition, Fleet, InstanceAssociationStatusInfo } from './fleet.js';

const STATUSES = ['Success', 'Success', 'Failed', 'Success', 'Pending', 'TimedOut', 'Success', 'InProgress', 'Skipped', 'Success'];
const DOCUMENTS = ['AWS-RunShellScript', 'AWS-GatherSoftwareInventory', 'AWS-UpdateSSMAgent', 'AWS-RunPatchBaseline'];

/** The node IDs of `associationFleet` for this prefix. */
export function associationFleetNodeIds(nodes: number, prefix = 'a'): string[] {
  return Array.from({ length: nodes }, (_, n) => `i-0${prefix}${String(n).padStart(15, '0')}`);
}

/** The association ID of association `k` of `associationFleet`. */
export function associationFleetId(k: number, prefix = 'a'): string {
  return uuidFrom(`association-fleet/${prefix}/${k}`);
}

export function associationFleet(count: number, opts: { nodes?: number; account?: 'demo' | 'second'; region?: string; prefix?: string } = {}): Fleet {
  const ids = associationFleetNodeIds(opts.nodes ?? 10, opts.prefix);
  const account = opts.account ?? 'demo';
  const region = opts.region ?? DEMO.region;
  const fleet = fleetWith(ids.map((id) => ({ id, count: 0, account, region })));
  const acc = fleet.accounts.find((a) => a.name === account)!;
  const nodes = acc.regions[region]!;
  const defs: AssociationDefinition[] = [];
  const base = Date.parse('2025-06-01T12:00:00.000Z');
  for (let k = 0; k < count; k++) {
    const AssociationId = associationFleetId(k, opts.prefix);
    const holders = [0, 1, 2].map((j) => nodes[(k + j) % nodes.length]).filter((n, j, all) => all.indexOf(n) === j);
    const Targets =
      k % 3 === 0 ? [{ Key: 'tag:Env', Values: ['prod'] }] : k % 3 === 1 ? [{ Key: 'InstanceIds', Values: holders.map((n) => n.InstanceId) }] : [{ Key: 'InstanceIds', Values: ['*'] }];
    const Name = DOCUMENTS[k % DOCUMENTS.length];
    defs.push({ AssociationId, AssociationName: `assoc-${String(k).padStart(5, '0')}`, Name, AssociationVersion: '1', Targets, ScheduleExpression: 'rate(1 hour)', history: 1 });
    holders.forEach((node, j) => {
      // The first holder carries the association's own status; the others succeed.
      const status = j === 0 ? STATUSES[k % STATUSES.length] : 'Success';
      const row: InstanceAssociationStatusInfo = {
        AssociationId,
        AssociationName: `assoc-${String(k).padStart(5, '0')}`,
        Name,
        AssociationVersion: '1',
        InstanceId: node.InstanceId,
        ExecutionDate: new Date(base - k * 60_000 - j * 1000).toISOString(),
        Status: status,
        DetailedStatus: status,
        ErrorCode: status === 'Failed' ? 'ExecutionError' : '',
      };
      (node.associations ??= []).push(row);
    });
  }
  (acc.associations ??= {})[region] = defs;
  return fleet;
}
