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

/**
 * How every view groups the rows, in order (the popup's Problems panel, the report page and
 * the text/Markdown reports): problems, then what to confirm by hand, then passes. The
 * single definition of the grouping and of the display order.
 */
export const STATUS_GROUPS = [
  { id: 'problems', statuses: ['fail', 'error', 'warn'] },
  { id: 'manual', statuses: ['manual'] },
  { id: 'passed', statuses: ['pass'] },
] as const satisfies readonly { id: string; statuses: readonly Status[] }[];

export type StatusGroupId = (typeof STATUS_GROUPS)[number]['id'];

/** Display order, worst first: the groups' statuses in turn. */
export const STATUS_ORDER: readonly Status[] = STATUS_GROUPS.flatMap((g) => g.statuses);

/**
 * The rows of each group by effective status, worst first (registry order kept among equals);
 * empty groups left out.
 */
export function groupByStatus(diagnostics: Diagnostic[]): { id: StatusGroupId; rows: Diagnostic[] }[] {
  const rank = (d: Diagnostic) => STATUS_ORDER.indexOf(effectiveStatus(d));
  const sorted = [...diagnostics].sort((a, b) => rank(a) - rank(b));
  return STATUS_GROUPS.map((group) => ({
    id: group.id,
    rows: sorted.filter((d) => (group.statuses as readonly Status[]).includes(effectiveStatus(d))),
  })).filter((group) => group.rows.length > 0);
}

/** Unanswered manual items for IT (`forIt`) apart from every other row (`asked`), order kept: the popup folds the former. */
export function splitByAudience(rows: Diagnostic[]): { asked: Diagnostic[]; forIt: Diagnostic[] } {
  const forIt = (d: Diagnostic) => effectiveStatus(d) === 'manual' && d.manual?.audience === 'it';
  return { asked: rows.filter((d) => !forIt(d)), forIt: rows.filter(forIt) };
}
