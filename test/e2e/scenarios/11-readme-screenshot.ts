// The README's picture: the view with the demo fleet (labels, an expanded node with Success /
// Failed / Pending rows, a node with "Load more…", an error row), and one association's details.
// Saved as test-results/screenshot-view.png: the top 400 pixels, where the rows and the details are.
// It ships inside the .vsix (VS Code's extension details page shows the README's picture from
// there), so it is made small before it is copied:
//   pngquant --strip --speed 1 --output docs/screenshot-view.png 64 test-results/screenshot-view.png
import * as path from 'node:path';
import { RESULTS_DIR } from '../editor';
import { defaultFleet, withRecentDates } from '../../emulator/index';
import { DEMO, expect, type Scenario } from '../scenario';
import * as ui from '../ui';

const scenario: Scenario = {
  name: '11-readme-screenshot',
  async run(ctx) {
    await ctx.launch({
      fleet: withRecentDates(defaultFleet()),
      userSettings: {
        'ssmAssociations.profile': 'ssm-demo',
        'ssmAssociations.pageSize': 5,
        'ssmAssociations.nodes': [
          { id: DEMO.nodes.three, label: 'web-01' },
          { id: DEMO.nodes.many, label: 'batch-137' },
          { id: DEMO.nodes.hybrid, label: 'onprem-rack7' },
          DEMO.nodes.empty,
          DEMO.nodes.noAccess,
        ],
      },
    });
    const page = ctx.page;

    await ctx.step('widen the side bar and expand the nodes', async () => {
      await ui.setSidebarWidth(page, 560);
      await ui.expand(page, 'web-01');
      await ui.waitForRow(page, 'update-agent');
      await ui.expand(page, 'batch-137');
      await ui.waitForRow(page, 'Load more…');
      await ui.expand(page, DEMO.nodes.noAccess);
      await ui.waitForRow(page, /^Node not reachable/, { exact: false });
    });

    await ctx.step('open the details of the failed association', async () => {
      await ui.row(page, 'hardening-script').first().click();
      await page.locator('.tabs-container .tab', { hasText: 'hardening-script' }).first().waitFor({ timeout: ui.DEFAULT_TIMEOUT });
      await page.locator('.monaco-editor .view-lines', { hasText: '"AssociationId"' }).first().waitFor({ timeout: ui.DEFAULT_TIMEOUT });
      await ui.moveMouseAway(page);
    });

    await ctx.step('save the screenshot', async () => {
      await ui.settledRows(page);
      await ui.dismissHover(page);
      const file = path.join(RESULTS_DIR, 'screenshot-view.png');
      await page.screenshot({ path: file, clip: { x: 0, y: 0, width: 1400, height: 400 } });
      expect(true, file);
      console.log(`    saved ${path.relative(process.cwd(), file)}`);
    });
  },
};
export default scenario;
