import type { Diagnostic, Overall, Status } from './types';

/** A manual item the user answered counts as what they said. */
export function effectiveStatus(diagnostic: Diagnostic): Status {
  const answer = diagnostic.manual?.confirmation?.answer;
  if (diagnostic.status !== 'manual' || !answer) return diagnostic.status;
  return answer === 'yes' ? 'pass' : (diagnostic.manual?.unmetStatus ?? 'fail');
}

export type Counts = Record<Status, number> & { toConfirm: number };

export function countStatuses(diagnostics: Diagnostic[]): Counts {
  const counts: Counts = { pass: 0, warn: 0, fail: 0, manual: 0, error: 0, toConfirm: 0 };
  for (const d of diagnostics) {
    const status = effectiveStatus(d);
    counts[status] += 1;
    if (status === 'manual' && d.manual) counts.toConfirm += 1;
  }
  return counts;
}

/**
 * The run's verdict: any blocking problem → fail; a check that broke → error (we cannot
 * vouch for the machine); any warning → warn; else pass. Unanswered manual items never
 * turn a verdict into pass by themselves: the UI always shows how many remain.
 */
export function rollup(diagnostics: Diagnostic[], finished: boolean, planned = diagnostics.length): Overall {
  const counts = countStatuses(diagnostics);
  if (counts.fail) return 'fail';
  if (!finished) return 'running';
  // A run that ended with checks missing cannot vouch for anything.
  if (counts.error || diagnostics.length < planned) return 'error';
  if (counts.warn) return 'warn';
  return 'pass';
}

/** Display order: the Problems panel puts the worst first. */
export const STATUS_ORDER: Status[] = ['fail', 'error', 'warn', 'manual', 'pass'];
