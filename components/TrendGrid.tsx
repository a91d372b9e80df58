import type { RunSummary } from '../utils/history/summary';
import { t } from '../utils/platform/i18n';

const COLUMNS = 20;
const GLYPH = { pass: '✓', warn: '!', fail: '✕', manual: '?', pending: '?', error: '⚠', running: '…' } as const;

// Each status's name, looked up once (the grid has hundreds of cells).
const names = new Map<string, string>();
const statusName = (status: string) => names.get(status) ?? names.set(status, t(`status_${status}`)).get(status)!;

/** A coloured cell with its status named in the tooltip (colour is never the only cue). */
function Cell({ status }: { status: keyof typeof GLYPH | undefined }) {
  return (
    <td class={status ? `cell status-${status}` : 'cell'} title={status ? statusName(status) : ''}>
      {status ? GLYPH[status] : ''}
    </td>
  );
}

/** Each check's status over the last runs, oldest to newest, left to right, under the runs' verdicts. */
export function TrendGrid({ summaries }: { summaries: RunSummary[] }) {
  const runs = summaries.slice(0, COLUMNS).reverse();
  const checks = [...new Set(runs.flatMap((r) => Object.keys(r.statuses)))];
  if (runs.length === 0) return null;
  return (
    <table class="trend">
      <caption>{t('report_trend', { count: runs.length })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('report_check')}</th>
          {runs.map((r) => (
            <th key={r.id} scope="col" class="small" title={new Date(r.startedAt).toLocaleString()}>
              {new Date(r.startedAt).toLocaleDateString(undefined, { day: '2-digit', month: '2-digit' })}
            </th>
          ))}
        </tr>
        <tr data-verdict>
          <th scope="row">{t('report_verdict')}</th>
          {runs.map((r) => (
            <Cell key={r.id} status={r.overall} />
          ))}
        </tr>
      </thead>
      <tbody>
        {checks.map((check) => (
          <tr key={check} data-check={check}>
            <th scope="row">{check}</th>
            {runs.map((r) => (
              <Cell key={r.id} status={r.statuses[check]} />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
