/**
 * In-host tests of the CodeLens on association definitions (issue 22): lenses read through
 * vscode.executeCodeLensProvider, the endpoint's request log for "no request from opening a file",
 * the lens commands, the setting, Go to Definition; and, untrusted, no account data.
 * Registered by suite.ts once the view is open (the extension active), before anything loaded the
 * Associations view's lists.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { AssocElement } from '../../src/tree/associations/elements';
import type { RequestLogEntry } from '../emulator/server';
import { test, until } from './harness';

/** The demo node three's failing association (defaultFleet.ts), and the line of its logical ID below. */
const FAILING = 'hardening-script';
const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: { Type: String }
Resources:
  Hardening:
    Type: AWS::SSM::Association
    Properties:
      AssociationName: ${FAILING}
      Name: AWS-RunShellScript
  Patching:
    Type: AWS::SSM::Association
    Properties:
      AssociationName: !Sub '\${Env}-patch'
      Name: AWS-RunPatchBaseline
`;
const HARDENING_LINE = 4;

async function requestLog(): Promise<RequestLogEntry[]> {
  const res = await fetch(`${process.env.AWS_ENDPOINT_URL_SSM}/__control/log`);
  assert.equal(res.status, 200);
  return (await res.json()) as RequestLogEntry[];
}

async function writeTemplate(): Promise<vscode.Uri> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the editor has a workspace folder');
  const uri = vscode.Uri.joinPath(folder.uri, 'infra', 'associations.yaml');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(TEMPLATE));
  return uri;
}

async function lensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [];
}

const titles = (lenses: vscode.CodeLens[]) => lenses.map((l) => l.command?.title ?? '');

/** Waits until the file's lenses pass `ok`; says what they were when they never did. */
async function waitForLenses(uri: vscode.Uri, what: string, ok: (t: string[]) => boolean): Promise<vscode.CodeLens[]> {
  let seen: string[] = [];
  try {
    return await until(what, async () => {
      const lenses = await lensesOf(uri);
      seen = titles(lenses);
      return ok(seen) ? lenses : undefined;
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}; lenses: ${JSON.stringify(seen)}`);
  }
}

export function codeLensTests(api: () => TestApi): void {
  let uri: vscode.Uri;

  test('opening a template sends no request: its lenses offer "load status" while nothing is loaded', async () => {
    uri = await writeTemplate();
    const before = (await requestLog()).length;
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = await waitForLenses(uri, 'two lenses', (t) => t.length === 2);
    assert.deepEqual(titles(lenses), ['SSM: load status', 'SSM: load status']);
    assert.deepEqual(lenses.map((l) => l.range.start.line), [HARDENING_LINE, HARDENING_LINE + 5]);
    // Editing the file (a new version, parsed again) asks nothing either.
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# edited\n'));
    await waitForLenses(uri, 'the lenses a line lower', (t) => t.length === 2);
    assert.equal((await requestLog()).length, before, 'no request from opening or editing the file');
    await vscode.commands.executeCommand('undo');
  });

  test('"load status" lists the associations; then the literal name shows its counts and Show failing nodes, the computed one offers a pick', async () => {
    const [load] = await lensesOf(uri);
    assert.equal(load.command?.command, 'ssmAssociations.loadAssociationStatus');
    await vscode.commands.executeCommand(load.command.command, ...(load.command.arguments ?? []));
    assert.ok((await requestLog()).some((e) => e.operation === 'ListAssociations'), 'the click listed the associations');
    const lenses = await waitForLenses(uri, 'status lenses', (t) => t.some((x) => x.startsWith('SSM: ') && / · (last run|not run yet)/.test(x)));
    const t = titles(lenses);
    assert.match(t[0], /^SSM: \d+ failed( · \d+ \w+)* · (last run .+ ago|not run yet)$/);
    assert.equal(t[1], 'Show failing nodes');
    assert.match(t[2], /^SSM: name computed \(!Sub '\$\{Env\}-patch'\) — pick the association…$/);
    assert.equal(lenses[2].command?.command, 'ssmAssociations.pickTemplateAssociation');
  });

  test('the status lens reveals the association in the Associations view', async () => {
    const [status] = await lensesOf(uri);
    await vscode.commands.executeCommand(status.command!.command, ...(status.command!.arguments ?? []));
    const selected = await until('a selected association', () => api().associations.view.selection[0] as AssocElement | undefined);
    assert.equal(selected.summary.name, FAILING);
  });

  test('ssmAssociations.codeLens false removes the lenses at once; true brings them back', async () => {
    const config = vscode.workspace.getConfiguration('ssmAssociations');
    await config.update('codeLens', false, vscode.ConfigurationTarget.Global);
    await waitForLenses(uri, 'no lens', (t) => t.length === 0);
    await config.update('codeLens', undefined, vscode.ConfigurationTarget.Global);
    await waitForLenses(uri, 'the lenses back', (t) => t.length === 3);
  });

  test('Go to Definition on the association row opens the template at its logical ID', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const row = api().associations.view.selection[0];
    await vscode.commands.executeCommand('ssmAssociations.goToDefinition', row);
    const editor = await until('the template open', () => (vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() ? vscode.window.activeTextEditor : undefined));
    assert.equal(editor.selection.active.line, HARDENING_LINE);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
}

export function untrustedCodeLensTests(): void {
  test('untrusted: a template gets lenses with no account data, and opening it sends no request', async () => {
    const uri = await writeTemplate();
    const before = (await requestLog()).length;
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = await waitForLenses(uri, 'two lenses', (t) => t.length === 2);
    assert.deepEqual(titles(lenses), ['SSM: trust this workspace to see status', 'SSM: trust this workspace to see status']);
    assert.equal((await requestLog()).length, before);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
}
