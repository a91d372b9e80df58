import { VERDICT_SUBJECT, type Change } from '../utils/history/diff';
import { statusName } from '../utils/schedule/alert';
import { t } from '../utils/platform/i18n';

/** "What changed since the previous run", one line per check or media server. */
export function ChangesList({ changes }: { changes: Change[] | undefined }) {
  if (!changes) return <p class="muted">{t('report_first_run')}</p>;
  if (changes.length === 0) return <p class="muted">{t('report_no_changes')}</p>;
  return (
    <ul class="changes">
      {changes.map((c) => (
        <li key={c.subject} data-subject={c.subject}>
          {c.subject === VERDICT_SUBJECT ? t('report_verdict') : <code>{c.subject}</code>}
          {c.covers.length > 0 && ` (${c.covers.join(', ')})`}: {statusName(c.before, t)} → {statusName(c.after, t)}
        </li>
      ))}
    </ul>
  );
}
