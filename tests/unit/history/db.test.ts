import 'fake-indexeddb/auto';
import { forceCloseDatabase } from 'fake-indexeddb';
import { deleteDB, openDB, unwrap, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { describe, expect, it } from 'vitest';
import {
  DB_VERSION,
  History,
  HistoryError,
  openHistory,
  RECENT_RUNS,
  type HistorySchema,
} from '../../../utils/platform/history';
import { summarise } from '../../../utils/history/summary';
import type { RunRecord } from '../../../utils/run/types';
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

  it('migrates a version 2 database with runs to version 3, keeping every run and summary and building the recent index', async () => {
    const name = freshName();
    // Version 2 exactly as the previous release created it: runs, summaries, their indexes.
    const v2 = await openDB(name, 2, {
      upgrade(db) {
        db.createObjectStore('runs', { keyPath: 'id' }).createIndex('by-started', 'startedAt');
        db.createObjectStore('summaries', { keyPath: 'id' }).createIndex('by-started', 'startedAt');
      },
    });
    const runs = Array.from({ length: 45 }, (_, i) =>
      makeRun(`v2-${i}`, NOW - i * 1000, i === 3 ? { browser: 'fail' } : {}),
    );
    for (const run of runs) {
      await v2.put('runs', run);
      await v2.put('summaries', summarise(run));
    }
    v2.close();
    const history = new History(() => openHistory(name));
    expect(await history.count()).toBe(45);
    for (const run of runs) expect(await history.get(run.id)).toEqual(run);
    expect((await history.summaries()).map((s) => s.id)).toEqual(runs.map((r) => r.id));
    const recent = (await history.recent())!;
    expect(recent.total).toBe(45);
    expect(recent.newest).toEqual(runs.slice(0, RECENT_RUNS).map(summarise));
    expect(recent.newest[3]).toMatchObject({ id: 'v2-3', overall: 'fail' });
    const db = await openHistory(name);
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBe(3);
    db.close();
  });

  it('builds the recent index when a version 1 database upgrades straight to the current version', async () => {
    const name = freshName();
    const v1 = await openDB(name, 1, { upgrade: (db) => db.createObjectStore('runs', { keyPath: 'id' }) });
    for (let i = 0; i < 30; i++) await v1.put('runs', makeRun(`old-${i}`, NOW - (30 - i) * 1000));
    v1.close();
    const history = new History(() => openHistory(name));
    expect(await history.count()).toBe(30);
    const recent = (await history.recent())!;
    expect(recent.total).toBe(30);
    expect(recent.newest.map((s) => s.id)).toEqual(Array.from({ length: RECENT_RUNS }, (_, i) => `old-${29 - i}`));
  });

  it('keeps the recent index equal to the newest summaries through saves, answers, retention and clearing', async () => {
    const history = new History(() => openHistory(freshName()));
    const matches = async () => {
      const recent = (await history.recent())!;
      expect(recent.newest).toEqual(await history.summaries(RECENT_RUNS));
      expect(recent.total).toBe(await history.count());
    };
    for (let i = 0; i < 25; i++) await history.save(makeRun(`r${i}`, NOW - (100 - i) * 1000), keepAll, NOW);
    await matches();
    // The same run saved again (a manual answer): replaced, not added.
    await history.save(makeRun('r24', NOW - 76_000, { 'manual-java': 'pass' }), keepAll, NOW);
    await matches();
    expect((await history.recent())!.newest[0]!.statuses['manual-java']).toBe('pass');
    // Retention deletes the oldest: the index follows.
    await history.save(makeRun('r25', NOW - 75_000), { maxRuns: 10, maxAgeDays: 365 }, NOW);
    await matches();
    expect((await history.recent())!.total).toBe(10);
    await history.clear();
    expect(await history.recent()).toEqual({ total: 0, newest: [] });
  });

  it('keeps at most maxRuns, deleting the oldest first, never the run just saved', async () => {
    const history = new History(() => openHistory(freshName()));
    for (let i = 0; i < 6; i++)
      await history.save(makeRun(`r${i}`, NOW - (10 - i) * 1000), { maxRuns: 4, maxAgeDays: 365 }, NOW);
    expect((await history.summaries()).map((s) => s.id)).toEqual(['r5', 'r4', 'r3', 'r2']);
    expect(await history.get('r0')).toBeUndefined();
  });

  it('never prunes the run just saved, even when it is the oldest (the clock went back) or past maxAgeDays', async () => {
    const history = new History(() => openHistory(freshName()));
    const retention = { maxRuns: 3, maxAgeDays: 365 };
    for (let i = 0; i < 3; i++) await history.save(makeRun(`r${i}`, NOW - (10 - i) * 1000), retention, NOW);
    await history.save(makeRun('clock-back', NOW - 60_000), retention, NOW);
    expect((await history.summaries()).map((s) => s.id)).toEqual(['r2', 'r1', 'clock-back']);
    await history.save(makeRun('wrong-year', NOW - 400 * DAY), retention, NOW);
    expect(await history.get('wrong-year')).toBeDefined();
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
    const error = await openHistory(name, { blockedAfterMs: 50 }).catch((e) => e);
    expect(error).toBeInstanceOf(HistoryError);
    expect(error.kind).toBe('blocked');
    v1.close();
  });

  it('reports a database still full after pruning as "full", and recovers once maxRuns is lowered', async () => {
    const name = freshName();
    const history = new History(() => quotaOf(openHistory(name), 5));
    const roomy = { maxRuns: 100, maxAgeDays: 365 };
    for (let i = 0; i < 5; i++) await history.save(makeRun(`r${i}`, NOW - (10 - i) * 1000), roomy, NOW);
    // Full, and the retention allows every stored run: this run cannot be added.
    const error = await history.save(makeRun('refused', NOW), roomy, NOW).catch((e) => e);
    expect(error).toMatchObject({ name: 'HistoryError', kind: 'full' });
    expect(await history.get('refused')).toBeUndefined();
    // The administrator lowers maxRuns: the next save makes room first, and is stored.
    await history.save(makeRun('after', NOW), { maxRuns: 3, maxAgeDays: 365 }, NOW);
    expect((await history.summaries()).map((s) => s.id)).toEqual(['after', 'r4', 'r3']);
  });

  it('makes room for a run by dropping the oldest when the quota is met at maxRuns', async () => {
    const history = new History(() => quotaOf(openHistory(freshName()), 3));
    const retention = { maxRuns: 3, maxAgeDays: 365 };
    for (let i = 0; i < 5; i++) await history.save(makeRun(`r${i}`, NOW - (10 - i) * 1000), retention, NOW);
    expect((await history.summaries()).map((s) => s.id)).toEqual(['r4', 'r3', 'r2']);
  });
});

/**
 * A quota of `capacity` runs: a put of a new run beyond it aborts its transaction with
 * QuotaExceededError, as a browser does when the origin's storage is full.
 */
async function quotaOf(opening: Promise<IDBPDatabase<HistorySchema>>, capacity: number) {
  const db = await opening;
  const transaction = db.transaction.bind(db);
  // idb wraps what this returns: hand it the raw transaction, or it would be wrapped twice.
  db.transaction = ((...args: Parameters<typeof transaction>) => {
    const tx = transaction(...args) as IDBPTransaction<HistorySchema, ['runs', 'summaries'], 'readwrite'>;
    if (tx.mode !== 'readwrite' || !tx.objectStoreNames.contains('runs')) return unwrap(tx);
    const store = tx.objectStore('runs');
    const put = store.put!.bind(store);
    store.put = (async (value: RunRecord) => {
      const stored = await store.count();
      const replacing = (await store.getKey(value.id)) !== undefined;
      if (stored >= capacity && !replacing) {
        tx.abort();
        throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
      }
      return put(value);
    }) as typeof store.put;
    return unwrap(tx);
  }) as unknown as typeof db.transaction;
  return db;
}

describe('history connection', () => {
  it('lets a newer version take the database over (versionchange), then reopens and saves', async () => {
    const name = freshName();
    let version = DB_VERSION;
    const history = new History(() => openHistory(name, { version }));
    await history.save(makeRun('before', NOW - 1000), keepAll, NOW);
    // The extension updated: its new code opens a higher version; this connection must let go.
    version = DB_VERSION + 1;
    const newer = await openDB(name, version);
    newer.close();
    await history.save(makeRun('after', NOW), keepAll, NOW);
    expect((await history.summaries()).map((s) => s.id)).toEqual(['after', 'before']);
  });

  it('reopens after the database was deleted from elsewhere (site data cleared)', async () => {
    const name = freshName();
    const history = new History(() => openHistory(name));
    await history.save(makeRun('gone', NOW - 1000), keepAll, NOW);
    await deleteDB(name);
    await history.save(makeRun('next', NOW), keepAll, NOW);
    expect((await history.summaries()).map((s) => s.id)).toEqual(['next']);
  });

  it('reopens after the browser closed the connection on its own', async () => {
    const name = freshName();
    let db: IDBPDatabase<HistorySchema> | undefined;
    let opened = 0;
    const history = new History(async () => {
      opened += 1;
      db = await openHistory(name);
      return db;
    });
    await history.save(makeRun('a', NOW - 1000), keepAll, NOW);
    forceCloseDatabase(unwrap(db!) as unknown as Parameters<typeof forceCloseDatabase>[0]);
    await history.save(makeRun('b', NOW), keepAll, NOW);
    expect(opened).toBe(2);
    expect(await history.count()).toBe(2);
  });
});

describe('history paging', () => {
  it('pages through thousands of runs newest first without loading them all', async () => {
    const history = new History(() => openHistory(freshName()));
    for (let i = 0; i < 250; i++) await history.save(makeRun(`p${i}`, NOW - i * 1000), keepAll, NOW);
    const first = await history.summaries(100);
    expect(first.map((s) => s.id).slice(0, 2)).toEqual(['p0', 'p1']);
    const second = await history.summaries(100, first.at(-1));
    expect(second[0]?.id).toBe('p100');
    const third = await history.summaries(100, second.at(-1));
    expect(third).toHaveLength(50);
    expect(await history.count()).toBe(250);
  });

  it('pages past runs that started at the same moment without skipping one (by start time, then id)', async () => {
    const history = new History(() => openHistory(freshName()));
    for (const id of ['a', 'b', 'c']) await history.save(makeRun(id, NOW), keepAll, NOW);
    await history.save(makeRun('older', NOW - 1000), keepAll, NOW);
    // Pages of two: the boundary falls between two of the three runs started at NOW.
    const seen: string[] = [];
    for (let page = await history.summaries(2); page.length; page = await history.summaries(2, page.at(-1)))
      seen.push(...page.map((s) => s.id));
    expect(seen).toEqual(['c', 'b', 'a', 'older']);
  });
});
