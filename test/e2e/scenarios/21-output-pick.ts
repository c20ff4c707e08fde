// View Output of a run with more streams than it opens unasked (40 steps, 80 streams): the pick appears before anything
// is downloaded, with six ticked (the stderr of the first six steps), and Enter opens those six tabs, named after the
// document's steps. A 2.2 run with named steps (deploy-web) opens tabs named after them, "install: nginx" without its
// colon as the agent writes the folder, and says which step printed nothing.
import { STEP_SHOWCASE as S, demoFleet, withRecentDates, withStepShowcase } from '../../emulator/index';
import { expect, expectEqual, type Scenario } from '../scenario';
import * as ui from '../ui';

async function tabTitles(page: import('playwright-core').Page): Promise<string[]> {
  return page.locator('.tabs-container .tab .label-name').evaluateAll((els) => els.map((e) => e.textContent?.trim() ?? ''));
}

const scenario: Scenario = {
  name: '21-output-pick',
  async run(ctx) {
    await ctx.launch({
      withS3: true,
      fleet: withStepShowcase(withRecentDates(demoFleet())),
      userSettings: { 'ssmAssociations.profile': 'ssm-demo', 'ssmAssociations.nodes': [{ id: S.linuxNode, label: 'web-3' }], 'workbench.editor.enablePreview': false },
    });
    const page = ctx.page;

    await ctx.step('expand the node', async () => {
      await ui.setSidebarWidth(page, 420);
      await ui.expand(page, 'web-3');
      await ui.waitForRow(page, 'many-steps');
    });

    await ctx.step('View Output of a 2.2 run with named steps: tabs named after the steps', async () => {
      await ui.pickContextMenu(page, ui.row(page, 'deploy-web').first(), 'View Output');
      const titles = await ui.poll('three output tabs', async () => {
        const t = (await tabTitles(page)).filter((x) => x.startsWith('web-3 · deploy-web'));
        return t.length >= 3 ? t : undefined;
      });
      expectEqual(titles, ['web-3 · deploy-web · install nginx · stdout', 'web-3 · deploy-web · write config · stdout', 'web-3 · deploy-web · write config · stderr'], 'tab titles');
      const text = (await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
      expect(/^stderr of step write config \(aws:runShellScript\)/m.test(text), `header: ${text.slice(0, 200)}`);
    });

    await ctx.step('View Output of 80 streams: the pick comes first, six ticked, nothing downloaded yet', async () => {
      ctx.s3.clearLog();
      await ui.pickContextMenu(page, ui.row(page, 'many-steps').first(), 'View Output');
      const q = await ui.waitForQuickInput(page);
      const placeholder = await ui.poll('the pick of outputs', async () => {
        const p = (await ui.quickInputBox(page).getAttribute('placeholder', { timeout: 1000 }).catch(() => '')) ?? '';
        return /outputs: which to open/.test(p) ? p : undefined;
      });
      expect(/This run has 80 outputs: which to open\? \(6 ticked; nothing is downloaded until you choose\)/.test(placeholder), `placeholder: ${placeholder}`);
      const ticked = await q.locator('.quick-input-list .monaco-list-row').evaluateAll((rows) =>
        rows.filter((r) => r.getAttribute('aria-checked') === 'true' || (r.querySelector('input[type=checkbox]') as HTMLInputElement | null)?.checked === true).map((r) => r.querySelector('.label-name')?.textContent?.trim() ?? ''),
      );
      expectEqual(ticked, ['step 01 · stderr', 'step 02 · stderr', 'step 03 · stderr', 'step 04 · stderr', 'step 05 · stderr', 'step 06 · stderr'], 'ticked');
      expectEqual(ctx.s3.log.filter((e) => e.operation === 'GetObject').length, 0, 'no GetObject before the pick');
    });

    await ctx.step('Enter opens the six ticked, and only those are read', async () => {
      await page.keyboard.press('Enter');
      const titles = await ui.poll('six output tabs', async () => {
        const t = (await tabTitles(page)).filter((x) => x.startsWith('web-3 · many-steps'));
        return t.length >= 6 ? t : undefined;
      });
      expectEqual(titles.length, 6, 'tabs');
      expectEqual(ctx.s3.log.filter((e) => e.operation === 'GetObject').length, 6, 'GetObject');
    });
  },
};
export default scenario;
