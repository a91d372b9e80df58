import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ReportingConfig } from '../reporting/config';
import { REDACTED, redactText } from '../report/redact';
import {
  byResource,
  droppedPoint,
  logsRequest,
  metricsRequest,
  nanos,
  type LogRecord,
  type MetricPoint,
  type ResourceFacts,
} from '../reporting/otlp';

/**
 * The outbox: every run to report is stored here first (IndexedDB `readiness-outbox`, apart
 * from the history) and removed only after the collector answered 2xx, logs then metrics.
 * Sent in batches; network errors, timeouts, 408, 429 and 5xx are retried with exponential
 * backoff and jitter (429/503 `Retry-After` respected), the schedule kept in the database so it
 * survives browser restarts. A batch refused for its content (400, 413, 422) is halved and the
 * halves sent at once: a single run still refused is set aside (kept, marked with the answer,
 * not sent again until the settings change) and the others go on. Any other status (401, 403,
 * 404…: every batch would fail) stops sending until the settings change or a slow retry hours
 * later, and says why. Bounded by count and age (oldest dropped first); the number dropped goes
 * in the next batch. Keyed by run id: a run is queued once and delivered once.
 */
export const OUTBOX_DB = 'readiness-outbox';
export const OUTBOX_VERSION = 2;

export interface QueuedRun {
  runId: string;
  queuedAt: number;
  facts: ResourceFacts;
  log: LogRecord;
  metrics: MetricPoint[];
  /** Size of this run's log record in JSON, for batching. */
  bytes: number;
  /** The logs request carrying this run got a 2xx (only the metrics are left). */
  logsSent?: boolean;
  /**
   * Refused alone (400, 413, 422): set aside, not sent again while the settings keep this
   * fingerprint, until the slow retry (`BACKOFF.stoppedMs` after the refusal).
   */
  refused?: Refusal;
  /**
   * The body it was built with: a `full` run carries what Firefox's `browsingActivity` consent
   * covers, whatever the settings say when it is sent (unknown, from before: treated as `full`).
   */
  include?: ReportingConfig['include'];
}

/** A collector's refusal: when, its status, why (its own words, bounded) and the settings it answered. */
export interface Refusal {
  at: number;
  status: number;
  reason: string;
  fingerprint: string;
}

export interface OutboxState {
  /** Failed attempts in a row (the backoff's exponent). */
  attempts: number;
  /** Not before this time (ms since epoch); 0 = now. */
  nextAttemptAt: number;
  lastSuccessAt?: number;
  lastError?: { at: number; status?: number; reason: string };
  /**
   * Refused for the endpoint or the credentials (401, 403, 404…): sending stopped for these
   * settings (fingerprint of endpoint and headers) until they change, or until `retryAt`.
   */
  stopped?: Refusal & { retryAt?: number };
  /** Runs dropped (bounds) not yet reported in a delivered logs / metrics request. */
  droppedForLogs: number;
  droppedForMetrics: number;
  droppedSince?: number;
  /** Runs delivered since the outbox was made. */
  delivered: number;
}

interface OutboxSchema extends DBSchema {
  /** `by-refused`: the runs set aside, by the fingerprint of the settings that refused them. */
  runs: { key: string; value: QueuedRun; indexes: { 'by-queued': number; 'by-refused': string } };
  /** Run ids delivered lately: a run queued twice is still delivered once. */
  sent: { key: string; value: { runId: string; at: number }; indexes: { 'by-at': number } };
  state: { key: string; value: OutboxState };
}

const STATE_KEY = 'state';
export const BATCH_RUNS = 100;
export const BATCH_BYTES = 3_000_000;
export const BACKOFF = {
  baseMs: 5_000,
  maxMs: 3_600_000,
  retryAfterMaxMs: 6 * 3_600_000,
  /** Once stopped, tried again between half and all of this (a token fixed at the collector side). */
  stoppedMs: 6 * 3_600_000,
};
const SENT_KEPT = 5_000;

export const initialState = (): OutboxState => ({
  attempts: 0,
  nextAttemptAt: 0,
  droppedForLogs: 0,
  droppedForMetrics: 0,
  delivered: 0,
});

/** The collector's answer: a status, its Retry-After header and its message; a thrown error is no answer. */
export interface Answer {
  status: number;
  retryAfter?: string | null;
  /** Why it refused, in its own words (OTLP `Status.message`), bounded. */
  message?: string;
}
export type Sender = (url: string, body: string, headers: Record<string, string>) => Promise<Answer>;

/** "Equal jitter": between half and all of `full`. */
const jittered = (full: number, random: number) => Math.round(full / 2 + (random * full) / 2);

/** Exponential backoff with equal jitter: between half and all of base × 2^(attempts-1), capped. */
export function backoffMs(attempts: number, random: number): number {
  return jittered(Math.min(BACKOFF.maxMs, BACKOFF.baseMs * 2 ** Math.max(0, attempts - 1)), random);
}

/** Once stopped: the slow retry, 3 to 6 hours later (a fleet does not come back at once). */
export const stoppedRetryMs = (random: number) => jittered(BACKOFF.stoppedMs, random);

/** Retry-After as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(BACKOFF.retryAfterMaxMs, Math.max(0, ms));
}

/** Retried: no answer, 408, 429 and 5xx. */
export const retryable = (status: number | undefined) =>
  status === undefined || status === 408 || status === 429 || status >= 500;

/**
 * Refused for what the batch carries (malformed, too large, unprocessable): halved until the
 * run that is refused alone is found. Any other refusal (401, 403, 404, 405, 415, 3xx…) is about
 * the endpoint or the credentials: every batch would fail the same, so sending stops.
 */
export const splittable = (status: number | undefined) => status === 400 || status === 413 || status === 422;

/** Endpoint and headers, hashed: whether the settings changed since sending stopped (the token itself is never kept). */
export async function fingerprint(config: Pick<ReportingConfig, 'endpoint' | 'headers'>): Promise<string> {
  const text = JSON.stringify([config.endpoint, Object.entries(config.headers).sort()]);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest).slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export interface FlushResult {
  /** Runs delivered by this flush. */
  delivered: number;
  /** Runs refused alone by this flush, set aside. */
  setAside?: number;
  /** When to try again (ms since epoch): runs are left, or sending stopped (the slow retry). */
  retryAt?: number;
  stopped?: boolean;
}

/** Runs in the outbox: waiting to be sent, and set aside (refused alone) by status and reason. */
export interface OutboxCounts {
  waiting: number;
  setAside: { status: number; reason: string; count: number }[];
}

type Failure = { status?: number; retryAfter?: string | null; reason: string };

export interface OutboxDeps {
  now(): number;
  random(): number;
  send: Sender;
  installationId(): Promise<string>;
}

export class Outbox {
  private db?: Promise<IDBPDatabase<OutboxSchema>>;
  private flushing?: Promise<FlushResult>;

  constructor(
    private readonly deps: OutboxDeps,
    private readonly name = OUTBOX_DB,
  ) {}

  private open(): Promise<IDBPDatabase<OutboxSchema>> {
    this.db ??= openDB<OutboxSchema>(this.name, OUTBOX_VERSION, {
      upgrade(db, oldVersion, _newVersion, tx) {
        if (oldVersion < 1) {
          db.createObjectStore('runs', { keyPath: 'runId' }).createIndex('by-queued', 'queuedAt');
          db.createObjectStore('sent', { keyPath: 'runId' }).createIndex('by-at', 'at');
          db.createObjectStore('state');
        }
        if (oldVersion < 2) tx.objectStore('runs').createIndex('by-refused', 'refused.fingerprint');
      },
      terminated: () => {
        this.db = undefined;
      },
    }).catch((error: unknown) => {
      this.db = undefined;
      throw error;
    });
    return this.db;
  }

  async state(): Promise<OutboxState> {
    return (await (await this.open()).get('state', STATE_KEY)) ?? initialState();
  }

  async queued(): Promise<number> {
    return (await this.open()).count('runs');
  }

  /**
   * What waits, and what was set aside under these settings (a run set aside under others waits
   * again). Reads only the runs set aside (an index), never the whole queue.
   */
  async counts(config: Pick<ReportingConfig, 'endpoint' | 'headers'>): Promise<OutboxCounts> {
    const print = await fingerprint(config);
    const db = await this.open();
    const [total, refused] = await Promise.all([db.count('runs'), db.getAllFromIndex('runs', 'by-refused', print)]);
    const setAside: OutboxCounts['setAside'] = [];
    for (const { status, reason } of refused.map((run) => run.refused!)) {
      const group = setAside.find((g) => g.status === status && g.reason === reason);
      if (group) group.count++;
      else setAside.push({ status, reason, count: 1 });
    }
    return { waiting: total - refused.length, setAside };
  }

  /** Queues a run once (a run already queued or delivered is left as it is); applies the bounds. */
  async enqueue(entry: Omit<QueuedRun, 'bytes'>, config: ReportingConfig): Promise<boolean> {
    const db = await this.open();
    const tx = db.transaction(['runs', 'sent'], 'readwrite');
    const known =
      (await tx.objectStore('runs').getKey(entry.runId)) ?? (await tx.objectStore('sent').getKey(entry.runId));
    if (known === undefined) await tx.objectStore('runs').put({ ...entry, bytes: JSON.stringify(entry.log).length });
    await tx.done;
    await this.applyBounds(config);
    return known === undefined;
  }

  /** Drops runs older than maxQueuedDays, then the oldest beyond maxQueuedRuns; counts them. */
  async applyBounds(config: Pick<ReportingConfig, 'maxQueuedRuns' | 'maxQueuedDays'>): Promise<number> {
    const db = await this.open();
    const tx = db.transaction(['runs', 'state'], 'readwrite');
    const runs = tx.objectStore('runs');
    const oldest = this.deps.now() - config.maxQueuedDays * 86_400_000;
    let total = await runs.count();
    let dropped = 0;
    for (let cursor = await runs.index('by-queued').openCursor(); cursor; cursor = await cursor.continue()) {
      if (cursor.value.queuedAt >= oldest && total <= config.maxQueuedRuns) break;
      await cursor.delete();
      total--;
      dropped++;
    }
    if (dropped > 0) {
      const state = (await tx.objectStore('state').get(STATE_KEY)) ?? initialState();
      state.droppedForLogs += dropped;
      state.droppedForMetrics += dropped;
      state.droppedSince ??= this.deps.now();
      await tx.objectStore('state').put(state, STATE_KEY);
    }
    await tx.done;
    return dropped;
  }

  private async putState(change: (state: OutboxState) => void): Promise<OutboxState> {
    const db = await this.open();
    const tx = db.transaction('state', 'readwrite');
    const state = (await tx.store.get(STATE_KEY)) ?? initialState();
    change(state);
    await tx.store.put(state, STATE_KEY);
    await tx.done;
    return state;
  }

  /**
   * Sends what is due, batch after batch; one flush at a time (a call during one runs after it).
   * `carriesFull` false: runs built with the `full` body wait (their data consent is missing).
   */
  flush(config: ReportingConfig, force = false, carriesFull = true): Promise<FlushResult> {
    const run = () => this.flushNow(config, force, carriesFull);
    const next = (this.flushing ?? Promise.resolve()).then(run, run);
    this.flushing = next;
    return next;
  }

  private async flushNow(config: ReportingConfig, force: boolean, carriesFull: boolean): Promise<FlushResult> {
    const print = await fingerprint(config);
    let state = await this.state();
    if (state.stopped) {
      const retryAt = state.stopped.retryAt ?? state.stopped.at + BACKOFF.stoppedMs;
      const now = this.deps.now();
      // A retry further away than the slow retry itself was planned by a clock set ahead since corrected: due.
      if (state.stopped.fingerprint === print && now < retryAt && retryAt - now <= BACKOFF.stoppedMs)
        return { delivered: 0, stopped: true, retryAt };
      // The admin changed the endpoint or the token, or the slow retry is due: try again at once.
      state = await this.putState((s) => {
        delete s.stopped;
        s.attempts = 0;
        s.nextAttemptAt = 0;
      });
    }
    await this.applyBounds(config);
    const now = this.deps.now();
    // Likewise a wait longer than any backoff or Retry-After (the clock went back): due now.
    const waiting = state.nextAttemptAt > now && state.nextAttemptAt - now <= BACKOFF.retryAfterMaxMs;
    if (!force && waiting) return { delivered: 0, retryAt: state.nextAttemptAt };
    const installationId = await this.deps.installationId();
    const db = await this.open();
    let delivered = 0;
    let setAside = 0;
    const counted = () => ({ delivered, ...(setAside > 0 && { setAside }) });
    for (;;) {
      const batch = await this.nextBatch(db, print, carriesFull);
      if (batch.length === 0) break;
      const outcome = await this.deliver(db, batch, config, installationId, print);
      delivered += outcome.delivered;
      setAside += outcome.setAside;
      let failure = outcome.failure;
      if (!failure && outcome.refusal && batch.length > 1 && outcome.setAside === batch.length) {
        // Every run of the batch refused alone: the collector (or a proxy before it) refuses
        // everything, not these runs. They wait again, and sending stops (the slow retry).
        await this.keepWaiting(db, batch);
        setAside -= batch.length;
        failure = outcome.refusal;
      }
      if (failure) {
        const at = this.deps.now();
        const error = { at, ...(failure.status !== undefined && { status: failure.status }), reason: failure.reason };
        if (!retryable(failure.status)) {
          const retryAt = at + stoppedRetryMs(this.deps.random());
          await this.putState((s) => {
            s.lastError = error;
            s.stopped = { at, status: failure.status!, reason: failure.reason, fingerprint: print, retryAt };
          });
          return { ...counted(), stopped: true, retryAt };
        }
        const next = await this.putState((s) => {
          s.attempts += 1;
          const wait = retryAfterMs(failure.retryAfter, at) ?? backoffMs(s.attempts, this.deps.random());
          s.nextAttemptAt = at + wait;
          s.lastError = error;
        });
        return { ...counted(), retryAt: next.nextAttemptAt };
      }
    }
    // Everything due was sent (the time of the last success is recorded by each delivered batch).
    await this.putState((s) => {
      s.attempts = 0;
      s.nextAttemptAt = 0;
    });
    return counted();
  }

  /**
   * Sends a batch; refused for its content (400, 413, 422), sends each half at once, down to
   * the single run that is refused alone, which is set aside. At most 2n − 1 requests for n runs.
   * Stops at the first other failure (retried or stopped by the caller).
   */
  private async deliver(
    db: IDBPDatabase<OutboxSchema>,
    batch: QueuedRun[],
    config: ReportingConfig,
    installationId: string,
    print: string,
  ): Promise<{ delivered: number; setAside: number; failure?: Failure; refusal?: Failure }> {
    const failure = await this.sendBatch(db, batch, await this.state(), config, installationId);
    if (!failure) return { delivered: batch.length, setAside: 0 };
    if (!splittable(failure.status)) return { delivered: 0, setAside: 0, failure };
    if (batch.length === 1) {
      const refused: Refusal = {
        at: this.deps.now(),
        status: failure.status!,
        reason: failure.reason,
        fingerprint: print,
      };
      const tx = db.transaction(['runs', 'state'], 'readwrite');
      // Dropped meanwhile by the bounds (counted as dropped): not brought back.
      if ((await tx.objectStore('runs').getKey(batch[0]!.runId)) !== undefined)
        await tx.objectStore('runs').put({ ...batch[0]!, refused });
      const s = (await tx.objectStore('state').get(STATE_KEY)) ?? initialState();
      s.lastError = { at: refused.at, status: refused.status, reason: refused.reason };
      await tx.objectStore('state').put(s, STATE_KEY);
      await tx.done;
      return { delivered: 0, setAside: 1, refusal: failure };
    }
    const half = Math.ceil(batch.length / 2);
    const first = await this.deliver(db, batch.slice(0, half), config, installationId, print);
    if (first.failure) return first;
    const second = await this.deliver(db, batch.slice(half), config, installationId, print);
    return {
      ...second,
      delivered: first.delivered + second.delivered,
      setAside: first.setAside + second.setAside,
      ...((second.refusal ?? first.refusal) && { refusal: second.refusal ?? first.refusal }),
    };
  }

  /** Takes these runs out of the set-aside (those the bounds did not drop meanwhile). */
  private async keepWaiting(db: IDBPDatabase<OutboxSchema>, batch: QueuedRun[]): Promise<void> {
    const tx = db.transaction('runs', 'readwrite');
    for (const run of batch) {
      const stored = await tx.store.get(run.runId);
      if (!stored) continue;
      delete stored.refused;
      await tx.store.put(stored);
    }
    await tx.done;
  }

  /**
   * The oldest runs not set aside under these settings (or whose slow retry is due), and not
   * waiting for the `full` consent, at most BATCH_RUNS and BATCH_BYTES (at least one).
   */
  private async nextBatch(db: IDBPDatabase<OutboxSchema>, print: string, carriesFull: boolean): Promise<QueuedRun[]> {
    const batch: QueuedRun[] = [];
    let bytes = 0;
    const now = this.deps.now();
    const tx = db.transaction('runs');
    for (let cursor = await tx.store.index('by-queued').openCursor(); cursor; cursor = await cursor.continue()) {
      const { refused, include } = cursor.value;
      if (refused?.fingerprint === print && now < refused.at + BACKOFF.stoppedMs) continue;
      if (!carriesFull && (include ?? 'full') === 'full') continue;
      if (batch.length >= BATCH_RUNS || (batch.length > 0 && bytes + cursor.value.bytes > BATCH_BYTES)) break;
      batch.push(cursor.value);
      bytes += cursor.value.bytes;
    }
    await tx.done;
    return batch;
  }

  /** Logs (of the runs not yet sent), then metrics; each 2xx is recorded before the next request. */
  private async sendBatch(
    db: IDBPDatabase<OutboxSchema>,
    batch: QueuedRun[],
    state: OutboxState,
    config: ReportingConfig,
    installationId: string,
  ): Promise<Failure | undefined> {
    const unsent = batch.filter((run) => !run.logsSent);
    if (unsent.length > 0) {
      const droppedLogs = state.droppedForLogs;
      const groups = byResource(unsent, (run) => run.facts).map((g) => ({
        facts: g.facts,
        items: g.items.map((run) => run.log),
      }));
      if (droppedLogs > 0) groups[0]!.items.push(droppedRecord(droppedLogs, this.deps.now()));
      const failure = await this.post(`${config.endpoint}/v1/logs`, logsRequest(groups, installationId), config);
      if (failure) return failure;
      const tx = db.transaction(['runs', 'state'], 'readwrite');
      for (const run of unsent) {
        // In this batch too: a half sent after a refused metrics request does not send the logs again.
        run.logsSent = true;
        await tx.objectStore('runs').put(run);
      }
      const s = (await tx.objectStore('state').get(STATE_KEY)) ?? initialState();
      s.droppedForLogs = Math.max(0, s.droppedForLogs - droppedLogs);
      s.lastSuccessAt = this.deps.now();
      await tx.objectStore('state').put(s, STATE_KEY);
      await tx.done;
    }
    const current = await this.state();
    const droppedMetrics = current.droppedForMetrics;
    const groups = byResource(batch, (run) => run.facts).map((g) => ({
      facts: g.facts,
      items: g.items.flatMap((run) => run.metrics),
    }));
    if (droppedMetrics > 0)
      groups[0]!.items.push(droppedPoint(droppedMetrics, current.droppedSince ?? this.deps.now(), this.deps.now()));
    const failure = await this.post(`${config.endpoint}/v1/metrics`, metricsRequest(groups, installationId), config);
    if (failure) return failure;
    const at = this.deps.now();
    const tx = db.transaction(['runs', 'sent', 'state'], 'readwrite');
    for (const run of batch) {
      await tx.objectStore('runs').delete(run.runId);
      await tx.objectStore('sent').put({ runId: run.runId, at });
    }
    const s = (await tx.objectStore('state').get(STATE_KEY)) ?? initialState();
    s.droppedForMetrics = Math.max(0, s.droppedForMetrics - droppedMetrics);
    if (s.droppedForMetrics === 0 && s.droppedForLogs === 0) delete s.droppedSince;
    s.delivered += batch.length;
    s.lastSuccessAt = at;
    await tx.objectStore('state').put(s, STATE_KEY);
    // The delivered ids kept are bounded: the oldest go.
    let extra = (await tx.objectStore('sent').count()) - SENT_KEPT;
    for (let c = await tx.objectStore('sent').index('by-at').openCursor(); c && extra > 0; c = await c.continue()) {
      await c.delete();
      extra--;
    }
    await tx.done;
    return undefined;
  }

  private async post(url: string, request: unknown, config: ReportingConfig): Promise<Failure | undefined> {
    let answer: Answer;
    try {
      answer = await this.deps.send(url, JSON.stringify(request), {
        ...config.headers,
        'Content-Type': 'application/json',
      });
    } catch (error) {
      // The browser's own words ("Failed to fetch", "NetworkError…").
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return { reason: withoutSecrets(reason, config.headers).slice(0, 200) };
    }
    if (answer.status >= 200 && answer.status < 300) return undefined;
    const reason = answer.message ? `HTTP ${answer.status}: ${answer.message}` : `HTTP ${answer.status}`;
    return {
      status: answer.status,
      retryAfter: answer.retryAfter,
      reason: withoutSecrets(reason, config.headers).slice(0, 200),
    };
  }

  /** Forgets everything (tests, and "clear history" if ever wanted). */
  async clear(): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(['runs', 'sent', 'state'], 'readwrite');
    await Promise.all([
      tx.objectStore('runs').clear(),
      tx.objectStore('sent').clear(),
      tx.objectStore('state').clear(),
    ]);
    await tx.done;
  }

  close(): void {
    void this.db?.then((db) => db.close());
    this.db = undefined;
  }
}

/**
 * A reason as stored and shown: a collector may echo the token it refused ("invalid api key
 * 'k-9f2…'"), so every header value (and its part after a scheme such as `Bearer `) is
 * replaced before anything is kept, then the usual secret patterns.
 */
export function withoutSecrets(text: string, headers: Record<string, string>): string {
  const secrets = Object.values(headers)
    .flatMap((value) => [value.trim(), /^\S+\s+(\S.*)$/.exec(value.trim())?.[1] ?? ''])
    .filter((secret) => secret.length >= 4)
    .sort((a, b) => b.length - a.length);
  return redactText(secrets.reduce((out, secret) => out.split(secret).join(REDACTED), text));
}

/** The log record saying how many runs were dropped from the outbox before they could be sent. */
function droppedRecord(dropped: number, now: number): LogRecord {
  return {
    timeUnixNano: nanos(now),
    observedTimeUnixNano: nanos(now),
    severityNumber: 13,
    severityText: 'WARN',
    body: { stringValue: `${dropped} run(s) dropped from the outbox before they could be sent` },
    attributes: [{ key: 'readiness.outbox.dropped', value: { intValue: String(dropped) } }],
  };
}
