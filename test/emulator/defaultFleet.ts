/**
 * The default fleet (everything the extension must cope with) and generators for bigger ones.
 * All ids and dates are deterministic so tests and screenshots are stable.
 */
import { createHash } from 'node:crypto';
import type { Account, Fleet, InstanceAssociationStatusInfo, ManagedNode } from './fleet.js';

export const KEYS = {
  demo: { accessKeyId: 'AKIAEMULATORDEMO0001', secretAccessKey: 'demoSecretKey/EMULATOR/0000000000000001' },
  second: { accessKeyId: 'AKIAEMULATORSECOND01', secretAccessKey: 'secondSecretKey/EMULATOR/00000000000002' },
  session: {
    accessKeyId: 'ASIAEMULATORSESSION1',
    secretAccessKey: 'sessionSecretKey/EMULATOR/0000000000003',
    sessionToken: 'IQoJb3JpZ2luX2VjEMULATOR//session/token/valid==',
  },
  expiredSession: {
    accessKeyId: 'ASIAEMULATOREXPIRED1',
    secretAccessKey: 'expiredSecretKey/EMULATOR/0000000000004',
    sessionToken: 'IQoJb3JpZ2luX2VjEMULATOR//session/token/expired==',
  },
  /** Not in any fleet: requests signed with it get UnrecognizedClientException. */
  unknown: { accessKeyId: 'AKIAEMULATORUNKNOWN9', secretAccessKey: 'unknownSecretKey/EMULATOR/0000000000009' },
} as const;

export const ACCOUNTS = { demo: '111111111111', second: '222222222222' } as const;

export const DEMO = {
  region: 'eu-west-1',
  /** A region where the demo account has one node (`otherRegion`). */
  otherRegion: 'us-east-1',
  bucket: 'ssm-demo-output-111111111111',
  nodes: {
    three: 'i-0a1b2c3d4e5f60001',
    many: 'i-0a1b2c3d4e5f60137',
    empty: 'i-0a1b2c3d4e5f60000',
    hybrid: 'mi-0123456789abcdef0',
    noAccess: 'i-0a1b2c3d4e5f6dead',
    hostile: 'i-0a1b2c3d4e5f6bad1',
    secondAccount: 'i-0b1b2c3d4e5f60002',
    /** Demo account, but registered in us-east-1 only. */
    otherRegion: 'i-0a1b2c3d4e5f6e002',
    /** Short (8-character) EC2 id form, 2 associations. */
    shortId: 'i-0a1b2c3d',
    /** Fillers so DescribeInstanceInformation pages (MaxResults minimum is 5). */
    fillers: ['i-0a1b2c3d4e5f60010', 'i-0a1b2c3d4e5f60011', 'i-0a1b2c3d4e5f60012', 'i-0a1b2c3d4e5f60013', 'i-0a1b2c3d4e5f60014'],
  },
} as const;

/** Deterministic UUID (version 5 layout) from any string. */
export function uuidFrom(name: string): string {
  const h = createHash('sha1').update(`ssm-emulator:${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The four accepted OutputUrl forms (five with both path-style hosts). */
export function outputUrl(form: 'bare' | 'path-global' | 'path-regional' | 'virtual-hosted' | 's3', key: string, bucket: string = DEMO.bucket, region: string = DEMO.region): string {
  switch (form) {
    case 'bare':
      return `${bucket}/${key}`;
    case 'path-global':
      return `https://s3.amazonaws.com/${bucket}/${key}`;
    case 'path-regional':
      return `https://s3.${region}.amazonaws.com/${bucket}/${key}`;
    case 'virtual-hosted':
      return `https://${bucket}.s3.${region}.amazonaws.com/${key}`;
    case 's3':
      return `s3://${bucket}/${key}`;
  }
}

const URL_FORMS = ['bare', 'path-global', 'path-regional', 'virtual-hosted', 's3'] as const;

const SUMMARY_OK = '1 out of 1 plugin processed, 1 success, 0 failed, 0 timedout, 0 skipped. ';
const SUMMARY_FAILED =
  '1 out of 1 plugin processed, 0 success, 1 failed, 0 timedout, 0 skipped. \nThe operation aws:runShellScript failed because failed to run commands: exit status 1.';

const DOCUMENTS = ['AWS-RunPatchBaseline', 'AWS-UpdateSSMAgent', 'AWS-GatherSoftwareInventory', 'AWS-ConfigureAWSPackage', 'AWS-RunShellScript', 'Custom-Hardening'];

/** Status / DetailedStatus pairs the generator cycles through (mostly successes). */
const PAIRS: [string, string][] = [
  ['Success', 'Success'],
  ['Success', 'Success'],
  ['Failed', 'Failed'],
  ['Success', 'Success'],
  ['Pending', 'Associated'],
  ['Success', 'Success'],
  ['InProgress', 'InProgress'],
  ['TimedOut', 'TimedOut'],
  ['Success', 'Success'],
  ['Skipped', 'Skipped'],
  ['Failed', 'Failed'],
  ['Pending', 'Pending'],
];

export interface MakeAssociationsOptions {
  /** Newest ExecutionDate; older rows are 37 minutes apart. Default 2025-06-01T12:00:00.123Z. */
  start?: string | Date;
  /** Cycle through these statuses (DetailedStatus = Status) instead of the default mix. */
  statuses?: string[];
  bucket?: string;
  region?: string;
  /** Changes every AssociationId (for several distinct sets on one node id). */
  seed?: string;
}

/**
 * `count` deterministic association status rows for `instanceId`, in the fleet/JSON form
 * (ExecutionDate as an ISO string). Mixed statuses, every accepted OutputUrl form, some rows
 * without AssociationName, ExecutionSummary or OutputUrl.
 */
export function makeAssociations(instanceId: string, count: number, opts: MakeAssociationsOptions = {}): InstanceAssociationStatusInfo[] {
  const start = new Date(opts.start ?? '2025-06-01T12:00:00.123Z').getTime();
  const rows: InstanceAssociationStatusInfo[] = [];
  for (let i = 0; i < count; i++) {
    const [Status, DetailedStatus] = opts.statuses ? [opts.statuses[i % opts.statuses.length], opts.statuses[i % opts.statuses.length]] : PAIRS[i % PAIRS.length];
    const AssociationId = uuidFrom(`${opts.seed ?? ''}${instanceId}/${i}`);
    const row: InstanceAssociationStatusInfo = {
      AssociationId,
      Name: DOCUMENTS[i % DOCUMENTS.length],
      DocumentVersion: i % 5 === 0 ? '$DEFAULT' : String(1 + (i % 4)),
      AssociationVersion: String(1 + (i % 3)),
      InstanceId: instanceId,
      ExecutionDate: new Date(start - i * 37 * 60_000).toISOString(),
      Status,
      DetailedStatus,
      ErrorCode: Status === 'Failed' ? 'ExecutionError' : Status === 'TimedOut' ? 'StuckAtInProgress' : '',
    };
    if (i % 7 !== 3) row.AssociationName = `assoc-${String(i).padStart(5, '0')}`;
    if (Status === 'Success') row.ExecutionSummary = SUMMARY_OK;
    else if (Status === 'Failed') row.ExecutionSummary = SUMMARY_FAILED;
    else if (Status === 'TimedOut') row.ExecutionSummary = '1 out of 1 plugin processed, 0 success, 0 failed, 1 timedout, 0 skipped. ';
    else if (Status === 'Skipped') row.ExecutionSummary = '1 out of 1 plugin processed, 0 success, 0 failed, 0 timedout, 1 skipped. ';
    if (['Success', 'Failed', 'TimedOut'].includes(Status) && i % 4 !== 1) {
      const form = URL_FORMS[i % URL_FORMS.length];
      row.OutputUrl = { S3OutputUrl: { OutputUrl: outputUrl(form, `ssm/${instanceId}/${AssociationId}/awsrunShellScript`, opts.bucket, opts.region) } };
    }
    rows.push(row);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Hostile strings

const LONG_SUMMARY = (() => {
  const base = '**Bold** [run](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> \u202Etxt.exe\u202C $(alert) ';
  let s = '';
  while (s.length < 512) s += base;
  return s.slice(0, 512);
})();

export const HOSTILE = {
  markdown: '**bold** _em_ `code` # Heading\n> quote [link](https://evil.example) ![img](https://evil.example/x.png)',
  commandLink: '[Open terminal](command:workbench.action.terminal.new) [x](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%5Cn%22%7D)',
  html: '<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">click</a>',
  control: 'ctl:\u0000\u0007\u0008\u001b[31mred\u001b[0m\r\n\tend\u007f',
  rtl: 'abc\u202Efdp.exe\u202C \u200F\u200Bzero\u2066isolate\u2069 \uD83D\uDCA5',
  codicon: '$(alert) $(terminal) $(loading~spin)',
  long512: LONG_SUMMARY,
  longWord: 'A'.repeat(300),
  outputUrls: [
    'javascript:alert(1)',
    'command:workbench.action.terminal.new',
    'file:///etc/passwd',
    `https://s3.amazonaws.com.evil.example/${DEMO.bucket}/key`,
    'https://s3.amazonaws.com/Bad_Bucket/key',
    `${DEMO.bucket}/ssm/../../../etc/passwd`,
  ],
  /**
   * OutputUrls whose text reaches a notification (issue 10): a `command:` link inside a valid URL (the
   * console opens; the "Opened …" message must show the link inert), a whole OutputUrl that is a link
   * (refused; the warning must show it inert), and `\` traversal that URL parsers read as `/`.
   */
  outputLinks: {
    accepted: `https://s3.amazonaws.com/${DEMO.bucket}/[Open](command:workbench.action.terminal.new)`,
    refused: '[Click](command:workbench.action.openSettings)',
    backslash: `https://s3.amazonaws.com/${DEMO.bucket}/prefix\\..\\..\\attacker-bucket\\x`,
    backslashHost: 'https://s3.amazonaws.com\\evil.com/k',
  },
} as const;

function hostileAssociations(id: string): InstanceAssociationStatusInfo[] {
  const statuses: [string, string][] = [
    ['Success', HOSTILE.markdown],
    ['Failed', HOSTILE.html],
    ['Pending', 'Associated'],
    ['InProgress', HOSTILE.control],
    ['TimedOut', HOSTILE.rtl],
    ['Skipped', HOSTILE.codicon],
    ['Associated', 'Associated'],
    ['Weird', HOSTILE.commandLink],
    ['<b>Failed</b>', HOSTILE.longWord],
  ];
  const texts = [HOSTILE.markdown, HOSTILE.commandLink, HOSTILE.html, HOSTILE.control, HOSTILE.rtl, HOSTILE.codicon, HOSTILE.longWord];
  const rows = statuses.map(([Status, DetailedStatus], i) => {
    const row: InstanceAssociationStatusInfo = {
      AssociationId: uuidFrom(`${id}/hostile/${i}`),
      // Real names match ^[a-zA-Z0-9_\-.]{3,128}$; two rows stay legal, the rest test the renderer.
      AssociationName: i === 0 ? 'legal-name_1.0' : i === 1 ? 'x'.repeat(128) : texts[i % texts.length],
      Name: i % 2 ? `arn:aws:ssm:eu-west-1:111111111111:document/${texts[(i + 1) % texts.length]}` : texts[(i + 2) % texts.length],
      DocumentVersion: i === 0 ? '$LATEST' : texts[(i + 3) % texts.length],
      AssociationVersion: i === 0 ? '1' : texts[(i + 4) % texts.length],
      InstanceId: id,
      ExecutionDate: i === 8 ? 0 : new Date(Date.UTC(2025, 5, 1, 12, 0, 0, 123) - i * 3_600_000).toISOString(),
      Status,
      DetailedStatus,
      ErrorCode: i === 0 ? '' : texts[(i + 5) % texts.length],
      ExecutionSummary: i % 3 === 0 ? HOSTILE.long512 : texts[(i + 6) % texts.length],
    };
    if (i < HOSTILE.outputUrls.length) row.OutputUrl = { S3OutputUrl: { OutputUrl: HOSTILE.outputUrls[i] } };
    else if (i === 6) row.OutputUrl = { S3OutputUrl: { OutputUrl: `${HOSTILE.html}` } };
    else if (i === 7) row.OutputUrl = { S3OutputUrl: { OutputUrl: outputUrl('virtual-hosted', `ssm/${id}/ok`) } };
    return row;
  });
  // Rows with legal names whose OutputUrl or summary carries a command link or a backslash.
  const links = HOSTILE.outputLinks;
  const linkRows: [string, string, string][] = [
    ['output-command-link', links.accepted, HOSTILE.commandLink],
    ['output-link-refused', links.refused, `1 out of 1 plugin processed, 0 success, 1 failed. ${HOSTILE.commandLink}`],
    ['output-backslash', links.backslash, 'ok'],
    ['output-backslash-host', links.backslashHost, 'ok'],
  ];
  return [
    ...rows,
    ...linkRows.map(([name, url, summary], k): InstanceAssociationStatusInfo => ({
      AssociationId: uuidFrom(`${id}/hostile-link/${k}`),
      AssociationName: name,
      Name: 'AWS-RunShellScript',
      DocumentVersion: '1',
      AssociationVersion: '1',
      InstanceId: id,
      ExecutionDate: new Date(Date.UTC(2025, 5, 1, 11, 0, 0, 0) - k * 60_000).toISOString(),
      Status: 'Failed',
      DetailedStatus: 'Failed',
      ErrorCode: '[x](command:workbench.action.terminal.new)',
      ExecutionSummary: summary,
      OutputUrl: { S3OutputUrl: { OutputUrl: url } },
    })),
  ];
}

// ---------------------------------------------------------------------------------------------
// The fleet

const PING = '2025-06-01T12:05:00.000Z';

function threeAssociations(id: string): InstanceAssociationStatusInfo[] {
  const a = (n: number) => uuidFrom(`${id}/${n}`);
  return [
    {
      AssociationId: a(0),
      AssociationName: 'patch-baseline-nightly',
      Name: 'AWS-RunPatchBaseline',
      DocumentVersion: '$DEFAULT',
      AssociationVersion: '3',
      InstanceId: id,
      ExecutionDate: '2025-06-01T11:58:12.198Z',
      Status: 'Success',
      DetailedStatus: 'Success',
      ErrorCode: '',
      ExecutionSummary: SUMMARY_OK,
      OutputUrl: { S3OutputUrl: { OutputUrl: outputUrl('path-regional', `patching/${id}/${a(0)}/awsrunPowerShellScript/PatchWindows`) } },
    },
    {
      AssociationId: a(1),
      AssociationName: 'hardening-script',
      Name: 'AWS-RunShellScript',
      DocumentVersion: '1',
      AssociationVersion: '1',
      InstanceId: id,
      ExecutionDate: '2025-06-01T11:30:00.5Z',
      Status: 'Failed',
      DetailedStatus: 'Failed',
      ErrorCode: 'ExecutionError',
      ExecutionSummary: SUMMARY_FAILED,
      OutputUrl: { S3OutputUrl: { OutputUrl: outputUrl('bare', `hardening/${id}/${a(1)}/awsrunShellScript/0.awsrunShellScript`) } },
    },
    {
      AssociationId: a(2),
      AssociationName: 'update-agent',
      Name: 'AWS-UpdateSSMAgent',
      DocumentVersion: '$DEFAULT',
      AssociationVersion: '1',
      InstanceId: id,
      ExecutionDate: 1748778000,
      Status: 'Pending',
      DetailedStatus: 'Associated',
      ErrorCode: '',
    },
  ];
}

function hybridAssociations(id: string): InstanceAssociationStatusInfo[] {
  const forms = ['virtual-hosted', 's3', 'path-global', 'bare'] as const;
  return forms.map((form, i) => ({
    AssociationId: uuidFrom(`${id}/${i}`),
    AssociationName: `onprem-${form}`,
    Name: DOCUMENTS[i],
    DocumentVersion: '$DEFAULT',
    AssociationVersion: '1',
    InstanceId: id,
    ExecutionDate: new Date(Date.UTC(2025, 4, 31, 22, 0, 0, 250) - i * 600_000).toISOString(),
    Status: i === 2 ? 'Failed' : 'Success',
    DetailedStatus: i === 2 ? 'Failed' : 'Success',
    ErrorCode: i === 2 ? 'ExecutionError' : '',
    ExecutionSummary: i === 2 ? SUMMARY_FAILED : SUMMARY_OK,
    OutputUrl: { S3OutputUrl: { OutputUrl: outputUrl(form, `onprem/${id}/${uuidFrom(`${id}/${i}`)}`) } },
  }));
}

function node(InstanceId: string, associations: InstanceAssociationStatusInfo[], extra: Partial<ManagedNode> = {}): ManagedNode {
  return {
    InstanceId,
    PingStatus: 'Online',
    ComputerName: `ip-10-0-1-${parseInt(InstanceId.slice(-3), 16) % 250}.eu-west-1.compute.internal`,
    PlatformName: 'Amazon Linux',
    PlatformType: 'Linux',
    PlatformVersion: '2023',
    IPAddress: `10.0.1.${parseInt(InstanceId.slice(-3), 16) % 250}`,
    LastPingDateTime: PING,
    associations,
    ...extra,
  };
}

function demoAccount(nodes: Record<string, ManagedNode[]>): Account {
  return { name: 'demo', id: ACCOUNTS.demo, keys: [{ ...KEYS.demo }, { ...KEYS.session }, { ...KEYS.expiredSession, expired: true }], regions: nodes };
}

function secondAccount(nodes: Record<string, ManagedNode[]>): Account {
  return { name: 'second', id: ACCOUNTS.second, keys: [{ ...KEYS.second }], regions: nodes };
}

export function defaultFleet(): Fleet {
  const n = DEMO.nodes;
  const pings = ['Online', 'ConnectionLost', 'Inactive', 'Online', 'Online'];
  return {
    accounts: [
      demoAccount({
        [DEMO.region]: [
          node(n.three, threeAssociations(n.three), { ComputerName: 'web-01.example.internal' }),
          node(n.many, makeAssociations(n.many, 137), { ComputerName: 'batch-137.example.internal', PlatformName: 'Ubuntu', PlatformVersion: '24.04' }),
          node(n.empty, [], { ComputerName: 'empty-00.example.internal' }),
          node(n.hybrid, hybridAssociations(n.hybrid), {
            ComputerName: 'onprem-rack7',
            PlatformName: 'Microsoft Windows Server 2022 Datacenter',
            PlatformType: 'Windows',
            PlatformVersion: '10.0.20348',
            ResourceType: 'ManagedInstance',
            IPAddress: '192.168.7.20',
          }),
          node(n.noAccess, makeAssociations(n.noAccess, 2), { noAccess: true, ComputerName: 'secret.example.internal' }),
          node(n.hostile, hostileAssociations(n.hostile), {
            ComputerName: `${HOSTILE.html} ${HOSTILE.rtl}`,
            PlatformName: `${HOSTILE.markdown} ${HOSTILE.codicon}`,
            PlatformVersion: HOSTILE.control,
            IPAddress: '10.0.1.66',
            tags: { Name: HOSTILE.commandLink },
          }),
          node(n.shortId, makeAssociations(n.shortId, 2), { ComputerName: 'legacy-short-id' }),
          ...n.fillers.map((id, i) =>
            node(id, makeAssociations(id, 1 + (i % 2)), { PingStatus: pings[i], ComputerName: `filler-${i}.example.internal`, tags: { Role: i % 2 ? 'db' : 'web' } }),
          ),
        ],
        [DEMO.otherRegion]: [node(n.otherRegion, makeAssociations(n.otherRegion, 2, { region: DEMO.otherRegion }), { ComputerName: 'virginia-01' })],
      }),
      secondAccount({
        [DEMO.region]: [node(n.secondAccount, makeAssociations(n.secondAccount, 2, { bucket: 'ssm-output-222222222222' }), { ComputerName: 'second-02' })],
      }),
    ],
  };
}

export interface FleetNodeSpec {
  id: string;
  count: number;
  /** 'demo' (default) or 'second'. */
  account?: 'demo' | 'second';
  region?: string;
  noAccess?: boolean;
}

/**
 * A fleet with the default accounts and keys and just these nodes (plus, with
 * `{ withDefaultNodes: true }`, the default fleet's nodes).
 */
export function fleetWith(nodes: FleetNodeSpec[], opts: { withDefaultNodes?: boolean } = {}): Fleet {
  const fleet: Fleet = opts.withDefaultNodes ? defaultFleet() : { accounts: [demoAccount({}), secondAccount({})] };
  for (const spec of nodes) {
    const account = fleet.accounts.find((a) => a.name === (spec.account ?? 'demo'))!;
    const region = spec.region ?? DEMO.region;
    const list = (account.regions[region] ??= []);
    const i = list.findIndex((x) => x.InstanceId === spec.id);
    const entry = node(spec.id, makeAssociations(spec.id, spec.count, { region }), spec.noAccess ? { noAccess: true } : {});
    if (i >= 0) list[i] = entry;
    else list.push(entry);
  }
  return fleet;
}
