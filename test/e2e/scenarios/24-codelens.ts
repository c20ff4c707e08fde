// CodeLens on association definitions (issue 22), on the demo fleet: a CloudFormation YAML with two
// associations (hardening, which has failed nodes, and one whose name is computed with !Sub) and a
// Terraform file with one (inventory). Opening them asks nothing; "load status" lists the
// associations; the lenses then show the counts; clicking one reveals the association in the
// Associations view; Go to Definition from the view opens the template at the line.
// Saves test-results/screenshot-codelens.png (copied to docs/ for the README).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { demoFleet, withRecentDates } from '../../emulator/index';
import { RESULTS_DIR } from '../editor';
import { expect, expectEqual, type Scenario } from '../scenario';
import * as ui from '../ui';

const YAML = `AWSTemplateFormatVersion: '2010-09-09'
Description: State Manager associations of the web fleet
Parameters:
  Env:
    Type: String
    Default: prod
Resources:
  HardeningAssociation:
    Type: AWS::SSM::Association
    Properties:
      AssociationName: hardening
      Name: Custom-Hardening
      ScheduleExpression: rate(30 minutes)
      Targets:
        - Key: tag:Role
          Values: [web]
  PatchAssociation:
    Type: AWS::SSM::Association
    Properties:
      AssociationName: !Sub '\${Env}-patch-baseline'
      Name: AWS-RunPatchBaseline
      ScheduleExpression: cron(0 3 ? * SUN *)
      Targets:
        - Key: tag:Env
          Values: [prod, staging]
`;
/** 1-based, as the status bar shows it: the logical ID's line. */
const HARDENING_LINE = 8;

const TF = `resource "aws_ssm_association" "inventory" {
  name             = "AWS-GatherSoftwareInventory"
  association_name = "inventory"
  schedule_expression = "rate(1 day)"

  targets {
    key    = "InstanceIds"
    values = ["*"]
  }
}
`;

/** The lenses' texts in the active editor, top to bottom. */
async function lensTexts(page: Page): Promise<string[]> {
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  const items = await editor.locator('.codelens-decoration > a, .codelens-decoration > span').evaluateAll((els) =>
    els.map((e) => ({ top: e.getBoundingClientRect().top, left: e.getBoundingClientRect().left, text: (e.textContent ?? '').trim() })),
  );
  return items
    // Between two lenses of a line VS Code draws a "|" of its own.
    .filter((i) => i.text && i.text !== '|')
    .sort((a, b) => a.top - b.top || a.left - b.left)
    .map((i) => i.text);
}

async function waitForLenses(page: Page, what: string, ok: (texts: string[]) => boolean): Promise<string[]> {
  let seen: string[] = [];
  try {
    return await ui.poll(what, async () => {
      seen = await lensTexts(page);
      return ok(seen) ? seen : undefined;
    }, 30_000);
  } catch (error) {
    throw new Error(`${(error as Error).message}; lenses: ${JSON.stringify(seen)}`);
  }
}

async function openFile(page: Page, name: string): Promise<void> {
  await ui.runCommand(page, 'Go to File...');
  await ui.quickInputBox(page).fill(name);
  const first = ui.quickInput(page).locator('.quick-input-list .monaco-list-row').first();
  await ui.poll(`${name} in Go to File`, async () => (((await first.getAttribute('aria-label', { timeout: 1000 })) ?? '').includes(name) ? true : undefined));
  await ui.quickInputBox(page).press('Enter');
  await waitForActiveTab(page, name);
}

async function waitForActiveTab(page: Page, name: string): Promise<void> {
  const active = page.locator('.tabs-container [role="tab"][aria-selected="true"]', { hasText: name });
  await ui.poll(`${name} the active tab`, async () => ((await active.count()) > 0 ? true : undefined));
}

function lens(page: Page, text: string | RegExp) {
  return page.locator('.editor-group-container.active .codelens-decoration > a', { hasText: text }).first();
}

const scenario: Scenario = {
  name: '24-codelens',
  async run(ctx) {
    await ctx.launch({
      fleet: withRecentDates(demoFleet()),
      // No configured node: one (profile, region), the profile's.
      userSettings: { 'ssmAssociations.profile': 'ssm-demo', 'ssmAssociations.nodes': [], 'workbench.editor.enablePreview': false },
    });
    const page = ctx.page;
    fs.mkdirSync(path.join(ctx.editor.workspace, 'infra'), { recursive: true });
    fs.writeFileSync(path.join(ctx.editor.workspace, 'infra', 'associations.yaml'), YAML);
    fs.writeFileSync(path.join(ctx.editor.workspace, 'infra', 'main.tf'), TF);

    await ctx.step('opening the template asks nothing: its lenses offer "load status"', async () => {
      await ui.setSidebarWidth(page, 520);
      // Managed Nodes (its welcome: no node configured) folded, so the Associations view gets the height
      // when a lens opens it; it starts collapsed, and nothing has loaded its list.
      await ui.togglePane(page, 'Managed Nodes', false);
      await openFile(page, 'associations.yaml');
      const texts = await waitForLenses(page, 'two lenses', (t) => t.length === 2);
      expectEqual(texts, ['SSM: load status', 'SSM: load status'], 'the lenses before any list is loaded');
      expectEqual(ctx.emu.log.length, 0, 'no request from opening the file');
    });

    await ctx.step('"load status" lists the associations; the lenses show the counts and the computed name', async () => {
      await lens(page, 'SSM: load status').click();
      const texts = await waitForLenses(page, 'the status lenses', (t) => t.some((x) => /^SSM: \d+ failed/.test(x)));
      expect(/^SSM: 12 failed · \d+ success · last run \d+ minutes ago$/.test(texts[0]), `hardening's lens: "${texts[0]}"`);
      expectEqual(texts[1], 'Show failing nodes', 'the second lens');
      expectEqual(texts[2], "SSM: name computed (!Sub '${Env}-patch-baseline') — pick the association…", 'the computed name');
      const list = ctx.emu.log.filter((e) => e.operation === 'ListAssociations');
      expect(list.length >= 1 && list.length === ctx.emu.log.length, `only ListAssociations: ${JSON.stringify(ctx.emu.log.map((e) => e.operation))}`);
    });

    await ctx.step('clicking the status lens reveals the association in the Associations view', async () => {
      await lens(page, /^SSM: 12 failed/).click();
      const row = await ui.waitForRow(page, 'hardening');
      await ui.poll('hardening selected', async () => ((await row.getAttribute('aria-selected')) === 'true' ? true : undefined));
      await ui.moveMouseAway(page);
    });

    await ctx.step('the Terraform file: its association by association_name', async () => {
      await openFile(page, 'main.tf');
      const texts = await waitForLenses(page, 'the inventory lens', (t) => t.length >= 1 && t[0].startsWith('SSM: '));
      expect(/^SSM: \d+ timed out · \d+ success · last run (\d+ hours?|\d+ minutes) ago$/.test(texts[0]), `inventory's lens: "${texts[0]}"`);
      expectEqual(texts[1], 'Show failing nodes', 'inventory has timed-out nodes');
    });

    await ctx.step('Go to Definition from the view opens the template at the line', async () => {
      // The reveal scrolled hardening (third) to the top edge, under the list's shadow: back to the top.
      await ui.scrollTree(page, 'top');
      await ui.pickContextMenu(page, ui.row(page, 'hardening').first(), 'Go to Definition');
      // The pointer, left where the menu was, would show a row's tooltip over the picture.
      await ui.moveMouseAway(page);
      await waitForActiveTab(page, 'associations.yaml');
      await ui.waitForStatusBar(page, new RegExp(`Ln ${HARDENING_LINE}, Col 3`));
    });

    await ctx.step('save the README picture', async () => {
      await waitForLenses(page, 'the lenses drawn', (t) => t.length === 3);
      await ui.moveMouseAway(page);
      await ui.dismissHover(page);
      const file = path.join(RESULTS_DIR, 'screenshot-codelens.png');
      await page.screenshot({ path: file, clip: { x: 0, y: 0, width: 1280, height: 620 } });
      console.log(`    saved ${path.relative(process.cwd(), file)}`);
    });

    await ctx.step('the computed name: Pick the association… offers those of its document; the pick is remembered', async () => {
      const before = ctx.emu.log.length;
      await lens(page, /^SSM: name computed/).click();
      const items = await ui.poll('the pick of associations', async () => {
        const i = await ui.quickPickItems(page);
        return i.length ? i : undefined;
      });
      // The demo's own patch-baseline among them; hardening, inventory and backup-check run other documents.
      expect(items.includes('patch-baseline') && !items.some((i) => ['hardening', 'inventory', 'backup-check'].includes(i)), `AWS-RunPatchBaseline's associations only: ${JSON.stringify(items)}`);
      await ui.pickQuickItem(page, 'patch-baseline', { type: false });
      const texts = await waitForLenses(page, 'the picked lens', (t) => t.includes('Pick another…'));
      expect(/^SSM: 9 failed · \d+ success · last run \d+ hours? ago$/.test(texts[2] ?? ''), `the picked association's lens: ${JSON.stringify(texts)}`);
      expectEqual(ctx.emu.log.length, before, 'no request from picking');
    });
  },
};
export default scenario;
