// Errors show under their node as a row with a message a user can act on: a node the profile may
// not see (InvalidInstanceId), throttling that does not clear, an internal server error (500),
// an expired session. Each is retried from the tree once its cause is gone, and the rows appear.
import type { Emulator } from '../../emulator/index';
import { KEYS } from '../../emulator/defaultFleet';
import { DEMO, expect, expectEqual, type Scenario, type ScenarioContext, NODE_ROWS_ONLY } from '../scenario';
import * as ui from '../ui';

const { noAccess: NO_ACCESS, three: THREE, hybrid: HYBRID, many: MANY } = DEMO.nodes;
const EXPIRED_LABEL = 'Expired session node';

function setNodeAccess(emu: Emulator, id: string, noAccess: boolean): void {
  for (const account of emu.fleet.accounts) for (const nodes of Object.values(account.regions)) for (const n of nodes) if (n.InstanceId === id) n.noAccess = noAccess;
}

function setKeyExpired(emu: Emulator, accessKeyId: string, expired: boolean): void {
  for (const account of emu.fleet.accounts) for (const k of account.keys) if (k.accessKeyId === accessKeyId) k.expired = expired;
}

/** Expands `node`, waits for its error row, checks its text, tooltip and the node's warning icon. */
async function expectErrorRow(ctx: ScenarioContext, node: string, message: RegExp, description: string, tooltip: RegExp): Promise<void> {
  const page = ctx.page;
  await ui.expand(page, node, { exact: true });
  const row = await ui.waitForRow(page, message, { timeout: 30_000 });
  const info = await ui.rowInfo(row);
  expectEqual(info.level, 2, 'error row level');
  expectEqual(info.description, description, 'error row description');
  expect(info.iconClasses.includes('codicon-error'), `error icon: ${info.iconClasses}`);
  // The node is drawn again after its children: wait for its warning icon.
  await ui.poll(`${node} to show a warning icon`, async () => ((await ui.rowInfo(ui.row(page, node).first())).iconClasses.includes('codicon-warning') ? true : undefined));
  const hover = await ui.readHover(page, row);
  expect(tooltip.test(hover.text), `tooltip ${tooltip}: ${hover.text}`);
  await ui.dismissHover(page);
}

/**
 * Retries with the row's inline Retry button and waits for the node's first row. A click that lands
 * while VS Code redraws the row is lost (seen on this 2-core machine under load); what a user does
 * then — click again — is done here, at most three times, and only while no request was made.
 */
async function retryShowsRows(ctx: ScenarioContext, errorRow: RegExp, firstRow: string, nodeId: string): Promise<void> {
  const page = ctx.page;
  const before = ctx.calls(nodeId).length;
  for (let attempt = 1; attempt <= 3 && ctx.calls(nodeId).length === before; attempt++) {
    if (attempt > 1) console.log(`  (the Retry click made no request; clicking again, attempt ${attempt})`);
    await ui.clickInlineAction(ui.row(page, errorRow, { exact: false }).first(), 'Retry');
    await ctx.waitForCalls(nodeId, before + 1, 5_000).catch(() => undefined);
  }
  await ui.waitForRow(page, firstRow, { timeout: 30_000 });
  await ui.waitForNoRow(page, errorRow, { exact: false });
  expect(ctx.calls(nodeId).length === before + 1, `one request for the retry (seen ${ctx.calls(nodeId).length - before})`);
}

const scenario: Scenario = {
  name: '09-errors',
  async run(ctx) {
    await ctx.launch({
      userSettings: {
        'ssmAssociations.profile': 'ssm-demo',
        ...NODE_ROWS_ONLY,
        'ssmAssociations.nodes': [NO_ACCESS, THREE, HYBRID, { id: MANY, profile: 'ssm-expired', label: EXPIRED_LABEL }],
      },
    });
    const page = ctx.page;
    const emu = ctx.emu;

    await ctx.step('InvalidInstanceId: "Node not reachable" with the reasons in the tooltip', async () => {
      await expectErrorRow(ctx, NO_ACCESS, /^Node not reachable$/, 'click to retry', /Node not reachable with profile "ssm-demo" in eu-west-1[\s\S]*InvalidInstanceId[\s\S]*SSM Agent is not running/);
      expectEqual(ctx.calls(NO_ACCESS).map((c) => c.errorType), ['InvalidInstanceId'], 'requests (not retried by the SDK)');
    });

    await ctx.step('InvalidInstanceId: once the node is visible, Retry shows its rows', async () => {
      setNodeAccess(emu, NO_ACCESS, false);
      await retryShowsRows(ctx, /^Node not reachable/, 'assoc-00000', NO_ACCESS);
      await ui.collapse(page, NO_ACCESS);
    });

    await ctx.step('throttling that does not clear: a throttling message after the SDK\'s retries', async () => {
      emu.setFault({ throttle: 'always' }, THREE);
      await expectErrorRow(ctx, THREE, /^Throttled by AWS$/, 'click to retry', /AWS is throttling requests[\s\S]*ThrottlingException/);
      const calls = ctx.calls(THREE);
      expect(calls.length >= 2 && calls.every((c) => c.errorType === 'ThrottlingException'), `throttled attempts: ${JSON.stringify(calls.map((c) => c.errorType))}`);
      await ctx.screenshot('throttled');
    });

    await ctx.step('throttling: once it clears, Retry shows the rows', async () => {
      emu.clearFaults();
      await retryShowsRows(ctx, /^Throttled by AWS/, 'update-agent', THREE);
      await ui.collapse(page, THREE);
    });

    await ctx.step('a 500: "SSM had an internal error"', async () => {
      emu.setFault({ internalError: 'always' }, HYBRID);
      await expectErrorRow(ctx, HYBRID, /^SSM internal error$/, 'click to retry', /SSM had an internal error[\s\S]*InternalServerError/);
      expect(ctx.calls(HYBRID).every((c) => c.status === 500), 'all attempts got 500');
    });

    await ctx.step('a 500: once it clears, clicking the error row retries and shows the rows', async () => {
      emu.clearFaults();
      await ui.row(page, /^SSM internal error/, { exact: false }).first().click();
      await ui.waitForRow(page, 'onprem-bare', { timeout: 30_000 });
      await ui.collapse(page, HYBRID);
    });

    await ctx.step('an expired session: says so, and what to do in the tooltip', async () => {
      await expectErrorRow(ctx, EXPIRED_LABEL, /^Session credentials expired$/, 'click to retry', /The session credentials of profile "ssm-expired" have expired/);
      expect(ctx.calls(MANY).every((c) => c.errorType === 'ExpiredTokenException' && c.accessKeyId === KEYS.expiredSession.accessKeyId), 'refused as expired');
      await ctx.screenshot('expired');
    });

    await ctx.step('an expired session: once renewed, Retry shows the rows', async () => {
      setKeyExpired(emu, KEYS.expiredSession.accessKeyId, false);
      await retryShowsRows(ctx, /^Session credentials expired/, 'assoc-00000', MANY);
    });
  },
};
export default scenario;
