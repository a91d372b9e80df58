import type { History } from '../history/db';
import type { Profile } from '../profile/types';
import type { RunRecord } from './types';

/**
 * Saves a run to the history, then as the last run. A history failure (full or blocked
 * database) is recorded on the run so the UI says so; the run itself is never lost: it
 * stays the last run and keeps showing.
 */
export function persistRun(
  history: Pick<History, 'save'>,
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
