/**
 * The in-host suite: runs inside the editor's own extension host (code-server's remote host via
 * inhost.ts, or a downloaded desktop VS Code via runTest.ts) and talks to the extension through the
 * `vscode` API, against the local SSM endpoint named by AWS_ENDPOINT_URL_SSM. It covers what the
 * browser-driven e2e scenarios cannot see cheaply: which commands exist, commands called with
 * arguments, the setting level each write lands at, TreeView.reveal, and what an untrusted
 * workspace may not choose. The phase (see phases.ts) comes from SSM_VSCODE_PHASE.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { AssociationElement, TreeElement, NodeElement } from '../../src/tree/elements';
import { DEMO, KEYS } from '../emulator/defaultFleet';
import type { RequestLogEntry } from '../emulator/server';
import { runTests, test, until } from './harness';
import { codeLensTests, untrustedCodeLensTests } from './codeLens';
import { discoveryEscapeTests } from './discoveryEscape';
import { outputDocumentTests } from './outputDocuments';
import { PHASES } from './phases';

const EXTENSION_ID = 'ssmtools.ssm-association-explorer';
const SECTION = 'ssmAssociations';
const VIEW = 'ssmAssociations.nodes';

interface Contributions {
  commands: { command: string }[];
  menus: Record<string, { command: string }[]>;
  viewsWelcome: { contents: string }[];
}

let api: TestApi | undefined;

function extension(): vscode.Extension<TestApi | undefined> {
  const ext = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  return ext;
}

function contributes(): Contributions {
  return extension().packageJSON.contributes as Contributions;
}

function tree(): TestApi {
  assert.ok(api, 'the extension is active and returned its test API');
  return api;
}

/** Opens the view (what activates the extension) and takes the test API it returns. */
async function openView(): Promise<TestApi> {
  await vscode.commands.executeCommand('workbench.view.extension.ssmAssociations');
  const ext = extension();
  await until('the extension to activate', () => (ext.isActive ? true : undefined));
  api = ext.exports;
  assert.ok(api?.view && api.provider, 'activate() returns { view, provider } when VS Code runs tests');
  return api;
}

/** The two levels the extension writes to, as the settings files hold them. */
function levels(key: string): { user: unknown; workspace: unknown } {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect(key);
  return { user: inspected?.globalValue, workspace: inspected?.workspaceValue };
}

async function roots(): Promise<TreeElement[]> {
  return tree().provider.getChildren();
}

async function rootIds(): Promise<string[]> {
  return (await roots()).map((e) => (e.kind === 'node' || e.kind === 'invalid' ? String(e.entry.id) : e.kind));
}

/** Waits until the tree's root lists exactly `ids` (settings changes reach the extension by an event). */
async function waitForRoots(ids: string[]): Promise<void> {
  let seen: string[] = [];
  await until(`the root to list ${ids.join(', ')} (it lists ${seen.join(', ')})`, async () => {
    seen = await rootIds();
    return JSON.stringify(seen) === JSON.stringify(ids) ? true : undefined;
  });
}

async function node(id: string): Promise<NodeElement> {
  const found = (await roots()).find((e): e is NodeElement => e.kind === 'node' && e.entry.id === id);
  assert.ok(found, `${id} is a node in the tree`);
  return found;
}

async function associationsOf(n: NodeElement): Promise<AssociationElement[]> {
  return (await tree().provider.getChildren(n)).filter((e): e is AssociationElement => e.kind === 'association');
}

/** The association requests the local endpoint answered, from its request log. */
async function requests(nodeId?: string): Promise<RequestLogEntry[]> {
  const endpoint = process.env.AWS_ENDPOINT_URL_SSM;
  assert.ok(endpoint, 'AWS_ENDPOINT_URL_SSM points at the local SSM endpoint');
  const res = await fetch(`${endpoint}/__control/log`);
  assert.equal(res.status, 200, 'the endpoint hands out its request log');
  const log = (await res.json()) as RequestLogEntry[];
  return log.filter((e) => e.operation === 'DescribeInstanceAssociationsStatus' && (nodeId === undefined || e.instanceId === nodeId));
}

async function waitForRequests(nodeId: string, count: number): Promise<RequestLogEntry[]> {
  return until(`${count} request(s) about ${nodeId}`, async () => {
    const seen = await requests(nodeId);
    return seen.length >= count ? seen : undefined;
  });
}

async function clipboardAfter(command: string, arg: unknown): Promise<string> {
  await vscode.env.clipboard.writeText('(before the command)');
  await vscode.commands.executeCommand(command, arg);
  return until(`${command} to write the clipboard`, async () => {
    const text = await vscode.env.clipboard.readText();
    return text === '(before the command)' ? undefined : text;
  });
}

async function waitForLevels(key: string, expected: { user: unknown; workspace: unknown }, what: string): Promise<void> {
  try {
    await until(what, () => (JSON.stringify(levels(key)) === JSON.stringify(expected) ? true : undefined), 5000);
  } catch {
    assert.deepEqual(levels(key), expected, what);
  }
}

function trustedTests(): void {
  test('the extension is installed and stays inactive until its view opens', () => {
    assert.equal(extension().isActive, false, 'nothing activates it at startup');
  });

  test('opening the view activates it', async () => {
    await openView();
    await until('the view to be visible', () => (tree().view.visible ? true : undefined));
  });

  test('every command package.json contributes is registered, and no other', async () => {
    const contributed = contributes().commands.map((c) => c.command).sort();
    // VS Code adds commands of its own for each view (ssmAssociations.nodes.focus, ssmAssociations.associations.focus and the like).
    const views = [VIEW, 'ssmAssociations.associations'];
    const registered = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith(`${SECTION}.`) && !views.some((v) => c.startsWith(`${v}.`))).sort();
    assert.ok(contributed.length > 0, 'package.json contributes commands');
    assert.deepEqual(registered, contributed);
  });

  test('every command a menu or the welcome view names is contributed', () => {
    const contributed = new Set(contributes().commands.map((c) => c.command));
    const named = [
      ...Object.values(contributes().menus).flatMap((items) => items.map((i) => i.command)),
      ...contributes().viewsWelcome.flatMap((w) => [...w.contents.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1])),
    ];
    assert.ok(named.length > 0);
    for (const command of named) assert.ok(contributed.has(command), `${command} is contributed`);
  });

  test('the root lists the workspace list of nodes, which wins over the user list', async () => {
    assert.deepEqual(levels('nodes').user, [DEMO.nodes.hybrid], 'the user list as the runner wrote it');
    await waitForRoots([DEMO.nodes.three, DEMO.nodes.many, DEMO.nodes.hybrid]);
  });

  test("a node's first page comes from the local endpoint, signed with the profile's key", async () => {
    const associations = await associationsOf(await node(DEMO.nodes.three));
    assert.equal(associations.length, 3);
    const [first] = await waitForRequests(DEMO.nodes.three, 1);
    assert.equal(first.accessKeyId, KEYS.demo.accessKeyId);
    assert.equal(first.region, DEMO.region);
    assert.equal(first.nextToken, undefined);
  });

  test('TreeView.reveal selects an association under its node (the provider knows its parent)', async () => {
    const [, second] = await associationsOf(await node(DEMO.nodes.three));
    await tree().view.reveal(second, { select: true, focus: true });
    await until('the association to be selected', () => (tree().view.selection[0] === second ? true : undefined));
    assert.equal(tree().view.selection.length, 1);
  });

  test('TreeView.reveal with expand loads the first page of a collapsed node', async () => {
    assert.equal((await requests(DEMO.nodes.many)).length, 0, 'nothing asked about this node yet');
    await tree().view.reveal(await node(DEMO.nodes.many), { expand: true, select: false });
    const [first] = await waitForRequests(DEMO.nodes.many, 1);
    assert.equal(first.maxResults, 20, 'the default page size');
  });

  test('Load More with a node element fetches the next page with the token of the last one', async () => {
    const many = await node(DEMO.nodes.many);
    const [page1] = await waitForRequests(DEMO.nodes.many, 1);
    await vscode.commands.executeCommand('ssmAssociations.loadMore', many);
    const [, page2] = await waitForRequests(DEMO.nodes.many, 2);
    assert.ok(page1.nextTokenOut, 'page 1 had a token');
    assert.equal(page2.nextToken, page1.nextTokenOut);
    await until('40 associations under the node', async () => ((await associationsOf(many)).length === 40 ? true : undefined));
  });

  test('Refresh Node with a node element fetches its first page again', async () => {
    const before = (await requests(DEMO.nodes.three)).length;
    await vscode.commands.executeCommand('ssmAssociations.refreshNode', await node(DEMO.nodes.three));
    const after = await waitForRequests(DEMO.nodes.three, before + 1);
    assert.equal(after[before].nextToken, undefined, 'page 1, not a later one');
  });

  test('Copy Association ID with an association element copies that ID', async () => {
    const [association] = await associationsOf(await node(DEMO.nodes.three));
    assert.equal(await clipboardAfter('ssmAssociations.copyAssociationId', association), association.info.AssociationId);
  });

  test('Copy S3 URI with an association element copies its s3:// URI', async () => {
    const all = await associationsOf(await node(DEMO.nodes.three));
    const withOutput = all.find((a) => tree().provider.getTreeItem(a).contextValue === 'association.withOutput');
    assert.ok(withOutput, 'one association of the node has S3 output');
    const uri = await clipboardAfter('ssmAssociations.copyS3Uri', withOutput);
    assert.ok(uri.startsWith(`s3://${DEMO.bucket}/`), uri);
    assert.ok(uri.includes(withOutput.info.AssociationId), uri);
  });

  test('Show Details with an association element opens its status info as JSON', async () => {
    const [, , third] = await associationsOf(await node(DEMO.nodes.three));
    await vscode.commands.executeCommand('ssmAssociations.showDetails', third);
    const editor = await until('the details editor', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.scheme === 'ssm-association' ? e : undefined;
    });
    const shown = JSON.parse(editor.document.getText()) as { AssociationId: string; InstanceId: string };
    assert.equal(shown.AssociationId, third.info.AssociationId);
    assert.equal(shown.InstanceId, DEMO.nodes.three);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  outputDocumentTests(tree, async () => associationsOf(await node(DEMO.nodes.three)));

  test('Add Managed Node with an ID appends it to the workspace list, where the nodes are kept', async () => {
    const before = levels('nodes');
    await vscode.commands.executeCommand('ssmAssociations.addNode', DEMO.nodes.empty);
    await waitForLevels('nodes', { user: before.user, workspace: [...(before.workspace as string[]), DEMO.nodes.empty] }, 'the ID is appended to the workspace level only');
    await waitForRoots([DEMO.nodes.three, DEMO.nodes.many, DEMO.nodes.hybrid, DEMO.nodes.empty]);
  });

  test('Add Managed Node with a malformed or listed ID writes nothing', async () => {
    const before = levels('nodes');
    await vscode.commands.executeCommand('ssmAssociations.addNode', 'i-123');
    await vscode.commands.executeCommand('ssmAssociations.addNode', DEMO.nodes.three);
    assert.deepEqual(levels('nodes'), before);
  });

  test('Remove Managed Node with a node element removes it from the workspace list only', async () => {
    const before = levels('nodes');
    await vscode.commands.executeCommand('ssmAssociations.removeNode', await node(DEMO.nodes.three));
    await waitForLevels('nodes', { user: before.user, workspace: (before.workspace as string[]).filter((id) => id !== DEMO.nodes.three) }, 'removed from the workspace level');
    await waitForRoots([DEMO.nodes.many, DEMO.nodes.hybrid, DEMO.nodes.empty]);
  });

  test('Remove Managed Node with an ID removes it from every level that lists it', async () => {
    const before = levels('nodes');
    assert.deepEqual(before.user, [DEMO.nodes.hybrid]);
    await vscode.commands.executeCommand('ssmAssociations.removeNode', DEMO.nodes.hybrid);
    await waitForLevels('nodes', { user: [], workspace: (before.workspace as string[]).filter((id) => id !== DEMO.nodes.hybrid) }, 'removed from both levels');
    await waitForRoots([DEMO.nodes.many, DEMO.nodes.empty]);
  });

  test('without a workspace list, Add Managed Node writes to the user level', async () => {
    await vscode.workspace.getConfiguration(SECTION).update('nodes', undefined, vscode.ConfigurationTarget.Workspace);
    await waitForLevels('nodes', { user: [], workspace: undefined }, 'the workspace list is gone');
    await vscode.commands.executeCommand('ssmAssociations.addNode', DEMO.nodes.shortId);
    await waitForLevels('nodes', { user: [DEMO.nodes.shortId], workspace: undefined }, 'the ID lands in the user settings');
    await waitForRoots([DEMO.nodes.shortId]);
  });

  codeLensTests(tree);
  // Last: it empties the node list.
  discoveryEscapeTests();
}

function untrustedTests(): void {
  test('package.json restricts the profile and the node list in untrusted workspaces', () => {
    const restricted = (extension().packageJSON.capabilities?.untrustedWorkspaces?.restrictedConfigurations ?? []) as string[];
    assert.ok(restricted.includes(`${SECTION}.profile`) && restricted.includes(`${SECTION}.nodes`), JSON.stringify(restricted));
  });

  test("the workspace's profile and node list are ignored; its page size applies", async () => {
    await openView();
    const config = vscode.workspace.getConfiguration(SECTION);
    assert.equal(config.get('profile'), 'ssm-demo');
    assert.deepEqual(config.get('nodes'), [DEMO.nodes.three]);
    assert.equal(config.get('pageSize'), 5);
    // What makes Add and Remove write to the user level here: VS Code hides a restricted workspace
    // value from inspect() too, so the extension never sees (or writes) the workspace's list.
    assert.equal(levels('nodes').workspace, undefined);
    await waitForRoots([DEMO.nodes.three]);
  });

  untrustedCodeLensTests();

  test("the user's node loads with the user's profile; nothing is signed with the workspace's", async () => {
    const associations = await associationsOf(await node(DEMO.nodes.three));
    assert.equal(associations.length, 3);
    const [first] = await waitForRequests(DEMO.nodes.three, 1);
    assert.equal(first.accessKeyId, KEYS.demo.accessKeyId);
    assert.equal(first.maxResults, 5);
    const all = await requests();
    assert.equal(all.filter((r) => r.accessKeyId === KEYS.unknown.accessKeyId).length, 0, 'no request with the workspace profile key');
    assert.equal(all.filter((r) => r.instanceId === DEMO.nodes.many).length, 0, "no request about the workspace's node");
  });

  test('Add Managed Node writes to the user level, where it takes effect', async () => {
    await vscode.commands.executeCommand('ssmAssociations.addNode', DEMO.nodes.empty);
    await waitForLevels('nodes', { user: [DEMO.nodes.three, DEMO.nodes.empty], workspace: undefined }, 'the user level gets the node');
    await waitForRoots([DEMO.nodes.three, DEMO.nodes.empty]);
  });

  test('Remove Managed Node with an ID removes it from the user level', async () => {
    await vscode.commands.executeCommand('ssmAssociations.removeNode', DEMO.nodes.three);
    await waitForLevels('nodes', { user: [DEMO.nodes.empty], workspace: undefined }, 'the user level loses the node');
    await waitForRoots([DEMO.nodes.empty]);
  });
}

export async function run(): Promise<void> {
  const phase = PHASES.find((p) => p.name === (process.env.SSM_VSCODE_PHASE ?? 'trusted'));
  if (!phase) throw new Error(`unknown SSM_VSCODE_PHASE ${process.env.SSM_VSCODE_PHASE}`);
  test(`the editor's workspace trust is what the ${phase.name} phase needs`, () => {
    assert.equal(vscode.workspace.isTrusted, phase.trusted);
  });
  if (phase.trusted) trustedTests();
  else untrustedTests();
  await runTests(phase.name);
}
