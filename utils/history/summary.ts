import { countStatuses, effectiveStatus, type Counts } from '../engine/rollup';
import type { Overall, Status } from '../engine/types';
import type { RunRecord } from '../run/types';

/** What the history list and the trend need of a run, small enough to load 5,000 at once. */
export interface RunSummary {
  id: string;
  startedAt: number;
  finishedAt?: number;
  overall: Overall;
  counts: Counts;
  profileName: string;
  profileSource: RunRecord['profile']['source'];
  /** Started by the schedule (absent: from a page). */
  trigger?: RunRecord['trigger'];
  /** Effective status of each check (manual answers applied). */
  statuses: Record<string, Status>;
}

export function summarise(run: RunRecord): RunSummary {
  return {
    id: run.id,
    startedAt: run.startedAt,
    ...(run.finishedAt !== undefined && { finishedAt: run.finishedAt }),
    overall: run.overall,
    ...(run.trigger && { trigger: run.trigger }),
    counts: countStatuses(run.diagnostics),
    profileName: run.profile.name,
    profileSource: run.profile.source,
    statuses: Object.fromEntries(run.diagnostics.map((d) => [d.checkId, effectiveStatus(d)])),
  };
}
