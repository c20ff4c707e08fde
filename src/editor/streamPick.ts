// The pick of a run's streams, asked before any is read: every stream listed, at most six ticked (stderr first).
import * as vscode from 'vscode';
import { type StreamRef, PRE_PICKED, defaultPick } from '../core/runOutput';
import { plainLine } from '../core/text';

const size = (bytes: number | undefined) => (bytes === undefined ? '' : bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KB`);

/** Up to six streams are opened without asking; more are offered in a pick with the default six ticked. */
export async function chooseStreams(streams: readonly StreamRef[], title: string): Promise<readonly StreamRef[] | undefined> {
  if (streams.length <= PRE_PICKED) return streams;
  const ticked = new Set(defaultPick(streams));
  const picked = await vscode.window.showQuickPick(
    streams.map((s) => ({
      // Step names come from the node (S3 folder names): shown inert.
      label: plainLine(`${s.step} · ${s.stream}`, 80),
      description: [s.plugin && s.plugin !== s.step ? plainLine(s.plugin, 40) : '', size(s.size)].filter(Boolean).join(' · '),
      picked: ticked.has(s),
      stream: s,
    })),
    { canPickMany: true, title: plainLine(title, 100), placeHolder: `This run has ${streams.length} outputs: which to open? (${ticked.size} ticked; nothing is downloaded until you choose)` },
  );
  return picked && picked.length ? picked.map((p) => p.stream) : undefined;
}
