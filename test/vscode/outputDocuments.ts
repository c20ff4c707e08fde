/**
 * In-host tests of View Output's documents: plain text (never Markdown), and their text released when
 * the tab closes. Registered by suite.ts in the trusted phase, where the demo node `three` is listed.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { AssociationElement } from '../../src/tree/elements';
import { test, until } from './harness';

const OUTPUT_SCHEME = 'ssm-output';

function outputTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === OUTPUT_SCHEME);
}

/** `associations` gives the rows of the node whose output to view; `api` the extension's test API. */
export function outputDocumentTests(api: () => TestApi, associations: () => Promise<AssociationElement[]>): void {
  test('View Output opens its document as plain text (never Markdown), and closing the tab releases its text', async () => {
    // One without S3 output: its output comes from the local endpoint (Run Command), no S3 needed.
    const association = (await associations()).find((a) => api().provider.getTreeItem(a).contextValue !== 'association.withOutput');
    assert.ok(association, 'an association without S3 output');
    assert.equal(outputTabs().length, 0, 'no output tab yet');
    await vscode.commands.executeCommand('ssmAssociations.viewOutput', association);
    const editor = await until('an output document in the editor', () => {
      const e = vscode.window.visibleTextEditors.find((v) => v.document.uri.scheme === OUTPUT_SCHEME);
      return e;
    }, 20_000);
    assert.equal(editor.document.languageId, 'plaintext', 'output is untrusted: plain text, never Markdown');
    const held = api().heldOutputs();
    assert.ok(held >= 1, `the text is held while its tab is open (${held})`);
    await vscode.window.tabGroups.close(outputTabs());
    // The editor may keep the document itself a few minutes more: the text goes with the tab.
    await until('the closed tab\'s text to be released', () => (api().heldOutputs() === 0 ? true : undefined));
  });
}
