import { describe, expect, it, vi } from 'vitest';
import { HistoryError } from '../../../utils/history/db';
import { BUILTIN_PROFILE } from '../../../utils/profile/builtin';
import { persistRun } from '../../../utils/run/persist';
import type { RunRecord } from '../../../utils/run/types';
import { makeRun } from '../runs';

describe('persisting a run', () => {
  it('saves to the history with the profile’s retention, then as the last run', async () => {
    const save = vi.fn(async () => undefined);
    const last: RunRecord[] = [];
    await persistRun(
      { save },
      async (r) => void last.push(r),
      () => 42,
      vi.fn(),
    )(makeRun('a', 1), BUILTIN_PROFILE);
    expect(save).toHaveBeenCalledWith(expect.objectContaining({ id: 'a' }), { maxRuns: 1000, maxAgeDays: 365 }, 42);
    expect(last[0]?.historyError).toBeUndefined();
  });

  it('keeps the run as the last run and says why when the database is full or blocked', async () => {
    const last: RunRecord[] = [];
    const log = vi.fn();
    const save = async () => {
      throw new HistoryError('full', 'QuotaExceededError');
    };
    await persistRun(
      { save },
      async (r) => void last.push(r),
      () => 0,
      log,
    )(makeRun('b', 1), BUILTIN_PROFILE);
    expect(last[0]).toMatchObject({ id: 'b', historyError: 'full: QuotaExceededError' });
    expect(log).toHaveBeenCalled();
  });
});
