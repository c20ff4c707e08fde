// Output shown in read-only editor tabs: a virtual document scheme whose content is plain text held in
// memory. Output is untrusted: it is set to the plaintext language (never Markdown or HTML), and the
// extension registers no link provider for it, so nothing in it becomes a link the extension opens.
import * as vscode from 'vscode';
import { HeldTexts } from '../core/heldTexts';
import { noOutputText, outputDocumentText, type OutputResult } from '../core/runOutput';
import { plainLine } from '../core/text';

export const OUTPUT_SCHEME = 'ssm-output';
/** Output texts held for tabs that may ask again: at most this many characters (a stream is read up to 1 MB)… */
export const HELD_MAX_CHARS = 16 * 1024 * 1024;
/** …and this many documents; the oldest go first. A closed tab's text goes at once. */
export const HELD_MAX_DOCUMENTS = 60;

/** Who the output belongs to, for tab titles. */
export interface OutputContext {
  readonly nodeLabel: string;
  readonly associationLabel: string;
  /** A key that identifies the association on the node (same run → same tabs). */
  readonly key: string;
}

// Tab titles are the URI's last path segment: no slash (it would start a new segment) and one line.
function segment(text: string, max: number): string {
  return plainLine(text, max).replace(/[/\\]/g, '∕');
}

/** Whether any tab still shows `uri`. */
function inSomeTab(uri: string): boolean {
  return vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri));
}

export class OutputDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new HeldTexts(HELD_MAX_CHARS, HELD_MAX_DOCUMENTS);
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registrations: vscode.Disposable[];

  constructor() {
    this.registrations = [
      vscode.workspace.registerTextDocumentContentProvider(OUTPUT_SCHEME, this),
      // A closed tab's text is dropped at once (the editor may keep the document itself a few minutes
      // more, and says so with onDidCloseTextDocument: that drops it too, if a tab elsewhere had kept it).
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        for (const tab of event.closed) {
          if (!(tab.input instanceof vscode.TabInputText) || tab.input.uri.scheme !== OUTPUT_SCHEME) continue;
          const uri = tab.input.uri.toString();
          if (!inSomeTab(uri)) this.texts.delete(uri);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === OUTPUT_SCHEME) this.texts.delete(document.uri.toString());
      }),
    ];
  }

  /** How many output texts are held in memory (the in-host tests read it). */
  get held(): number {
    return this.texts.size;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This output is no longer in memory: run View Output again.';
  }

  private uriFor(context: OutputContext, title: string, run: string): vscode.Uri {
    const query = new URLSearchParams({ k: context.key, run }).toString();
    return vscode.Uri.from({ scheme: OUTPUT_SCHEME, path: `/${title}`, query });
  }

  private async open(uri: vscode.Uri, text: string, column: vscode.ViewColumn, preserveFocus: boolean): Promise<vscode.TextEditor> {
    const known = this.texts.get(uri.toString());
    this.texts.set(uri.toString(), text);
    // Also when it was dropped: the editor may still hold the document with an older text.
    if (known !== text) this.changed.fire(uri);
    let document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== 'plaintext') document = await vscode.languages.setTextDocumentLanguage(document, 'plaintext');
    return vscode.window.showTextDocument(document, { viewColumn: column, preview: false, preserveFocus });
  }

  /** Opens each stream of a run in its own tab beside the tree, or one tab that says why there is no output. */
  async show(result: OutputResult, context: OutputContext): Promise<number> {
    const base = `${segment(context.nodeLabel, 40)} · ${segment(context.associationLabel, 40)}`;
    if (!result.ok) {
      const text = noOutputText(`association ${context.associationLabel} on ${context.nodeLabel}`, result.attempts, result.notes);
      await this.open(this.uriFor(context, `${base} · no output`, 'none'), text, vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, false);
      return 0;
    }
    // The streams were chosen before they were read (streamPick.ts): open each one read.
    const streams = result.streams;
    // The first tab opens beside the editor in use (in the first group when none is open); the others join it.
    let column: vscode.ViewColumn = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    for (const [i, stream] of streams.entries()) {
      const uri = this.uriFor(context, `${base} · ${segment(stream.step, 40)} · ${stream.stream}`, `${result.runId}/${stream.step}/${stream.stream}`);
      const editor = await this.open(uri, outputDocumentText(stream, { runId: result.runId, earlierAttempts: result.attempts, notes: result.notes, leftOut: result.leftOut }), column, i < streams.length - 1);
      column = editor.viewColumn ?? column;
    }
    return streams.length;
  }

  dispose(): void {
    for (const registration of this.registrations) registration.dispose();
    this.changed.dispose();
    this.texts.clear();
  }
}
