import * as vscode from 'vscode';
import type { CommandDeps } from './context';

// Profile names come from the user's files, but a terminal is a shell: quote anything unusual.
function shellQuote(value: string): string {
  return /^[A-Za-z0-9_.@+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Runs `aws sso login --profile NAME` in a terminal (offered when an SSO session has expired). */
export function registerSsoLogin(context: vscode.ExtensionContext, deps: CommandDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ssmAssociations.ssoLogin', (profile?: unknown) => {
      const name = typeof profile === 'string' && profile ? profile : deps.tree.currentSettings.profile;
      const terminal = vscode.window.createTerminal({ name: 'AWS SSO login' });
      terminal.show();
      terminal.sendText(`aws sso login${name ? ` --profile ${shellQuote(name)}` : ''}`);
      deps.log.info(`Started aws sso login${name ? ` for profile ${name}` : ''} in a terminal; use Refresh when it is done.`);
    }),
    vscode.commands.registerCommand('ssmAssociations.openSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', 'ssmAssociations')),
  );
}
