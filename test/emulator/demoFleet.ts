/**
 * The demo fleet: the default fleet plus a few hundred made-up nodes in two accounts and two
 * regions, with real multi-target associations (definitions, schedules, output locations), so
 * that `npm run demo` / `npm run emulator` show grouping, failures and output. Deterministic.
 */
import type { Account, AssociationDefinition, Fleet, InstanceAssociationStatusInfo, ManagedNode } from './fleet.js';
import { ACCOUNTS, DEMO, HOSTILE, KEYS, defaultFleet, uuidFrom } from './defaultFleet.js';

type AccountName = 'demo' | 'second';
const REGIONS = [DEMO.region, DEMO.otherRegion] as const;
/** Where the hardening association writes: on purpose NOT the nodes' region. */
export const LOGS_REGION = 'eu-central-1';

const COUNTS: Record<AccountName, Record<string, number>> = {
  demo: { [DEMO.region]: 150, [DEMO.otherRegion]: 60 },
  second: { [DEMO.region]: 90, [DEMO.otherRegion]: 50 },
};

/** 4 hex digits per (account, region), so each group's ids are recognisable. */
const ID_PREFIX: Record<AccountName, Record<string, string>> = {
  demo: { [DEMO.region]: '0d1e', [DEMO.otherRegion]: '0d1a' },
  second: { [DEMO.region]: '0d2e', [DEMO.otherRegion]: '0d2a' },
};

/** The same-region output bucket of each (account, region). */
export function outputBucket(account: AccountName, region: string): string {
  if (account === 'demo') return region === DEMO.region ? DEMO.bucket : `ssm-demo-output-${ACCOUNTS.demo}-use1`;
  return region === DEMO.region ? `ssm-output-${ACCOUNTS.second}` : `ssm-output-${ACCOUNTS.second}-use1`;
}

export function logsBucket(account: AccountName): string {
  return `ssm-hardening-logs-${ACCOUNTS[account]}`;
}

export function demoNodeId(account: AccountName, region: string, i: number, hybrid = false): string {
  return hybrid ? `mi-${ID_PREFIX[account][region]}f${String(i).padStart(12, '0')}` : `i-${ID_PREFIX[account][region]}${String(i).padStart(13, '0')}`;
}

export function demoAssociationId(account: AccountName, region: string, name: string): string {
  return uuidFrom(`demo-fleet/${account}/${region}/${name}`);
}

const isHybrid = (i: number) => i % 12 === 5;
const roleOf = (i: number) => (['web', 'db', 'batch'] as const)[i % 3];

/** Well-known members of the demo fleet, for tests and scenarios. */
export const DEMO_FLEET = {
  regions: REGIONS,
  logsRegion: LOGS_REGION,
  counts: COUNTS,
  buckets: {
    demo: { [DEMO.region]: outputBucket('demo', DEMO.region), [DEMO.otherRegion]: outputBucket('demo', DEMO.otherRegion), logs: logsBucket('demo') },
    second: { [DEMO.region]: outputBucket('second', DEMO.region), [DEMO.otherRegion]: outputBucket('second', DEMO.otherRegion), logs: logsBucket('second') },
  },
  nodes: {
    /** demo / eu-west-1, Role db: its backup-check run printed 5 MB (stdout > 24,000, stderr > 8,000). */
    bigOutput: demoNodeId('demo', DEMO.region, 1),
    /** demo / eu-west-1, Role db: the demo profile gets AccessDenied reading its backup-check output. */
    deniedOutput: demoNodeId('demo', DEMO.region, 4),
    /** demo / eu-west-1, Role web: hardening (3 steps) Failed in step applyBaseline, hostile text in stderr. */
    failedHardening: demoNodeId('demo', DEMO.region, 12),
    /** demo / eu-west-1, Role web, hardening Success. */
    web: demoNodeId('demo', DEMO.region, 3),
    /** demo / eu-west-1: hybrid (mi-) node. */
    hybrid: demoNodeId('demo', DEMO.region, 5, true),
    /** demo / eu-west-1: ConnectionLost, Inactive, stopped (omitted), terminated (omitted). */
    connectionLost: demoNodeId('demo', DEMO.region, 7),
    inactive: demoNodeId('demo', DEMO.region, 11),
    stopped: demoNodeId('demo', DEMO.region, 13),
    terminated: demoNodeId('demo', DEMO.region, 19),
    /** second / eu-west-1 and second / us-east-1: ordinary web nodes. */
    secondEu: demoNodeId('second', DEMO.region, 3),
    secondUs: demoNodeId('second', DEMO.otherRegion, 6),
    /** demo / us-east-1. */
    demoUs: demoNodeId('demo', DEMO.otherRegion, 3),
  },
  associations: {
    /** demo / eu-west-1 association ids by name; other groups: demoAssociationId(account, region, name). */
    patch: demoAssociationId('demo', DEMO.region, 'patch-baseline'),
    inventory: demoAssociationId('demo', DEMO.region, 'inventory'),
    agent: demoAssociationId('demo', DEMO.region, 'update-agent'),
    hardening: demoAssociationId('demo', DEMO.region, 'hardening'),
    backup: demoAssociationId('demo', DEMO.region, 'backup-check'),
  },
  bigOutputChars: 5 * 1024 * 1024,
} as const;

const BASE = Date.parse('2025-06-01T12:00:00.000Z');

interface Plan {
  name: string;
  def: Partial<AssociationDefinition> & { Name: string };
  /** Does node i hold it? */
  on: (i: number) => boolean;
  /** Status of node i's latest run. */
  status: (i: number) => string;
  /** Minutes before BASE of the latest run. */
  ago: number;
}

function plans(account: AccountName, region: string): Plan[] {
  const bucket = outputBucket(account, region);
  return [
    {
      name: 'patch-baseline',
      def: {
        Name: 'AWS-RunPatchBaseline',
        DocumentVersion: '$DEFAULT',
        AssociationVersion: '4',
        Targets: [{ Key: 'tag:Env', Values: ['prod', 'staging'] }],
        ScheduleExpression: 'cron(0 3 ? * SUN *)',
        Parameters: { Operation: ['Install'], RebootOption: ['RebootIfNeeded'] },
        OutputLocation: { S3Location: { OutputS3Region: region, OutputS3BucketName: bucket, OutputS3KeyPrefix: 'patching' } },
        MaxConcurrency: '10%',
        MaxErrors: '5%',
      },
      on: () => true,
      status: (i) => (i % 17 === 4 ? 'Failed' : 'Success'),
      ago: 540,
    },
    {
      name: 'inventory',
      def: { Name: 'AWS-GatherSoftwareInventory', AssociationVersion: '1', Targets: [{ Key: 'InstanceIds', Values: ['*'] }], ScheduleExpression: 'rate(1 day)', Parameters: { applications: ['Enabled'] } },
      on: () => true,
      status: (i) => (i % 43 === 21 ? 'TimedOut' : 'Success'),
      ago: 120,
    },
    {
      name: 'update-agent',
      def: { Name: 'AWS-UpdateSSMAgent', AssociationVersion: '2', Targets: [{ Key: 'InstanceIds', Values: ['*'] }], ScheduleExpression: 'rate(14 days)', Parameters: {} },
      on: () => true,
      status: (i) => (i % 19 === 2 ? 'Pending' : 'Success'),
      ago: 1200,
    },
    {
      name: 'hardening',
      def: {
        Name: 'Custom-Hardening',
        DocumentVersion: '3',
        AssociationVersion: '7',
        Targets: [{ Key: 'tag:Role', Values: ['web'] }],
        ScheduleExpression: 'rate(30 minutes)',
        Parameters: { profile: ['cis-level-1'] },
        OutputLocation: { S3Location: { OutputS3Region: LOGS_REGION, OutputS3BucketName: logsBucket(account), OutputS3KeyPrefix: `hardening/${region}` } },
        history: 60,
        intervalMinutes: 30,
        output: account === 'demo' && region === DEMO.region ? { nodes: [DEMO_FLEET.nodes.failedHardening], stderrExtra: `${HOSTILE.html}\n${HOSTILE.commandLink}\n${HOSTILE.control}` } : undefined,
      },
      on: (i) => roleOf(i) === 'web',
      status: (i) => (i % 12 === 0 ? 'Failed' : 'Success'),
      ago: 30,
    },
    {
      name: 'backup-check',
      def: {
        Name: 'AWS-RunShellScript',
        DocumentVersion: '1',
        AssociationVersion: '2',
        Targets: [{ Key: 'tag:Role', Values: ['db'] }],
        ScheduleExpression: 'rate(1 hour)',
        Parameters: { commands: ['/opt/backup/check.sh --verbose'], workingDirectory: ['/opt/backup'] },
        OutputLocation: { S3Location: { OutputS3Region: region, OutputS3BucketName: bucket, OutputS3KeyPrefix: 'backup' } },
        output: account === 'demo' && region === DEMO.region ? { nodes: [DEMO_FLEET.nodes.bigOutput], bigStdoutChars: DEMO_FLEET.bigOutputChars } : undefined,
      },
      on: (i) => roleOf(i) === 'db',
      status: (i) => (i % 10 === 7 ? 'Failed' : 'Success'),
      ago: 60,
    },
  ];
}

function makeNode(account: AccountName, region: string, i: number): ManagedNode {
  const hybrid = isHybrid(i);
  const id = demoNodeId(account, region, i, hybrid);
  const role = roleOf(i);
  const env = i % 4 === 3 ? 'staging' : 'prod';
  const short = region === DEMO.region ? 'euw1' : 'use1';
  const windows = i % 5 === 0;
  const mac = !hybrid && !windows && i % 41 === 17;
  const [PlatformName, PlatformType, PlatformVersion] = windows
    ? ['Microsoft Windows Server 2022 Datacenter', 'Windows', '10.0.20348']
    : mac
      ? ['macOS', 'MacOS', '14.5']
      : i % 7 === 3
        ? ['Ubuntu', 'Linux', '22.04']
        : ['Amazon Linux', 'Linux', '2023'];
  const a = 1 + (i % 200);
  const b = 1 + ((i * 7) % 250);
  const ComputerName = hybrid
    ? `onprem-${role}-${String(i).padStart(3, '0')}.corp.example`
    : windows
      ? `EC2AMAZ-${(0x1a2b3c + i * 977).toString(16).toUpperCase().slice(0, 7)}`
      : `ip-10-${account === 'demo' ? 1 : 2}-${a}-${b}.${region}.compute.internal`;
  const node: ManagedNode = {
    InstanceId: id,
    PingStatus: i % 23 === 7 ? 'ConnectionLost' : i % 31 === 11 ? 'Inactive' : 'Online',
    ComputerName,
    PlatformName,
    PlatformType,
    PlatformVersion,
    IPAddress: hybrid ? `192.168.${a % 250}.${b}` : `10.${account === 'demo' ? 1 : 2}.${a}.${b}`,
    AgentVersion: i % 6 === 0 ? '3.2.2303.0' : '3.3.1142.0',
    ResourceType: hybrid ? 'ManagedInstance' : 'EC2Instance',
    LastPingDateTime: new Date(BASE + 5 * 60_000 - (i % 13) * 1000).toISOString(),
    tags: { Role: role, Env: env, Name: `${role}-${short}-${String(i).padStart(3, '0')}` },
    associations: [],
  };
  if (hybrid) {
    node.Name = `${role}-onprem-${String(i).padStart(3, '0')}`;
    node.ActivationId = uuidFrom(`activation/${account}/${region}`);
    node.IamRole = 'SSMServiceRole';
  }
  if (i % 29 === 13) node.state = 'stopped';
  if (i % 53 === 19) node.state = 'terminated';
  return node;
}

function group(account: AccountName, region: string): { nodes: ManagedNode[]; defs: AssociationDefinition[] } {
  const nodes: ManagedNode[] = [];
  for (let i = 1; i <= COUNTS[account][region]; i++) nodes.push(makeNode(account, region, i));
  const defs: AssociationDefinition[] = [];
  for (const plan of plans(account, region)) {
    const AssociationId = demoAssociationId(account, region, plan.name);
    defs.push({ ...plan.def, AssociationId, AssociationName: plan.name });
    nodes.forEach((node, k) => {
      const i = k + 1;
      if (!plan.on(i)) return;
      const status = plan.status(i);
      const never = status === 'Pending';
      const row: InstanceAssociationStatusInfo = {
        AssociationId,
        AssociationName: plan.name,
        Name: plan.def.Name,
        DocumentVersion: plan.def.DocumentVersion ?? '$DEFAULT',
        AssociationVersion: plan.def.AssociationVersion ?? '1',
        InstanceId: node.InstanceId,
        ExecutionDate: new Date(BASE - plan.ago * 60_000 + i * 7_000 + 123).toISOString(),
        Status: status,
        DetailedStatus: never ? 'Associated' : status,
        ErrorCode: status === 'Failed' ? 'ExecutionError' : status === 'TimedOut' ? 'StuckAtInProgress' : '',
      };
      node.associations!.push(row);
    });
  }
  return { nodes, defs };
}

/**
 * The default fleet (all its nodes, unchanged) plus, in each of the two accounts and both regions,
 * generated nodes and five associations: patch-baseline (all nodes, S3 in the nodes' region),
 * inventory, update-agent (no output location), hardening (Role=web, three steps, S3 bucket in
 * eu-central-1, 60 earlier runs) and backup-check (Role=db; one node printed 5 MB; the demo
 * profile may not read another node's output). ExecutionSummary is filled in from the runs.
 */
export function demoFleet(): Fleet {
  const fleet = defaultFleet();
  const byName = (name: AccountName): Account => fleet.accounts.find((a) => a.name === name)!;
  for (const name of ['demo', 'second'] as const) {
    const account = byName(name);
    account.associations ??= {};
    account.buckets ??= {};
    for (const region of REGIONS) {
      const { nodes, defs } = group(name, region);
      (account.regions[region] ??= []).push(...nodes);
      (account.associations[region] ??= []).push(...defs);
      account.buckets[outputBucket(name, region)] = { region };
    }
    account.buckets[logsBucket(name)] = { region: LOGS_REGION };
  }
  const demoBucket = byName('demo').buckets![DEMO.bucket];
  demoBucket.deny = [{ accessKeyIds: [KEYS.demo.accessKeyId, KEYS.session.accessKeyId], prefix: `backup/${DEMO_FLEET.nodes.deniedOutput}/` }];
  return fleet;
}
