// The README's fleet picture: nodes of two accounts and two regions grouped under one row each,
// their agent status and association overview before anything is expanded, the badge, and one
// profile whose session expired (one error row on its group). Saved as
// test-results/screenshot-fleet.png (copied to docs/ for the README).
import * as path from 'node:path';
import { RESULTS_DIR } from '../editor';
import { fleetWith, withRecentDates } from '../../emulator/index';
import { DEMO, expect, type Scenario } from '../scenario';
import * as ui from '../ui';

const n = DEMO.nodes;
const WEB = ['i-0c000000000000b01', 'i-0c000000000000b02', 'i-0c000000000000b03'];

const scenario: Scenario = {
  name: '15-fleet-screenshot',
  async run(ctx) {
    const fleet = fleetWith(
      WEB.map((id, i) => ({ id, count: 3 + i, account: 'second' as const })),
      { withDefaultNodes: true },
    );
    await ctx.launch({
      fleet: withRecentDates(fleet),
      userSettings: {
        'ssmAssociations.profile': 'ssm-demo',
        'ssmAssociations.nodes': [
          n.three,
          n.many,
          n.hybrid,
          n.empty,
          { id: n.otherRegion, region: DEMO.otherRegion },
          ...WEB.map((id) => ({ id, profile: 'ssm-second' })),
          n.secondAccount,
          { id: n.shortId, profile: 'ssm-expired' },
        ],
      },
    });
    const page = ctx.page;

    await ctx.step('widen the side bar; every group shows its summaries', async () => {
      await ui.setSidebarWidth(page, 620);
      await ui.waitForRow(page, 'Session credentials expired', { timeout: 30_000 });
      await ui.poll('summaries on the rows', async () => {
        const rows = await ui.visibleRows(page);
        return rows.filter((r) => / · (\d+ failed · \d+|\d+ associations?)$|^(not found|not valid here)$/.test(r.description)).length >= 8 ? true : undefined;
      });
    });

    await ctx.step('save the screenshot', async () => {
      await ui.settledRows(page);
      await ui.moveMouseAway(page);
      await ui.dismissHover(page);
      const file = path.join(RESULTS_DIR, 'screenshot-fleet.png');
      await page.screenshot({ path: file, clip: { x: 0, y: 0, width: 700, height: 520 } });
      expect(true, file);
      console.log(`    saved ${path.relative(process.cwd(), file)}`);
    });
  },
};
export default scenario;
