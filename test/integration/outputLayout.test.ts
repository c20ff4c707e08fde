// View Output against output laid out as the SSM Agent writes it (test/emulator/README.md "What the endpoint follows"):
// <prefix>/<node>/<association>/<run id>/<plugin folder>/<step folder>/stdout|stderr, empty streams not uploaded, the
// newest run found among 100,000 objects by listing run folders, and the three kinds of command an execution target
// names (the document's, the refresh trigger of Apply Now, the trigger after the association was created).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { AssociationRun, Backend, NodeTarget } from '../../src/aws/contract';
import { runIdOf } from '../../src/aws/runLayout';
import type { StreamRef } from '../../src/core/runOutput';
import { DEMO, DEMO_FLEET as F, demoFleet, STEP_SHOWCASE as S, type Stack, withStepShowcase } from '../emulator/index';
import { outputObjects } from '../emulator/runs';
import { putManyStepRun, putOldRuns } from '../support/outputStack';
import { MemoryLog, useOutputStack } from './helpers';

const never = new AbortController().signal;
const demo = (nodeId: string): NodeTarget => ({ nodeId, profile: 'ssm-demo' });

describe('View Output of output laid out as the agent writes it', () => {
  const world = useOutputStack({
    fleet: withStepShowcase(demoFleet()),
    outputOf: [S.linuxNode, S.windowsNode, F.nodes.failedHardening],
    runTimings: { pendingMs: 100, inProgressMs: 100 },
    log: new MemoryLog(),
    requestTimeoutMs: 5_000,
  });
  let stack: Stack;
  let backend: Backend;
  before(() => ({ stack, backend } = world()));

  const outputUrlOf = async (nodeId: string, associationId: string) => {
    const page = await backend.fetchAssociationsPage({ target: demo(nodeId), token: undefined, pageSize: 50, signal: never, pageNumber: 1 });
    const url = page.items.find((i) => i.AssociationId === associationId)?.OutputUrl?.S3OutputUrl?.OutputUrl;
    stack.ssm.clearLog();
    stack.s3.clearLog();
    return url;
  };
  const s3Ops = () => stack.s3.log.map((e) => e.operation);

  it('schema 2.2: steps named with colons and spaces, one printing only stderr, one printing nothing', async () => {
    const url = await outputUrlOf(S.linuxNode, S.deploy);
    assert.match(url ?? '', new RegExp(`^${DEMO.bucket}/deploy/${S.linuxNode}/${S.deploy}/\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}Z$`), 'the agent\'s bare bucket/prefix OutputUrl');
    const keys = stack.ssm.runs.latestOutputObjects().filter((o) => o.key.includes(`/${S.deploy}/`)).map((o) => o.key.split('/').slice(-3).join('/'));
    assert.deepEqual(keys, ['awsrunShellScript/install nginx/stdout', 'awsrunShellScript/write config/stderr'], 'colons dropped, spaces kept, no object for an empty stream');
    const result = await backend.readOutput({ target: demo(S.linuxNode), associationId: S.deploy, outputUrl: url }, never);
    assert.ok(result.ok && result.source === 's3', JSON.stringify(result));
    assert.deepEqual(
      result.streams.map((s) => `${s.step} [${s.plugin}] ${s.stream}${s.empty ? ' (printed nothing)' : ''}`),
      ['install nginx [aws:runShellScript] stdout', 'write config [aws:runShellScript] stdout (printed nothing)', 'write config [aws:runShellScript] stderr'],
    );
    assert.equal(result.streams[0].text, 'nginx 1.24 installed\n');
    assert.deepEqual(s3Ops(), ['ListObjectsV2', 'GetObject', 'GetObject'], 'the run folder named by the OutputUrl, then only the objects that exist');
  });

  it('schema 1.2 on Windows: <aws:runPowerShellScript without colon>/<0.awsrunPowerShellScript>, shown as the plugin', async () => {
    const url = await outputUrlOf(S.windowsNode, S.windows);
    const result = await backend.readOutput({ target: demo(S.windowsNode), associationId: S.windows, outputUrl: url }, never);
    assert.ok(result.ok && result.source === 's3', JSON.stringify(result));
    assert.deepEqual(result.streams.map((s) => `${s.step}/${s.stream}`), ['aws:runPowerShellScript/stdout']);
    assert.match(result.streams[0].location, /\/awsrunPowerShellScript\/0\.awsrunPowerShellScript\/stdout$/);
  });

  it('the newest run among 100,000 objects: found by listing run folders (one request), not by reading keys', async () => {
    const url = await outputUrlOf(S.linuxNode, S.deploy);
    const prefix = `deploy/${S.linuxNode}/${S.deploy}/`;
    const now = Date.now();
    // 50,000 runs two to eight years ago, each with stdout and stderr: 100,000 objects under the association's prefix.
    putOldRuns(stack.s3, DEMO.bucket, prefix, { newest: now - 730 * 86_400_000, count: 50_000, step: 'awsrunShellScript/install nginx' });
    // The row names no run (e.g. the agent sent only the bucket): the newest is looked for.
    const result = await backend.readOutput({ target: demo(S.linuxNode), associationId: S.deploy, outputUrl: DEMO.bucket }, never);
    assert.ok(result.ok && result.source === 's3', JSON.stringify(result).slice(0, 400));
    assert.equal(`${DEMO.bucket}/${prefix}${result.runId}`, url, 'the newest run, not one of the old ones');
    assert.equal(result.streams[0].text, 'nginx 1.24 installed\n');
    const lists = stack.s3.log.filter((e) => e.operation === 'ListObjectsV2');
    assert.deepEqual(lists.map((e) => [e.prefix, e.delimiter]), [[prefix, '/'], [`${prefix}${result.runId}/`, undefined]], 'one folder listing, then the run folder');
    assert.ok(lists[0].keys! <= 2, 'only the run folders of the last hour came back');

    // The run the OutputUrl names is gone: the newest is found the same way, and the document says why.
    stack.s3.clearLog();
    const gone = await backend.readOutput({ target: demo(S.linuxNode), associationId: S.deploy, outputUrl: `${DEMO.bucket}/${prefix}${runIdOf(now - 3 * 86_400_000)}` }, never);
    assert.ok(gone.ok, JSON.stringify(gone).slice(0, 400));
    assert.equal(`${DEMO.bucket}/${prefix}${gone.runId}`, url);
    assert.match(gone.notes?.join(' ') ?? '', /has no objects: its steps printed nothing .* or an S3 lifecycle rule removed them/);
    assert.equal(stack.s3.log.filter((e) => e.operation === 'ListObjectsV2').length, 3);
  });

  it('a run of 200 steps: nothing is downloaded before the pick; then only the picked, within the ceilings', async () => {
    const prefix = `windows/${S.windowsNode}/${S.windows}/`;
    const run = runIdOf(Date.now() + 60_000);
    putManyStepRun(stack.s3, DEMO.bucket, prefix, run, 200, 'x'.repeat(1000));
    let offered: readonly StreamRef[] = [];
    let getsBeforePick = -1;
    const result = await backend.readOutput(
      {
        target: demo(S.windowsNode),
        associationId: S.windows,
        outputUrl: `${DEMO.bucket}/${prefix}${run}`,
        choose: async (streams) => {
          offered = streams;
          getsBeforePick = stack.s3.log.filter((e) => e.operation === 'GetObject').length;
          return streams.slice(0, 30);
        },
      },
      never,
    );
    assert.ok(result.ok, JSON.stringify(result).slice(0, 400));
    assert.equal(offered.length, 400);
    assert.equal(getsBeforePick, 0, 'no GetObject before the pick');
    assert.equal(stack.s3.log.filter((e) => e.operation === 'GetObject').length, 24, 'at most MAX_STREAMS_READ read');
    assert.equal(result.streams.length, 24);
    assert.match(result.leftOut ?? '', /^376 of the run's 400 streams were not opened\. All of them: aws s3 cp --recursive s3:\/\/.+ --region eu-west-1 --profile ssm-demo$/);
    // Without a pick: at most six (every stderr first).
    stack.s3.clearLog();
    const plain = await backend.readOutput({ target: demo(S.windowsNode), associationId: S.windows, outputUrl: `${DEMO.bucket}/${prefix}${run}` }, never);
    assert.ok(plain.ok);
    assert.equal(plain.streams.length, 6);
    assert.ok(plain.streams.every((s) => s.stream === 'stderr'));
  });

  describe('which command an execution target names', () => {
    const runsOf = async (nodeId: string, associationId: string): Promise<AssociationRun[]> => {
      const all: AssociationRun[] = [];
      let token: string | undefined;
      do {
        const page = await backend.listRuns(demo(nodeId), associationId, token, 10, never);
        all.push(...page.runs);
        token = page.nextToken;
      } while (token);
      stack.ssm.clearLog();
      return all;
    };

    it('a scheduled run: the document\'s command, its steps from Run Command', async () => {
      const [latest] = await runsOf(F.nodes.failedHardening, F.associations.hardening);
      const result = await backend.readOutput({ target: demo(F.nodes.failedHardening), associationId: F.associations.hardening, run: latest }, never);
      assert.ok(result.ok && result.source === 'runCommand', JSON.stringify(result).slice(0, 400));
      assert.deepEqual(result.streams.map((s) => `${s.step}/${s.stream}`), ['checkPackages/stdout', 'applyBaseline/stdout', 'applyBaseline/stderr', 'verify/stdout']);
      assert.equal(result.notes, undefined);
    });

    it('Apply Association Now: the command is the refresh trigger; the run is read from S3, and the document says so', async () => {
      await backend.applyNow(demo(S.linuxNode), S.deploy, never);
      stack.ssm.advanceRuns();
      stack.ssm.advanceRuns();
      await stack.ssm.outputsStored();
      const [latest] = await runsOf(S.linuxNode, S.deploy);
      const result = await backend.readOutput({ target: demo(S.linuxNode), associationId: S.deploy, run: latest }, never);
      assert.ok(result.ok && result.source === 's3', JSON.stringify(result).slice(0, 600));
      assert.match(result.notes?.[0] ?? '', /is AWS-RefreshAssociation, the trigger that "Apply Association Now" and a new association send/);
      assert.equal(result.runId, runIdOf(latest.date!.getTime() + 1_234), 'the run folder that began just after the trigger');
      assert.equal(result.streams[0].text, 'nginx 1.24 installed\n');
      assert.ok(!result.streams.some((s) => /requested to execute immediately/.test(s.text)), 'the trigger\'s line is never shown as the output');
      assert.deepEqual(stack.ssm.log.map((e) => e.operation), ['ListCommandInvocations', 'DescribeAssociation'], 'no GetCommandInvocation of the trigger');
    });

    it('Apply Now of an association without S3 output: says the run\'s own output is nowhere to read', async () => {
      await backend.applyNow(demo(F.nodes.web), F.associations.inventory, never);
      stack.ssm.advanceRuns();
      stack.ssm.advanceRuns();
      const [latest] = await runsOf(F.nodes.web, F.associations.inventory);
      const result = await backend.readOutput({ target: demo(F.nodes.web), associationId: F.associations.inventory, run: latest }, never);
      assert.equal(result.ok, false);
      assert.match(result.notes?.[0] ?? '', /AWS-RefreshAssociation/);
      const trigger = { source: 'runCommand', tried: `read Run Command ${latest.commandId} on ${F.nodes.web}`, problem: result.notes?.[0] };
      assert.deepEqual(result.attempts, [
        { source: 's3', tried: 'find where the association writes output', problem: "The association writes no output to S3 (no OutputLocation), so the run's own output is nowhere to read: only the trigger ran through Run Command." },
        trigger,
      ]);
      // View Output of the latest run right after Apply Now: the same, said once.
      const latestOutput = await backend.readOutput({ target: demo(F.nodes.web), associationId: F.associations.inventory }, never);
      assert.equal(latestOutput.ok, false);
      assert.match(latestOutput.notes?.[0] ?? '', /AWS-RefreshAssociation/);
      assert.deepEqual(latestOutput.attempts, [
        { source: 's3', tried: 'find where the association writes output', problem: 'The association writes no output to S3 (no OutputLocation): set an S3 bucket in the association to keep whole outputs.' },
        trigger,
      ]);
    });

    it('the first run after the association was created: the trigger too; found in S3 when its objects are there, else said', async () => {
      const runs = await runsOf(F.nodes.failedHardening, F.associations.hardening);
      const first = runs.at(-1)!;
      const missing = await backend.readOutput({ target: demo(F.nodes.failedHardening), associationId: F.associations.hardening, run: first }, never);
      assert.equal(missing.ok, false);
      assert.match(missing.notes?.[0] ?? '', /AWS-RefreshAssociation/);
      assert.match(missing.attempts.map((a) => a.problem).join(' '), /No run folder of this run is there/);
      // Its objects, as the agent would have left them.
      const book = stack.ssm.runs.book(stack.ssm.fleet.accounts.find((a) => a.name === 'demo')!, DEMO.region);
      const execution = stack.ssm.runs.executionsOf(book, F.associations.hardening).at(-1)!;
      const def = book.associations.get(F.associations.hardening)!.def;
      await stack.s3.putObjects(execution.targets.filter((t) => t.node.InstanceId === F.nodes.failedHardening).flatMap((t) => outputObjects(def, execution, t, book.account)));
      const found = await backend.readOutput({ target: demo(F.nodes.failedHardening), associationId: F.associations.hardening, run: first }, never);
      assert.ok(found.ok && found.source === 's3', JSON.stringify(found).slice(0, 400));
      assert.equal(found.runId, runIdOf(first.date!.getTime() + 1_234));
      // S3 lists folders by name, not in the document's order.
      const check = found.streams.find((x) => x.step === 'checkPackages' && x.stream === 'stdout');
      assert.match(check?.text ?? '', /^\[checkPackages\] run /);
      assert.match(found.notes?.[0] ?? '', /AWS-RefreshAssociation/);
    });
  });
});
