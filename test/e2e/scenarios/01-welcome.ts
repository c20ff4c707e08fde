// No nodes configured: the view shows its welcome content with the actions a new user needs,
// and nothing is asked of AWS.
import { expect, expectEqual, type Scenario } from '../scenario';
import * as ui from '../ui';

const scenario: Scenario = {
  name: '01-welcome',
  async run(ctx) {
    await ctx.launch({ userSettings: { 'ssmAssociations.profile': 'ssm-demo' } });
    const page = ctx.page;

    const welcome = await ctx.step('the welcome view is shown', () => ui.readWelcomeView(page, 30_000));
    await ctx.step('it explains the view and offers its actions', async () => {
      const all = welcome.text.join('\n');
      expect(/association statuses of your managed nodes/i.test(all), `welcome text: ${JSON.stringify(welcome.text)}`);
      expect(/ssmAssociations\.nodes/.test(all), `the welcome text names the setting: ${JSON.stringify(welcome.text)}`);
      expectEqual(welcome.buttons, ['Add Managed Nodes from Account…', 'Add Managed Node', 'Select Profile', 'Open Settings'], 'welcome buttons');
      expectEqual(await ui.rows(page).count(), 0, 'tree rows');
    });
    await ctx.screenshot('welcome');

    await ctx.step('"Add Managed Node" opens the input box', async () => {
      await ui.welcomeView(page).locator('.monaco-button', { hasText: /^Add Managed Node$/ }).click();
      const q = await ui.waitForQuickInput(page);
      const title = ((await q.locator('.quick-input-title').innerText().catch(() => '')) || '').trim();
      expectEqual(title, 'Add Managed Node', 'input box title');
      await ui.closeQuickInput(page);
    });

    await ctx.step('"Open Settings" opens the extension\'s settings', async () => {
      await ui.welcomeView(page).locator('.monaco-button', { hasText: 'Open Settings' }).click();
      const editor = page.locator('.settings-editor');
      await editor.waitFor({ state: 'visible', timeout: ui.DEFAULT_TIMEOUT });
      await page.locator('.settings-editor .setting-item-contents', { hasText: 'Nodes' }).first().waitFor({ timeout: ui.DEFAULT_TIMEOUT });
      const search = await page.locator('.settings-editor .suggest-input-container .view-lines, .settings-editor .settings-header input').first().innerText().catch(() => '');
      expect(/ssmAssociations/.test(search), `settings search box shows "${search}"`);
    });

    await ctx.step('no SSM request was made', async () => {
      await ctx.expectNoMoreCalls(undefined, 0, 500);
    });
  },
};
export default scenario;
