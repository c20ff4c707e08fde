// The CodeLens above each association definition in CloudFormation/SAM and Terraform files: its live
// state from the lists the Associations view has loaded (never a request of its own), Show failing
// nodes, a pick for computed names. A file is read only when it names an association type, and the
// parsers (dist/templates.js) are loaded only then.
import * as vscode from 'vscode';
import { countsText, isFailingAssociation } from '../core/associationRows';
import { groupLabel } from '../core/grouping';
import { plainLine } from '../core/text';
import { DefinitionCache } from '../templates/definitionCache';
import { mightDefineAssociations, type AssociationDefinition } from '../templates/definitions';
import { isAssociationRef as isRef, lensesFor, pickCandidates, type AssociationRef, type LensSpec } from '../templates/lenses';
import { loadTemplateReader } from '../templates/loadReader';
import type { AssociationsModel } from '../tree/associations/model';
import { ASSOCIATIONS_VIEW, type AssociationsView } from './associationsView';
import { codeLensEnabled, SECTION } from './configuration';
import { TemplatePicks } from './templatePicks';

/** The files that may hold templates (also Go to Definition's search), whatever language extension is installed. */
export const TEMPLATE_FILES = '**/*.{yaml,yml,json,template,tf}';
const SELECTOR: vscode.DocumentSelector = [...['yaml', 'json', 'jsonc', 'terraform'].map((language) => ({ language })), { pattern: TEMPLATE_FILES }];
/** Files larger than this are not read (nor searched). */
export const MAX_TEMPLATE_BYTES = 5 * 1024 * 1024;

export const LENS_COMMANDS = {
  reveal: 'ssmAssociations.revealAssociation',
  load: 'ssmAssociations.loadAssociationStatus',
  pick: 'ssmAssociations.pickTemplateAssociation',
} as const;

/** The definitions in a template's text: none when it names no association type, is too big, or cannot be read (never throws). */
export async function readDefinitions(text: string, fileName: string, log: vscode.LogOutputChannel): Promise<readonly AssociationDefinition[]> {
  if (text.length > MAX_TEMPLATE_BYTES || !mightDefineAssociations(text)) return [];
  try {
    return (await loadTemplateReader()).findAssociationDefinitions(text, fileName);
  } catch (error) {
    log.warn(`Could not read ${plainLine(fileName, 200)} as a template: ${plainLine(error instanceof Error ? error.message : String(error), 200)}`);
    return [];
  }
}

const rangeOf = (def: AssociationDefinition) => new vscode.Range(def.range.start.line, def.range.start.character, def.range.end.line, def.range.end.character);

class TemplateLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly cache = new DefinitionCache(50);
  private pending: NodeJS.Timeout | undefined;

  constructor(
    private readonly model: AssociationsModel,
    private readonly picks: TemplatePicks,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Draw the lenses again; a list that loads page after page asks many times: once per burst. */
  refresh(): void {
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      this.changed.fire();
    }, 200);
  }

  private async definitions(document: vscode.TextDocument): Promise<readonly AssociationDefinition[]> {
    const uri = document.uri.toString();
    let found = this.cache.get(uri, document.version);
    if (!found) this.cache.set(uri, document.version, (found = await readDefinitions(document.getText(), document.fileName, this.log)));
    return found;
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!codeLensEnabled()) return [];
    const definitions = await this.definitions(document);
    if (!vscode.workspace.isTrusted) {
      // The workspace chose the file; what the account holds is not shown until it is trusted.
      return definitions.map((def) => new vscode.CodeLens(rangeOf(def), { title: 'SSM: trust this workspace to see status', command: 'workbench.trust.manage' }));
    }
    const lists = this.model.loadedLists();
    const now = Date.now();
    const uri = document.uri.toString();
    return definitions.flatMap((def) => lensesFor(def, lists, now, this.picks.get(uri, def.resource)).map((spec) => new vscode.CodeLens(rangeOf(def), commandOf(spec, uri, def))));
  }

  dispose(): void {
    clearTimeout(this.pending);
    this.changed.dispose();
  }
}

function commandOf(spec: LensSpec, uri: string, def: AssociationDefinition): vscode.Command {
  const base = { title: spec.title, tooltip: spec.tooltip };
  switch (spec.action.kind) {
    case 'reveal':
      return { ...base, command: LENS_COMMANDS.reveal, arguments: [spec.action.ref, spec.action.expand] };
    case 'load':
      return { ...base, command: LENS_COMMANDS.load, arguments: [spec.action.keys] };
    case 'pick':
      return { ...base, command: LENS_COMMANDS.pick, arguments: [uri, def.resource, def.document] };
    default:
      return { ...base, command: '' };
  }
}

/** Selects the association in the Associations view; `expand` opens its nodes (failed first). */
export async function revealAssociation(views: AssociationsView, ref: AssociationRef, expand: boolean): Promise<void> {
  const row = views.provider.model.findRow(ref.key, ref.associationId);
  if (!row) {
    void vscode.window.showInformationMessage('This association is no longer in the Associations view: refresh it.');
    return;
  }
  // A row Show Failed Only hides cannot be revealed: show them all.
  if (views.provider.model.failedOnly && !isFailingAssociation(row.summary)) await vscode.commands.executeCommand('ssmAssociations.showAllAssociations');
  try {
    await views.view.reveal(row, { select: true, focus: true, expand: expand ? 1 : false });
  } catch {
    await vscode.commands.executeCommand(`${ASSOCIATIONS_VIEW}.focus`);
  }
}

/** Asks which loaded association a resource deploys (its name is computed or absent) and remembers the answer. */
async function pickFor(model: AssociationsModel, picks: TemplatePicks, uri: string, resource: string, document: string | undefined): Promise<boolean> {
  const candidates = pickCandidates({ document }, model.loadedLists());
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage('No associations are loaded yet: open the Associations view first.');
    return false;
  }
  const several = new Set(candidates.map((c) => c.list.key)).size > 1;
  const picked = await vscode.window.showQuickPick(
    candidates.map((c) => ({
      label: plainLine(c.association.name || c.association.document || c.association.associationId, 80),
      description: [countsText(c.association.overview), c.association.name ? plainLine(c.association.document, 60) : ''].filter(Boolean).join(' · '),
      detail: several ? plainLine(groupLabel(c.list.scope), 80) : undefined,
      ref: { key: c.list.key, associationId: c.association.associationId },
    })),
    { placeHolder: `Which association does ${plainLine(resource, 60)} deploy?`, matchOnDescription: true },
  );
  if (!picked) return false;
  await picks.set(uri, resource, picked.ref);
  return true;
}

/** The lenses, their commands, and what redraws them: the view's model, the setting, workspace trust. */
export function registerTemplateLenses(context: vscode.ExtensionContext, views: AssociationsView, log: vscode.LogOutputChannel): void {
  const model = views.provider.model;
  const picks = new TemplatePicks(context.workspaceState);
  const lenses = new TemplateLensProvider(model, picks, log);
  context.subscriptions.push(
    lenses,
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    views.provider.onDidChangeTreeData(() => lenses.refresh()),
    vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration(`${SECTION}.codeLens`) && lenses.refresh()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.refresh()),
    vscode.commands.registerCommand(LENS_COMMANDS.reveal, (ref?: unknown, expand?: unknown) => isRef(ref) && revealAssociation(views, ref, expand === true)),
    vscode.commands.registerCommand(LENS_COMMANDS.load, (keys?: unknown) => Array.isArray(keys) && model.loadLists(keys.filter((k): k is string => typeof k === 'string'))),
    vscode.commands.registerCommand(LENS_COMMANDS.pick, async (uri?: unknown, resource?: unknown, document?: unknown) => {
      if (typeof uri !== 'string' || typeof resource !== 'string') return;
      if (await pickFor(model, picks, uri, resource, typeof document === 'string' ? document : undefined)) lenses.refresh();
    }),
  );
}
