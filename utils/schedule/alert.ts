import { diffRuns, VERDICT_SUBJECT, type Change } from '../history/diff';
import type { Translate } from '../i18n/format';
import type { RunRecord } from '../run/types';

/** Worse is higher. A check's status outside these (manual, error, absent) is not compared. */
const CHECK_RANK: Record<string, number> = { pass: 0, warn: 1, fail: 2 };
/** The verdicts in rollup's order: pass < warn < pending < error (incomplete) < fail. */
const VERDICT_RANK: Record<string, number> = { pass: 0, warn: 1, pending: 2, error: 3, fail: 4 };

/**
 * What got worse from one run to the next: the verdict when it degraded, each check (and
 * media server) that went pass → warn/fail or warn → fail. Empty when nothing got worse,
 * including when nothing changed or there is no previous run.
 */
export function worseChanges(previous: RunRecord | undefined, run: RunRecord): Change[] {
  if (!previous) return [];
  return diffRuns(previous, run).filter((change) => {
    const rank = change.subject === VERDICT_SUBJECT ? VERDICT_RANK : CHECK_RANK;
    const before = rank[change.before];
    const after = rank[change.after];
    return before !== undefined && after !== undefined && after > before;
  });
}

/** A status or verdict by its name in the reader's language ("absent" when a run had no such check). */
export const statusName = (status: string, t: Translate) =>
  status === 'absent' ? t('report_absent') : t(`status_${status}`);

/** How many changes the one line names before "and N more". */
export const ALERT_CHANGES_MAX = 3;

/** The notification's one line: "Worse since the previous check: turn-udp: Pass → Fail, …". */
export function alertLine(changes: Change[], t: Translate): string {
  const named = changes.slice(0, ALERT_CHANGES_MAX).map((change) => {
    const subject = change.subject === VERDICT_SUBJECT ? t('report_verdict') : change.subject;
    return t('alert_change', { subject, before: statusName(change.before, t), after: statusName(change.after, t) });
  });
  const more = changes.length - named.length;
  const list = named.join(', ') + (more > 0 ? ` ${t('alert_more', { count: more })}` : '');
  return t('alert_line', { changes: list });
}
