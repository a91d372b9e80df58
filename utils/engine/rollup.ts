import type { Diagnostic, Overall, Status } from './types';

/** A manual item the user answered (or IT attested) counts as what they said. */
export function effectiveStatus(diagnostic: Diagnostic): Status {
  const answer = diagnostic.manual?.confirmation?.answer;
  if (diagnostic.status !== 'manual' || !answer) return diagnostic.status;
  return answer === 'yes' ? 'pass' : (diagnostic.manual?.unmetStatus ?? 'fail');
}

/** An unanswered manual item whose "no" would block the app. */
export const isBlockingToConfirm = (diagnostic: Diagnostic): boolean =>
  effectiveStatus(diagnostic) === 'manual' && diagnostic.manual?.unmetStatus === 'fail';

/** `toConfirm`: unanswered manual items; `blockingToConfirm`: those of them a "no" would make blocking. */
export type Counts = Record<Status, number> & { toConfirm: number; blockingToConfirm: number };

export function countStatuses(diagnostics: Diagnostic[]): Counts {
  const counts: Counts = { pass: 0, warn: 0, fail: 0, manual: 0, error: 0, toConfirm: 0, blockingToConfirm: 0 };
  for (const d of diagnostics) {
    const status = effectiveStatus(d);
    counts[status] += 1;
    if (status === 'manual' && d.manual) counts.toConfirm += 1;
    if (isBlockingToConfirm(d)) counts.blockingToConfirm += 1;
  }
  return counts;
}

/**
 * The run's verdict, worst first: any blocking problem → fail; a check that broke → error
 * (we cannot vouch for the machine); a blocking manual item still unanswered → pending
 * (nothing measured blocks, but a "no" would: never "ready" with such questions open);
 * any warning → warn; else pass. Pending outranks warn: a workstation with warnings AND
 * open blocking questions is pending, and its wording names both (report/verdict.ts).
 * Unanswered manual items whose "no" would only warn do not hold the verdict back; the UI
 * still counts them.
 */
export function rollup(diagnostics: Diagnostic[], finished: boolean, planned = diagnostics.length): Overall {
  const counts = countStatuses(diagnostics);
  if (counts.fail) return 'fail';
  if (!finished) return 'running';
  // A run that ended with checks missing cannot vouch for anything.
  if (counts.error || diagnostics.length < planned) return 'error';
  if (counts.blockingToConfirm) return 'pending';
  if (counts.warn) return 'warn';
  return 'pass';
}

/** Display order: the Problems panel puts the worst first. */
export const STATUS_ORDER: Status[] = ['fail', 'error', 'warn', 'manual', 'pass'];

/** Unanswered manual items for IT (`forIt`) apart from every other row (`asked`), order kept: the popup folds the former. */
export function splitByAudience(rows: Diagnostic[]): { asked: Diagnostic[]; forIt: Diagnostic[] } {
  const forIt = (d: Diagnostic) => effectiveStatus(d) === 'manual' && d.manual?.audience === 'it';
  return { asked: rows.filter((d) => !forIt(d)), forIt: rows.filter(forIt) };
}
