// Refresh (view title) and Refresh Node (on a node) reload only what is expanded: collapsed or
// never-opened nodes cost no request.
import { DEMO, expect, expectEqual, type Scenario } from '../scenario';
import * as ui from '../ui';

const { three: THREE, hybrid: HYBRID, many: MANY, empty: EMPTY } = DEMO.nodes;

const scenario: Scenario = {
  name: '07-refresh',
  async run(ctx) {
    await ctx.launch({ userSettings: { 'ssmAssociations.profile': 'ssm-demo', 'ssmAssociations.nodes': [THREE, MANY, EMPTY, HYBRID] } });
    const page = ctx.page;

    await ctx.step('expand two of the four nodes', async () => {
      await ui.expand(page, THREE);
      await ui.waitForRow(page, 'update-agent');
      await ui.expand(page, HYBRID);
      await ui.waitForRow(page, 'onprem-bare');
      expectEqual(ctx.calls().map((c) => c.instanceId), [THREE, HYBRID], 'requests so far');
    });

    await ctx.step('the empty node, expanded and collapsed again, says "No associations"', async () => {
      await ui.expand(page, EMPTY);
      await ui.waitForRow(page, 'No associations');
      await ui.collapse(page, EMPTY);
      expectEqual(ctx.calls().map((c) => c.instanceId), [THREE, HYBRID, EMPTY], 'requests so far');
    });

    await ctx.step('Refresh reloads the two expanded nodes only', async () => {
      ctx.emu.clearLog();
      await ui.clickViewAction(page, 'Refresh');
      const calls = await ctx.waitForCalls(undefined, 2);
      await ctx.expectNoMoreCalls(undefined, 2);
      expectEqual(calls.map((c) => c.instanceId).sort(), [HYBRID, THREE].sort(), 'reloaded nodes');
      expect(calls.every((c) => c.nextToken === undefined), 'each reload starts at page 1');
      await ui.waitForRow(page, 'update-agent');
      await ui.waitForRow(page, 'onprem-bare');
      const nodes = (await ui.visibleRows(page)).filter((r) => r.level === 1);
      expectEqual(nodes.map((r) => [r.label, r.expanded]), [[THREE, true], [MANY, false], [EMPTY, false], [HYBRID, true]], 'nodes and their expanded state');
    });

    await ctx.step('Refresh Node on an expanded node reloads that node only', async () => {
      ctx.emu.clearLog();
      await ui.clickInlineAction(ui.row(page, THREE).first(), 'Refresh Node');
      const calls = await ctx.waitForCalls(undefined, 1);
      await ctx.expectNoMoreCalls(undefined, 1);
      expectEqual(calls.map((c) => c.instanceId), [THREE], 'reloaded nodes');
      await ui.waitForRow(page, 'update-agent');
    });

    await ctx.step('Refresh Node on a collapsed node makes no request', async () => {
      ctx.emu.clearLog();
      await ui.pickContextMenu(page, ui.row(page, MANY).first(), 'Refresh Node');
      await ctx.expectNoMoreCalls(undefined, 0);
      expectEqual((await ui.rowInfo(ui.row(page, MANY).first())).expanded, false, `${MANY} stays collapsed`);
    });

    await ctx.step('Refresh from the command palette does the same as the title button', async () => {
      ctx.emu.clearLog();
      await ui.runCommand(page, 'SSM Associations: Refresh');
      const calls = await ctx.waitForCalls(undefined, 2);
      await ctx.expectNoMoreCalls(undefined, 2);
      expectEqual(calls.map((c) => c.instanceId).sort(), [HYBRID, THREE].sort(), 'reloaded nodes');
    });
  },
};
export default scenario;
