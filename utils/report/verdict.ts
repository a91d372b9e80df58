import type { Counts } from '../engine/rollup';
import type { Overall, Status } from '../engine/types';
import type { Translate } from '../i18n/format';

/**
 * The verdict as one line, the same in the popup, the report page, the ticket report and the
 * badge's tooltip. `pending` states how many blocking items remain to confirm (singular and
 * plural are separate keys: browser.i18n has no plural rules), and says so with the warnings
 * when there are some: "usable with warnings" alone would hide the open questions.
 */
export function verdictText(overall: Overall, counts: Counts, t: Translate): string {
  if (overall !== 'pending') return t(`verdict_${overall}`);
  const count = counts.blockingToConfirm;
  if (counts.warn) return t(count === 1 ? 'verdict_pending_warn_one' : 'verdict_pending_warn_other', { count });
  return t(count === 1 ? 'verdict_pending_one' : 'verdict_pending_other', { count });
}

/** The glyph of each status and verdict, beside its name (colour is never the only cue). */
export const STATUS_GLYPHS: Record<Status | 'pending' | 'running', string> = {
  pass: '✓',
  warn: '!',
  fail: '✕',
  manual: '?',
  // A verdict only: nothing measured blocks, blocking questions are open.
  pending: '?',
  error: '⚠',
  running: '…',
};

/** The verdict header's two lines: the verdict, and the counts behind it. */
export function verdictLines(overall: Overall, counts: Counts, t: Translate): { verdict: string; counts: string } {
  return {
    verdict: verdictText(overall, counts, t),
    counts: t('ui_counts', {
      fail: counts.fail,
      warn: counts.warn,
      error: counts.error,
      toConfirm: counts.toConfirm,
      pass: counts.pass,
      problems: counts.fail + counts.warn + counts.error,
    }),
  };
}

/** "no problems", "1 problem", "3 problems": French and English agree on these three forms. */
export function problemsText(problems: number, t: Translate): string {
  if (problems === 0) return t('badge_problems_none');
  return problems === 1 ? t('badge_problems_one') : t('badge_problems_other', { count: problems });
}
