import { countStatuses } from '../utils/engine/rollup';
import { t } from '../utils/platform/i18n';
import { lastRunWhen } from '../utils/report/snapshot';
import { verdictLines } from '../utils/report/verdict';
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
  const overall = running && run.overall !== 'fail' ? 'running' : run.overall;
  const lines = verdictLines(overall, counts, t);
  const at = run.finishedAt ?? run.startedAt;
  return (
    <header class={`verdict verdict-${overall}`} data-overall={overall} aria-live="polite">
      <StatusIcon status={overall} />
      <div>
        <h1>{lines.verdict}</h1>
        <p class="counts">{lines.counts}</p>
        {running ? (
          <progress
            max={run.planned}
            value={run.diagnostics.length}
            aria-label={t('ui_progress', { done: run.diagnostics.length, total: run.planned })}
          />
        ) : (
          <p class="muted small" data-stale={stale}>
            {stale
              ? t('ui_last_run', { when: lastRunWhen(at, Date.now(), t('lang')) })
              : t('ui_run_at', { when: new Date(at).toLocaleString() })}
          </p>
        )}
      </div>
    </header>
  );
}
