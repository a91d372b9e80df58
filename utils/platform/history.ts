import { openDB, type DBSchema, type IDBPDatabase, type IDBPIndex, type IDBPTransaction, type StoreNames } from 'idb';
import { summarise, type RunSummary } from '../history/summary';
import type { RunRecord } from '../run/types';
import type { HistoryCursor, HistoryStore, RecentIndex, Retention } from './ports/history';

/**
 * The history's IndexedDB implementation (the HistoryStore port, ./ports/history.ts): the
 * only code that opens it. Pages and the background get it from historyStore() below.
 */

export const DB_NAME = 'readiness-history';
/**
 * Version history of the database (each upgrade keeps every stored run):
 * 1. `runs` (keyPath id).
 * 2. `by-started` index on runs; `summaries` store (built from every existing run) so the
 *    history view loads thousands of runs without their evidence.
 * 3. `meta` store with the `recent` index (built from the existing summaries): the history
 *    view's first screen in one read, whatever the number of runs.
 */
export const DB_VERSION = 3;

/** How many of the newest runs the `recent` index holds: the trend's columns, a screen of rows. */
export const RECENT_RUNS = 20;

export interface HistorySchema extends DBSchema {
  runs: { key: string; value: RunRecord; indexes: { 'by-started': number } };
  summaries: { key: string; value: RunSummary; indexes: { 'by-started': number } };
  meta: { key: 'recent'; value: RecentIndex };
}

type Stores = ArrayLike<StoreNames<HistorySchema>>;

/**
 * Newest first, `limit` of them, after the run `before` when given. The index orders runs by
 * start time, then id: runs started at the same moment are told apart by id, so a page that
 * ends among them leaves none out of the next.
 */
async function newestSummaries<Tx extends Stores, Mode extends IDBTransactionMode>(
  index: IDBPIndex<HistorySchema, Tx, 'summaries', 'by-started', Mode>,
  limit: number,
  before?: HistoryCursor,
): Promise<RunSummary[]> {
  const range = before === undefined ? undefined : IDBKeyRange.upperBound(before.startedAt);
  const out: RunSummary[] = [];
  let cursor = await index.openCursor(range, 'prev');
  // Started at the same moment, highest id first: those down to `before` itself were on the page before.
  while (cursor && before && cursor.key === before.startedAt && cursor.primaryKey >= before.id)
    cursor = await cursor.continue();
  while (cursor && out.length < limit) {
    out.push(cursor.value);
    cursor = await cursor.continue();
  }
  return out;
}

/** Rebuilds the `recent` index from the summaries, in the transaction that changed them. */
async function refreshRecent<Tx extends Stores>(
  tx: IDBPTransaction<HistorySchema, Tx, 'readwrite' | 'versionchange'>,
): Promise<void> {
  const summaries = tx.objectStore('summaries');
  const [total, newest] = await Promise.all([
    summaries.count(),
    newestSummaries(summaries.index('by-started'), RECENT_RUNS),
  ]);
  await tx.objectStore('meta').put({ total, newest }, 'recent');
}

/** A history failure the UI can name: the database is full, blocked by another tab, or broken. */
export class HistoryError extends Error {
  constructor(
    readonly kind: 'full' | 'blocked' | 'unavailable',
    detail: string,
  ) {
    super(`${kind}: ${detail}`);
    this.name = 'HistoryError';
  }
}

const asHistoryError = (error: unknown): HistoryError => {
  if (error instanceof HistoryError) return error;
  const name = (error as { name?: string })?.name ?? '';
  const message = (error as { message?: string })?.message ?? String(error);
  return new HistoryError(name === 'QuotaExceededError' ? 'full' : 'unavailable', `${name} ${message}`.trim());
};

export async function openHistory(
  name = DB_NAME,
  { blockedAfterMs = 3000, version = DB_VERSION }: { blockedAfterMs?: number; version?: number } = {},
): Promise<IDBPDatabase<HistorySchema>> {
  let onBlocked: (() => void) | undefined;
  const blocked = new Promise<never>((_, reject) => {
    onBlocked = () =>
      setTimeout(() => reject(new HistoryError('blocked', 'another page keeps an older version open')), blockedAfterMs);
  });
  const opening = openDB<HistorySchema>(name, version, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) db.createObjectStore('runs', { keyPath: 'id' });
      if (oldVersion < 2) {
        tx.objectStore('runs').createIndex('by-started', 'startedAt');
        const summaries = db.createObjectStore('summaries', { keyPath: 'id' });
        summaries.createIndex('by-started', 'startedAt');
        for (let cursor = await tx.objectStore('runs').openCursor(); cursor; cursor = await cursor.continue())
          await summaries.put(summarise(cursor.value));
      }
      if (oldVersion < 3) {
        db.createObjectStore('meta');
        await refreshRecent(tx);
      }
    },
    blocked: () => onBlocked?.(),
  });
  return Promise.race([opening, blocked]).catch((error) => {
    throw asHistoryError(error);
  });
}

const isQuota = (error: unknown) => (error as { name?: string })?.name === 'QuotaExceededError';

/**
 * Every run, in IndexedDB. One connection, opened on first use and opened again on the
 * next use after a failure, after another page asked for a newer version or deleted the
 * database (versionchange: this connection lets go at once), or after the browser closed it.
 */
export class History implements HistoryStore {
  private db?: Promise<IDBPDatabase<HistorySchema>>;

  constructor(private readonly open: () => Promise<IDBPDatabase<HistorySchema>> = () => openHistory()) {}

  private connection(): Promise<IDBPDatabase<HistorySchema>> {
    if (this.db) return this.db;
    const opening: Promise<IDBPDatabase<HistorySchema>> = this.open().then(
      (db) => {
        const forget = () => {
          if (this.db === opening) this.db = undefined;
        };
        db.addEventListener('versionchange', () => {
          db.close();
          forget();
        });
        db.addEventListener('close', forget);
        return db;
      },
      (error) => {
        if (this.db === opening) this.db = undefined;
        throw error;
      },
    );
    this.db = opening;
    return opening;
  }

  /**
   * Stores the run and its summary in one transaction, then applies the retention. When
   * the quota is reached, room is made first (the retention, minus one for this run) and
   * the write is tried once more: a full database recovers as soon as the retention allows.
   */
  async save(run: RunRecord, retention: Retention, now: number): Promise<void> {
    try {
      const db = await this.connection();
      try {
        await this.write(db, run);
      } catch (error) {
        if (!isQuota(error)) throw error;
        await this.prune(db, { ...retention, maxRuns: retention.maxRuns - 1 }, now, run.id);
        await this.write(db, run);
      }
      await this.prune(db, retention, now, run.id);
    } catch (error) {
      throw asHistoryError(error);
    }
  }

  private async write(db: IDBPDatabase<HistorySchema>, run: RunRecord) {
    const tx = db.transaction(['runs', 'summaries', 'meta'], 'readwrite');
    const stored = Promise.all([tx.objectStore('runs').put(run), tx.objectStore('summaries').put(summarise(run))]);
    await Promise.all([stored.then(() => refreshRecent(tx)), tx.done]);
  }

  private async prune(db: IDBPDatabase<HistorySchema>, { maxRuns, maxAgeDays }: Retention, now: number, keep: string) {
    const tx = db.transaction(['runs', 'summaries', 'meta'], 'readwrite');
    const index = tx.objectStore('summaries').index('by-started');
    const oldest = now - maxAgeDays * 86_400_000;
    let excess = (await index.count()) - maxRuns;
    let deleted = 0;
    for (let cursor = await index.openKeyCursor(); cursor; cursor = await cursor.continue()) {
      const tooOld = cursor.key < oldest;
      if (!tooOld && excess <= 0) break;
      if (cursor.primaryKey === keep) continue;
      await Promise.all([
        tx.objectStore('runs').delete(cursor.primaryKey),
        tx.objectStore('summaries').delete(cursor.primaryKey),
      ]);
      excess -= 1;
      deleted += 1;
    }
    if (deleted) await refreshRecent(tx);
    await tx.done;
  }

  /** Newest first; `limit` of them, after the run `before` when given (paging thousands of runs). */
  async summaries(limit = Number.POSITIVE_INFINITY, before?: HistoryCursor): Promise<RunSummary[]> {
    const db = await this.connection();
    return newestSummaries(db.transaction('summaries').store.index('by-started'), limit, before);
  }

  /**
   * The history view's first screen in one read: the newest RECENT_RUNS summaries and the
   * number of runs (the `recent` index, kept in every transaction that adds or deletes runs).
   */
  async recent(): Promise<RecentIndex | undefined> {
    return (await this.connection()).get('meta', 'recent');
  }

  async get(id: string): Promise<RunRecord | undefined> {
    return (await this.connection()).get('runs', id);
  }

  async count(): Promise<number> {
    return (await this.connection()).count('runs');
  }

  async clear(): Promise<void> {
    const db = await this.connection();
    const tx = db.transaction(['runs', 'summaries', 'meta'], 'readwrite');
    await Promise.all([
      tx.objectStore('runs').clear(),
      tx.objectStore('summaries').clear(),
      tx.objectStore('meta').put({ total: 0, newest: [] }, 'recent'),
      tx.done,
    ]);
  }

  /** Keeps a run stored before the history existed (the popup's last run). */
  async importIfMissing(run: RunRecord | undefined, retention: Retention, now: number): Promise<void> {
    if (!run?.finishedAt) return;
    if (await (await this.connection()).getKey('runs', run.id)) return;
    await this.save(run, retention, now);
  }
}

let shared: History | undefined;

/** This context's history (one connection per page or background): the gateway's factory. */
export function historyStore(): HistoryStore {
  shared ??= new History();
  return shared;
}
