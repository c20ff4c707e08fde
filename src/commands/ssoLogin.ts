import * as vscode from 'vscode';
import { runSsoLogin, ssoLoginCommandLine, type SsoLoginRun } from '../aws/ssoLogin';
import type { CommandDeps } from './context';

/**
 * Runs `aws sso login --profile NAME` (offered when an SSO session has expired) in a terminal of its
 * own: a pseudoterminal that shows the process's output, with the profile passed as one argument and
 * no shell in between (see aws/ssoLogin.ts). Ctrl+C stops it; once it succeeds the tree refreshes.
 */
export function registerSsoLogin(context: vscode.ExtensionContext, deps: CommandDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ssmAssociations.ssoLogin', (profile?: unknown) => {
      const name = typeof profile === 'string' && profile ? profile : deps.tree.currentSettings.profile;
      const output = new vscode.EventEmitter<string>();
      const closed = new vscode.EventEmitter<void>();
      const write = (text: string) => output.fire(text.replace(/\r?\n/g, '\r\n'));
      let run: SsoLoginRun | undefined;
      let finished = false;
      const pty: vscode.Pseudoterminal = {
        onDidWrite: output.event,
        onDidClose: closed.event,
        open: () => {
          write(`${ssoLoginCommandLine(name)}\n`);
          run = runSsoLogin(name, write);
          void run.done.then((code) => {
            finished = true;
            if (code === 0) {
              deps.log.info(`aws sso login${name ? ` for profile ${name}` : ''} succeeded; refreshing the tree.`);
              deps.tree.refreshAll();
              write('\nSigned in. The tree is refreshed. Press any key to close this terminal.\n');
            } else {
              deps.log.warn(`aws sso login${name ? ` for profile ${name}` : ''} ended ${code === undefined ? 'without an exit code' : `with exit code ${code}`}.`);
              write(`\naws sso login ended${code === undefined ? '' : ` with exit code ${code}`}. Press any key to close this terminal.\n`);
            }
          });
        },
        handleInput: (data) => {
          if (finished) closed.fire();
          else if (data === '\x03') run?.stop();
        },
        close: () => {
          run?.stop();
          output.dispose();
          closed.dispose();
        },
      };
      const terminal = vscode.window.createTerminal({ name: 'AWS SSO login', pty });
      terminal.show();
      deps.log.info(`Started aws sso login${name ? ` for profile ${name}` : ''} in a terminal.`);
    }),
    vscode.commands.registerCommand('ssmAssociations.openSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', 'ssmAssociations')),
  );
}
