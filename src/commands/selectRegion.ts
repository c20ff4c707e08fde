import * as vscode from 'vscode';
import { partitionOf } from '../core/console';
import { knownRegions } from '../core/partitions';
import { applyChoice, type CommandDeps } from './context';

/** Every region the SDK's partition data lists (commercial first, then China, the European Sovereign Cloud, ISO, GovCloud). */
export const REGIONS: readonly string[] = knownRegions().map((r) => r.region);

/** The partition of a region outside the commercial one, as a quick-pick description. */
export function partitionNote(region: string): string | undefined {
  const partition = partitionOf(region);
  return partition && partition !== 'aws' ? partition : undefined;
}

/** Select Region: a region for every node without its own, or back to the profile's region. */
export function registerSelectRegion(context: vscode.ExtensionContext, deps: CommandDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ssmAssociations.selectRegion', async () => {
      const current = deps.tree.currentSettings.region;
      type Item = vscode.QuickPickItem & { region?: string };
      const items: Item[] = [
        { label: "Profile's region", description: 'the region of the profile, then AWS_REGION', region: undefined, detail: current === undefined ? 'in use' : undefined },
        ...REGIONS.map((region) => ({ label: region, region, description: partitionNote(region), detail: region === current ? 'in use' : undefined })),
      ];
      const picked = await vscode.window.showQuickPick(items, { placeHolder: 'AWS region for SSM Associations' });
      if (!picked) return;
      deps.log.info(`Region set to ${picked.region ?? "(the profile's region)"}.`);
      await applyChoice('region', picked.region, current, deps);
    }),
  );
}
