// Apply Association Now asks first, naming every target; then the row shows it is watching and turns
// green when the run has finished. Open in AWS Console builds China console links for a node in
// cn-north-1.
import { DEMO_FLEET as F, demoFleet, fleetWith, withRecentDates } from '../../emulator/index';
import { expect, expectEqual, type Scenario } from '../scenario';
import * as ui from '../ui';

const NODE = F.nodes.failedHardening;
const CHINA_NODE = 'i-0c0c0c0c0c0c0c0c1';

const scenario: Scenario = {
  name: '17-apply-now-console',
  async run(ctx) {
    const fleet = withRecentDates(demoFleet());
    // One node in cn-north-1, in the demo account, for the console links.
    const china = fleetWith([{ id: CHINA_NODE, count: 2, region: 'cn-north-1' }]);
    const demoAccount = fleet.accounts.find((a) => a.name === 'demo');
    if (!demoAccount) throw new Error('no demo account in the demo fleet');
    demoAccount.regions['cn-north-1'] = china.accounts.find((a) => a.name === 'demo')?.regions['cn-north-1'] ?? [];
    await ctx.launch({
      withS3: true,
      fleet,
      userSettings: {
        'ssmAssociations.profile': 'ssm-demo',
        'ssmAssociations.nodes': [{ id: NODE, label: 'web-12' }, { id: CHINA_NODE, region: 'cn-north-1', label: 'beijing-01' }],
      },
    });
    const page = ctx.page;
    const opened = await ui.stubExternalPages(ctx.editor.context, ctx.editor.url);

    await ctx.step('expand the node: the hardening row is red', async () => {
      await ui.expand(page, 'web-12');
      const r = await ui.waitForRow(page, 'hardening');
      const info = await ui.rowInfo(r);
      expect(/Failed/.test(info.description ?? ''), `row: ${JSON.stringify(info)}`);
    });

    await ctx.step('Apply Association Now asks first, naming every target; Cancel sends nothing', async () => {
      ctx.emu.clearLog();
      await ui.pickContextMenu(page, ui.row(page, 'hardening').first(), 'Apply Association Now');
      const box = ui.dialog(page);
      await box.waitFor({ state: 'visible', timeout: ui.DEFAULT_TIMEOUT });
      const text = await box.innerText();
      expect(/on every target/.test(text) && /ALL its targets/.test(text) && /tag:Role: web/.test(text), `dialog: ${text}`);
      await box.locator('.monaco-button', { hasText: 'Cancel' }).click();
      await box.waitFor({ state: 'hidden' });
      await new Promise((r) => setTimeout(r, 500));
      expect(!ctx.emu.log.some((e) => e.operation === 'StartAssociationsOnce'), 'no run after Cancel');
    });

    await ctx.step('Apply Now: the row shows it is watching, then turns green', async () => {
      await ui.pickContextMenu(page, ui.row(page, 'hardening').first(), 'Apply Association Now');
      const box = ui.dialog(page);
      await box.waitFor({ state: 'visible', timeout: ui.DEFAULT_TIMEOUT });
      await box.locator('.monaco-button', { hasText: 'Apply Now' }).click();
      await ui.poll('the row to show watching', async () => {
        const info = await ui.rowInfo(ui.row(page, 'hardening').first());
        return /^watching/.test(info.description ?? '') ? true : undefined;
      });
      await ctx.screenshot('watching');
      const done = await ui.poll(
        'the row to turn green',
        async () => {
          const info = await ui.rowInfo(ui.row(page, 'hardening').first());
          return /^Success/.test(info.description ?? '') ? info : undefined;
        },
        45_000,
      );
      expect(done.iconClasses.some((c) => c.includes('pass')), `icon: ${JSON.stringify(done)}`);
      expectEqual(ctx.emu.log.filter((e) => e.operation === 'StartAssociationsOnce').length, 1, 'StartAssociationsOnce requests');
      await ctx.screenshot('green');
    });

    await ctx.step('Open in AWS Console on a China node: the Fleet Manager page on console.amazonaws.cn', async () => {
      const url = await ui.captureExternalPage(page, () => ui.pickContextMenu(page, ui.row(page, 'beijing-01').first(), 'Open in AWS Console'));
      expectEqual(url, `https://console.amazonaws.cn/systems-manager/fleet-manager/managed-nodes/${CHINA_NODE}/general?region=cn-north-1`, 'node page');
    });

    await ctx.step('and the association\'s State Manager page', async () => {
      await ui.collapse(page, 'web-12');
      await ui.expand(page, 'beijing-01');
      const rows = await ui.settledRows(page);
      // The nodes sit under one group row per region (two regions here): the rows one level below.
      const node = rows.find((r) => r.label === 'beijing-01');
      expect(node, `beijing-01 listed: ${JSON.stringify(rows)}`);
      const assoc = rows.find((r) => r.level === node.level + 1 && r.label !== 'hardening' && !/Load more/.test(r.label));
      expect(assoc, `an association row under beijing-01: ${JSON.stringify(rows)}`);
      const url = await ui.captureExternalPage(page, async () => {
        await ui.pickContextMenu(page, ui.row(page, assoc.label, { exact: true }).last(), 'Open in AWS Console');
        await ui.pickQuickItem(page, 'State Manager: association', { type: false });
      });
      expect(/^https:\/\/console\.amazonaws\.cn\/systems-manager\/state-manager\/[0-9a-f-]{36}\/description\?region=cn-north-1$/.test(url), `association page: ${url}`);
      expect(opened.every((u) => /^https:\/\/console\.amazonaws\.cn\//.test(u)), `pages opened: ${opened}`);
    });
  },
};
export default scenario;
