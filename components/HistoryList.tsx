import type { RunSummary } from '../utils/history/summary';
import { t } from '../utils/platform/i18n';
import { StatusIcon } from './StatusIcon';

interface Props {
  /** The runs loaded so far, newest first. */
  summaries: RunSummary[];
  /** How many runs are stored in all. */
  total: number;
  selected?: string;
  onSelect(id: string): void;
  onMore(): void;
}

/** Every stored run, newest first, a page at a time (thousands stay fast). */
export function HistoryList({ summaries, total, selected, onSelect, onMore }: Props) {
  return (
    <div class="history">
      <ol class="rows" aria-label={t('report_history', { count: total })}>
        {summaries.map((s) => (
          <li key={s.id} class="row" data-run={s.id} data-overall={s.overall} data-trigger={s.trigger ?? 'page'}>
            <button type="button" class="history-row" aria-current={s.id === selected} onClick={() => onSelect(s.id)}>
              <StatusIcon status={s.overall} />
              <span>{new Date(s.finishedAt ?? s.startedAt).toLocaleString()}</span>
              {s.trigger === 'scheduled' && <span class="badge">{t('report_scheduled')}</span>}
              <span class="muted small">
                {t('report_row_counts', {
                  fail: s.counts.fail,
                  warn: s.counts.warn,
                  error: s.counts.error,
                  profile: s.profileName,
                })}
              </span>
            </button>
          </li>
        ))}
      </ol>
      {summaries.length < total && (
        <button type="button" id="show-more" onClick={onMore}>
          {t('report_show_more', { count: total - summaries.length })}
        </button>
      )}
    </div>
  );
}
