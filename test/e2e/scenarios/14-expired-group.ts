// Several accounts, one failing: the nodes of a profile whose session expired share one error row
// on their group (with its action), the other group shows its summaries undelayed, and Retry on
// that row asks again once.
import { KEYS } from '../../emulator/index';
import { DEMO, expect, expectEqual, type Scenario } from '../scenario';
import * as ui from '../ui';

const n = DEMO.nodes;

const scenario: Scenario = {
  name: '14-expired-group',
  async run(ctx) {
    await ctx.launch({
      userSettings: {
        'ssmAssociations.profile': 'ssm-demo',
        'ssmAssociations.nodes': [n.three, n.many, { id: n.empty, profile: 'ssm-expired' }, { id: n.shortId, profile: 'ssm-expired' }],
      },
    });
    const page = ctx.page;
    const info = () => ctx.emu.log.filter((e) => e.operation === 'DescribeInstanceInformation');

    await ctx.step('two groups; the expired one has one error row, then its nodes', async () => {
      await ui.waitForRow(page, 'Session credentials expired', { timeout: 30_000 });
      const rows = await ui.settledRows(page);
      expectEqual(
        rows.map((r) => [r.label, r.level]),
        [
          [`ssm-demo · ${DEMO.region}`, 1],
          [n.three, 2],
          [n.many, 2],
          [`ssm-expired · ${DEMO.region}`, 1],
          ['Session credentials expired', 2],
          [n.empty, 2],
          [n.shortId, 2],
        ],
        'rows',
      );
      const three = rows.find((r) => r.label === n.three);
      expect(/^web-01\.example\.internal · /.test(three?.description ?? ''), `the healthy group has its summaries: "${three?.description}"`);
      const group = rows.find((r) => r.label.startsWith('ssm-expired'));
      expect(/Session credentials expired/.test(group?.description ?? ''), `group row says it: "${group?.description}"`);
      await ctx.screenshot('expired-group');
    });

    await ctx.step("the error row's tooltip names the profile", async () => {
      const hover = await ui.readHover(page, ui.row(page, 'Session credentials expired').first());
      expect(/ssm-expired/.test(hover.text), `tooltip: ${hover.text}`);
      await ui.dismissHover(page);
    });

    await ctx.step('one request per group: the expired one refused, not retried in a loop', async () => {
      expectEqual(
        info().map((e) => [e.accessKeyId, e.errorType ?? '']).sort(),
        [
          [KEYS.demo.accessKeyId, ''],
          [KEYS.expiredSession.accessKeyId, 'ExpiredTokenException'],
        ].sort(),
        'DescribeInstanceInformation requests',
      );
    });

    await ctx.step('Retry on the error row asks once more for that group only', async () => {
      const before = info().length;
      await ui.clickInlineAction(ui.row(page, 'Session credentials expired').first(), 'Retry');
      await ui.poll('one more request', async () => (info().length === before + 1 ? true : undefined));
      expectEqual(info().at(-1)?.accessKeyId, KEYS.expiredSession.accessKeyId, 'signed with the expired profile');
      await ui.waitForRow(page, 'Session credentials expired');
    });
  },
};
export default scenario;
