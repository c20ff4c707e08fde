// Output shown in read-only editor tabs: a virtual document scheme whose content is plain text held in
// memory. Output is untrusted: it is set to the plaintext language (never Markdown or HTML), and the
// extension registers no link provider for it, so nothing in it becomes a link the extension opens.
import * as vscode from 'vscode';
import { noOutputText, outputDocumentText, type OutputResult } from '../core/runOutput';
import { plainLine } from '../core/text';

export const OUTPUT_SCHEME = 'ssm-output';

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

export class OutputDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(OUTPUT_SCHEME, this);
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
    if (known !== undefined && known !== text) this.changed.fire(uri);
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
    this.registration.dispose();
    this.changed.dispose();
    this.texts.clear();
  }
}
