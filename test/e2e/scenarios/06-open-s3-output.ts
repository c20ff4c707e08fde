// Open S3 Output opens the S3 console at the right bucket, prefix and region. For an output URL
// that cannot be trusted (a javascript: or command: URL written by the node, a "\\" that parsers
// read as "/") a message says why and no page opens. Fleet text in a message or a quick pick is
// inert: a command link shows as text, not as a link; $(icon) shows as text, not as an icon.
import type { Locator } from 'playwright-core';
import { HOSTILE } from '../../emulator/defaultFleet';
import { DEMO, expect, expectEqual, fleetRows, type Scenario } from '../scenario';
import * as ui from '../ui';

/** The word joiner the extension puts between "]" and "(" or "$" and "(" to take their meaning away. */
const JOINER = /\u2060/g;

/** A toast's message as read (joiners dropped), after checking that it holds no link at all. */
async function inertToast(toast: Locator): Promise<string> {
  const message = toast.locator('.notification-list-item-message');
  expectEqual(await message.locator('a, .monaco-link').count(), 0, 'links in the notification');
  return (await message.innerText()).trim().replace(JOINER, '');
}

const THREE = DEMO.nodes.three;
const HOSTILE_NODE = DEMO.nodes.hostile;
/** The start of the warning for an output URL that is not opened. */
const REFUSED = /^Cannot (open|use) the S3 output of this association/;

function consoleParts(url: string) {
  const u = new URL(url);
  return {
    host: u.host,
    bucket: decodeURIComponent(u.pathname.replace(/^\/s3\/buckets\//, '')),
    path: u.pathname,
    region: u.searchParams.get('region'),
    prefix: u.searchParams.get('prefix'),
  };
}

const scenario: Scenario = {
  name: '06-open-s3-output',
  async run(ctx) {
    await ctx.launch({ userSettings: { 'ssmAssociations.profile': 'ssm-demo', 'ssmAssociations.nodes': [THREE, HOSTILE_NODE] } });
    const page = ctx.page;
    const [patch, hardening] = fleetRows(THREE);
    const opened = await ui.stubExternalPages(ctx.editor.context, ctx.editor.url);

    await ctx.step('expand the node', async () => {
      await ui.expand(page, THREE);
      await ui.waitForRow(page, 'hardening-script');
    });

    await ctx.step('a regional path-style output URL opens the console at its bucket, prefix and region', async () => {
      const url = await ui.captureExternalPage(page, () => ui.pickContextMenu(page, ui.row(page, 'patch-baseline-nightly').first(), 'Open S3 Output'));
      const p = consoleParts(url);
      expectEqual(p.host, 's3.console.aws.amazon.com', 'host');
      expect(p.path.startsWith('/s3/buckets/'), `path ${p.path}`);
      expectEqual(p.bucket, DEMO.bucket, 'bucket');
      expectEqual(p.region, 'eu-west-1', 'region');
      expectEqual(p.prefix, `patching/${THREE}/${patch.AssociationId}/awsrunPowerShellScript/PatchWindows/`, 'prefix');
    });

    await ctx.step('a message confirms it and offers to copy the S3 URI', async () => {
      const s3uri = `s3://${DEMO.bucket}/patching/${THREE}/${patch.AssociationId}/awsrunPowerShellScript/PatchWindows/`;
      const toast = ui.toasts(page).filter({ hasText: 'in the S3 console' }).first();
      await toast.waitFor({ state: 'visible', timeout: ui.DEFAULT_TIMEOUT });
      const msg = (await toast.locator('.notification-list-item-message').innerText()).trim();
      const shown = /^Opened (.*) in the S3 console\.$/.exec(msg)?.[1] ?? '';
      expectEqual(shown, s3uri, 'the message names the whole S3 URI');
      await ui.writeClipboard(page, 'sentinel');
      await toast.locator('.monaco-button', { hasText: 'Copy S3 URI' }).click();
      const clip = await ui.poll('the clipboard to change', async () => {
        const c = await ui.readClipboard(page);
        return c !== 'sentinel' ? c : undefined;
      });
      expectEqual(clip, s3uri, 'clipboard');
      await ui.clearNotifications(page);
    });

    await ctx.step('a bare bucket/prefix output URL opens in the profile\'s region', async () => {
      const url = await ui.captureExternalPage(page, () => ui.pickContextMenu(page, ui.row(page, 'hardening-script').first(), 'Open S3 Output'));
      const p = consoleParts(url);
      expectEqual([p.host, p.bucket, p.region], ['s3.console.aws.amazon.com', DEMO.bucket, 'eu-west-1'], 'host, bucket, region');
      expectEqual(p.prefix, `hardening/${THREE}/${hardening.AssociationId}/awsrunShellScript/0.awsrunShellScript/`, 'prefix');
      await ui.clearNotifications(page);
    });

    await ctx.step('Copy S3 URI from the context menu copies the output location', async () => {
      await ui.writeClipboard(page, 'sentinel');
      await ui.pickContextMenu(page, ui.row(page, 'hardening-script').first(), 'Copy S3 URI');
      const clip = await ui.poll('the clipboard to change', async () => {
        const c = await ui.readClipboard(page);
        return c !== 'sentinel' ? c : undefined;
      });
      expectEqual(clip, `s3://${DEMO.bucket}/hardening/${THREE}/${hardening.AssociationId}/awsrunShellScript/0.awsrunShellScript/`, 'clipboard');
    });

    await ctx.step('a row without output has no Open S3 Output', async () => {
      const items = await ui.contextMenu(page, ui.row(page, 'update-agent').first());
      expect(!items.includes('Open S3 Output') && !items.includes('Copy S3 URI'), `context menu: ${items}`);
      await page.keyboard.press('Escape');
      await ui.menu(page).waitFor({ state: 'hidden' });
    });

    await ctx.step('a javascript: output URL is refused with a message, and nothing opens', async () => {
      await ui.collapse(page, THREE);
      await ui.expand(page, HOSTILE_NODE);
      const r = await ui.waitForRow(page, 'legal-name_1.0');
      const before = opened.length;
      await ui.expectNoExternalPage(page, () => ui.pickContextMenu(page, r, 'Open S3 Output'), 2000);
      const msg = await ui.waitForNotification(page, REFUSED);
      expect(/javascript:/.test(msg) && /Nothing was opened/.test(msg), `message: ${msg}`);
      expectEqual(opened.length, before, 'external pages requested');
      await ctx.screenshot('refused');
      await ui.clearNotifications(page);
    });

    await ctx.step('a command: output URL is refused too', async () => {
      const r = ui.row(page, /^x{79}…$/).first();
      await r.waitFor({ state: 'visible' });
      await ui.expectNoExternalPage(page, () => ui.pickContextMenu(page, r, 'Open S3 Output'), 2000);
      const msg = await ui.waitForNotification(page, REFUSED);
      expect(/command:/.test(msg), `message: ${msg}`);
    });

    await ctx.step('a command link inside a valid output URL: the console opens, the message shows the link as text', async () => {
      await ui.clearNotifications(page);
      const r = await ui.waitForRow(page, 'output-command-link');
      const url = await ui.captureExternalPage(page, () => ui.pickContextMenu(page, r, 'Open S3 Output'));
      const p = consoleParts(url);
      expectEqual([p.host, p.bucket, p.prefix], ['s3.console.aws.amazon.com', DEMO.bucket, '[Open](command:workbench.action.terminal.new)/'], 'host, bucket, prefix');
      const toast = ui.toasts(page).filter({ hasText: 'in the S3 console' }).first();
      await toast.waitFor({ state: 'visible', timeout: ui.DEFAULT_TIMEOUT });
      expectEqual(await inertToast(toast), `Opened s3://${DEMO.bucket}/[Open](command:workbench.action.terminal.new)/ in the S3 console.`, 'message');
      await ctx.screenshot('command-link-inert');
      await ui.clearNotifications(page);
    });

    await ctx.step('an output URL that is a command link: refused, and the warning shows the link as text', async () => {
      const r = await ui.waitForRow(page, 'output-link-refused');
      await ui.expectNoExternalPage(page, () => ui.pickContextMenu(page, r, 'Open S3 Output'), 2000);
      await ui.waitForNotification(page, REFUSED);
      const text = await inertToast(ui.toasts(page).filter({ hasText: REFUSED }).first());
      expect(text.includes(`"${HOSTILE.outputLinks.refused}" is not a valid bucket name`), `message: ${text}`);
      await ui.clearNotifications(page);
    });

    for (const [name, label] of [['output-backslash', 'a "\\" path that parsers read as "/"'], ['output-backslash-host', 'a "\\" between host and path']] as const) {
      await ctx.step(`${label}: refused, nothing opens`, async () => {
        const r = await ui.waitForRow(page, name);
        const before = opened.length;
        await ui.expectNoExternalPage(page, () => ui.pickContextMenu(page, r, 'Open S3 Output'), 2000);
        const msg = await ui.waitForNotification(page, REFUSED);
        expect(/backslash/.test(msg), `message: ${msg}`);
        expectEqual(opened.length, before, 'external pages requested');
        await ui.clearNotifications(page);
      });
    }

    await ctx.step('the quick pick of Open S3 Output shows names and IDs as text: no icon from $(…), no link', async () => {
      await ui.runCommand(page, 'SSM Associations: Open S3 Output');
      const q = await ui.waitForQuickInput(page);
      await ui.quickInputBox(page).fill('alert');
      const list = q.locator('.quick-input-list .monaco-list-row');
      await list.first().waitFor({ state: 'visible', timeout: ui.DEFAULT_TIMEOUT });
      const labels = (await ui.quickPickItems(page)).map((l) => l.replace(JOINER, ''));
      expect(labels.some((l) => l.startsWith(HOSTILE.codicon)), `a label shows ${HOSTILE.codicon} as written: ${JSON.stringify(labels)}`);
      // The widget's own icons (e.g. the filter box) are outside the list rows.
      expectEqual(await list.locator('.codicon-alert, .codicon-terminal, .codicon-loading').count(), 0, 'icons drawn from the data in the quick pick');
      expectEqual(await list.locator('a[href], .monaco-link').count(), 0, 'links in the quick pick');
      await ctx.screenshot('quick-pick-inert');
      await ui.closeQuickInput(page);
    });
  },
};
export default scenario;
