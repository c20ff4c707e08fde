import * as vscode from 'vscode';
import { OncePerKey } from '../core/oncePerKey';
import { OutputDocuments } from '../editor/runDocuments';
import { pickedRun, type AssociationElement } from '../tree/elements';
import { AssociationWatches } from '../tree/associationWatches';
import { applyNow } from './applyNow';
import type { CommandDeps } from './context';
import { openInConsole } from './openInConsole';
import { associationFrom, type RunCommandDeps } from './runTarget';
import { showHistory } from './showHistory';
import { viewOutput } from './viewOutput';

/** The commands of this module, by command ID (registered, and this module loaded, by registerRunCommands.ts). */
export type OutputCommand = 'viewOutput' | 'showHistory' | 'applyNow' | 'openInConsole';

/** What dist/outputUi.js gives the editor: the four commands, the watches, the output documents. */
export interface OutputUi extends vscode.Disposable {
  run(command: OutputCommand, target: unknown): Promise<void>;
  readonly watches: AssociationWatches;
  readonly outputs: OutputDocuments;
}

/** What each command that is about one association asks the palette when it ran from there. */
const PLACEHOLDERS: Record<Exclude<OutputCommand, 'openInConsole'>, string> = {
  viewOutput: 'Association whose latest output to view',
  showHistory: 'Association whose runs on this node to show',
  applyNow: 'Association to apply now (on all its targets)',
};

/**
 * Entry point of dist/outputUi.js, loaded on the first use of one of its commands: View Output
 * (viewOutput.ts), Show History (showHistory.ts), Apply Association Now (applyNow.ts) and Open in
 * AWS Console (openInConsole.ts), with the watches and the output documents they share.
 */
export function createOutputUi(base: CommandDeps, provider: { redraw(element: AssociationElement): void }): OutputUi {
  const watches = new AssociationWatches({
    tree: base.tree,
    backend: base.backend,
    redraw: (element) => provider.redraw(element),
    announce: (text, end) => {
      if (end.reason === 'settled' && end.status === 'Success') vscode.window.setStatusBarMessage(`$(pass) ${text}`, 8000);
      else void vscode.window.showWarningMessage(text);
    },
    log: (text) => base.log.info(text),
  });
  const outputs = new OutputDocuments();
  const deps: RunCommandDeps = { ...base, outputs, watches, applying: new OncePerKey() };
  return {
    watches,
    outputs,
    async run(command, target) {
      if (command === 'openInConsole') return openInConsole(target, deps);
      const association = await associationFrom(target, deps, PLACEHOLDERS[command]);
      if (!association) return;
      if (command === 'viewOutput') return viewOutput(association, pickedRun(association), deps);
      if (command === 'showHistory') return showHistory(association, deps);
      return applyNow(association, deps);
    },
    dispose() {
      watches.stopAll();
      outputs.dispose();
    },
  };
}
