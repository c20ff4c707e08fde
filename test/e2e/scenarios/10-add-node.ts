// Add Managed Node: an invalid ID is refused as it is typed, with the reason; a valid one is
// written to the user settings and appears in the tree, and it loads when expanded.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO, expect, expectEqual, type Scenario } from '../scenario';
import * as ui from '../ui';

const { three: THREE, hybrid: HYBRID } = DEMO.nodes;

const scenario: Scenario = {
  name: '10-add-node',
  async run(ctx) {
    await ctx.launch({ userSettings: { 'ssmAssociations.profile': 'ssm-demo', 'ssmAssociations.nodes': [THREE] } });
    const page = ctx.page;
    const settingsFile = path.join(ctx.editor.userDataDir, 'User', 'settings.json');
    const nodesSetting = () => JSON.parse(fs.readFileSync(settingsFile, 'utf8'))['ssmAssociations.nodes'] as unknown;

    await ctx.step('the + button of the view opens the input box', async () => {
      await ui.waitForRow(page, THREE, { timeout: 30_000 });
      await ui.clickViewAction(page, 'Add Managed Node');
      const q = await ui.waitForQuickInput(page);
      expectEqual(((await q.locator('.quick-input-title').innerText()) || '').trim(), 'Add Managed Node', 'title');
    });

    await ctx.step('an invalid ID shows why, and Enter does not accept it', async () => {
      await ui.typeInInputBox(page, 'i-123');
      const msg = await ui.waitForInputBoxMessage(page, 'EC2 instance ID');
      expect(/"i-" and 8 or 17 letters or digits \(this one has 3\)/.test(msg), `message: ${msg}`);
      await ctx.screenshot('invalid-id');
      await ui.acceptInput(page);
      expect(await ui.quickInput(page).isVisible(), 'the input box stays open');
      await ui.typeInInputBox(page, 'x-0123');
      await ui.waitForInputBoxMessage(page, 'starts with "i-"');
    });

    await ctx.step('a node already in the list is refused', async () => {
      await ui.typeInInputBox(page, THREE);
      await ui.waitForInputBoxMessage(page, 'already in the list');
    });

    await ctx.step('a valid ID is accepted, written to the user settings and shown', async () => {
      await ui.typeInInputBox(page, HYBRID);
      await ui.poll('the validation message to clear', async () => ((await ui.inputBoxMessage(page)).match(/is "|already|starts with/) ? undefined : true));
      await ui.acceptInput(page);
      await ui.quickInput(page).waitFor({ state: 'hidden' });
      await ui.waitForRow(page, HYBRID);
      await ui.poll('settings.json to list the node', async () => {
        const v = nodesSetting();
        return JSON.stringify(v) === JSON.stringify([THREE, HYBRID]) ? true : undefined;
      });
      const labels = (await ui.visibleRows(page)).filter((r) => r.level === 1).map((r) => r.label);
      expectEqual(labels, [THREE, HYBRID], 'nodes');
    });

    await ctx.step('the added node loads its associations when expanded', async () => {
      await ui.expand(page, HYBRID);
      await ui.waitForRow(page, 'onprem-virtual-hosted');
      expectEqual(ctx.calls(HYBRID).length, 1, 'requests about the added node');
    });

    await ctx.step('Remove Managed Node from its context menu removes it again', async () => {
      await ui.pickContextMenu(page, ui.row(page, HYBRID).first(), 'Remove Managed Node');
      await ui.waitForNoRow(page, HYBRID);
      await ui.poll('settings.json to drop the node', async () => (JSON.stringify(nodesSetting()) === JSON.stringify([THREE]) ? true : undefined));
    });
  },
};
export default scenario;
