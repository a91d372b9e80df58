import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { RunRecord } from '../run/types';
import { summarise, type RunSummary } from './summary';

export const DB_NAME = 'readiness-history';
/**
 * Version history of the database (each upgrade keeps every stored run):
 * 1. `runs` (keyPath id).
 * 2. `by-started` index on runs; `summaries` store (built from every existing run) so the
 *    history view loads thousands of runs without their evidence.
 */
export const DB_VERSION = 2;

export interface HistorySchema extends DBSchema {
  runs: { key: string; value: RunRecord; indexes: { 'by-started': number } };
  summaries: { key: string; value: RunSummary; indexes: { 'by-started': number } };
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

export interface Retention {
  maxRuns: number;
  maxAgeDays: number;
}

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
export class History {
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
    const tx = db.transaction(['runs', 'summaries'], 'readwrite');
    await Promise.all([tx.objectStore('runs').put(run), tx.objectStore('summaries').put(summarise(run)), tx.done]);
  }

  private async prune(db: IDBPDatabase<HistorySchema>, { maxRuns, maxAgeDays }: Retention, now: number, keep: string) {
    const tx = db.transaction(['runs', 'summaries'], 'readwrite');
    const index = tx.objectStore('summaries').index('by-started');
    const total = await index.count();
    const oldest = now - maxAgeDays * 86_400_000;
    let excess = total - maxRuns;
    for (let cursor = await index.openKeyCursor(); cursor; cursor = await cursor.continue()) {
      const tooOld = cursor.key < oldest;
      if (!tooOld && excess <= 0) break;
      if (cursor.primaryKey === keep) continue;
      await Promise.all([
        tx.objectStore('runs').delete(cursor.primaryKey),
        tx.objectStore('summaries').delete(cursor.primaryKey),
      ]);
      excess -= 1;
    }
    await tx.done;
  }

  /** Newest first; `limit` of them, started before `before` when given (paging thousands of runs). */
  async summaries(limit = Number.POSITIVE_INFINITY, before?: number): Promise<RunSummary[]> {
    const db = await this.connection();
    const range = before === undefined ? undefined : IDBKeyRange.upperBound(before, true);
    const out: RunSummary[] = [];
    let cursor = await db.transaction('summaries').store.index('by-started').openCursor(range, 'prev');
    while (cursor && out.length < limit) {
      out.push(cursor.value);
      cursor = await cursor.continue();
    }
    return out;
  }

  async get(id: string): Promise<RunRecord | undefined> {
    return (await this.connection()).get('runs', id);
  }

  async count(): Promise<number> {
    return (await this.connection()).count('runs');
  }

  async clear(): Promise<void> {
    const db = await this.connection();
    const tx = db.transaction(['runs', 'summaries'], 'readwrite');
    await Promise.all([tx.objectStore('runs').clear(), tx.objectStore('summaries').clear(), tx.done]);
  }

  /** Keeps a run stored before the history existed (the popup's last run). */
  async importIfMissing(run: RunRecord | undefined, retention: Retention, now: number): Promise<void> {
    if (!run?.finishedAt) return;
    if (await (await this.connection()).getKey('runs', run.id)) return;
    await this.save(run, retention, now);
  }
}
