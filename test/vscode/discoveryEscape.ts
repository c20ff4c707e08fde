/**
 * In-host test of Add Managed Nodes from Account…: Escape on the list while pages still arrive
 * stops paging (the page in flight is dropped, no further page is asked for) and writes nothing to
 * the settings. The quick picks are answered with the workbench's own commands, as the keyboard
 * would. Registered by suite.ts in the trusted phase (profile ssm-demo, whose account has nodes);
 * it empties the node list first. Without `controller.abort()` when the list hides, it fails (3 more pages).
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RequestLogEntry } from '../emulator/server';
import { test, until } from './harness';

const SECTION = 'ssmAssociations';
/** Each page of the list takes this long at the endpoint, and twenty empty pages carry a token. */
const PAGE_MS = 700;

function endpoint(): string {
  const url = process.env.AWS_ENDPOINT_URL_SSM;
  assert.ok(url, 'AWS_ENDPOINT_URL_SSM points at the local SSM endpoint');
  return url;
}

/** The DescribeInstanceInformation requests the endpoint answered (the discovery's pages). */
async function pages(): Promise<RequestLogEntry[]> {
  const log = (await (await fetch(`${endpoint()}/__control/log`)).json()) as RequestLogEntry[];
  return log.filter((e) => e.operation === 'DescribeInstanceInformation');
}

async function setFault(fault: Record<string, unknown> | undefined): Promise<void> {
  const res = fault
    ? await fetch(`${endpoint()}/__control/faults`, { method: 'POST', body: JSON.stringify({ node: 'op:DescribeInstanceInformation', fault }) })
    : await fetch(`${endpoint()}/__control/faults`, { method: 'DELETE' });
  assert.equal(res.status, 200, 'the endpoint takes the fault');
}

function nodeLevels(): unknown {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect('nodes');
  return { user: inspected?.globalValue, workspace: inspected?.workspaceValue };
}

const accept = () => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');

export function discoveryEscapeTests(): void {
  test('Escape on Add Managed Nodes from Account while pages arrive stops paging and writes nothing', async () => {
    // No node in the tree: its own DescribeInstanceInformation requests (node summaries) would mix
    // with the list's pages. Then wait until the endpoint has heard none for a second.
    await vscode.workspace.getConfiguration(SECTION).update('nodes', [], vscode.ConfigurationTarget.Global);
    await until('the node list to be empty', () => (JSON.stringify(nodeLevels()) === JSON.stringify({ user: [] }) ? true : undefined));
    let seen = -1;
    await until('no summary request for a second', async () => {
      const count = (await pages()).length;
      if (count === seen) return true;
      seen = count;
      await new Promise((r) => setTimeout(r, 1000));
      return undefined;
    }, 20_000);
    await setFault({ emptyPageWithToken: 20, latencyMs: PAGE_MS });
    try {
      const settingsBefore = nodeLevels();
      const before = (await pages()).length;
      let finished = false;
      const command = Promise.resolve(vscode.commands.executeCommand('ssmAssociations.addNodesFromAccount')).finally(() => {
        finished = true;
      });
      // Profile (ssm-demo, in use, first), region (the profile's own, first), filters (none): Enter
      // until the list's first page is asked for. An Enter before its pick is up does nothing; each
      // waits for the first page a while (the endpoint logs a page after its latency).
      for (let enters = 0; (await pages()).length === before; enters++) {
        assert.ok(enters < 6, 'six Enters and still no page asked for');
        await accept();
        await until('the first page of the list', async () => ((await pages()).length > before ? true : undefined), 2500).catch(() => undefined);
      }
      // A second page proves the list is still up and paging (an Enter on it would have ended it).
      await until('a second page', async () => ((await pages()).length >= before + 2 ? true : undefined));
      assert.equal(finished, false, 'the command waits on the list');
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await until('the command to end after Escape', () => (finished ? true : undefined), 5000);
      await command;
      const atEscape = (await pages()).length;
      // Paging would go on for 20 pages; the page in flight at Escape may still be logged when the
      // endpoint answers it (the endpoint logs after its latency), none after it.
      await new Promise((r) => setTimeout(r, 3 * PAGE_MS + 500));
      const after = (await pages()).length;
      assert.ok(after <= atEscape + 1, `pages asked for after Escape: ${after - atEscape} (before Escape: ${atEscape - before})`);
      assert.deepEqual(nodeLevels(), settingsBefore, 'nothing written to the settings');
    } finally {
      await setFault(undefined);
    }
  });
}
