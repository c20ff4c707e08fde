import * as vscode from 'vscode';
import type { ProfileInfo } from '../aws/contract';
import { withDiscoveredNodes } from '../core/discoveredNodes';
import { combineFilters, FILTER_CHOICES, filtersText, parseFilterText, type NodeFilter } from '../core/nodeFilters';
import type { NodeInformation } from '../core/nodeInformation';
import { pingLook } from '../core/overview';
import { CappedPickList, PICK_ITEMS_MAX } from '../core/pickList';
import { plainLine } from '../core/text';
import { SECTION, levelOf, valueAt } from '../editor/configuration';
import type { CommandDeps } from './context';
import { REGIONS, partitionNote } from './selectRegion';

type ProfileItem = vscode.QuickPickItem & { profile?: string };
type NodeItem = vscode.QuickPickItem & { info: NodeInformation };

const RESOURCE_WORDS: Record<string, string> = { EC2Instance: 'EC2', ManagedInstance: 'hybrid' };

/** A discovered node as a quick-pick item. Every piece of it is text from the account: made inert. */
export function nodeItem(info: NodeInformation): NodeItem {
  const name = info.ComputerName || info.Name;
  return {
    label: name ? plainLine(name, 60) : info.InstanceId,
    description: [name ? info.InstanceId : '', plainLine(info.PlatformName, 40), pingLook(info.PingStatus).words].filter(Boolean).join(' · '),
    detail: [
      RESOURCE_WORDS[info.ResourceType ?? ''] ?? plainLine(info.ResourceType, 20),
      info.AssociationStatus ? `associations: ${plainLine(info.AssociationStatus, 20)}` : 'no associations',
      info.IPAddress ? plainLine(info.IPAddress, 40) : '',
    ]
      .filter(Boolean)
      .join(' · '),
    info,
  };
}

async function pickProfile(deps: CommandDeps): Promise<{ profile?: string } | undefined> {
  let profiles: ProfileInfo[];
  try {
    profiles = await (await deps.backend.get()).listProfiles();
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not read your AWS config and credentials files: ${plainLine((error as Error).message, 200)}`);
    return undefined;
  }
  const current = deps.tree.currentSettings.profile;
  const items: ProfileItem[] = [];
  // The default chain can only be written as "no profile", so it is offered only when it is the default.
  if (current === undefined) items.push({ label: 'Default credential chain', description: 'in use', profile: undefined });
  for (const p of profiles) {
    const item = { label: plainLine(p.name, 60), description: [p.region ? plainLine(p.region, 30) : 'no region', p.name === current ? 'in use' : ''].filter(Boolean).join(' · '), profile: p.name };
    if (p.name === current) items.unshift(item);
    else items.push(item);
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Add Managed Nodes from Account (1/3): profile', placeHolder: 'The profile whose account to list', matchOnDescription: true });
  return picked && { profile: picked.profile };
}

async function pickRegion(deps: CommandDeps, profile: string | undefined): Promise<{ region: string; regionWithoutEntry?: string } | undefined> {
  const settings = deps.tree.currentSettings;
  let regionWithoutEntry: string | undefined;
  try {
    regionWithoutEntry = settings.region ?? (await (await deps.backend.get()).resolveRegion(profile));
  } catch {
    regionWithoutEntry = settings.region;
  }
  type Item = vscode.QuickPickItem & { region: string };
  const items: Item[] = REGIONS.map((region) => ({ label: region, region, description: partitionNote(region) }));
  if (regionWithoutEntry) {
    const at = items.findIndex((i) => i.region === regionWithoutEntry);
    const first = { label: regionWithoutEntry, region: regionWithoutEntry, description: settings.region ? 'ssmAssociations.region' : "the profile's region" };
    if (at >= 0) items.splice(at, 1);
    items.unshift(first);
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Add Managed Nodes from Account (2/3): region', placeHolder: 'The region to list' });
  return picked && { region: picked.region, regionWithoutEntry };
}

const FILTERS_TITLE = 'Add Managed Nodes from Account (3/3): filters (none: every node)';

/** Filters: pick from the list and/or type one (tag:Key=Value). Empty = every node. */
async function pickFilters(): Promise<NodeFilter[] | undefined> {
  type Item = vscode.QuickPickItem & { filter: NodeFilter };
  const choices: Item[] = FILTER_CHOICES.map((c) => ({ label: c.label, description: `${c.key}=${c.value}`, filter: { key: c.key, values: [c.value] } }));
  for (;;) {
    const chosen = await new Promise<NodeFilter[] | undefined>((resolve) => {
      const qp = vscode.window.createQuickPick<Item>();
      qp.title = FILTERS_TITLE;
      qp.placeholder = 'Tick filters, or type one such as tag:Env=prod, then Enter';
      qp.canSelectMany = true;
      qp.matchOnDescription = true;
      qp.items = choices;
      let typed: Item | undefined;
      qp.onDidChangeValue((value) => {
        const parsed = value.trim() ? parseFilterText(value) : undefined;
        const selected = qp.selectedItems;
        typed = parsed && !('problem' in parsed) ? { label: filtersText([parsed]), description: 'typed filter', filter: parsed, alwaysShow: true } : undefined;
        qp.items = typed ? [typed, ...choices] : choices;
        qp.selectedItems = selected.filter((s) => s !== typed);
        qp.title = parsed && 'problem' in parsed && value.includes('=') ? `Not a filter: ${parsed.problem}` : FILTERS_TITLE;
      });
      qp.onDidAccept(() => {
        const filters = qp.selectedItems.map((i) => i.filter);
        if (typed && !qp.selectedItems.includes(typed)) filters.push(typed.filter);
        resolve(filters);
        qp.hide();
      });
      qp.onDidHide(() => {
        resolve(undefined);
        qp.dispose();
      });
      qp.show();
    });
    if (chosen === undefined) return undefined;
    const combined = combineFilters(chosen);
    if ('filters' in combined) return combined.filters;
    await vscode.window.showWarningMessage(combined.problem, { modal: true });
  }
}

/**
 * Add Managed Nodes from Account…: profile, region, filters, then a multi-select list that fills page
 * by page while DescribeInstanceInformation answers; Escape stops paging (no further request). The
 * chosen nodes are appended to ssmAssociations.nodes where that setting is already defined.
 */
export async function addNodesFromAccount(deps: CommandDeps): Promise<void> {
  const who = await pickProfile(deps);
  if (!who) return;
  const where = await pickRegion(deps, who.profile);
  if (!where) return;
  const filters = await pickFilters();
  if (!filters) return;
  const picked = await pickNodes(deps, who.profile, where.region, filters);
  if (!picked || picked.length === 0) return;

  const target = levelOf('nodes');
  const settings = deps.tree.currentSettings;
  const result = withDiscoveredNodes(
    valueAt('nodes', target),
    picked.map((info) => ({ id: info.InstanceId, profile: who.profile, region: where.region, computerName: info.ComputerName || info.Name })),
    { profile: settings.profile, regionWithoutEntry: where.regionWithoutEntry },
  );
  // Their node information is known already: the rows need no request to show them.
  deps.tree.nodesDescribed(
    { profile: who.profile, region: where.region === where.regionWithoutEntry ? settings.region : where.region },
    picked.filter((info) => result.added.includes(info.InstanceId)),
    where.region,
  );
  if (result.added.length) await vscode.workspace.getConfiguration(SECTION).update('nodes', result.value, target);
  const level = target === vscode.ConfigurationTarget.Global ? 'user' : 'workspace';
  deps.log.info(`Added ${result.added.length} managed nodes from ${who.profile ?? 'the default chain'} in ${where.region} to ${level} settings; ${result.skipped.length} were listed already.`);
  const skipped = result.skipped.length ? ` (${result.skipped.length} already listed)` : '';
  vscode.window.setStatusBarMessage(`SSM Associations: added ${result.added.length} managed node${result.added.length === 1 ? '' : 's'}${skipped}.`, 5000);
}

/**
 * The multi-select list that fills page by page, at most PICK_ITEMS_MAX items at a time (sent again
 * only when they change). Resolves with the chosen nodes, undefined on Escape.
 */
function pickNodes(deps: CommandDeps, profile: string | undefined, region: string, filters: readonly NodeFilter[]): Promise<NodeInformation[] | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<NodeItem>();
    const controller = new AbortController();
    const list = new CappedPickList<NodeItem>(PICK_ITEMS_MAX, (i) => `${i.label} ${i.description ?? ''} ${i.detail ?? ''}`);
    const show = (items: readonly NodeItem[] | undefined) => {
      if (!items) return;
      const selected = qp.selectedItems;
      qp.items = items;
      qp.selectedItems = selected;
    };
    let done = false;
    const where = `${plainLine(profile ?? 'default credential chain', 40)} · ${region}${filters.length ? ` · ${filtersText(filters)}` : ''}`;
    const title = (count: string) => `Managed nodes: ${where} — ${count}`;
    const finalTitle = () => title(`${list.countText()} node${list.counted === 1 ? '' : 's'}${list.shownNote()}`);
    qp.title = title('loading…');
    qp.placeholder = 'Tick the nodes to add (Space), then Enter';
    qp.canSelectMany = true;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.busy = true;
    qp.ignoreFocusOut = true;
    let settled = false;
    const finish = (value: NodeInformation[] | undefined) => {
      if (settled) return;
      settled = true;
      controller.abort();
      resolve(value);
    };
    qp.onDidAccept(() => {
      finish(qp.selectedItems.map((i) => i.info));
      qp.hide();
    });
    qp.onDidChangeValue((value) => {
      show(list.filter(value, qp.selectedItems));
      if (done) qp.title = finalTitle();
    });
    qp.onDidHide(() => {
      finish(undefined);
      qp.dispose();
    });
    qp.show();
    deps.backend
      .get()
      .then((backend) =>
        backend.discoverNodes({ profile, region }, filters, {
          signal: controller.signal,
          onNodes: (added) => {
            show(list.add(added.map(nodeItem), qp.selectedItems));
            qp.title = title(`${list.countText()} so far…${list.shownNote()}`);
          },
        }),
      )
      .then(
        (result) => {
          if (settled) return;
          done = true;
          qp.busy = false;
          qp.title = finalTitle();
          if (result.nodes.length === 0) qp.placeholder = 'No managed nodes match: Escape, then try other filters';
        },
        (error: unknown) => {
          if (settled) return;
          qp.busy = false;
          const shown = deps.describeError(error, { profile, region });
          qp.title = title(`${list.countText()} so far, then: ${shown.title}${list.shownNote()}`);
          void vscode.window.showErrorMessage(`${shown.title}: ${shown.message}`);
        },
      );
  });
}
