/**
 * DescribeInstanceInformation on the demo fleet, and the association/run operations, with the
 * real @aws-sdk/client-ssm over HTTP.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  DescribeAssociationCommand,
  DescribeAssociationExecutionTargetsCommand,
  DescribeAssociationExecutionsCommand,
  DescribeInstanceAssociationsStatusCommand,
  DescribeInstanceInformationCommand,
  type DescribeInstanceInformationCommandInput,
  GetCommandInvocationCommand,
  type InstanceInformation,
  ListCommandInvocationsCommand,
  SSMClient,
  StartAssociationsOnceCommand,
} from '@aws-sdk/client-ssm';
import { type Emulator, DEMO, DEMO_FLEET, HOSTILE, KEYS, STDERR_LIMIT, STDOUT_LIMIT, demoAssociationId, demoFleet, opScope, start } from './index.js';
import { TRIGGER_TO_RUN_MS } from './runs.js';
import { rejectsWith } from './helpers.js';

type Creds = { accessKeyId: string; secretAccessKey: string };

function client(emu: Emulator, creds: Creds = KEYS.demo, region: string = DEMO.region): SSMClient {
  return new SSMClient({ endpoint: emu.url, region, credentials: creds, maxAttempts: 1 });
}

async function allNodes(c: SSMClient, input: DescribeInstanceInformationCommandInput = {}): Promise<{ nodes: InstanceInformation[]; pages: number }> {
  const nodes: InstanceInformation[] = [];
  let NextToken: string | undefined;
  let pages = 0;
  do {
    const out = await c.send(new DescribeInstanceInformationCommand({ ...input, NextToken }));
    nodes.push(...out.InstanceInformationList!);
    NextToken = out.NextToken;
    assert.ok(++pages < 100, 'runaway paging');
  } while (NextToken);
  return { nodes, pages };
}

const F = DEMO_FLEET;

describe('demo fleet: DescribeInstanceInformation', () => {
  let emu: Emulator;
  let c: SSMClient;
  before(async () => {
    emu = await start({ fleet: demoFleet() });
    c = client(emu);
  });
  after(() => emu.stop());
  beforeEach(() => {
    emu.clearLog();
    emu.clearFaults();
  });

  it('lists every running node of the account and region, 10 by default, 50 at most, omitting stopped and terminated ones', async () => {
    const first = await c.send(new DescribeInstanceInformationCommand({}));
    assert.equal(first.InstanceInformationList!.length, 10);
    assert.ok(first.NextToken);
    const { nodes, pages } = await allNodes(c, { MaxResults: 50 });
    const fleet = demoFleet().accounts[0].regions[DEMO.region];
    const expected = fleet.filter((n) => !n.noAccess && n.state !== 'stopped' && n.state !== 'terminated').map((n) => n.InstanceId);
    assert.deepEqual(nodes.map((n) => n.InstanceId), expected);
    assert.equal(pages, Math.ceil(expected.length / 50));
    assert.ok(expected.length > 140, String(expected.length));
    const ids = new Set(nodes.map((n) => n.InstanceId));
    for (const gone of [F.nodes.stopped, F.nodes.terminated, DEMO.nodes.noAccess]) assert.ok(!ids.has(gone), gone);
    const hybrid = nodes.find((n) => n.InstanceId === F.nodes.hybrid)!;
    assert.equal(hybrid.ResourceType, 'ManagedInstance');
    assert.match(hybrid.Name!, /onprem/);
    assert.ok(hybrid.RegistrationDate instanceof Date);
    assert.equal(nodes.find((n) => n.InstanceId === F.nodes.web)!.ResourceType, 'EC2Instance');
    const pings = new Set(nodes.map((n) => n.PingStatus));
    assert.deepEqual([...pings].sort(), ['ConnectionLost', 'Inactive', 'Online']);
    await rejectsWith(c.send(new DescribeInstanceInformationCommand({ MaxResults: 4 })), 'ValidationException', /greater than or equal to 5/);
    await rejectsWith(c.send(new DescribeInstanceInformationCommand({ MaxResults: 51 })), 'ValidationException', /less than or equal to 50/);
  });

  it('the overview of each node agrees with its association statuses', async () => {
    const { nodes } = await allNodes(c, { MaxResults: 50, Filters: [{ Key: 'InstanceIds', Values: [F.nodes.failedHardening, F.nodes.web, F.nodes.hybrid, DEMO.nodes.three] }] });
    assert.equal(nodes.length, 4);
    for (const n of nodes) {
      const rows = (await c.send(new DescribeInstanceAssociationsStatusCommand({ InstanceId: n.InstanceId! }))).InstanceAssociationStatusInfos!;
      const counts: Record<string, number> = {};
      for (const r of rows) counts[r.Status!] = (counts[r.Status!] ?? 0) + 1;
      assert.deepEqual(n.AssociationOverview!.InstanceAssociationStatusAggregatedCount, counts, n.InstanceId);
      const want = counts.Failed ? 'Failed' : counts.Pending ? 'Pending' : 'Success';
      assert.equal(n.AssociationStatus, want, n.InstanceId);
      assert.equal(n.AssociationOverview!.DetailedStatus, want);
      const newest = Math.max(...rows.map((r) => r.ExecutionDate!.getTime()));
      assert.equal(n.LastAssociationExecutionDate!.getTime(), newest);
    }
    assert.equal(nodes.find((n) => n.InstanceId === F.nodes.failedHardening)!.AssociationStatus, 'Failed');
  });

  it('filters: ping status, resource type, association status, platform, agent version, tags', async () => {
    const list = async (Filters: { Key: string; Values: string[] }[]) => (await allNodes(c, { MaxResults: 50, Filters })).nodes;
    assert.ok((await list([{ Key: 'PingStatus', Values: ['ConnectionLost'] }])).every((n) => n.PingStatus === 'ConnectionLost'));
    const hybrids = await list([{ Key: 'ResourceType', Values: ['ManagedInstance'] }]);
    assert.ok(hybrids.length >= 10 && hybrids.every((n) => n.InstanceId!.startsWith('mi-')));
    const failed = await list([{ Key: 'AssociationStatus', Values: ['Failed'] }]);
    assert.ok(failed.length > 5 && failed.every((n) => n.AssociationStatus === 'Failed'));
    assert.ok(failed.some((n) => n.InstanceId === F.nodes.failedHardening));
    const windowsOld = await list([{ Key: 'PlatformTypes', Values: ['Windows'] }, { Key: 'AgentVersion', Values: ['3.2.2303.0'] }]);
    assert.ok(windowsOld.length > 0 && windowsOld.every((n) => n.PlatformType === 'Windows' && n.AgentVersion === '3.2.2303.0'));
    const db = await list([{ Key: 'tag:Role', Values: ['db'] }]);
    assert.ok(db.some((n) => n.InstanceId === F.nodes.bigOutput) && !db.some((n) => n.InstanceId === F.nodes.web));
    assert.ok((await list([{ Key: 'tag-key', Values: ['Env'] }])).length > 100);
    await rejectsWith(c.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'tag:Role', Values: ['db'] }, { Key: 'PingStatus', Values: ['Online'] }] })), 'InvalidInstanceInformationFilterValue', /Tag filters cannot be combined/);
    await rejectsWith(
      c.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'PingStatus', Values: ['Online'] }], InstanceInformationFilterList: [{ key: 'PingStatus', valueSet: ['Online'] }] })),
      'InvalidInstanceInformationFilterValue',
    );
    await rejectsWith(c.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'PingStatus', Values: ['Sleeping'] }] })), 'InvalidInstanceInformationFilterValue');
    await rejectsWith(c.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'Colour', Values: ['x'] }] })), 'InvalidFilterKey');
  });

  it('one bad, foreign or other-region id in InstanceIds fails the whole request; stopped ones are just not listed', async () => {
    const ids = (extra: string) => ({ Filters: [{ Key: 'InstanceIds', Values: [F.nodes.web, extra] }] });
    for (const bad of [F.nodes.secondEu, F.nodes.demoUs, 'i-123', DEMO.nodes.noAccess, 'i-0fffffffffffffff0']) {
      await rejectsWith(c.send(new DescribeInstanceInformationCommand(ids(bad))), 'InvalidInstanceId', new RegExp(bad));
    }
    const out = await c.send(new DescribeInstanceInformationCommand(ids(F.nodes.stopped)));
    assert.deepEqual(out.InstanceInformationList!.map((n) => n.InstanceId), [F.nodes.web]);
  });

  it('each account sees its own fleet in each region', async () => {
    const counts: number[] = [];
    for (const [creds, region] of [[KEYS.second, DEMO.region], [KEYS.second, DEMO.otherRegion], [KEYS.demo, DEMO.otherRegion]] as const) {
      const { nodes } = await allNodes(client(emu, creds, region), { MaxResults: 50 });
      counts.push(nodes.length);
      const prefix = creds === KEYS.second ? (region === DEMO.region ? '0d2e' : '0d2a') : '0d1a';
      assert.ok(nodes.filter((n) => !/^i-0[ab]1b2c3d4e5f6/.test(n.InstanceId!)).every((n) => n.InstanceId!.includes(prefix)), `${creds.accessKeyId} ${region}`);
    }
    assert.ok(counts.every((n) => n > 40), String(counts));
    await rejectsWith(client(emu, KEYS.second).send(new DescribeInstanceAssociationsStatusCommand({ InstanceId: F.nodes.web })), 'InvalidInstanceId');
  });

  it('throttles, fails and sends empty pages with a token for this operation alone (op scope)', async () => {
    emu.setFault({ throttle: 1 }, opScope('DescribeInstanceInformation'));
    await c.send(new DescribeInstanceAssociationsStatusCommand({ InstanceId: F.nodes.web })); // other operations pass
    await rejectsWith(c.send(new DescribeInstanceInformationCommand({})), 'ThrottlingException', /Rate exceeded/);
    emu.setFault({ internalError: 1 }, opScope('DescribeInstanceInformation'));
    await rejectsWith(c.send(new DescribeInstanceInformationCommand({})), 'InternalServerError');
    emu.setFault({ emptyPageWithToken: 2 }, opScope('DescribeInstanceInformation'));
    const { nodes, pages } = await allNodes(c, { MaxResults: 50 });
    assert.equal(new Set(nodes.map((n) => n.InstanceId)).size, nodes.length);
    assert.equal(pages, 2 + Math.ceil(nodes.length / 50));
    assert.deepEqual(emu.log.filter((e) => e.operation === 'DescribeInstanceInformation').slice(-pages, -pages + 2).map((e) => e.returned), [0, 0]);
  });
});

describe('associations, executions and Run Command output', () => {
  let emu: Emulator;
  let c: SSMClient;
  before(async () => {
    // Runs move on only when a test says so (advanceRuns), never by the clock: the machine may be slow.
    emu = await start({ fleet: demoFleet(), runTimings: { pendingMs: 600_000, inProgressMs: 600_000 } });
    c = client(emu);
  });
  after(() => emu.stop());
  beforeEach(() => {
    emu.clearLog();
    emu.clearFaults();
  });

  const executions = (AssociationId: string, more: object = {}) => c.send(new DescribeAssociationExecutionsCommand({ AssociationId, ...more }));
  const targetOf = async (AssociationId: string, ExecutionId: string, node: string) =>
    (await c.send(new DescribeAssociationExecutionTargetsCommand({ AssociationId, ExecutionId, Filters: [{ Key: 'ResourceId', Value: node }] }))).AssociationExecutionTargets!;

  it('DescribeAssociation: targets, schedule, parameters, and an output bucket in another region than the nodes', async () => {
    const d = (await c.send(new DescribeAssociationCommand({ AssociationId: F.associations.hardening }))).AssociationDescription!;
    assert.equal(d.Name, 'Custom-Hardening');
    assert.equal(d.AssociationName, 'hardening');
    assert.deepEqual(d.Targets, [{ Key: 'tag:Role', Values: ['web'] }]);
    assert.equal(d.ScheduleExpression, 'rate(30 minutes)');
    assert.deepEqual(d.Parameters, { profile: ['cis-level-1'] });
    assert.deepEqual(d.OutputLocation!.S3Location, { OutputS3Region: 'eu-central-1', OutputS3BucketName: F.buckets.demo.logs, OutputS3KeyPrefix: 'hardening/eu-west-1' });
    assert.notEqual(d.OutputLocation!.S3Location!.OutputS3Region, DEMO.region);
    assert.equal(d.Overview!.Status, 'Failed');
    assert.ok(d.Overview!.AssociationStatusAggregatedCount!.Failed! > 0);
    assert.ok(d.LastExecutionDate instanceof Date);
    // Associations that only exist as status rows get a derived description.
    const three = (await c.send(new DescribeInstanceAssociationsStatusCommand({ InstanceId: DEMO.nodes.three }))).InstanceAssociationStatusInfos!;
    const derived = (await c.send(new DescribeAssociationCommand({ AssociationId: three[1].AssociationId! }))).AssociationDescription!;
    assert.deepEqual(derived.Targets, [{ Key: 'InstanceIds', Values: [DEMO.nodes.three] }]);
    assert.equal(derived.OutputLocation!.S3Location!.OutputS3BucketName, DEMO.bucket);
    await rejectsWith(c.send(new DescribeAssociationCommand({ AssociationId: demoAssociationId('second', DEMO.region, 'hardening') })), 'AssociationDoesNotExist');
    await rejectsWith(c.send(new DescribeAssociationCommand({ AssociationId: 'nope' })), 'ValidationException');
    emu.setFault({ apiError: { type: 'AssociationDoesNotExist', count: 1 } }, F.associations.patch);
    await rejectsWith(c.send(new DescribeAssociationCommand({ AssociationId: F.associations.patch })), 'AssociationDoesNotExist', /injected/);
    await c.send(new DescribeAssociationCommand({ AssociationId: F.associations.patch }));
  });

  it('DescribeAssociationExecutions: newest first, pages of 1-50, filters on ExecutionId, Status and CreatedTime', async () => {
    const all: { ExecutionId?: string; CreatedTime?: Date; Status?: string }[] = [];
    let NextToken: string | undefined;
    do {
      const out = await executions(F.associations.hardening, { MaxResults: 50, NextToken });
      all.push(...out.AssociationExecutions!);
      NextToken = out.NextToken;
    } while (NextToken);
    assert.equal(all.length, 61);
    assert.deepEqual(emu.log.map((e) => e.returned), [50, 11]);
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].CreatedTime! > all[i].CreatedTime!, 'newest first');
    const one = await executions(F.associations.hardening, { Filters: [{ Key: 'ExecutionId', Value: all[5].ExecutionId!, Type: 'EQUAL' }] });
    assert.deepEqual(one.AssociationExecutions!.map((e) => e.ExecutionId), [all[5].ExecutionId]);
    const failed = (await executions(F.associations.hardening, { Filters: [{ Key: 'Status', Value: 'Failed', Type: 'EQUAL' }] })).AssociationExecutions!;
    assert.ok(failed.length > 0 && failed.every((e) => e.Status === 'Failed'));
    const at = all[10].CreatedTime!.toISOString();
    const before = (await executions(F.associations.hardening, { Filters: [{ Key: 'CreatedTime', Value: at, Type: 'LESS_THAN' }] })).AssociationExecutions!;
    assert.equal(before.length, 50);
    assert.equal(before[0].ExecutionId, all[11].ExecutionId);
    const afterIt = (await executions(F.associations.hardening, { Filters: [{ Key: 'CreatedTime', Value: at, Type: 'GREATER_THAN' }] })).AssociationExecutions!;
    assert.equal(afterIt.length, 10);
    assert.equal((await executions(F.associations.hardening, { Filters: [{ Key: 'CreatedTime', Value: at, Type: 'EQUAL' }] })).AssociationExecutions!.length, 1);
    assert.match(all[0].Status!, /^(Success|Failed)$/);
    await rejectsWith(executions(F.associations.hardening, { MaxResults: 51 }), 'ValidationException', /less than or equal to 50/);
    await rejectsWith(executions(F.associations.hardening, { MaxResults: 0 }), 'ValidationException');
    await rejectsWith(executions(F.associations.hardening, { Filters: [{ Key: 'Status', Value: 'Failed', Type: 'LESS_THAN' }] }), 'ValidationException');
    await rejectsWith(executions(F.associations.hardening, { Filters: [{ Key: 'Colour', Value: 'x', Type: 'EQUAL' }] }), 'ValidationException');
    await rejectsWith(executions(demoAssociationId('second', DEMO.region, 'patch-baseline')), 'AssociationDoesNotExist');
    await rejectsWith(executions(F.associations.hardening, { NextToken: 'forged' }), 'InvalidNextToken');
  });

  it('execution targets link each node to its Run Command; output per step, cut at 24,000 and 8,000 characters', async () => {
    const latest = (await executions(F.associations.hardening, { MaxResults: 1 })).AssociationExecutions![0];
    const [target] = await targetOf(F.associations.hardening, latest.ExecutionId!, F.nodes.failedHardening);
    assert.equal(target.Status, 'Failed');
    assert.equal(target.ResourceId, F.nodes.failedHardening);
    assert.equal(target.OutputSource!.OutputSourceType, 'RunCommand');
    const CommandId = target.OutputSource!.OutputSourceId!;
    // The status row names the same run: its OutputUrl ends with the run folder of the target's date.
    const row = (await c.send(new DescribeInstanceAssociationsStatusCommand({ InstanceId: F.nodes.failedHardening }))).InstanceAssociationStatusInfos!.find(
      (r) => r.AssociationId === F.associations.hardening,
    )!;
    assert.equal(row.OutputUrl!.S3OutputUrl!.OutputUrl, `${F.buckets.demo.logs}/hardening/eu-west-1/${F.nodes.failedHardening}/${F.associations.hardening}/${target.LastExecutionDate!.toISOString().replace(/:/g, '-')}`);
    assert.match(row.ExecutionSummary!, /3 out of 3 plugins processed, 1 success, 1 failed, 0 timedout, 1 skipped\. \nThe operation applyBaseline failed because/);

    const inv = (await c.send(new ListCommandInvocationsCommand({ CommandId, InstanceId: F.nodes.failedHardening, Details: true }))).CommandInvocations!;
    assert.equal(inv.length, 1);
    assert.deepEqual(inv[0].CommandPlugins!.map((p) => [p.Name, p.Status]), [['checkPackages', 'Success'], ['applyBaseline', 'Failed'], ['verify', 'Skipped']]);
    assert.equal(inv[0].DocumentName, 'Custom-Hardening');
    const without = (await c.send(new ListCommandInvocationsCommand({ CommandId, InstanceId: F.nodes.failedHardening }))).CommandInvocations!;
    assert.equal(without[0].CommandPlugins, undefined);

    await rejectsWith(c.send(new GetCommandInvocationCommand({ CommandId, InstanceId: F.nodes.failedHardening })), 'InvalidPluginName');
    const failedStep = await c.send(new GetCommandInvocationCommand({ CommandId, InstanceId: F.nodes.failedHardening, PluginName: 'applyBaseline' }));
    assert.equal(failedStep.Status, 'Failed');
    assert.ok(failedStep.StandardErrorContent!.includes(HOSTILE.html), 'untrusted text arrives verbatim');
    assert.match(failedStep.StandardErrorUrl!, /^https:\/\/s3\.eu-central-1\.amazonaws\.com\/ssm-hardening-logs-111111111111\/hardening\/eu-west-1\/.*\/applyBaseline\/stderr$/);
    const okStep = await c.send(new GetCommandInvocationCommand({ CommandId, InstanceId: F.nodes.failedHardening, PluginName: 'checkPackages' }));
    assert.equal(okStep.StandardErrorContent, '');
    assert.match(okStep.StandardOutputContent!, /completed, exit code 0/);
    await rejectsWith(c.send(new GetCommandInvocationCommand({ CommandId, InstanceId: F.nodes.failedHardening, PluginName: 'nope' })), 'InvalidPluginName');
    await rejectsWith(c.send(new GetCommandInvocationCommand({ CommandId, InstanceId: F.nodes.bigOutput, PluginName: 'verify' })), 'InvocationDoesNotExist');
    await rejectsWith(c.send(new GetCommandInvocationCommand({ CommandId, InstanceId: F.nodes.secondEu })), 'InvalidInstanceId');
    await rejectsWith(targetOf(F.associations.hardening, '00000000-0000-4000-8000-000000000000', F.nodes.web), 'AssociationExecutionDoesNotExist');
    await rejectsWith(c.send(new DescribeAssociationExecutionTargetsCommand({ AssociationId: F.associations.hardening } as never)), 'ValidationException', /executionId/);

    // The 5 MB run: both streams are cut.
    const big = (await executions(F.associations.backup, { MaxResults: 1 })).AssociationExecutions![0];
    const [bigTarget] = await targetOf(F.associations.backup, big.ExecutionId!, F.nodes.bigOutput);
    const out = await c.send(new GetCommandInvocationCommand({ CommandId: bigTarget.OutputSource!.OutputSourceId!, InstanceId: F.nodes.bigOutput }));
    assert.equal(out.StandardOutputContent!.length, STDOUT_LIMIT);
    assert.equal(out.StandardErrorContent!.length, STDERR_LIMIT);
    assert.equal(out.PluginName, 'aws:runShellScript');

    emu.setFault({ throttle: 1 }, opScope('GetCommandInvocation'));
    await rejectsWith(c.send(new GetCommandInvocationCommand({ CommandId, InstanceId: F.nodes.failedHardening, PluginName: 'verify' })), 'ThrottlingException');
    emu.setFault({ apiError: { type: 'InvalidInstanceId', count: 1 } }, F.nodes.failedHardening);
    await rejectsWith(c.send(new ListCommandInvocationsCommand({ CommandId, InstanceId: F.nodes.failedHardening })), 'InvalidInstanceId');
  });

  it('StartAssociationsOnce runs on every target: Pending, InProgress, then the outcome, with a new execution and its output', async () => {
    const id = F.associations.hardening;
    const before = (await executions(id, { MaxResults: 1 })).AssociationExecutions![0];
    emu.setRunBehaviour({ outcomes: { [F.nodes.web]: 'Failed' } });
    await c.send(new StartAssociationsOnceCommand({ AssociationIds: [id] }));
    const statusOf = async (node: string) =>
      (await c.send(new DescribeInstanceAssociationsStatusCommand({ InstanceId: node }))).InstanceAssociationStatusInfos!.find((r) => r.AssociationId === id)!;
    assert.equal((await statusOf(F.nodes.failedHardening)).Status, 'Pending');
    const started = (await executions(id, { MaxResults: 1 })).AssociationExecutions![0];
    assert.notEqual(started.ExecutionId, before.ExecutionId);
    assert.equal(started.Status, 'Pending');
    // The demo fleet's web nodes (the default fleet's fillers carry Role=web too, but not this association).
    const running = (await allNodes(c, { MaxResults: 50, Filters: [{ Key: 'tag:Role', Values: ['web'] }] })).nodes.filter((n) => n.InstanceId!.includes('0d1e')).length;
    assert.ok(running > 40);
    const targets = (await c.send(new DescribeAssociationExecutionTargetsCommand({ AssociationId: id, ExecutionId: started.ExecutionId! }))).AssociationExecutionTargets!;
    assert.equal(targets.length, running, 'every running target (stopped/terminated nodes are not run)');
    assert.ok(targets.every((t) => t.Status === 'Pending' && t.OutputSource === undefined));

    emu.advanceRuns();
    assert.equal((await statusOf(F.nodes.failedHardening)).Status, 'InProgress');
    const [inProgress] = await targetOf(id, started.ExecutionId!, F.nodes.failedHardening);
    const CommandId = inProgress.OutputSource!.OutputSourceId!;
    // The target's command is the refresh trigger (assumed, see README "What the endpoint follows"), done as soon as it asked.
    const during = await c.send(new GetCommandInvocationCommand({ CommandId, InstanceId: F.nodes.failedHardening }));
    assert.equal(during.DocumentName, 'AWS-RefreshAssociation');
    assert.equal(during.PluginName, 'aws:refreshAssociation');
    assert.equal(during.Status, 'Success');
    assert.equal(during.StandardOutputContent, `Associations [${id}] have been requested to execute immediately\n`);
    await rejectsWith(c.send(new GetCommandInvocationCommand({ CommandId, InstanceId: F.nodes.failedHardening, PluginName: 'verify' })), 'InvalidPluginName');

    assert.equal((await fetch(`${emu.url}/__control/runs/advance`, { method: 'POST' })).status, 200);
    const done = await statusOf(F.nodes.failedHardening);
    assert.equal(done.Status, 'Success');
    assert.match(done.ExecutionSummary!, /3 success/);
    // The run folder is named after the run's start, a moment after the trigger's time.
    assert.ok(done.OutputUrl!.S3OutputUrl!.OutputUrl!.endsWith(new Date(inProgress.LastExecutionDate!.getTime() + TRIGGER_TO_RUN_MS).toISOString().replace(/:/g, '-')));
    assert.equal((await statusOf(F.nodes.web)).Status, 'Failed');
    const finished = (await executions(id, { MaxResults: 1 })).AssociationExecutions![0];
    assert.equal(finished.ExecutionId, started.ExecutionId);
    assert.equal(finished.Status, 'Failed');
    assert.match(finished.ResourceCountByStatus!, /Failed=1/);
    const after = await c.send(new ListCommandInvocationsCommand({ CommandId, InstanceId: F.nodes.failedHardening, Details: true }));
    assert.deepEqual(after.CommandInvocations!.map((i) => [i.DocumentName, i.CommandPlugins!.map((p) => p.Name)]), [['AWS-RefreshAssociation', ['aws:refreshAssociation']]]);
  });

  it('StartAssociationsOnce refuses bad, unknown and foreign ids, and takes its faults', async () => {
    await rejectsWith(c.send(new StartAssociationsOnceCommand({ AssociationIds: Array(11).fill(F.associations.patch) })), 'ValidationException', /less than or equal to 10/);
    await rejectsWith(c.send(new StartAssociationsOnceCommand({ AssociationIds: ['nope'] })), 'ValidationException');
    await rejectsWith(c.send(new StartAssociationsOnceCommand({ AssociationIds: ['00000000-0000-4000-8000-000000000000'] })), 'AssociationDoesNotExist');
    await rejectsWith(c.send(new StartAssociationsOnceCommand({ AssociationIds: [demoAssociationId('second', DEMO.region, 'inventory')] })), 'InvalidAssociation');
    emu.setFault({ throttle: 1 }, opScope('StartAssociationsOnce'));
    await rejectsWith(c.send(new StartAssociationsOnceCommand({ AssociationIds: [F.associations.agent] })), 'ThrottlingException');
    assert.equal(emu.log.at(-1)!.errorType, 'ThrottlingException');
  });

  it('the control API sets run speed and outcomes', async () => {
    const res = await fetch(`${emu.url}/__control/runs`, { method: 'POST', body: JSON.stringify({ pendingMs: 10, outcomes: { [F.nodes.web]: null } }) });
    assert.equal(res.status, 200);
    const state = (await res.json()) as { timings: { pendingMs: number; inProgressMs: number }; outcomes: Record<string, string> };
    assert.deepEqual(state, { timings: { pendingMs: 10, inProgressMs: 600_000 }, outcomes: {} });
    // With no waiting at all, the next request already sees the outcome.
    await fetch(`${emu.url}/__control/runs`, { method: 'POST', body: JSON.stringify({ pendingMs: 0, inProgressMs: 0 }) });
    await c.send(new StartAssociationsOnceCommand({ AssociationIds: [F.associations.agent] }));
    const rows = (await c.send(new DescribeInstanceAssociationsStatusCommand({ InstanceId: F.nodes.connectionLost }))).InstanceAssociationStatusInfos!;
    assert.equal(rows.find((r) => r.AssociationId === F.associations.agent)!.Status, 'Success');
    const bad = await fetch(`${emu.url}/__control/runs`, { method: 'POST', body: JSON.stringify({ outcomes: { x: 'Maybe' } }) });
    assert.equal(bad.status, 400);
    const fault = await fetch(`${emu.url}/__control/faults`, { method: 'POST', body: JSON.stringify({ node: 'op:GetCommandInvocation', fault: { apiError: { type: 'InvocationDoesNotExist', count: 2 } } }) });
    assert.equal(fault.status, 200);
    assert.deepEqual(((await fault.json()) as { nodes: Record<string, unknown> }).nodes['op:GetCommandInvocation'], { apiError: { type: 'InvocationDoesNotExist', count: 2 } });
  });
});
