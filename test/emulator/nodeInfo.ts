/**
 * DescribeInstanceInformation: the caller's managed nodes with their agent and association
 * overview, filtered and paged as the service does (see README "DescribeInstanceInformation").
 */
import { ApiError, validationError } from './errors.js';
import { type ManagedNode, INSTANCE_ID_PATTERN, accountId, toEpochSeconds } from './fleet.js';
import { type Json, type OpContext, type OpResult, checkMaxResults, checkToken, invalidInstance, pageAnswer } from './operations.js';

/** Keys of the legacy InstanceInformationFilterList (an enum in the service model). */
const LEGACY_KEYS = ['InstanceIds', 'AgentVersion', 'PingStatus', 'PlatformTypes', 'ActivationIds', 'IamRole', 'ResourceType', 'AssociationStatus'];
/** Keys of `Filters` besides `tag:<Key>` and `tag-key`. */
const FILTER_KEYS = ['InstanceIds', 'AgentVersion', 'PingStatus', 'PlatformTypes', 'ActivationIds', 'IamRole', 'ResourceType', 'AssociationStatus'];
const ENUMS: Record<string, string[]> = {
  PingStatus: ['Online', 'ConnectionLost', 'Inactive'],
  PlatformTypes: ['Windows', 'Linux', 'MacOS'],
  ResourceType: ['EC2Instance', 'ManagedInstance'],
};
export const DII_DEFAULT_MAX_RESULTS = 10;

interface NodeFilter {
  key: string;
  values: string[];
}

function badValue(message: string): ApiError {
  return new ApiError('InvalidInstanceInformationFilterValue', message, 400);
}

function readFilters(input: Json): NodeFilter[] {
  const out: NodeFilter[] = [];
  const list = input.InstanceInformationFilterList;
  const filters = input.Filters;
  if (list !== undefined && filters !== undefined) {
    throw badValue('InstanceInformationFilterList and Filters cannot be used together.');
  }
  const read = (raw: unknown, keyField: string, valuesField: string, member: string, legacy: boolean) => {
    if (!Array.isArray(raw)) throw new ApiError('SerializationException', `Expected a list for ${member}`, 400, 'none');
    raw.forEach((f: Json, i) => {
      const key = String(f?.[keyField]);
      const known = legacy ? LEGACY_KEYS.includes(key) : FILTER_KEYS.includes(key) || key === 'tag-key' || /^tag:.{1,128}$/.test(key);
      if (!known) {
        if (legacy) {
          throw validationError([
            `Value '${key}' at '${member}.${i + 1}.member.key' failed to satisfy constraint: Member must satisfy enum value set: [${LEGACY_KEYS.join(', ')}]`,
          ]);
        }
        throw new ApiError('InvalidFilterKey', `The filter key ${key} is not valid.`, 400);
      }
      const values = Array.isArray(f[valuesField]) ? (f[valuesField] as unknown[]).map(String) : [];
      if (values.length < 1 || values.length > 100) {
        throw validationError([
          `Value '[${values.join(', ')}]' at '${member}.${i + 1}.member.${legacy ? 'valueSet' : 'values'}' failed to satisfy constraint: Member must have length ${values.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 100'}`,
        ]);
      }
      const allowed = ENUMS[key];
      const wrong = allowed && values.find((v) => !allowed.includes(v));
      if (wrong) throw badValue(`The filter value ${wrong} is not valid for ${key}. Valid values: ${allowed.join(', ')}.`);
      out.push({ key, values });
    });
  };
  if (list !== undefined) read(list, 'key', 'valueSet', 'instanceInformationFilterList', true);
  if (filters !== undefined) read(filters, 'Key', 'Values', 'filters', false);
  const isTag = (f: NodeFilter) => f.key === 'tag-key' || f.key.startsWith('tag:');
  if (out.some(isTag) && out.some((f) => !isTag(f))) {
    throw badValue('Tag filters cannot be combined with other filter types.');
  }
  return out;
}

export function platformType(n: ManagedNode): string {
  return n.PlatformType ?? (/windows/i.test(n.PlatformName ?? '') ? 'Windows' : /mac/i.test(n.PlatformName ?? '') ? 'MacOS' : 'Linux');
}

export function resourceType(n: ManagedNode): string {
  return n.ResourceType ?? (n.InstanceId.startsWith('mi-') ? 'ManagedInstance' : 'EC2Instance');
}

/** The node's association overview, computed from its status rows (as the service aggregates them). */
export function overview(n: ManagedNode): { status?: string; counts: Record<string, number>; last?: number; lastOk?: number } {
  const counts: Record<string, number> = {};
  let last: number | undefined;
  let lastOk: number | undefined;
  for (const a of n.associations ?? []) {
    const s = String(a.Status ?? 'Pending');
    counts[s] = (counts[s] ?? 0) + 1;
    if (a.ExecutionDate !== undefined) {
      const t = toEpochSeconds(a.ExecutionDate);
      if (last === undefined || t > last) last = t;
      if (s === 'Success' && (lastOk === undefined || t > lastOk)) lastOk = t;
    }
  }
  const total = n.associations?.length ?? 0;
  const status = total === 0 ? undefined : counts.Failed ? 'Failed' : counts.Pending ? 'Pending' : counts.Success === total ? 'Success' : 'Pending';
  return { status, counts, last, lastOk };
}

function matches(n: ManagedNode, f: NodeFilter): boolean {
  const tags = n.tags ?? {};
  switch (f.key) {
    case 'InstanceIds':
      return f.values.includes(n.InstanceId);
    case 'PingStatus':
      return f.values.includes(String(n.PingStatus ?? 'Online'));
    case 'PlatformTypes':
      return f.values.includes(platformType(n));
    case 'ResourceType':
      return f.values.includes(resourceType(n));
    case 'AssociationStatus':
      return f.values.includes(overview(n).status ?? '');
    case 'AgentVersion':
      return f.values.includes(n.AgentVersion ?? '3.3.1142.0');
    case 'ActivationIds':
      return f.values.includes(String(n.ActivationId ?? ''));
    case 'IamRole':
      return f.values.includes(String(n.IamRole ?? ''));
    case 'tag-key':
      return f.values.some((v) => v in tags);
    default:
      return f.key.startsWith('tag:') && f.values.includes(tags[f.key.slice(4)] ?? '\u0000');
  }
}

function nodeInformation(n: ManagedNode, startedAt: number): Json {
  const ov = overview(n);
  const type = resourceType(n);
  const out: Json = {
    InstanceId: n.InstanceId,
    PingStatus: n.PingStatus ?? 'Online',
    LastPingDateTime: n.LastPingDateTime !== undefined ? toEpochSeconds(n.LastPingDateTime) : startedAt / 1000,
    AgentVersion: n.AgentVersion ?? '3.3.1142.0',
    IsLatestVersion: false,
    PlatformType: platformType(n),
    PlatformName: n.PlatformName ?? 'Amazon Linux',
    PlatformVersion: n.PlatformVersion ?? '2023',
    ResourceType: type,
    IPAddress: n.IPAddress ?? '10.0.0.1',
    ComputerName: n.ComputerName ?? `${n.InstanceId}.ec2.internal`,
    SourceId: n.InstanceId,
    SourceType: type === 'ManagedInstance' ? 'AWS::SSM::ManagedInstance' : 'AWS::EC2::Instance',
  };
  // Name is the name given at activation (hybrid nodes), never the EC2 Name tag: the service model
  // (InstanceInformation.Name) says the tag needs EC2 DescribeInstances.
  if (n.Name !== undefined && type === 'ManagedInstance') out.Name = n.Name;
  if (n.ActivationId !== undefined) out.ActivationId = n.ActivationId;
  if (n.IamRole !== undefined) out.IamRole = n.IamRole;
  if (type === 'ManagedInstance') out.RegistrationDate = n.RegistrationDate !== undefined ? toEpochSeconds(n.RegistrationDate as string | number) : startedAt / 1000;
  if (ov.status !== undefined) {
    out.AssociationStatus = ov.status;
    out.AssociationOverview = { DetailedStatus: ov.status, InstanceAssociationStatusAggregatedCount: ov.counts };
  }
  if (ov.last !== undefined) out.LastAssociationExecutionDate = ov.last;
  if (ov.lastOk !== undefined) out.LastSuccessfulAssociationExecutionDate = ov.lastOk;
  return out;
}

export function describeInstanceInformation(ctx: OpContext, input: Json): OpResult {
  const op = 'DescribeInstanceInformation';
  const problems: string[] = [];
  checkMaxResults(input.MaxResults, 5, 50, problems);
  const sent = checkToken(input.NextToken);
  if (problems.length) throw validationError(problems);
  const filters = readFilters(input);

  const inRegion = ctx.caller.account.regions[ctx.caller.region] ?? [];
  // One ID that is not valid, not this account's (or region's), or not the caller's fails the whole
  // request. Stopped and terminated nodes are simply not listed.
  for (const f of filters) {
    if (f.key !== 'InstanceIds') continue;
    for (const id of f.values) {
      const n = INSTANCE_ID_PATTERN.test(id) ? inRegion.find((x) => x.InstanceId === id) : undefined;
      if (!n || n.noAccess) throw invalidInstance(id, ctx);
    }
  }
  const listed = inRegion.filter((n) => !n.noAccess && n.state !== 'stopped' && n.state !== 'terminated');
  const all = listed.filter((n) => filters.every((f) => matches(n, f)));

  const scope = `${accountId(ctx.caller.account)}/${ctx.caller.region}/${JSON.stringify(filters)}`;
  const limit = (input.MaxResults as number | undefined) ?? DII_DEFAULT_MAX_RESULTS;
  const answer = pageAnswer(ctx, op, scope, sent, all, limit, 'InstanceInformationList', (n) => nodeInformation(n, ctx.startedAt));
  if (ctx.faults.strayNodes) {
    // The `strayNodes` fault: the page's first node once more, and a node of the caller's that the filters left out.
    const rows = answer.body.InstanceInformationList as Json[];
    const stray = listed.find((n) => !all.includes(n));
    answer.body.InstanceInformationList = [...rows, ...rows.slice(0, 1), ...(stray ? [nodeInformation(stray, ctx.startedAt)] : [])];
  }
  return answer;
}
