import { countStatuses } from '../engine/rollup';
import type { Overall } from '../engine/types';
import type { Translate } from '../i18n/format';
import type { RunRecord } from '../run/types';
import { problemsText, verdictText } from './verdict';

/** Pending has its own colour: the blue of the questions to confirm, never the green of ready. */
export const BADGE_COLOURS: Record<Overall, string> = {
  pass: '#1e7b34',
  warn: '#9a6700',
  pending: '#1f5fa8',
  fail: '#b3261e',
  error: '#8e24aa',
  running: '#555555',
};

/**
 * What the toolbar shows for a run: colour by verdict and a tooltip. The text is the number
 * of problems; when pending, the number of blocking items to confirm followed by "?".
 */
export function badgeFor(run: RunRecord, t: Translate): { text: string; colour: string; title: string } {
  const counts = countStatuses(run.diagnostics);
  const problems = counts.fail + counts.warn + counts.error;
  const when = new Date(run.finishedAt ?? run.startedAt).toLocaleString();
  const text =
    run.overall === 'pending'
      ? `${counts.blockingToConfirm}?`
      : problems
        ? String(problems)
        : run.overall === 'pass'
          ? '✓'
          : '';
  return {
    text,
    colour: BADGE_COLOURS[run.overall],
    title: t('badge_title', {
      verdict: verdictText(run.overall, counts, t),
      problems: problemsText(problems, t),
      when,
    }),
  };
}
