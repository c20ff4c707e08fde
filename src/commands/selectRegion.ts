import * as vscode from 'vscode';
import { applyChoice, type CommandDeps } from './context';

// The regions where Systems Manager is offered (commercial partition); any other can be typed.
export const REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'af-south-1', 'ap-east-1', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-northeast-1', 'ap-northeast-2',
  'ap-northeast-3', 'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2',
  'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1', 'il-central-1', 'me-south-1', 'me-central-1', 'sa-east-1',
];

/** Select Region: a region for every node without its own, or back to the profile's region. */
export function registerSelectRegion(context: vscode.ExtensionContext, deps: CommandDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ssmAssociations.selectRegion', async () => {
      const current = deps.tree.currentSettings.region;
      type Item = vscode.QuickPickItem & { region?: string };
      const items: Item[] = [
        { label: "Profile's region", description: 'the region of the profile, then AWS_REGION', region: undefined, detail: current === undefined ? 'in use' : undefined },
        ...REGIONS.map((region) => ({ label: region, region, detail: region === current ? 'in use' : undefined })),
      ];
      const picked = await vscode.window.showQuickPick(items, { placeHolder: 'AWS region for SSM Associations' });
      if (!picked) return;
      deps.log.info(`Region set to ${picked.region ?? "(the profile's region)"}.`);
      await applyChoice('region', picked.region, current, deps);
    }),
  );
}
