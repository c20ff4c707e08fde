import * as vscode from 'vscode';
import type { ProfileInfo } from '../aws/contract';
import { plainLine } from '../core/text';
import { applyChoice, type CommandDeps } from './context';

const KIND_LABEL: Record<ProfileInfo['kind'], string> = {
  sso: 'SSO',
  role: 'role',
  process: 'credential process',
  keys: 'access keys',
  'web-identity': 'web identity',
  config: 'config only',
};

/** Select Profile: the profiles of the shared files, with region and kind; the choice becomes the setting. */
export function registerSelectProfile(context: vscode.ExtensionContext, deps: CommandDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ssmAssociations.selectProfile', async () => {
      let profiles: ProfileInfo[];
      try {
        profiles = await deps.backend.get().then((backend) => backend.listProfiles());
      } catch (error) {
        deps.log.error(`Could not read the AWS profile files: ${plainLine((error as Error).message, 500)}`);
        void vscode.window.showErrorMessage(`Could not read your AWS config and credentials files: ${plainLine((error as Error).message, 300)}`);
        return;
      }
      const current = deps.tree.currentSettings.profile;
      type Item = vscode.QuickPickItem & { profile?: string };
      const items: Item[] = [
        {
          label: 'Default credential chain',
          description: process.env.AWS_PROFILE ? `AWS_PROFILE=${plainLine(process.env.AWS_PROFILE, 60)}` : 'environment, default profile, SSO, instance role…',
          detail: current === undefined ? 'in use' : undefined,
          profile: undefined,
        },
        ...profiles.map((p) => ({
          // Names and regions come from the profile files: shown inert ($(icon) renders in quick picks).
          label: plainLine(p.name, 80),
          description: [plainLine(p.region, 40) || 'no region', KIND_LABEL[p.kind]].join(' · '),
          detail: p.name === current ? 'in use' : undefined,
          profile: p.name,
        })),
      ];
      if (profiles.length === 0) {
        items.push({ label: 'No profiles found', description: 'in ~/.aws/config or ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE)', kind: vscode.QuickPickItemKind.Separator });
      }
      const picked = await vscode.window.showQuickPick(items, { placeHolder: 'AWS profile for SSM Associations', matchOnDescription: true });
      if (!picked || picked.kind === vscode.QuickPickItemKind.Separator) return;
      deps.log.info(`Profile set to ${picked.profile === undefined ? '(default credential chain)' : plainLine(picked.profile, 80)}.`);
      await applyChoice('profile', picked.profile, current, deps);
    }),
  );
}
