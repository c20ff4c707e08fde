import * as vscode from 'vscode';
import { FILTER_KEYS, FILTER_WORDS, filterProblem, filtersText, STATUS_VALUES, type AssociationFilter, type FilterKey } from '../core/associationRows';
import type { AssociationsDeps } from './associationsDeps';

type KeyItem = vscode.QuickPickItem & { key?: FilterKey; clear?: true };

/**
 * Filter Associations…: name, document, status, last run before/after, as the service's own
 * AssociationFilterList (ListAssociations filters; nothing is filtered on our side). One value per key.
 */
export function registerFilterAssociations(context: vscode.ExtensionContext, deps: AssociationsDeps): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('ssmAssociations.filterAssociations', async () => {
      const current = deps.associations.currentFilters;
      const items: KeyItem[] = FILTER_KEYS.map((key) => ({ label: FILTER_WORDS[key], description: current.find((f) => f.key === key)?.value, detail: `ListAssociations filter ${key}`, key }));
      if (current.length) items.unshift({ label: '$(clear-all) Clear filters', description: filtersText(current), clear: true });
      const picked = await vscode.window.showQuickPick(items, { title: 'Filter Associations', placeHolder: 'Filter by (the service filters: each list is read again)' });
      if (!picked) return;
      if (picked.clear) return deps.associations.setFilters([]);
      const key = picked.key!;
      const value =
        key === 'AssociationStatusName'
          ? await vscode.window.showQuickPick([...STATUS_VALUES], { title: 'Filter Associations: status' })
          : await vscode.window.showInputBox({
              title: `Filter Associations: ${FILTER_WORDS[key]}`,
              prompt: key.startsWith('LastExecuted') ? 'A date or time, e.g. 2025-06-01 or 2025-06-01T12:00:00Z' : 'The exact value (the service matches it)',
              value: current.find((f) => f.key === key)?.value,
              validateInput: (v) => filterProblem(key, v),
            });
      if (value === undefined) return;
      const next: AssociationFilter[] = [...current.filter((f) => f.key !== key), { key, value: value.trim() }];
      deps.associations.setFilters(next);
    }),
  );
}
