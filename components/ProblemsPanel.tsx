import { effectiveStatus } from '../utils/engine/rollup';
import type { Diagnostic, Status } from '../utils/engine/types';
import { t } from '../utils/platform/i18n';
import { DiagnosticRow, type RowActions } from './DiagnosticRow';

interface Props extends RowActions {
  diagnostics: Diagnostic[];
}

const GROUPS: { id: string; statuses: Status[]; folded: boolean }[] = [
  { id: 'problems', statuses: ['fail', 'error', 'warn'], folded: false },
  { id: 'manual', statuses: ['manual'], folded: false },
  { id: 'passed', statuses: ['pass'], folded: true },
];
const RANK: Record<Status, number> = { fail: 0, error: 1, warn: 2, manual: 3, pass: 4 };

/** Problems first (fail, error, warn), then what to confirm by hand, then passes folded away. */
export function ProblemsPanel({ diagnostics, ...actions }: Props) {
  return (
    <div class="panel">
      {GROUPS.map((group) => {
        const rows = diagnostics
          .filter((d) => group.statuses.includes(effectiveStatus(d)))
          .sort((a, b) => RANK[effectiveStatus(a)] - RANK[effectiveStatus(b)]);
        if (rows.length === 0) return null;
        const list = (
          <ul class="rows" aria-label={t(`ui_group_${group.id}`)}>
            {rows.map((d) => (
              <DiagnosticRow key={d.checkId} diagnostic={d} {...actions} />
            ))}
          </ul>
        );
        return (
          <section key={group.id} class={`group group-${group.id}`} data-group={group.id}>
            {group.folded ? (
              <details>
                <summary class="group-title">{t(`ui_group_${group.id}`, { count: rows.length })}</summary>
                {list}
              </details>
            ) : (
              <>
                <h2 class="group-title">{t(`ui_group_${group.id}`, { count: rows.length })}</h2>
                {list}
              </>
            )}
          </section>
        );
      })}
    </div>
  );
}
