import { countStatuses } from '../engine/rollup';
import type { Overall } from '../engine/types';
import type { Translate } from '../i18n/format';
import type { RunRecord } from '../run/types';

export const BADGE_COLOURS: Record<Overall, string> = {
  pass: '#1e7b34',
  warn: '#9a6700',
  fail: '#b3261e',
  error: '#8e24aa',
  running: '#555555',
};

/** What the toolbar shows for a run: colour by verdict, the number of problems, a tooltip. */
export function badgeFor(run: RunRecord, t: Translate): { text: string; colour: string; title: string } {
  const counts = countStatuses(run.diagnostics);
  const problems = counts.fail + counts.warn + counts.error;
  const when = new Date(run.finishedAt ?? run.startedAt).toLocaleString();
  return {
    text: problems ? String(problems) : run.overall === 'pass' ? '✓' : '',
    colour: BADGE_COLOURS[run.overall],
    title: t('badge_title', { verdict: t(`verdict_${run.overall}`), problems, when }),
  };
}
