// The association's side of the API (src/aws/sdk/associationRuns.ts) with the real SSM client over HTTP against the
// local endpoint: what DescribeAssociation is read into (targets, the output location, a legacy association's node),
// a node's runs page by page, Run Command output step by step within its ceilings, the watch's status read, Apply
// Now, and what each request sends and logs. The endpoint's behaviour and its sources: test/emulator/README.md.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeTarget, RequestRunner } from '../../src/aws/contract';
import { AssociationRuns } from '../../src/aws/sdk/associationRuns';
import { ClientPool } from '../../src/aws/sdk/clients';
import { MAX_STREAMS_READ, PRE_PICKED, READ_CONCURRENCY, type StreamRef } from '../../src/core/runOutput';
import { DEMO, DEMO_FLEET as F, demoFleet, KEYS, opScope, STEP_SHOWCASE as S, uuidFrom, withStepShowcase } from '../emulator/index';
import { peakInFlight, useWorld } from './helpers';

const never = new AbortController().signal;
const demo = (nodeId: string): NodeTarget => ({ nodeId, profile: 'ssm-demo' });
/** A node that holds the associations below and nothing else of note. */
const HOLDER = F.nodes.connectionLost;
const LEGACY = uuidFrom('runs-test-legacy');
const BARE = uuidFrom('runs-test-bare');
const ODD = uuidFrom('runs-test-odd');

function fleet() {
  const f = withStepShowcase(demoFleet());
  const account = f.accounts.find((a) => a.name === 'demo')!;
  account.associations![DEMO.region].push(
    // A legacy association, made with an InstanceId before targets existed: DescribeAssociation names the node, no targets.
    { AssociationId: LEGACY, AssociationName: 'legacy', Name: 'AWS-RunShellScript', Targets: [], InstanceId: HOLDER },
    { AssociationId: BARE, AssociationName: 'bare', Name: 'AWS-RunShellScript', Targets: [] },
    {
      AssociationId: ODD,
      AssociationName: 'odd',
      Name: 'AWS-RunShellScript',
      // Text the service would not send, read all the same: a value that is not text, a target without a key.
      Targets: [{ Key: 'tag:Env', Values: ['prod', 7 as unknown as string] }, { Values: ['x'] } as unknown as { Key: string; Values: string[] }, { Key: 'tag:Solo' } as unknown as { Key: string; Values: string[] }],
      OutputLocation: { S3Location: { OutputS3BucketName: 'odd-bucket', OutputS3Region: '' } },
    },
    { AssociationId: uuidFrom('runs-test-nobucket'), AssociationName: 'nobucket', Name: 'AWS-RunShellScript', OutputLocation: { S3Location: { OutputS3BucketName: '', OutputS3KeyPrefix: 'p' } } },
    { AssociationId: uuidFrom('runs-test-null'), AssociationName: 7 as unknown as string, Name: 'AWS-RunShellScript', OutputLocation: null as unknown as undefined },
  );
  const holder = account.regions[DEMO.region].find((n) => n.InstanceId === HOLDER)!;
  for (const [id, name] of [[LEGACY, 'legacy'], [BARE, 'bare'], [ODD, 'odd'], [uuidFrom('runs-test-nobucket'), 'nobucket'], [uuidFrom('runs-test-null'), 'null']]) {
    holder.associations!.push({ AssociationId: id, AssociationName: name, Name: 'AWS-RunShellScript', AssociationVersion: '1', InstanceId: HOLDER, ExecutionDate: new Date(Date.now() - 600_000).toISOString(), Status: 'Success', DetailedStatus: 'Success' });
  }
  return f;
}

describe('AssociationRuns against the local SSM endpoint', () => {
  const world = useWorld(fleet());
  const runs = (run?: RequestRunner) => new AssociationRuns(new ClientPool({ maxAttempts: 1, requestTimeoutMs: 30_000 }), world().log, run);
  const ops = () => world().emulator.log.map((e) => e.operation);
  const logLines = (operation: string) => world().log.lines.filter((l) => l.startsWith(`info ${operation} `)).map((l) => l.replace(/ → .*/, ''));

  describe('DescribeAssociation', () => {
    it('targets, document, name and the output location with its region; none when the association writes no output', async () => {
      const r = runs();
      assert.deepEqual(await r.describe(demo(F.nodes.failedHardening), F.associations.hardening, never), {
        associationId: F.associations.hardening,
        name: 'hardening',
        document: 'Custom-Hardening',
        targets: [{ key: 'tag:Role', values: ['web'] }],
        output: { bucket: F.buckets.demo.logs, prefix: `hardening/${DEMO.region}`, region: F.logsRegion },
        region: DEMO.region,
      });
      const inventory = await r.describe(demo(F.nodes.web), F.associations.inventory, never);
      assert.equal(inventory.output, undefined);
      assert.deepEqual(logLines('DescribeAssociation'), [
        `info DescribeAssociation association=${F.associations.hardening} region=${DEMO.region}`,
        `info DescribeAssociation association=${F.associations.inventory} region=${DEMO.region}`,
      ]);
    });

    it('a legacy association names its node instead of targets; an empty region or prefix is none; a bucket without a name is no output', async () => {
      const r = runs();
      const legacy = await r.describe(demo(HOLDER), LEGACY, never);
      assert.deepEqual(legacy.targets, [{ key: 'InstanceIds', values: [HOLDER] }]);
      assert.equal(legacy.document, 'AWS-RunShellScript');
      assert.deepEqual((await r.describe(demo(HOLDER), BARE, never)).targets, [], 'no targets and no node: nothing to show');
      const odd = await r.describe(demo(HOLDER), ODD, never);
      assert.deepEqual(odd.targets, [{ key: 'tag:Env', values: ['prod'] }, { key: '', values: ['x'] }, { key: 'tag:Solo', values: [] }]);
      assert.deepEqual(odd.output, { bucket: 'odd-bucket', prefix: '', region: undefined });
      assert.equal((await r.describe(demo(HOLDER), uuidFrom('runs-test-nobucket'), never)).output, undefined);
      // A name that is not text, and an output location that is null: neither is read.
      const odder = await r.describe(demo(HOLDER), uuidFrom('runs-test-null'), never);
      assert.equal(odder.name, undefined);
      assert.equal(odder.output, undefined);
    });
  });

  describe("a node's runs", () => {
    it('a page of runs, newest first, each with its status, time and command; the token of the next page; what was asked in the log', async () => {
      const r = runs();
      const first = await r.runs(demo(F.nodes.failedHardening), F.associations.hardening, undefined, 2, never);
      assert.equal(first.runs.length, 2);
      assert.equal(first.executionsRead, 2);
      assert.ok(first.nextToken);
      for (const run of first.runs) {
        assert.match(run.executionId, /^[0-9a-f-]{36}$/);
        assert.ok(run.status === 'Success' || run.status === 'Failed', run.status);
        assert.equal(run.detailedStatus, run.status);
        assert.ok(run.date instanceof Date && run.date.getTime() < Date.now());
        assert.equal(run.commandId?.length, 36);
      }
      assert.ok(first.runs[0].date!.getTime() > first.runs[1].date!.getTime());
      const second = await r.runs(demo(F.nodes.failedHardening), F.associations.hardening, first.nextToken, 2, never);
      assert.ok(second.runs[0].date!.getTime() < first.runs[1].date!.getTime());
      assert.deepEqual(logLines('DescribeAssociationExecutions'), [
        `info DescribeAssociationExecutions association=${F.associations.hardening} maxResults=2 token=- region=${DEMO.region}`,
        `info DescribeAssociationExecutions association=${F.associations.hardening} maxResults=2 token=yes region=${DEMO.region}`,
      ]);
      assert.equal(logLines('DescribeAssociationExecutionTargets')[0], `info DescribeAssociationExecutionTargets association=${F.associations.hardening} execution=${first.runs[0].executionId} node=${F.nodes.failedHardening} region=${DEMO.region}`);
      assert.deepEqual(world().emulator.log.filter((e) => e.operation === 'DescribeAssociationExecutions').map((e) => e.maxResults), [2, 2]);
    });

    it('a token answered again is no next page', async () => {
      const r = runs();
      const first = await r.runs(demo(F.nodes.failedHardening), F.associations.hardening, undefined, 2, never);
      world().emulator.setFault({ repeatToken: true }, opScope('DescribeAssociationExecutions'));
      const again = await r.runs(demo(F.nodes.failedHardening), F.associations.hardening, first.nextToken, 2, never);
      assert.equal(again.runs.length, 2);
      assert.equal(again.nextToken, undefined);
    });

    it('runs that did not include the node are left out, but counted as read', async () => {
      const page = await runs().runs(demo(F.nodes.web), F.associations.backup, undefined, 5, never);
      assert.deepEqual(page.runs, []);
      assert.ok(page.executionsRead > 1);
      assert.equal(ops().filter((o) => o === 'DescribeAssociationExecutionTargets').length, page.executionsRead, 'one target request per execution read');
    });

    it('a node past the first page of an execution\'s targets: found, by asking for that node\'s target only', async () => {
      const emulator = world().emulator;
      const book = emulator.runs.book(emulator.fleet.accounts.find((a) => a.name === 'demo')!, DEMO.region);
      const [newest] = emulator.runs.executionsOf(book, F.associations.inventory);
      // DescribeAssociationExecutionTargets answers 50 targets a page when no MaxResults is sent.
      assert.ok(newest.targets.length > 60, `${newest.targets.length} targets`);
      const late = newest.targets[60].node.InstanceId;
      const page = await runs().runs(demo(late), F.associations.inventory, undefined, 1, never);
      assert.equal(page.runs[0]?.executionId, newest.executionId);
      assert.deepEqual(ops(), ['DescribeAssociationExecutions', 'DescribeAssociationExecutionTargets']);
    });

    it("a target that names no status takes the execution's", async () => {
      world().emulator.setFault({ malformed: 'missing-fields' }, opScope('DescribeAssociationExecutionTargets'));
      const page = await runs().runs(demo(F.nodes.failedHardening), F.associations.hardening, undefined, 1, never);
      world().emulator.clearFaults();
      const plain = await runs().runs(demo(F.nodes.failedHardening), F.associations.hardening, undefined, 1, never);
      assert.equal(page.runs[0].status, plain.runs[0].status);
      assert.equal(page.runs[0].detailedStatus, plain.runs[0].detailedStatus);
      assert.ok(page.runs[0].status);
    });

    it('a run still Pending has no command yet: its output says so without asking Run Command', async () => {
      const emu = world().emulator;
      emu.setRunBehaviour({ pendingMs: 600_000, inProgressMs: 600_000 });
      const r = runs();
      await r.applyNow(demo(S.windowsNode), S.windows, never);
      assert.deepEqual(logLines('StartAssociationsOnce'), [`info StartAssociationsOnce association=${S.windows} region=${DEMO.region}`]);
      const [pending] = (await r.runs(demo(S.windowsNode), S.windows, undefined, 1, never)).runs;
      assert.equal(pending.status, 'Pending');
      assert.equal(pending.commandId, undefined);
      emu.clearLog();
      const output = await r.runCommandOutput(demo(S.windowsNode), S.windows, pending, never);
      assert.deepEqual(output, {
        ok: false,
        attempts: [{ source: 'runCommand', tried: `find the Run Command command of run ${pending.executionId}`, problem: 'This run has no Run Command output on this node (the target has no OutputSource; it may have been skipped or not started yet).' }],
      });
      assert.deepEqual(ops(), []);
      emu.advanceRuns();
      emu.advanceRuns();
    });
  });

  describe('Run Command output', () => {
    const latestOf = async (r: AssociationRuns, nodeId: string, associationId: string) => (await r.runs(demo(nodeId), associationId, undefined, 1, never)).runs[0];

    it('no run: said, nothing asked; a command Run Command does not know: "lists no steps"', async () => {
      const r = runs();
      assert.deepEqual(await r.runCommandOutput(demo(HOLDER), LEGACY, undefined, never), {
        ok: false,
        attempts: [{ source: 'runCommand', tried: `find this node's runs of association ${LEGACY} (DescribeAssociationExecutions, DescribeAssociationExecutionTargets)`, problem: 'The association has no run on this node in its execution history.' }],
      });
      assert.deepEqual(ops(), []);
      const unknown = '00000000-0000-4000-8000-000000000000';
      const none = await r.runCommandOutput(demo(HOLDER), LEGACY, { executionId: 'e', commandId: unknown }, never);
      assert.deepEqual(none, {
        ok: false,
        attempts: [{ source: 'runCommand', tried: `list the steps of Run Command ${unknown} on ${HOLDER} (ListCommandInvocations)`, problem: 'Run Command lists no steps for this node: the run has not started, or the command is no longer kept.' }],
      });
      assert.deepEqual(ops(), ['ListCommandInvocations']);
      assert.deepEqual(logLines('ListCommandInvocations'), [`info ListCommandInvocations command=${unknown} node=${HOLDER} region=${DEMO.region}`]);
    });

    it('each step offered as its stdout; a step\'s stderr shown when it is not empty, a silent step\'s empty stdout kept', async () => {
      const r = runs();
      const run = await latestOf(r, S.linuxNode, S.deploy);
      world().emulator.clearLog();
      let offered: readonly StreamRef[] = [];
      const result = await r.runCommandOutput(demo(S.linuxNode), S.deploy, run, never, async (refs) => ((offered = refs), refs));
      assert.deepEqual(offered, [S.steps.install, S.steps.config, S.steps.quiet].map((name) => ({ id: name, step: name, stream: 'stdout' })));
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.source, 'runCommand');
      assert.equal(result.runId, run.commandId);
      assert.equal(result.executionId, run.executionId);
      assert.equal(result.leftOut, undefined);
      assert.deepEqual(
        result.streams.map((s) => [s.step, s.stream, s.text, s.location, s.truncated]),
        [
          [S.steps.install, 'stdout', 'nginx 1.24 installed\n', `Run Command ${run.commandId}, node ${S.linuxNode}`, undefined],
          [S.steps.config, 'stdout', '', `Run Command ${run.commandId}, node ${S.linuxNode}`, undefined],
          [S.steps.config, 'stderr', 'warning: /etc/nginx/conf.d is empty\n', `Run Command ${run.commandId}, node ${S.linuxNode}`, undefined],
          [S.steps.quiet, 'stdout', '', `Run Command ${run.commandId}, node ${S.linuxNode}`, undefined],
        ],
      );
      assert.deepEqual(ops(), ['ListCommandInvocations', 'GetCommandInvocation', 'GetCommandInvocation', 'GetCommandInvocation']);
      assert.deepEqual(
        logLines('GetCommandInvocation').sort(),
        [S.steps.install, S.steps.config, S.steps.quiet].map((step) => `info GetCommandInvocation command=${run.commandId} node=${S.linuxNode} step=${step} region=${DEMO.region}`).sort(),
      );
    });

    it('40 steps: all picked, 24 read, three at a time, and the rest said with the command that gets it; unasked, six', async () => {
      const r = runs();
      const run = await latestOf(r, S.linuxNode, S.many);
      world().emulator.clearLog();
      let result: Awaited<ReturnType<AssociationRuns['runCommandOutput']>> | undefined;
      const peak = await peakInFlight(async () => (result = await r.runCommandOutput(demo(S.linuxNode), S.many, run, never, async (refs) => refs)));
      assert.ok(result?.ok, JSON.stringify(result));
      assert.equal(ops().filter((o) => o === 'GetCommandInvocation').length, MAX_STREAMS_READ);
      assert.ok(peak <= READ_CONCURRENCY && peak >= 1, `at most ${READ_CONCURRENCY} at once (${peak})`);
      assert.equal(result.streams.length, 2 * MAX_STREAMS_READ, 'each step read: its stdout and its stderr');
      assert.equal(result.streams[0].text, 'step 01: done\n');
      assert.equal(result.streams[1].text, 'step 01: warning\n');
      assert.equal(
        result.leftOut,
        `16 of the run's 40 streams were not opened. All of them: aws ssm get-command-invocation --command-id ${run.commandId} --instance-id ${S.linuxNode} --plugin-name <step> --profile ssm-demo`,
      );
      world().emulator.clearLog();
      const unasked = await r.runCommandOutput(demo(S.linuxNode), S.many, run, never);
      assert.ok(unasked.ok);
      assert.equal(ops().filter((o) => o === 'GetCommandInvocation').length, PRE_PICKED);
      assert.deepEqual(unasked.streams.filter((s) => s.stream === 'stdout').map((s) => s.step), ['step 01', 'step 02', 'step 03', 'step 04', 'step 05', 'step 06']);
      assert.match(unasked.leftOut ?? '', /^34 of the run's 40 streams were not opened/);
    });

    it(`slow answers: the steps are read ${READ_CONCURRENCY} at once, no more, no fewer`, async () => {
      const r = runs();
      const run = await latestOf(r, S.linuxNode, S.many);
      world().emulator.setFault({ latencyMs: 100 }, opScope('GetCommandInvocation'));
      const peak = await peakInFlight(() => r.runCommandOutput(demo(S.linuxNode), S.many, run, never, async (refs) => refs.slice(0, 12)));
      assert.equal(peak, READ_CONCURRENCY);
    });

    it('a node of the default credential chain: the command that gets the rest names no profile', async () => {
      const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY, region: process.env.AWS_REGION };
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: KEYS.demo.accessKeyId, AWS_SECRET_ACCESS_KEY: KEYS.demo.secretAccessKey, AWS_REGION: DEMO.region });
      try {
        const r = runs();
        const target: NodeTarget = { nodeId: S.linuxNode };
        const run = (await r.runs(target, S.many, undefined, 1, never)).runs[0];
        const result = await r.runCommandOutput(target, S.many, run, never);
        assert.ok(result.ok, JSON.stringify(result).slice(0, 300));
        assert.equal(result.leftOut, `34 of the run's 40 streams were not opened. All of them: aws ssm get-command-invocation --command-id ${run.commandId} --instance-id ${S.linuxNode} --plugin-name <step>`);
      } finally {
        for (const [k, v] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret], ['AWS_REGION', saved.region]] as const) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
      }
    });

    it('the pick cancelled: nothing read, the answer says cancelled', async () => {
      const r = runs();
      const run = await latestOf(r, S.linuxNode, S.deploy);
      world().emulator.clearLog();
      const result = await r.runCommandOutput(demo(S.linuxNode), S.deploy, run, never, async () => undefined);
      assert.deepEqual(result, { ok: true, source: 'runCommand', runId: run.commandId, executionId: run.executionId, streams: [], attempts: [], cancelled: true });
      assert.deepEqual(ops(), ['ListCommandInvocations']);
    });
  });

  describe("the watch's status read", () => {
    const many = DEMO.nodes.many;
    const rowsOf = () => world().emulator.fleet.accounts.find((a) => a.name === 'demo')!.regions[DEMO.region].find((n) => n.InstanceId === many)!.associations!;

    it('pages until every association asked for is found, no further; each with its status and time', async () => {
      const r = runs();
      const rows = rowsOf();
      const onFirst = rows[3];
      const onThird = rows[120];
      const [first, third] = [onFirst.AssociationId!, onThird.AssociationId!];
      const found = await r.statuses(demo(many), [first, third], never);
      assert.deepEqual(world().emulator.log.map((e) => e.nextToken === undefined), [true, false, false], 'three pages of 50');
      const date = onFirst.ExecutionDate;
      assert.deepEqual(found.get(first), { status: onFirst.Status, executionDate: typeof date === 'number' ? date * 1000 : Date.parse(String(date)) });
      assert.equal(found.get(third)?.status, onThird.Status);
      assert.equal(found.size, 2);
      assert.deepEqual(logLines('DescribeInstanceAssociationsStatus'), [1, 2, 3].map((p) => `info DescribeInstanceAssociationsStatus node=${many} watch page=${p} region=${DEMO.region}`));
      world().emulator.clearLog();
      await r.statuses(demo(many), [first], never);
      assert.equal(world().emulator.log.length, 1, 'found on the first page: one request');
      assert.deepEqual(world().emulator.log.map((e) => e.maxResults), [50]);
    });

    it('nothing asked for: no request; an association the node does not hold: every page, and not found', async () => {
      const r = runs();
      assert.equal((await r.statuses(demo(many), [], never)).size, 0);
      assert.equal(world().emulator.log.length, 0);
      assert.equal((await r.statuses(demo(many), [LEGACY], never)).size, 0);
      assert.equal(world().emulator.log.length, 3);
    });
  });

  it("every request goes through the runner, with the caller's signal or one that never aborts", async () => {
    const signals: AbortSignal[] = [];
    const r = runs((request, signal) => {
      signals.push(signal);
      return request();
    });
    const controller = new AbortController();
    await r.describe(demo(F.nodes.web), F.associations.inventory);
    await r.statuses(demo(F.nodes.web), [F.associations.inventory], controller.signal);
    assert.equal(signals.length, 2);
    assert.ok(signals[0] instanceof AbortSignal && !signals[0].aborted);
    assert.equal(signals[1], controller.signal);
  });
});
