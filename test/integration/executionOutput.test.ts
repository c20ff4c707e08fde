// Show Executions → a run → a node → View Output reads THAT run's output, not the latest run's: the row the
// command hands to View Output carries the picked run (execution, time, Run Command command), and the output
// reader reads that command. Real SDK, real HTTP, the local SSM endpoint (test/emulator/README.md).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeTarget } from '../../src/aws/contract';
import { runIdOf } from '../../src/aws/runLayout';
import { sanitizeAssociation } from '../../src/core/associationRows';
import { scopeKey } from '../../src/core/scope';
import { assocRow, targetElement } from '../../src/tree/associations/elements';
import { pickedRun } from '../../src/tree/elements';
import { DEMO_FLEET as F, demoFleet } from '../emulator/index';
import { useWorld } from './helpers';

const never = new AbortController().signal;
const NODE = F.nodes.failedHardening;
const ID = F.associations.hardening;

describe('View Output of a run picked in Show Executions (local SSM endpoint)', () => {
  const world = useWorld(demoFleet());

  it('reads the picked run’s command: an older run shows the older output, the latest the latest', async () => {
    const backend = world().backend();
    const scope = { profile: 'ssm-demo' };
    const group = { kind: 'assocGroup' as const, key: scopeKey(scope), scope };
    const row = assocRow(group, sanitizeAssociation({ AssociationId: ID, AssociationName: 'hardening', Name: 'Custom-Hardening' })!);
    // As the command does: the runs newest first, then the nodes of the one picked.
    const executions = (await backend.listExecutions(scope, ID, undefined, 50, never)).items;
    assert.ok(executions.length >= 3, `runs: ${executions.length}`);
    const nodeOf = async (executionId: string) => (await backend.listExecutionTargets(scope, ID, executionId, undefined, 50, never)).items.find((t) => t.resourceId === NODE)!;
    const latest = await nodeOf(executions[0].executionId);
    const older = await nodeOf(executions[1].executionId);
    assert.notEqual(older.commandId, latest.commandId, 'two runs, two commands');
    assert.ok(older.date! < latest.date!);

    const target: NodeTarget = { nodeId: NODE, profile: 'ssm-demo' };
    const read = async (picked: typeof older) => {
      const element = targetElement(row, picked, true);
      const run = pickedRun(element);
      assert.equal(run?.executionId, picked.executionId);
      world().emulator.clearLog();
      const result = await backend.readOutput({ target, associationId: ID, run }, never);
      assert.ok(result.ok, JSON.stringify(result).slice(0, 400));
      const commands = new Set(world().emulator.log.filter((e) => e.operation === 'GetCommandInvocation').map((e) => e.commandId));
      assert.deepEqual([...commands], [picked.commandId], 'only the picked run’s command is read');
      return result.streams.map((s) => s.text).join('');
    };
    const olderText = await read(older);
    const latestText = await read(latest);
    // The endpoint's output names the run (its run ID from the node's run time): each text is its own run's.
    assert.match(olderText, new RegExp(`run ${runIdOf(older.date!.getTime())} `));
    assert.doesNotMatch(olderText, new RegExp(runIdOf(latest.date!.getTime())));
    assert.match(latestText, new RegExp(`run ${runIdOf(latest.date!.getTime())} `));

    // A row of the latest run's nodes (expanding the association) names no run: View Output reads the latest.
    assert.equal(pickedRun(targetElement(row, latest)), undefined);
    // A run named by a command argument of the wrong shape is not trusted: the latest is read.
    assert.equal(pickedRun({ ...targetElement(row, older), run: { executionId: 7 } as never }), undefined);
  });
});
