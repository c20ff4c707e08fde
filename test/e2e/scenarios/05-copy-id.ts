// Copy Association ID, from a row's context menu and from the command palette: the clipboard
// holds exactly the association's ID.
import { DEMO, expect, expectEqual, fleetRows, type Scenario } from '../scenario';
import * as ui from '../ui';

const THREE = DEMO.nodes.three;

const scenario: Scenario = {
  name: '05-copy-id',
  async run(ctx) {
    await ctx.launch({ userSettings: { 'ssmAssociations.profile': 'ssm-demo', 'ssmAssociations.nodes': [THREE] } });
    const page = ctx.page;
    const [patch, hardening] = fleetRows(THREE);

    await ctx.step('from the palette with nothing loaded, it says to expand a node first', async () => {
      await ui.waitForRow(page, THREE, { timeout: 30_000 });
      await ui.runCommand(page, 'SSM Associations: Copy Association ID');
      await ui.waitForNotification(page, 'No associations are loaded yet');
      await ui.clearNotifications(page);
    });

    await ctx.step('the context menu of a row offers the association\'s actions', async () => {
      await ui.expand(page, THREE);
      const r = await ui.waitForRow(page, 'patch-baseline-nightly');
      const items = await ui.contextMenu(page, r);
      for (const item of ['Copy Association ID', 'Open S3 Output', 'Show Details']) expect(items.includes(item), `context menu has ${item}: ${items}`);
      await page.keyboard.press('Escape');
      await ui.menu(page).waitFor({ state: 'hidden' });
    });

    await ctx.step('Copy Association ID from the context menu puts the ID on the clipboard', async () => {
      await ui.writeClipboard(page, 'sentinel');
      await ui.pickContextMenu(page, ui.row(page, 'patch-baseline-nightly').first(), 'Copy Association ID');
      const clip = await ui.poll('the clipboard to change', async () => {
        const c = await ui.readClipboard(page);
        return c !== 'sentinel' ? c : undefined;
      });
      expectEqual(clip, patch.AssociationId, 'clipboard');
      await ui.waitForStatusBar(page, `Copied association ID ${patch.AssociationId}`);
    });

    await ctx.step('from the palette it asks which loaded association, then copies its ID', async () => {
      await ui.writeClipboard(page, 'sentinel');
      await ui.runCommand(page, 'SSM Associations: Copy Association ID');
      const items = await ui.quickPickItems(page);
      expectEqual(items, ['patch-baseline-nightly', 'hardening-script', 'update-agent'], 'quick pick entries');
      await ui.pickQuickItem(page, 'hardening-script');
      const clip = await ui.poll('the clipboard to change', async () => {
        const c = await ui.readClipboard(page);
        return c !== 'sentinel' ? c : undefined;
      });
      expectEqual(clip, hardening.AssociationId, 'clipboard');
    });

    await ctx.step('the inline copy button of a row copies its ID', async () => {
      await ui.writeClipboard(page, 'sentinel');
      await ui.clickInlineAction(ui.row(page, 'update-agent').first(), 'Copy Association ID');
      const clip = await ui.poll('the clipboard to change', async () => {
        const c = await ui.readClipboard(page);
        return c !== 'sentinel' ? c : undefined;
      });
      expectEqual(clip, fleetRows(THREE)[2].AssociationId, 'clipboard');
    });
  },
};
export default scenario;
