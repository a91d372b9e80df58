import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { History, HistoryError, openHistory } from '../../../utils/platform/history';
import { BUILTIN_PROFILE } from '../../../utils/profile/builtin';
import { clearHistory, persistRun, restoreLastRun } from '../../../utils/run/persist';
import type { RunRecord } from '../../../utils/run/types';
import { makeRun } from '../runs';

const NOW = 1_800_000_000_000;

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

describe('clearing the history', () => {
  it('clears the last run too: a restart of the background (new hub, start-up import) does not bring it back', async () => {
    const name = `persist-clear-${Math.random()}`;
    let last: RunRecord | undefined;
    const saveLast = async (run: RunRecord) => void (last = structuredClone(run));
    const history = new History(() => openHistory(name));
    await persistRun(history, saveLast, () => NOW, vi.fn())(makeRun('kept', NOW - 1000), BUILTIN_PROFILE);
    await clearHistory(history, async () => void (last = undefined));
    // The service worker restarts: a new connection, and the start-up import of the last run.
    const restarted = new History(() => openHistory(name));
    await restoreLastRun(
      restarted,
      async () => last,
      () => NOW,
    );
    expect(await restarted.count()).toBe(0);
    expect(last).toBeUndefined();
  });

  it('still imports, at start-up, a last run the history does not have', async () => {
    const history = new History(() => openHistory(`persist-import-${Math.random()}`));
    const badged: string[] = [];
    const last = makeRun('only-in-storage', NOW);
    await restoreLastRun(
      history,
      async () => last,
      () => NOW,
      (run) => badged.push(run.id),
    );
    expect(await history.count()).toBe(1);
    expect(badged).toEqual(['only-in-storage']);
  });
});
