// Select Profile, from the button on a "Node not reachable" row, lists the profiles of the
// (temporary) AWS files; choosing ssm-second reloads the tree with that profile's keys. A node whose
// own profile is missing and named like an injection shows "Profile not found" (not an SSO problem).
import { KEYS } from '../../emulator/defaultFleet';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEMO, expect, expectEqual, type Scenario, type ScenarioContext, NODE_ROWS_ONLY } from '../scenario';
import * as ui from '../ui';

const { three: THREE, secondAccount: SECOND, many: MANY } = DEMO.nodes;
/** A profile in neither file, named like a shell injection, with "sso" and "token" in it. */
const INJECTION_PROFILE = "sso-token'; calc; '";
const INJECTION_LABEL = 'Node with a missing profile';

/** The "Node not reachable" row, whose tooltip names the profile that was used. */
async function expectNotReachableWith(ctx: ScenarioContext, profile: string): Promise<void> {
  await ui.waitForRow(ctx.page, /^Node not reachable$/);
  // The node is drawn again after its children (its warning icon): hover only once the tree is still.
  await ui.settledRows(ctx.page);
  const hover = await ui.readHover(ctx.page, ui.row(ctx.page, /^Node not reachable$/).first());
  expect(hover.text.includes(`Node not reachable with profile "${profile}" in eu-west-1`), `tooltip names ${profile}: ${hover.text}`);
  await ui.dismissHover(ctx.page);
}

const scenario: Scenario = {
  name: '08-select-profile',
  async run(ctx) {
    await ctx.launch({
      userSettings: {
        'ssmAssociations.profile': 'ssm-demo',
        ...NODE_ROWS_ONLY,
        'ssmAssociations.nodes': [THREE, SECOND, { id: MANY, profile: INJECTION_PROFILE, label: INJECTION_LABEL }],
      },
    });
    const page = ctx.page;

    await ctx.step('with ssm-demo, the demo node loads and the other account\'s node is not reachable', async () => {
      await ui.expand(page, THREE);
      await ui.waitForRow(page, 'update-agent');
      await ui.expand(page, SECOND);
      await expectNotReachableWith(ctx, 'ssm-demo');
      expect(ctx.calls().every((c) => c.accessKeyId === KEYS.demo.accessKeyId), 'all requests signed with the demo key');
      await ui.waitForStatusBar(page, /ssm-demo/);
    });

    await ctx.step('the "Node not reachable" row offers Select Profile; it lists the profiles of the AWS files', async () => {
      await ui.clickInlineAction(ui.row(page, /^Node not reachable$/).first(), 'Select Profile');
      const items = await ui.quickPickItems(page);
      expectEqual(
        items,
        ['Default credential chain', 'ssm-demo', 'ssm-expired', 'ssm-noregion', 'ssm-second', 'ssm-session', 'ssm-unknown-key'],
        'quick pick entries',
      );
      await ctx.screenshot('profiles');
    });

    await ctx.step('choosing ssm-second reloads the expanded nodes with its key', async () => {
      ctx.emu.clearLog();
      await ui.pickQuickItem(page, 'ssm-second');
      const calls = await ctx.waitForCalls(undefined, 2);
      await ctx.expectNoMoreCalls(undefined, 2);
      expectEqual(calls.map((c) => c.instanceId).sort(), [THREE, SECOND].sort(), 'reloaded nodes');
      expect(calls.every((c) => c.accessKeyId === KEYS.second.accessKeyId), `signed with ssm-second's key: ${calls.map((c) => c.accessKeyId)}`);
    });

    await ctx.step('the second account\'s node now shows its rows; the demo node is not reachable', async () => {
      await expectNotReachableWith(ctx, 'ssm-second');
      const rows = await ui.settledRows(page);
      const i = rows.findIndex((r) => r.label === SECOND);
      expect(i >= 0 && rows[i].expanded === true, `${SECOND} is still expanded`);
      const children = rows.slice(i + 1).filter((r) => r.level === 2);
      expectEqual(children.length, 2, `rows under ${SECOND}`);
      expect(children.every((r) => /^assoc-|^AWS-|^Custom-/.test(r.label)), `rows: ${children.map((r) => r.label)}`);
    });

    await ctx.step('the status bar and the user settings name ssm-second', async () => {
      await ui.waitForStatusBar(page, /ssm-second/);
      const settings = JSON.parse(fs.readFileSync(path.join(ctx.editor.userDataDir, 'User', 'settings.json'), 'utf8'));
      expectEqual(settings['ssmAssociations.profile'], 'ssm-second', 'ssmAssociations.profile in settings.json');
    });

    await ctx.step('a node whose own profile is missing and named like an injection: "Profile not found"', async () => {
      ctx.emu.clearLog();
      await ui.expand(page, INJECTION_LABEL, { exact: true });
      const row = await ui.waitForRow(page, /^Profile not found$/, { timeout: 30_000 });
      const info = await ui.rowInfo(row);
      expectEqual(info.level, 2, 'error row level');
      // Select Profile would not change a node with its own profile: the click opens the settings.
      expectEqual(info.description, 'click to open settings', 'error row description');
      await ui.settledRows(page);
      const hover = await ui.readHover(page, ui.row(page, /^Profile not found$/).first());
      expect(hover.text.includes(`Profile "${INJECTION_PROFILE}" is not in your AWS config or credentials files`), `tooltip names the profile: ${hover.text}`);
      expect(!/SSO/.test(hover.text), `not taken for an SSO problem: ${hover.text}`);
      await ui.dismissHover(page);
      expectEqual(ctx.calls(MANY).length, 0, 'nothing was sent for the missing profile');
      await ctx.screenshot('profile-not-found');
      await ui.collapse(page, INJECTION_LABEL, { exact: true });
    });
  },
};
export default scenario;
