import * as vscode from 'vscode';
import type { AssociationRun } from '../aws/contract';
import type { StreamRef } from '../core/runOutput';
import { plainLine } from '../core/text';
import { chooseStreams } from '../editor/streamPick';
import type { OutputContext } from '../editor/runDocuments';
import type { AssociationElement } from '../tree/elements';
import { labels, type RunCommandDeps } from './runTarget';

function outputContext(association: AssociationElement): OutputContext {
  const l = labels(association);
  return { nodeLabel: l.node, associationLabel: l.association, key: `${association.targetKey}/${association.info.AssociationId}` };
}

/** View Output: reads a run's output (the latest without `run`) and opens it in tabs; failures become a document that says what was tried. */
export async function viewOutput(association: AssociationElement, run: AssociationRun | undefined, deps: RunCommandDeps): Promise<void> {
  const target = deps.tree.targetOf(association.node.entry);
  const l = labels(association);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Reading output of ${plainLine(l.association, 60)} on ${plainLine(l.node, 40)}…`, cancellable: true },
    async (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const backend = await deps.backend.get();
      // The streams are listed first; which to read is asked before any is downloaded.
      const choose = (streams: readonly StreamRef[]) => chooseStreams(streams, `Output of ${l.association} on ${l.node}`);
      return backend.readOutput({ target, associationId: association.info.AssociationId, outputUrl: association.info.OutputUrl?.S3OutputUrl?.OutputUrl, run, choose }, controller.signal);
    },
  );
  deps.log.info(
    result.ok
      ? `View Output ${association.info.AssociationId} on ${target.nodeId}: ${result.streams.length} streams from ${result.source} (run ${result.runId})${result.attempts.length ? `, after: ${result.attempts.map((a) => a.problem).join(' | ')}` : ''}`
      : `View Output ${association.info.AssociationId} on ${target.nodeId}: no output (${result.attempts.map((a) => a.problem).join(' | ')})`,
  );
  if (result.ok && result.cancelled) return;
  await deps.outputs.show(result, outputContext(association));
}
