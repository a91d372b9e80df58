import { countStatuses } from '../utils/engine/rollup';
import { t } from '../utils/platform/i18n';
import { verdictText } from '../utils/report/verdict';
import type { RunRecord } from '../utils/run/types';
import { StatusIcon } from './StatusIcon';

interface Props {
  run: RunRecord;
  running: boolean;
  /** True while showing the stored result of an earlier run. */
  stale: boolean;
}

/** The overall verdict, the counts behind it, and the run's progress. */
export function VerdictHeader({ run, running, stale }: Props) {
  const counts = countStatuses(run.diagnostics);
  const problems = counts.fail + counts.warn + counts.error;
  const overall = running && run.overall !== 'fail' ? 'running' : run.overall;
  return (
    <header class={`verdict verdict-${overall}`} data-overall={overall} aria-live="polite">
      <StatusIcon status={overall} />
      <div>
        <h1>{verdictText(overall, counts, t)}</h1>
        <p class="counts">
          {t('ui_counts', {
            fail: counts.fail,
            warn: counts.warn,
            error: counts.error,
            toConfirm: counts.toConfirm,
            pass: counts.pass,
            problems,
          })}
        </p>
        {running ? (
          <progress
            max={run.planned}
            value={run.diagnostics.length}
            aria-label={t('ui_progress', { done: run.diagnostics.length, total: run.planned })}
          />
        ) : (
          <p class="muted small" data-stale={stale}>
            {t(stale ? 'ui_last_run' : 'ui_run_at', {
              when: new Date(run.finishedAt ?? run.startedAt).toLocaleString(),
            })}
          </p>
        )}
      </div>
    </header>
  );
}
