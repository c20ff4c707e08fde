// Failures at a glance: the view's badge counts the nodes with failed associations (from the
// summaries, before anything is expanded); "Show Failed Only" keeps those nodes and their failed
// rows; "Show All Nodes" brings everything back without a request.
import { defaultFleet } from '../../emulator/index';
import type { Page } from 'playwright-core';
import { DEMO, expect, expectEqual, type Scenario } from '../scenario';
import * as ui from '../ui';

const n = DEMO.nodes;
const NODES = [n.three, n.many, n.empty, n.hybrid, n.shortId];

/** The badge on the activity bar icon of the SSM Associations container ('' when there is none). */
async function badge(page: Page): Promise<string> {
  const item = page.locator(`.activitybar .action-item:has([aria-label^="${ui.VIEW_CONTAINER_TITLE}"])`).first();
  const content = item.locator('.badge .badge-content');
  if (!(await content.isVisible())) return '';
  return ((await content.textContent()) ?? '').trim();
}

const scenario: Scenario = {
  name: '13-failed-only',
  async run(ctx) {
    const fleet = defaultFleet();
    const nodesOf = fleet.accounts[0].regions[DEMO.region];
    const failing = NODES.filter((id) => nodesOf.find((x) => x.InstanceId === id)?.associations?.some((a) => a.Status === 'Failed' || a.Status === 'TimedOut'));
    expect(failing.length > 0 && failing.length < NODES.length, `the fleet has failing and healthy nodes (${failing.join(', ')})`);
    await ctx.launch({ fleet, userSettings: { 'ssmAssociations.profile': 'ssm-demo', 'ssmAssociations.nodes': NODES } });
    const page = ctx.page;

    await ctx.step('the badge counts the failing nodes before anything is expanded', async () => {
      await ui.waitForRow(page, n.shortId, { timeout: 30_000 });
      await ui.poll(`badge ${failing.length}`, async () => ((await badge(page)) === String(failing.length) ? true : undefined));
      expectEqual(ctx.calls().length, 0, 'association requests');
      await ctx.screenshot('badge');
    });

    await ctx.step('Show Failed Only keeps the failing nodes', async () => {
      await ui.clickViewAction(page, 'Show Failed Only');
      await ui.poll('only failing nodes', async () => {
        const labels = (await ui.visibleRows(page)).map((r) => r.label);
        return JSON.stringify(labels) === JSON.stringify(failing) ? true : undefined;
      });
    });

    await ctx.step('a failing node shows only its failed rows', async () => {
      await ui.expand(page, n.three);
      await ctx.waitForCalls(n.three, 1);
      const rows = await ui.settledRows(page);
      const children = rows.filter((r) => r.level === 2);
      expect(children.length > 0, 'some rows under the node');
      expect(children.every((r) => /^(Failed|TimedOut)/.test(r.description)), `only failed rows: ${JSON.stringify(children.map((r) => r.description))}`);
      await ctx.screenshot('failed-only');
    });

    await ctx.step('Show All Nodes (the same button, its icon swapped) brings everything back, no request', async () => {
      const before = ctx.calls().length;
      await ui.clickViewAction(page, 'Show All Nodes');
      await ui.poll('all nodes again', async () => {
        const top = (await ui.visibleRows(page)).filter((r) => r.level === 1).map((r) => r.label);
        return JSON.stringify(top) === JSON.stringify(NODES) ? true : undefined;
      });
      const children = (await ui.settledRows(page)).filter((r) => r.level === 2);
      expect(children.some((r) => /^Success/.test(r.description)), 'healthy rows are back (pages kept)');
      await ctx.expectNoMoreCalls(undefined, before, 1000);
    });
  },
};
export default scenario;
