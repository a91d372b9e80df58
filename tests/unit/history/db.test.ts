import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, History, HistoryError, openHistory } from '../../../utils/history/db';
import { makeRun } from '../runs';

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;
const keepAll = { maxRuns: 10_000, maxAgeDays: 3650 };
let counter = 0;
const freshName = () => `history-test-${++counter}`;

describe('history database', () => {
  it('stores runs and lists their summaries newest first', async () => {
    const history = new History(() => openHistory(freshName()));
    await history.save(makeRun('a', NOW - 2000), keepAll, NOW);
    await history.save(makeRun('b', NOW - 1000, { 'turn-udp': 'fail' }), keepAll, NOW);
    const list = await history.summaries();
    expect(list.map((s) => s.id)).toEqual(['b', 'a']);
    expect(list[0]).toMatchObject({
      overall: 'fail',
      counts: { fail: 1, pass: 1, manual: 1 },
      statuses: { 'turn-udp': 'fail' },
    });
    expect((await history.get('a'))?.diagnostics).toHaveLength(3);
  });

  it('stores two runs saved at the same moment', async () => {
    const history = new History(() => openHistory(freshName()));
    await Promise.all([history.save(makeRun('x', NOW), keepAll, NOW), history.save(makeRun('y', NOW), keepAll, NOW)]);
    expect(await history.count()).toBe(2);
  });

  it('migrates a version 1 database with runs to version 2, keeping every run and building summaries', async () => {
    const name = freshName();
    const v1 = await openDB(name, 1, { upgrade: (db) => db.createObjectStore('runs', { keyPath: 'id' }) });
    for (let i = 0; i < 25; i++) await v1.put('runs', makeRun(`old-${i}`, NOW - i * 1000));
    v1.close();
    const db = await openHistory(name);
    expect(db.version).toBe(DB_VERSION);
    expect(await db.count('runs')).toBe(25);
    expect(await db.count('summaries')).toBe(25);
    expect((await db.getAllFromIndex('summaries', 'by-started'))[0]?.id).toBe('old-24');
    db.close();
  });

  it('keeps at most maxRuns, deleting the oldest first, never the run just saved', async () => {
    const history = new History(() => openHistory(freshName()));
    for (let i = 0; i < 6; i++)
      await history.save(makeRun(`r${i}`, NOW - (10 - i) * 1000), { maxRuns: 4, maxAgeDays: 365 }, NOW);
    expect((await history.summaries()).map((s) => s.id)).toEqual(['r5', 'r4', 'r3', 'r2']);
    expect(await history.get('r0')).toBeUndefined();
  });

  it('deletes runs older than maxAgeDays', async () => {
    const history = new History(() => openHistory(freshName()));
    await history.save(makeRun('ancient', NOW - 400 * DAY), keepAll, NOW);
    await history.save(makeRun('recent', NOW - 10 * DAY), { maxRuns: 100, maxAgeDays: 365 }, NOW);
    expect((await history.summaries()).map((s) => s.id)).toEqual(['recent']);
  });

  it('clears everything', async () => {
    const history = new History(() => openHistory(freshName()));
    await history.save(makeRun('a', NOW), keepAll, NOW);
    await history.clear();
    expect(await history.summaries()).toEqual([]);
    expect(await history.count()).toBe(0);
  });

  it('imports the last run kept before the history existed, once', async () => {
    const history = new History(() => openHistory(freshName()));
    const last = makeRun('from-storage-local', NOW);
    await history.importIfMissing(last, keepAll, NOW);
    await history.importIfMissing(last, keepAll, NOW);
    expect(await history.count()).toBe(1);
  });

  it('reports a blocked database (an older version kept open elsewhere) as "blocked"', async () => {
    const name = freshName();
    const v1 = await openDB(name, 1, { upgrade: (db) => db.createObjectStore('runs', { keyPath: 'id' }) });
    // This connection ignores versionchange, as a stale tab would.
    const error = await openHistory(name, 50).catch((e) => e);
    expect(error).toBeInstanceOf(HistoryError);
    expect(error.kind).toBe('blocked');
    v1.close();
  });

  it('reports a full database as "full" and can save again afterwards', async () => {
    let fail = true;
    const history = new History(async () => {
      const db = await openHistory(freshName());
      const transaction = db.transaction.bind(db);
      // Simulate the quota: the first transaction's put rejects with QuotaExceededError.
      db.transaction = ((...args: Parameters<typeof transaction>) => {
        const tx = transaction(...args);
        if (fail) {
          fail = false;
          const store = tx.objectStore('runs');
          store.put = () => Promise.reject(Object.assign(new Error('quota'), { name: 'QuotaExceededError' }));
        }
        return tx;
      }) as typeof db.transaction;
      return db;
    });
    const error = await history.save(makeRun('big', NOW), keepAll, NOW).catch((e) => e);
    expect(error).toMatchObject({ name: 'HistoryError', kind: 'full' });
    await history.save(makeRun('next', NOW), keepAll, NOW);
    expect((await history.summaries()).map((s) => s.id)).toContain('next');
  });
});

describe('history paging', () => {
  it('pages through thousands of runs newest first without loading them all', async () => {
    const history = new History(() => openHistory(freshName()));
    for (let i = 0; i < 250; i++) await history.save(makeRun(`p${i}`, NOW - i * 1000), keepAll, NOW);
    const first = await history.summaries(100);
    expect(first.map((s) => s.id).slice(0, 2)).toEqual(['p0', 'p1']);
    const second = await history.summaries(100, first.at(-1)!.startedAt);
    expect(second[0]?.id).toBe('p100');
    const third = await history.summaries(100, second.at(-1)!.startedAt);
    expect(third).toHaveLength(50);
    expect(await history.count()).toBe(250);
  });
});
