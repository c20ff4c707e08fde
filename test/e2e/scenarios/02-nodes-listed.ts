// The configured nodes appear in the sidebar as soon as the view opens: a plain ID, a labelled
// node, and an invalid entry that shows why it is invalid. Listing them asks AWS only for their
// summaries: one DescribeInstanceInformation request for the three valid nodes, no association request.
import { DEMO, expect, expectEqual, type Scenario } from '../scenario';
import * as ui from '../ui';

const scenario: Scenario = {
  name: '02-nodes-listed',
  async run(ctx) {
    await ctx.launch({
      userSettings: {
        'ssmAssociations.profile': 'ssm-demo',
        'ssmAssociations.nodes': [DEMO.nodes.three, { id: DEMO.nodes.hybrid, label: 'On-prem rack 7' }, 'i-123', DEMO.nodes.many],
      },
    });
    const page = ctx.page;

    await ctx.step('the four configured entries are listed in settings order', async () => {
      await ui.waitForRow(page, DEMO.nodes.many, { timeout: 30_000 });
      const rows = await ui.visibleRows(page);
      expectEqual(rows.map((r) => r.label), [DEMO.nodes.three, 'On-prem rack 7', 'i-123', DEMO.nodes.many], 'row labels');
      expect(rows.every((r) => r.level === 1), 'all rows are top level');
    });

    await ctx.step('nodes are collapsed and expandable; the labelled node shows its ID', async () => {
      const rows = await ui.visibleRows(page);
      for (const r of [rows[0], rows[1], rows[3]]) expectEqual(r.expanded, false, `${r.label} expanded state`);
      expect(rows[1].description.includes(DEMO.nodes.hybrid), `labelled node description "${rows[1].description}" shows ${DEMO.nodes.hybrid}`);
    });

    await ctx.step('the invalid entry says why it is invalid', async () => {
      const r = await ui.rowInfo(ui.row(page, 'i-123').first());
      expectEqual(r.expanded, undefined, 'invalid entry is not expandable');
      expect(/^invalid: /.test(r.description), `description "${r.description}" starts with "invalid: "`);
      expect(/EC2 instance ID is "i-" and 8 or 17 letters or digits \(this one has 3\)/.test(r.description), `reason in "${r.description}"`);
      expect(r.iconClasses.includes('codicon-warning'), `warning icon, classes ${r.iconClasses.join(' ')}`);
      const hover = await ui.readHover(page, ui.row(page, 'i-123').first());
      expect(/never sent to AWS/.test(hover.text), `tooltip says it is never sent: ${hover.text}`);
      await ui.dismissHover(page);
    });

    await ctx.step('a warning names the bad settings entry and offers Open Settings', async () => {
      const toast = ui.toasts(page).filter({ hasText: 'i-123' }).first();
      await toast.waitFor({ state: 'visible', timeout: ui.DEFAULT_TIMEOUT });
      const text = await toast.innerText();
      expect(/ssmAssociations\.nodes\[2\]/.test(text), `warning text: ${text}`);
      expect(/Open Settings/.test(text), `warning offers Open Settings: ${text}`);
    });

    await ctx.step('the status bar shows the profile', async () => {
      await ui.waitForStatusBar(page, /ssm-demo/);
    });

    await ctx.screenshot('nodes');

    await ctx.step('opening the view made one summaries request and no association request', async () => {
      await ctx.expectNoMoreCalls(undefined, 0, 1000);
      expectEqual(ctx.emu.log.map((e) => e.operation), ['DescribeInstanceInformation'], 'requests in the emulator log');
      const many = (await ui.visibleRows(page)).find((r) => r.label === DEMO.nodes.many);
      expect(/^batch-137\.example\.internal · \d+ failed · 137$/.test(many?.description ?? ''), `summary of ${DEMO.nodes.many}: "${many?.description}"`);
    });
  },
};
export default scenario;
