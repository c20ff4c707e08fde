// The Associations view on the demo fleet: the associations of the profile in use with their node
// counts, the failing ones first; expanding one lists the nodes of its latest run, failed first;
// View Output on a failed node opens its output; Add to Managed Nodes appends the node to
// ssmAssociations.nodes (it then shows in Managed Nodes).
// Saves test-results/screenshot-associations.png (copied to docs/ for the README).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_FLEET as F, demoFleet, withRecentDates } from '../../emulator/index';
import { RESULTS_DIR } from '../editor';
import { expect, expectEqual, type Scenario } from '../scenario';
import * as ui from '../ui';

const NODE = F.nodes.failedHardening;
/** The demo associations with a failed or timed-out node (update-agent has only pending ones). */
const NAMES = ['patch-baseline', 'inventory', 'hardening', 'backup-check'];
const FAILING = /^\d+ (failed|timed out)/;

/** The rows of the Associations view (the second pane of the container). */
async function associationRows(page: Page): Promise<ui.RowInfo[]> {
  return (await ui.settledRows(page)).filter((r) => r.level >= 1);
}

async function tabTitles(page: Page): Promise<string[]> {
  return page.locator('.tabs-container .tab .label-name').evaluateAll((els) => els.map((e) => e.textContent?.trim() ?? ''));
}

const scenario: Scenario = {
  name: '23-associations-view',
  async run(ctx) {
    await ctx.launch({
      withS3: true,
      fleet: withRecentDates(demoFleet()),
      // No configured node: Managed Nodes shows its welcome, so every tree row is the Associations view's.
      userSettings: { 'ssmAssociations.profile': 'ssm-demo', 'ssmAssociations.nodes': [], 'workbench.editor.enablePreview': false },
    });
    const page = ctx.page;
    const settingsFile = path.join(ctx.editor.userDataDir, 'User', 'settings.json');
    const nodesSetting = () => JSON.parse(fs.readFileSync(settingsFile, 'utf8'))['ssmAssociations.nodes'] as unknown[];

    await ctx.step('the view lists the associations with their counts, failing first', async () => {
      await ui.setSidebarWidth(page, 620);
      // The Associations view starts collapsed (it asks nothing until opened): open it.
      await ui.togglePane(page, 'Managed Nodes', false);
      await ui.togglePane(page, 'Associations', true);
      await ui.waitForRow(page, 'hardening', { timeout: 30_000 });
      const rows = await ui.poll('the failing demo associations with counts', async () => {
        const r = await associationRows(page);
        return NAMES.every((n) => r.some((x) => x.label === n && /\d+ success/.test(x.description))) ? r : undefined;
      });
      const top = rows.filter((r) => r.level === rows[0].level);
      const failing = top.map((r) => FAILING.test(r.description));
      expect(failing[0], `the first row is failing: ${JSON.stringify(top[0])}`);
      expectEqual(failing.lastIndexOf(true), failing.filter(Boolean).length - 1, 'failing rows before the others');
      const hardening = top.find((r) => r.label === 'hardening');
      expect(/^12 failed · \d+ success/.test(hardening?.description ?? ''), `hardening counts: "${hardening?.description}"`);
      const list = ctx.emu.log.filter((e) => e.operation === 'ListAssociations');
      expect(list.length >= 1 && list.every((e) => e.maxResults === 50), `ListAssociations pages of 50 (${list.length})`);
      expectEqual(ctx.calls().length, 0, 'no per-node requests');
    });

    await ctx.step('expand hardening: the nodes of its latest run, failed first', async () => {
      await ui.expand(page, 'hardening');
      await ui.waitForRow(page, NODE);
      const rows = await associationRows(page);
      const parent = rows.find((r) => r.label === 'hardening')!;
      const children = rows.filter((r) => r.level === parent.level + 1);
      expect(children.length >= 12, `node rows under hardening: ${children.length}`);
      expect(children.slice(0, 12).every((r) => /^Failed/.test(r.description)), `failed first: ${JSON.stringify(children.slice(0, 13).map((r) => r.description))}`);
      const ops = ctx.emu.log.map((e) => e.operation);
      expect(ops.includes('DescribeAssociationExecutions') && ops.includes('DescribeAssociationExecutionTargets'), `requests: ${JSON.stringify(ops)}`);
    });

    await ctx.step('save the README picture', async () => {
      await ui.settledRows(page);
      await ui.moveMouseAway(page);
      await ui.dismissHover(page);
      const file = path.join(RESULTS_DIR, 'screenshot-associations.png');
      await page.screenshot({ path: file, clip: { x: 0, y: 0, width: 720, height: 560 } });
      console.log(`    saved ${path.relative(process.cwd(), file)}`);
    });

    await ctx.step('View Output on a failed node opens its output', async () => {
      await ui.pickContextMenu(page, ui.row(page, NODE).first(), 'View Output');
      // Three tabs (stdout and stderr of applyBaseline, stdout of checkPackages), as in scenario 16;
      // waiting for all of them keeps a late tab from closing the next context menu.
      const titles = await ui.poll('three output tabs', async () => {
        const t = (await tabTitles(page)).filter((x) => x.includes('hardening'));
        return t.length >= 3 ? t : undefined;
      }, 30_000);
      expect(titles.some((t) => t.includes('applyBaseline')), `tab titles: ${JSON.stringify(titles)}`);
      await ui.moveMouseAway(page);
      await ui.dismissHover(page);
    });

    await ctx.step('Add to Managed Nodes appends the node to ssmAssociations.nodes', async () => {
      await ui.pickContextMenu(page, ui.row(page, NODE).first(), 'Add to Managed Nodes');
      const nodes = await ui.poll('settings.json to list the node', async () => {
        const v = nodesSetting();
        return Array.isArray(v) && v.length === 1 ? v : undefined;
      });
      const entry = nodes[0];
      expect(entry === NODE || (typeof entry === 'object' && (entry as { id?: string }).id === NODE), `the entry: ${JSON.stringify(entry)}`);
      // The node now shows in Managed Nodes too (a second row with its ID).
      await ui.togglePane(page, 'Managed Nodes', true);
      await ui.poll('the node in Managed Nodes', async () => ((await ui.row(page, NODE).count()) >= 2 ? true : undefined));
    });
  },
};
export default scenario;
