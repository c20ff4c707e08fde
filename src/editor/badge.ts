import type * as vscode from 'vscode';

/** A view's badge that follows every redraw, computed once per burst of changes (the returned function asks for it). */
export function badgeUpdater(view: { badge?: vscode.ViewBadge }, count: () => number, tooltip: (n: number) => string): () => void {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      const n = count();
      view.badge = n > 0 ? { value: n, tooltip: tooltip(n) } : undefined;
    }, 0);
  };
}
