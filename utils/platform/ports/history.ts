import type { RunSummary } from '../../history/summary';
import type { RunRecord } from '../../run/types';

/** Every run, kept in the browser (IndexedDB, ../history.ts): the report page and the background read and write it. */

/** How much history to keep (the profile's `history`): runs beyond either limit go, oldest first. */
export interface Retention {
  maxRuns: number;
  maxAgeDays: number;
}

/** The history view's first screen: the newest summaries and how many runs are stored. */
export interface RecentIndex {
  total: number;
  /** The newest summaries (RECENT_RUNS of them), newest first. */
  newest: RunSummary[];
}

/** Where a page of the history ends: its last run. Runs are ordered by start time, then id. */
export type HistoryCursor = Pick<RunSummary, 'startedAt' | 'id'>;

export interface HistoryStore {
  /**
   * Stores the run and its summary, then applies the retention (never to the run just
   * saved). Throws a HistoryError (full, blocked, unavailable) the UI can name.
   */
  save(run: RunRecord, retention: Retention, now: number): Promise<void>;
  /**
   * Newest first; `limit` of them, after the run `before` (the last one shown) when given:
   * paging thousands of runs, none skipped when several started at the same moment.
   */
  summaries(limit?: number, before?: HistoryCursor): Promise<RunSummary[]>;
  /** The first screen in one read, whatever the number of runs; undefined before any was stored. */
  recent(): Promise<RecentIndex | undefined>;
  get(id: string): Promise<RunRecord | undefined>;
  count(): Promise<number>;
  /** Deletes every run. */
  clear(): Promise<void>;
  /** Keeps a run stored before the history existed (the popup's last run), unless already there. */
  importIfMissing(run: RunRecord | undefined, retention: Retention, now: number): Promise<void>;
}
