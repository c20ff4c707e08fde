// View Output of a failed run of a schema 2.2 document opens its stdout and stderr in read-only tabs beside the tree,
// named after the document's steps (applyBaseline, checkPackages), from S3 laid out as the agent writes it (one list,
// one get per stream); Show History lists the node's runs with "Load more…", and a run
// from it opens its Run Command output. The README's picture of output beside the tree is saved.
import * as path from 'node:path';
import { DEMO_FLEET as F, demoFleet, withRecentDates } from '../../emulator/index';
import { RESULTS_DIR } from '../editor';
import { expect, expectEqual, type Scenario } from '../scenario';
import * as ui from '../ui';

const NODE = F.nodes.failedHardening;

async function tabTitles(page: import('playwright-core').Page): Promise<string[]> {
  return page.locator('.tabs-container .tab .label-name').evaluateAll((els) => els.map((e) => e.textContent?.trim() ?? ''));
}

async function editorText(page: import('playwright-core').Page): Promise<string> {
  return (await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

const scenario: Scenario = {
  name: '16-view-output-history',
  async run(ctx) {
    await ctx.launch({
      withS3: true,
      fleet: withRecentDates(demoFleet()),
      userSettings: { 'ssmAssociations.profile': 'ssm-demo', 'ssmAssociations.nodes': [{ id: NODE, label: 'web-12' }], 'workbench.editor.enablePreview': false },
    });
    const page = ctx.page;

    await ctx.step('expand the node', async () => {
      await ui.setSidebarWidth(page, 420);
      await ui.expand(page, 'web-12');
      await ui.waitForRow(page, 'hardening');
    });

    await ctx.step('View Output on the failed row opens stdout and stderr of each step, from S3', async () => {
      ctx.emu.clearLog();
      ctx.s3.clearLog();
      await ui.pickContextMenu(page, ui.row(page, 'hardening').first(), 'View Output');
      const titles = await ui.poll('three output tabs', async () => {
        const t = (await tabTitles(page)).filter((x) => x.startsWith('web-12 · hardening'));
        return t.length >= 3 ? t : undefined;
      });
      expectEqual(titles, ['web-12 · hardening · applyBaseline · stdout', 'web-12 · hardening · applyBaseline · stderr', 'web-12 · hardening · checkPackages · stdout'], 'tab titles');
      expectEqual(ctx.s3.log.map((e) => e.operation), ['ListObjectsV2', 'GetObject', 'GetObject', 'GetObject'], 'S3 requests: 1 list + 1 get per stream');
      expectEqual(ctx.emu.log.map((e) => e.operation), ['DescribeAssociation'], 'SSM requests');
    });

    await ctx.step('save the README picture: output beside the tree', async () => {
      await page.locator('.tabs-container .tab', { hasText: 'applyBaseline · stderr' }).click();
      await ui.poll('the stderr text', async () => ((await editorText(page)).includes('PermitRootLogin') ? true : undefined));
      await ui.moveMouseAway(page);
      await ui.dismissHover(page);
      const file = path.join(RESULTS_DIR, 'screenshot-output.png');
      await page.screenshot({ path: file });
      console.log(`    saved ${path.relative(process.cwd(), file)}`);
    });

    await ctx.step('the stderr tab shows the text plainly, with where it came from', async () => {
      await page.locator('.tabs-container .tab', { hasText: 'applyBaseline · stderr' }).click();
      const text = await ui.poll('the stderr text', async () => {
        const t = await editorText(page);
        return /PermitRootLogin/.test(t) ? t : undefined;
      });
      // The step as the document names it (a schema 2.2 step), its plugin beside it: not the S3 folders awsrunShellScript/applyBaseline.
      expect(/^stderr of step applyBaseline \(aws:runShellScript\), run \d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z$/m.test(text), `header: ${text.slice(0, 200)}`);
      expect(/From: s3:\/\/.+\/awsrunShellScript\/applyBaseline\/stderr$/m.test(text), 'the agent\'s layout: <run>/<plugin folder>/<step folder>/stderr');
      expect(/From: s3:\/\//.test(text), 'source line');
      // The document is plain text and read-only: typing changes nothing.
      await page.locator('.editor-group-container.active .monaco-editor').first().click();
      await page.keyboard.type('typed');
      expect(!(await editorText(page)).includes('typed'), 'the output document is read-only');
      const mode = await page.locator('.statusbar-item[id="status.editor.mode"]').innerText().catch(() => '');
      expect(/Plain Text/.test(mode), `language: ${mode}`);
    });

    await ctx.step('Show History lists the runs on this node, newest first; Load more… adds the next page', async () => {
      await ui.pickContextMenu(page, ui.row(page, 'hardening').first(), 'Show History');
      // The list draws only the rows in view: its size is on each row (aria-setsize).
      const listSize = async () => Number((await ui.quickInput(page).locator('.quick-input-list .monaco-list-row').first().getAttribute('aria-setsize', { timeout: 1000 })) ?? 0);
      await ui.poll('10 runs and Load more…', async () => ((await listSize()) === 11 ? true : undefined));
      const first = await ui.quickPickItems(page);
      expect(/Failed$/.test(first[0]) && first.slice(1, 5).every((l) => /Success$/.test(l)), `runs, newest first: ${first.join(' | ')}`);
      await ui.pickQuickItem(page, 'Load more…');
      await ui.poll('20 runs and Load more…', async () => ((await listSize()) === 21 ? true : undefined));
      const second = await ui.quickPickItems(page);
      expectEqual(second.slice(0, 5), first.slice(0, 5), 'the first page stays in place');
    });

    await ctx.step('picking a run opens its output from Run Command', async () => {
      ctx.emu.clearLog();
      const row = ui.quickInput(page).locator('.quick-input-list .monaco-list-row').nth(1);
      await row.click();
      await ui.poll('a Run Command output tab', async () => ((await editorText(page)).includes('From: Run Command') ? true : undefined));
      const ops = ctx.emu.log.map((e) => e.operation);
      expectEqual(ops.filter((o) => o === 'ListCommandInvocations').length, 1, 'one ListCommandInvocations');
      expect(ops.every((o) => o === 'ListCommandInvocations' || o === 'GetCommandInvocation'), `requests: ${ops}`);
    });
  },
};
export default scenario;
