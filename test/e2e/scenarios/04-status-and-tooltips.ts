// Status icons and descriptions for Success, Failed and Pending rows; the node sums them up. The
// tooltip of a row whose every field was written by a hostile node shows that text literally: no
// link, no image, no HTML element comes from the data.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HOSTILE } from '../../emulator/defaultFleet';
import { DEMO, expect, expectEqual, fleetRows, type Scenario } from '../scenario';
import * as ui from '../ui';

const THREE = DEMO.nodes.three;
const HOSTILE_NODE = DEMO.nodes.hostile;
/** Elements the extension's own tooltip Markdown produces (bold field names, line breaks). */
const OWN_TAGS = new Set(['div', 'p', 'strong', 'br', 'span']);

const scenario: Scenario = {
  name: '04-status-and-tooltips',
  async run(ctx) {
    await ctx.launch({ userSettings: { 'ssmAssociations.profile': 'ssm-demo', 'ssmAssociations.nodes': [THREE, HOSTILE_NODE] } });
    const page = ctx.page;
    const three = fleetRows(THREE);

    await ctx.step('expanding the node shows its three associations', async () => {
      await ui.waitForSummary(page, THREE, /web-01\.example\.internal/);
      await ui.expand(page, THREE);
      await ui.waitForRow(page, 'update-agent');
    });

    const rows = await ctx.step('each row shows its status as icon and description', async () => {
      const vis = (await ui.settledRows(page)).filter((r) => r.level === 2);
      expectEqual(vis.map((r) => r.label), ['patch-baseline-nightly', 'hardening-script', 'update-agent'], 'labels');
      const [ok, failed, pending] = vis;
      expect(/^Success · \d+ \w+ ago$/.test(ok.description), `Success row description "${ok.description}"`);
      expect(ok.iconClasses.includes('codicon-pass'), `Success icon: ${ok.iconClasses}`);
      expect(/^Failed · \d+ \w+ ago$/.test(failed.description), `Failed row description "${failed.description}"`);
      expect(failed.iconClasses.includes('codicon-error'), `Failed icon: ${failed.iconClasses}`);
      expect(/^Pending · Associated · \d+ \w+ ago$/.test(pending.description), `Pending row description "${pending.description}"`);
      expect(pending.iconClasses.includes('codicon-clock'), `Pending icon: ${pending.iconClasses}`);
      expect(ok.iconColor !== failed.iconColor, `Success and Failed icons have different colours (${ok.iconColor} / ${failed.iconColor})`);
      return vis;
    });

    await ctx.step('the node sums up: 1 failed of 3, with the worst status as its icon', async () => {
      const node = (await ui.visibleRows(page)).find((r) => r.label === THREE)!;
      // The computer name (from the node's summary) comes first; once loaded, the loaded counts.
      expectEqual(node.description, 'web-01.example.internal · 1 failed · 3 loaded', 'node description');
      expect(node.iconClasses.includes('codicon-error'), `node icon: ${node.iconClasses}`);
      expect(rows.length === 3, 'three rows');
    });

    await ctx.step('a row\'s tooltip lists its fields', async () => {
      const hover = await ui.readHover(page, ui.row(page, 'hardening-script').first());
      for (const text of [three[1].AssociationId, 'AWS-RunShellScript', 'ExecutionError', 'Failed']) {
        expect(hover.text.includes(String(text)), `tooltip shows ${text}: ${hover.text}`);
      }
      await ctx.screenshot('tooltip');
      await ui.dismissHover(page);
    });

    await ctx.step('the hostile node\'s rows load; hostile labels are plain text', async () => {
      await ui.collapse(page, THREE);
      await ui.expand(page, HOSTILE_NODE);
      await ui.waitForRow(page, 'legal-name_1.0');
      const tree = ui.tree(page);
      expectEqual(await tree.locator('script, img, iframe, a[href^="javascript"], a[href^="command"]').count(), 0, 'HTML elements from the data in the tree');
      // The row named with HTML shows the HTML as text.
      const htmlRow = ui.row(page, /^<script>alert\(1\)<\/script><img src=x/, { exact: false }).first();
      await htmlRow.waitFor({ state: 'visible', timeout: ui.DEFAULT_TIMEOUT });
      // The row named with codicon syntax shows it as text (no icon drawn from the data).
      const iconRow = ui.row(page, /^\$\u2060?\(alert\) \$\u2060?\(terminal\)/, { exact: false }).first();
      await iconRow.waitFor({ state: 'visible', timeout: ui.DEFAULT_TIMEOUT });
      expectEqual(await iconRow.locator('.label-name .codicon, .label-description .codicon').count(), 0, 'icons inside the label drawn from the data');
    });

    await ctx.step('the hostile row\'s tooltip shows its text literally, with no link or HTML from the data', async () => {
      const hover = await ui.readHover(page, ui.row(page, 'legal-name_1.0').first());
      fs.writeFileSync(path.join(ctx.resultsDir, 'hostile-tooltip.json'), JSON.stringify(hover, null, 2));
      await ctx.screenshot('hostile-tooltip');
      expectEqual(hover.links, 0, 'links (<a>) in the tooltip');
      const foreign = hover.tags.filter((t) => !OWN_TAGS.has(t));
      expectEqual(foreign, [], 'elements other than the extension\'s own in the tooltip');
      // The Markdown and HTML of the data are shown as written.
      for (const literal of ['**bold** _em_ `code` # Heading', '[link](https://evil.example)', '![img](https://evil.example/x.png)', HOSTILE.html, 'javascript:alert(1)', '[run](command:workbench.action.terminal.new)']) {
        expect(hover.text.includes(literal), `tooltip shows literally: ${literal}\n--- tooltip text ---\n${hover.text}`);
      }
      // Bidi controls are made visible instead of reordering the text.
      expect(!/[\u202A-\u202E\u2066-\u2069]/.test(hover.text), 'no bidi control characters in the tooltip text');
      await ui.dismissHover(page);
    });

    await ctx.step('a command link in an ExecutionSummary and an ErrorCode shows as text in the tooltip', async () => {
      const hover = await ui.readHover(page, ui.row(page, 'output-command-link').first());
      expectEqual(hover.links, 0, 'links (<a>) in the tooltip');
      for (const literal of [HOSTILE.commandLink, '[x](command:workbench.action.terminal.new)', HOSTILE.outputLinks.accepted]) {
        expect(hover.text.includes(literal), `tooltip shows literally: ${literal}\n--- tooltip text ---\n${hover.text}`);
      }
      await ui.dismissHover(page);
    });
  },
};
export default scenario;
