// Paging: with page size 50 the 137-association node shows 50 rows and "Load more…"; two clicks
// reach all 137 and "Load more…" is gone. The endpoint saw exactly three requests, each carrying
// the token the previous answer gave.
//
// Counting rows: the tree virtualises its rows (only those in view are in the DOM), so the test
// does not count DOM nodes. Every rendered child row carries aria-setsize = the number of children
// of its parent, and aria-posinset = its position: after page 1 the node has 50 rows + "Load more…"
// (setsize 51). At the end the test also scrolls the whole tree (mouse wheel) and checks every row's
// label against the fleet, in order, with posinset 1..137.
import { DEMO, expect, expectEqual, expectedLabel, fleetRows, type Scenario } from '../scenario';
import * as ui from '../ui';

const NODE = DEMO.nodes.many;
const LOAD_MORE = 'Load more…';

const scenario: Scenario = {
  name: '03-paging',
  async run(ctx) {
    await ctx.launch({
      userSettings: { 'ssmAssociations.profile': 'ssm-demo', 'ssmAssociations.pageSize': 50, 'ssmAssociations.nodes': [NODE, DEMO.nodes.three] },
    });
    const page = ctx.page;
    const expected = fleetRows(NODE).map(expectedLabel);
    expectEqual(expected.length, 137, 'rows of the node in the fleet');

    /** aria-setsize of the node's children (read from any rendered child row). */
    const childCount = async () => (await ui.rowInfo(ui.rows(page).filter({ has: page.locator('.label-name') }).nth(1))).setSize;

    await ctx.step('expanding the node shows page 1: 50 rows and "Load more…"', async () => {
      await ui.waitForSummary(page, NODE, /batch-137\.example\.internal/);
      await ui.expand(page, NODE, { exact: true });
      await ui.waitForRow(page, expected[0]);
      await ui.poll('51 children (50 rows + Load more…)', async () => ((await childCount()) === 51 ? true : undefined));
      const vis = await ui.visibleRows(page);
      const children = vis.filter((r) => r.level === 2);
      expectEqual(children.slice(0, 5).map((r) => r.label), expected.slice(0, 5), 'first rows');
      const node = vis.find((r) => r.label === NODE)!;
      expect(/50\+ loaded/.test(node.description), `node description "${node.description}" says 50+ loaded`);
    });

    await ctx.step('"Load more…" is the 51st child; clicking it loads page 2', async () => {
      await ui.scrollTree(page, 'bottom');
      const more = await ui.waitForRow(page, LOAD_MORE);
      const info = await ui.rowInfo(more);
      expectEqual([info.posInSet, info.setSize], [51, 51], 'Load more… position');
      const above = (await ui.visibleRows(page)).filter((r) => r.level === 2 && r.label !== LOAD_MORE).pop();
      expectEqual(above?.label, expected[49], 'row above Load more…');
      await more.click();
      await ui.poll('101 children', async () => ((await childCount()) === 101 ? true : undefined));
    });

    await ctx.step('clicking "Load more…" again loads the last 37 and it disappears', async () => {
      await ui.scrollTree(page, 'bottom');
      const more = await ui.waitForRow(page, LOAD_MORE);
      expectEqual((await ui.rowInfo(more)).posInSet, 101, 'Load more… position');
      await more.click();
      await ui.poll('137 children', async () => ((await childCount()) === 137 ? true : undefined));
      await ui.scrollTree(page, 'bottom');
      await ui.waitForNoRow(page, LOAD_MORE);
      const last = (await ui.visibleRows(page)).filter((r) => r.level === 2).pop();
      expectEqual([last?.label, last?.posInSet], [expected[136], 137], 'last row');
    });

    await ctx.screenshot('all-137');

    await ctx.step('every row is there, in AWS order (scrolling the whole tree)', async () => {
      const all = await ui.allRowsByScrolling(page);
      const children = all.filter((r) => r.level === 2);
      expectEqual(children.map((r) => r.posInSet), expected.map((_, i) => i + 1), 'positions');
      expectEqual(children.map((r) => r.label), expected, 'labels');
      const node = all.find((r) => r.label === NODE)!;
      expect(/137 loaded/.test(node.description) && !/\+/.test(node.description), `node description "${node.description}"`);
    });

    await ctx.step('the endpoint saw exactly three requests, chained by their tokens', async () => {
      const calls = ctx.calls(NODE);
      expectEqual(calls.length, 3, 'requests about the node');
      expectEqual(calls.map((c) => c.maxResults), [50, 50, 50], 'MaxResults');
      expectEqual(calls.map((c) => c.returned), [50, 50, 37], 'rows returned');
      expect(calls[0].nextToken === undefined, 'first request has no token');
      expect(!!calls[0].nextTokenOut && calls[1].nextToken === calls[0].nextTokenOut, '2nd request carries the 1st answer\'s token');
      expect(!!calls[1].nextTokenOut && calls[2].nextToken === calls[1].nextTokenOut, '3rd request carries the 2nd answer\'s token');
      expect(calls[2].nextTokenOut === undefined, 'the last answer has no token');
      expectEqual(ctx.calls(DEMO.nodes.three).length, 0, 'requests about the collapsed node');
    });
  },
};
export default scenario;
