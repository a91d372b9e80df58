import { groupByStatus, splitByAudience } from '../utils/engine/rollup';
import type { Diagnostic } from '../utils/engine/types';
import { t } from '../utils/platform/i18n';
import { DiagnosticRow, type RowActions } from './DiagnosticRow';

interface Props extends RowActions {
  diagnostics: Diagnostic[];
  /** The popup folds unanswered IT items into one line; the report lists every row. */
  foldItItems?: boolean;
}

/** Problems first (fail, error, warn), then what to confirm by hand, then passes folded away. */
export function ProblemsPanel({ diagnostics, foldItItems, ...actions }: Props) {
  return (
    <div class="panel">
      {groupByStatus(diagnostics).map(({ id, rows }) => {
        const group = { id, folded: id === 'passed' };
        // Questions only IT can answer fold into one line (still answerable there, e.g. by a technician).
        const { asked, forIt } = foldItItems ? splitByAudience(rows) : { asked: rows, forIt: [] };
        const list = (
          <>
            {asked.length > 0 && (
              <ul class="rows" aria-label={t(`ui_group_${group.id}`, { count: rows.length })}>
                {asked.map((d) => (
                  <DiagnosticRow key={d.checkId} diagnostic={d} {...actions} />
                ))}
              </ul>
            )}
            {forIt.length > 0 && (
              <details class="it-items" data-it-items={forIt.length}>
                <summary>
                  {t(forIt.length === 1 ? 'ui_it_items_one' : 'ui_it_items_other', { count: forIt.length })}
                </summary>
                <ul class="rows">
                  {forIt.map((d) => (
                    <DiagnosticRow key={d.checkId} diagnostic={d} {...actions} />
                  ))}
                </ul>
              </details>
            )}
          </>
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
