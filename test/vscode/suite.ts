// Runs inside the VS Code extension host (see runTest.ts). Plain asserts: no test framework to load.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXPECTED_COMMANDS = [
  'refresh',
  'refreshNode',
  'loadMore',
  'copyAssociationId',
  'openS3Output',
  'selectProfile',
  'selectRegion',
  'addNode',
  'removeNode',
  'showDetails',
].map((c) => `ssmAssociations.${c}`);

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension('ssmtools.ssm-association-explorer');
  assert.ok(extension, 'the extension is installed');
  assert.equal(extension.isActive, false, 'it does not activate at startup');
  await vscode.commands.executeCommand('workbench.view.extension.ssmAssociations');
  await extension.activate();
  const commands = await vscode.commands.getCommands(true);
  for (const command of EXPECTED_COMMANDS) assert.ok(commands.includes(command), `${command} is registered`);
  await vscode.workspace.getConfiguration('ssmAssociations').update('pageSize', 500, vscode.ConfigurationTarget.Global);
  assert.equal(vscode.workspace.getConfiguration('ssmAssociations').get('pageSize'), 500, 'the wrong value is kept as the user wrote it');
  await vscode.workspace.getConfiguration('ssmAssociations').update('pageSize', undefined, vscode.ConfigurationTarget.Global);
  console.log(`test:vscode: ${EXPECTED_COMMANDS.length + 3} checks passed`);
}
