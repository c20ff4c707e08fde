// The watch on the fleet (ssmAssociations.autoRefresh) in the real editor: with the watch on, Refresh
// Associations is a round now (⌈N/50⌉ + ⌈A/50⌉ requests). The first round sets what is known; the endpoint
// then turns one association failed, and the next round raises one notification naming it, whose "Show"
// selects that association's row.
import type { Page } from 'playwright-core';
import { associationFleet, associationFleetId, associationFleetNodeIds } from '../../emulator/associationFleet';
import { DEMO } from '../../emulator/defaultFleet';
import { expect, expectEqual, type Scenario } from '../scenario';
import * as ui from '../ui';

const A = 120;
const NODES = 3;
/** Association 119 succeeds on all its nodes (associationFleet); it is listed after the failing ones. */
const K = 119;
const NAME = `assoc-${String(K).padStart(5, '0')}`;
const NOTICE = `Association ${NAME} turned failed.`;

/** Collapses or expands a pane of the container by its header. */
async function togglePane(page: Page, title: string, expanded: boolean): Promise<void> {
  const header = ui.sidebar(page).locator('.pane-header', { hasText: title }).first();
  if ((await header.getAttribute('aria-expanded')) !== String(expanded)) await header.click();
  await ui.poll(`pane ${title} ${expanded ? 'expanded' : 'collapsed'}`, async () => ((await header.getAttribute('aria-expanded')) === String(expanded) ? true : undefined));
}

/** The toasts that say something turned failed. */
async function turnedFailedToasts(page: Page): Promise<string[]> {
  return (await ui.notifications(page)).filter((t) => t.includes('turned failed'));
}

const scenario: Scenario = {
  name: '25-association-watch',
  async run(ctx) {
    await ctx.launch({
      fleet: associationFleet(A, { nodes: NODES }),
      userSettings: { 'ssmAssociations.profile': 'ssm-demo', 'ssmAssociations.nodes': associationFleetNodeIds(NODES), 'ssmAssociations.autoRefresh': 2 },
    });
    const page = ctx.page;
    const rounds = () => ctx.emu.log.filter((e) => e.operation === 'ListAssociations' || e.operation === 'DescribeInstanceInformation').map((e) => e.operation);
    const refresh = async () => {
      ctx.emu.clearLog();
      await ui.clickViewAction(page, 'Refresh Associations');
      // One round: ⌈3/50⌉ DescribeInstanceInformation, then ⌈120/50⌉ ListAssociations.
      return ui.poll('a watch round at the endpoint', async () => (rounds().length >= 4 ? rounds() : undefined));
    };

    await ctx.step('the Associations view lists the fleet; Refresh is the first round (it notifies nothing)', async () => {
      await togglePane(page, 'Managed Nodes', false);
      await togglePane(page, 'Associations', true);
      await ui.waitForRow(page, 'assoc-00002', { timeout: 30_000 });
      const ops = await refresh();
      expectEqual(ops.join(','), ['DescribeInstanceInformation', 'ListAssociations', 'ListAssociations', 'ListAssociations'].join(','), 'the round’s requests');
      await ui.settledRows(page);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expectEqual((await turnedFailedToasts(page)).length, 0, 'notifications after the first round');
    });

    await ctx.step('the endpoint turns an association failed: the next round raises one notification naming it', async () => {
      const id = associationFleetId(K);
      const nodes = ctx.emu.fleet.accounts.find((a) => a.name === 'demo')!.regions[DEMO.region]!;
      const status = nodes.flatMap((n) => n.associations ?? []).find((r) => r.AssociationId === id)!;
      expectEqual(status.Status, 'Success', `${NAME} before`);
      status.Status = 'Failed';
      status.DetailedStatus = 'Failed';
      const ops = await refresh();
      expectEqual(ops.length, 4, `one round’s requests: ${ops.join(',')}`);
      const text = await ui.waitForNotification(page, 'turned failed', 20_000);
      expectEqual(text, NOTICE, 'the notification');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expectEqual((await turnedFailedToasts(page)).length, 1, 'one notification');
      expectEqual(rounds().length, 4, 'no request beyond the round');
    });

    await ctx.step('"Show" selects the association’s row', async () => {
      const toast = ui.toasts(page).filter({ hasText: NOTICE }).first();
      await toast.locator('.monaco-button', { hasText: 'Show' }).click();
      const selected = await ui.poll(`${NAME} selected`, async () => {
        const label = await ui.sidebar(page).locator('.monaco-list-row[aria-selected="true"] .label-name').allInnerTexts();
        return label.length === 1 && label[0].trim() === NAME ? label[0] : undefined;
      });
      expectEqual(selected.trim(), NAME, 'the selected row');
      const row = await ui.rowInfo(ui.row(page, NAME, { exact: true }).first());
      expect(/^1 failed/.test(row.description), `its counts: "${row.description}"`);
    });
  },
};
export default scenario;
