import { BUILTIN_PROFILE } from '../profile/builtin';
import type { HistoryStore } from '../platform/types';
import type { Profile } from '../profile/types';
import type { RunRecord } from './types';

/**
 * Saves a run to the history, then as the last run. A history failure (full or blocked
 * database) is recorded on the run so the UI says so; the run itself is never lost: it
 * stays the last run and keeps showing.
 */
export function persistRun(
  history: Pick<HistoryStore, 'save'>,
  saveLast: (run: RunRecord) => Promise<void>,
  now: () => number,
  log: (m: string, e?: unknown) => void,
) {
  return async (run: RunRecord, profile: Profile): Promise<void> => {
    try {
      await history.save(run, profile.history, now());
      delete run.historyError;
    } catch (error) {
      run.historyError = error instanceof Error ? error.message : String(error);
      log('could not add the run to the history', error);
    }
    await saveLast(run);
  };
}

/**
 * "Clear history": every run goes, the last run too. Otherwise the background's start-up
 * import (run at every service-worker restart) would bring the last run back.
 */
export async function clearHistory(
  history: Pick<HistoryStore, 'clear'>,
  clearLast: () => Promise<void>,
): Promise<void> {
  await history.clear();
  await clearLast();
}

/** At background start-up: the last run (kept in storage.local) goes into the history if it is missing there. */
export async function restoreLastRun(
  history: Pick<HistoryStore, 'importIfMissing'>,
  loadLast: () => Promise<RunRecord | undefined>,
  now: () => number,
  onLast: (run: RunRecord) => void = () => undefined,
): Promise<void> {
  const last = await loadLast();
  if (!last) return;
  onLast(last);
  await history.importIfMissing(last, BUILTIN_PROFILE.history, now());
}
