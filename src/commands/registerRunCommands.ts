import * as vscode from 'vscode';
import type { AssociationElement, ItemSpec, NodeElement } from '../tree/elements';
import type { CommandDeps } from './context';
import type { OutputCommand, OutputUi } from './runCommands';

/**
 * The AssociationWatches of dist/outputUi.js as the editor sees them before it is loaded: stopping
 * does nothing and rows are drawn as they are until then (nothing is watched before Apply Now).
 */
export interface LazyAssociationWatches {
  stopNode(node: NodeElement): void;
  stopAll(): void;
  decorate(element: AssociationElement, spec: ItemSpec): ItemSpec;
  /** Output texts held in memory (0 before the output commands were first used); for the in-host tests. */
  heldOutputs(): number;
}

const COMMANDS: OutputCommand[] = ['viewOutput', 'showHistory', 'applyNow', 'openInConsole'];

/**
 * Registers View Output, Show History, Apply Association Now and Open in AWS Console. Their code
 * (dist/outputUi.js) is loaded on the first use of one of them: activation does not pay for it.
 */
export function registerOutputCommands(context: vscode.ExtensionContext, deps: CommandDeps, provider: { redraw(element: AssociationElement): void }): LazyAssociationWatches {
  let ui: OutputUi | undefined;
  const load = (): OutputUi => {
    if (!ui) {
      // A plain require of a lazily loaded part (lazyParts.json): esbuild turns it into require('./outputUi.js').
      ui = (require('./runCommands') as typeof import('./runCommands')).createOutputUi(deps, provider);
      context.subscriptions.push(ui);
    }
    return ui;
  };
  for (const command of COMMANDS) {
    context.subscriptions.push(vscode.commands.registerCommand(`ssmAssociations.${command}`, (target?: unknown) => load().run(command, target)));
  }
  return {
    stopNode: (node) => ui?.watches.stopNode(node),
    stopAll: () => ui?.watches.stopAll(),
    decorate: (element, spec) => (ui ? ui.watches.decorate(element, spec) : spec),
    heldOutputs: () => ui?.outputs.held ?? 0,
  };
}
