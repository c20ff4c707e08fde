// Add Managed Nodes from Account…: pick the second account's profile, its region, no filter; the
// list fills from DescribeInstanceInformation; tick two nodes; they are written to the settings
// (profile only, since the region is that profile's own; computer name as label) and the tree
// now groups the nodes under one row per account and region. Then a typed tag filter on the first
// account, and Escape while pages still arrive (no further request).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fleetWith, KEYS, opScope } from '../../emulator/index';
import { DEMO, expect, expectEqual, type Scenario } from '../scenario';
import * as ui from '../ui';

const { three: THREE, many: MANY } = DEMO.nodes;
const EXTRA = ['i-0c000000000000a01', 'i-0c000000000000a02', 'i-0c000000000000a03'];

const scenario: Scenario = {
  name: '12-fleet-discovery',
  async run(ctx) {
    const fleet = fleetWith(
      EXTRA.map((id) => ({ id, count: 2, account: 'second' as const })),
      { withDefaultNodes: true },
    );
    const computerName = (id: string) => fleet.accounts[1].regions[DEMO.region].find((n) => n.InstanceId === id)?.ComputerName ?? '';
    await ctx.launch({ fleet, userSettings: { 'ssmAssociations.profile': 'ssm-demo', 'ssmAssociations.nodes': [THREE, MANY] } });
    const page = ctx.page;
    const settingsFile = path.join(ctx.editor.userDataDir, 'User', 'settings.json');
    const nodesSetting = () => JSON.parse(fs.readFileSync(settingsFile, 'utf8'))['ssmAssociations.nodes'] as unknown;
    const q = ui.quickInput(page);
    const title = async () => ((await q.locator('.quick-input-title').innerText()) || '').trim();

    await ctx.step('one account and region: a flat list', async () => {
      await ui.waitForRow(page, MANY, { timeout: 30_000 });
      const rows = await ui.visibleRows(page);
      expectEqual(rows.map((r) => [r.label, r.level]), [[THREE, 1], [MANY, 1]], 'rows');
    });

    await ctx.step('the view title button asks for the profile, then the region', async () => {
      await ui.clickViewAction(page, 'Add Managed Nodes from Account…');
      await ui.waitForQuickInput(page);
      await ui.poll('the profile step', async () => ((await title()).includes('profile') ? true : undefined));
      const profiles = await ui.quickPickItems(page);
      expectEqual(profiles[0], 'ssm-demo', 'the profile in use comes first');
      await ui.pickQuickItem(page, 'ssm-second');
      await ui.poll('the region step', async () => ((await title()).includes('region') ? true : undefined));
      const regions = await ui.quickPickItems(page);
      expectEqual(regions[0], DEMO.region, "the profile's region comes first");
      await ui.acceptInput(page);
    });

    await ctx.step('no filter: Enter lists every node of the account, page by page', async () => {
      await ui.poll('the filters step', async () => ((await title()).includes('filters') ? true : undefined));
      await ui.acceptInput(page);
      await ui.poll('the list to finish', async () => (/ — 4 nodes$/.test(await title()) ? true : undefined), 30_000);
      const labels = await ui.quickPickItems(page);
      expectEqual([...labels].sort(), [...EXTRA.map(computerName), 'second-02'].sort(), 'computer names listed');
      const log = ctx.emu.log.filter((e) => e.operation === 'DescribeInstanceInformation' && e.accessKeyId === KEYS.second.accessKeyId);
      expectEqual(log.length, 1, 'one page for four nodes, signed with the second account key');
      await ctx.screenshot('discovered');
    });

    await ctx.step('tick two nodes and add them', async () => {
      for (const id of EXTRA.slice(0, 2)) {
        await ui.quickInputBox(page).fill(id);
        const item = q.locator('.quick-input-list .monaco-list-row').filter({ hasText: id }).first();
        await item.waitFor({ state: 'visible' });
        // In a multi-select list a click on the item ticks it.
        await item.locator('.label-name').first().click();
        await ui.poll(`${id} ticked`, async () => ((await q.innerText()).includes(`${EXTRA.indexOf(id) + 1} Selected`) ? true : undefined));
      }
      await ui.quickInputBox(page).fill('');
      await ui.acceptInput(page);
      await q.waitFor({ state: 'hidden' });
      await ui.poll('settings.json to list the two nodes', async () => {
        const v = nodesSetting();
        return Array.isArray(v) && v.length === 4 ? v : undefined;
      });
      expectEqual(
        nodesSetting(),
        [THREE, MANY, ...EXTRA.slice(0, 2).map((id) => ({ id, profile: 'ssm-second', label: computerName(id) }))],
        'settings: profile where it differs, no region (the profile has it), computer name as label',
      );
    });

    await ctx.step('the tree groups the nodes under one row per account and region', async () => {
      await ui.waitForRow(page, `ssm-second · ${DEMO.region}`);
      const rows = await ui.settledRows(page);
      expectEqual(
        rows.map((r) => [r.label, r.level]),
        [
          [`ssm-demo · ${DEMO.region}`, 1],
          [THREE, 2],
          [MANY, 2],
          [`ssm-second · ${DEMO.region}`, 1],
          [computerName(EXTRA[0]), 2],
          [computerName(EXTRA[1]), 2],
        ],
        'grouped rows',
      );
      const second = rows.find((r) => r.label === computerName(EXTRA[0]));
      expect(/^i-0c000000000000a01 · 2 associations$/.test(second?.description ?? ''), `added node description "${second?.description}"`);
      await ctx.screenshot('grouped');
    });

    await ctx.step('the added nodes needed no summaries request of their own, and nothing asked for associations', async () => {
      const info = ctx.emu.log.filter((e) => e.operation === 'DescribeInstanceInformation');
      expectEqual(info.map((e) => e.accessKeyId), [KEYS.demo.accessKeyId, KEYS.second.accessKeyId], 'DescribeInstanceInformation: summaries on open, then the discovery page');
      expectEqual(ctx.calls().length, 0, 'association requests');
    });

    const info = () => ctx.emu.log.filter((e) => e.operation === 'DescribeInstanceInformation');
    /** Runs the command on the profile in use and its region, up to the filters step. */
    const startOnDemoAccount = async () => {
      await ui.clickViewAction(page, 'Add Managed Nodes from Account…');
      await ui.waitForQuickInput(page);
      await ui.poll('the profile step', async () => ((await title()).includes('profile') ? true : undefined));
      await ui.pickQuickItem(page, 'ssm-demo');
      await ui.poll('the region step', async () => ((await title()).includes('region') ? true : undefined));
      await ui.acceptInput(page);
      await ui.poll('the filters step', async () => ((await title()).includes('filters') ? true : undefined));
    };

    await ctx.step('a typed tag filter (tag:Role=db) lists only the nodes with that tag', async () => {
      await startOnDemoAccount();
      await ui.quickInputBox(page).fill('tag:Role=db');
      await ui.poll('the typed filter offered', async () => ((await ui.quickPickItems(page)).some((l) => l.includes('Role')) ? true : undefined));
      await ui.acceptInput(page);
      await ui.poll('the list to finish', async () => (/ — \d+ nodes?$/.test(await title()) ? true : undefined), 30_000);
      expect((await title()).includes('tag:Role=db'), `the title names the filter: "${await title()}"`);
      const labels = await ui.quickPickItems(page);
      expectEqual([...labels].sort(), ['filler-1.example.internal', 'filler-3.example.internal'], 'only the db nodes');
      await ui.closeQuickInput(page);
    });

    await ctx.step('Escape while pages arrive stops paging: no further request', async () => {
      // Twenty empty pages with a token, 700 ms each: paging would go on for 14 s.
      ctx.emu.setFault({ emptyPageWithToken: 20, latencyMs: 700 }, opScope('DescribeInstanceInformation'));
      await startOnDemoAccount();
      const before = info().length;
      await ui.acceptInput(page);
      await ui.poll('two pages answered', async () => (info().length >= before + 2 ? true : undefined), 30_000);
      expect(/so far…$|loading…$/.test(await title()), `still paging: "${await title()}"`);
      await page.keyboard.press('Escape');
      await q.waitFor({ state: 'hidden' });
      const atEscape = info().length;
      await new Promise((resolve) => setTimeout(resolve, 3000));
      // The request in flight at Escape may still be logged when the endpoint answers it; none after.
      expect(info().length <= atEscape + 1, `requests after Escape: ${info().length - atEscape} (at Escape ${atEscape - before})`);
      ctx.emu.clearFaults();
      expectEqual((nodesSetting() as unknown[]).length, 4, 'nothing added');
    });
  },
};
export default scenario;
