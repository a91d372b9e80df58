import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { REPORTING_DEFAULTS, type ReportingConfig } from '../../../utils/reporting/config';
import { logRecord, metricPoints, resourceFacts } from '../../../utils/reporting/otlp';
import {
  BACKOFF,
  BATCH_RUNS,
  backoffMs,
  stoppedRetryMs,
  Outbox,
  retryAfterMs,
  type Answer,
  type QueuedRun,
} from '../../../utils/platform/outbox';
import { attribute, decodeOtlpJson, LOGS_REQUEST, METRICS_REQUEST } from '../../otlp-proto';
import { makeRun } from '../runs';

const TOKEN = 'OUTBOXTOKEN4q';
const T0 = Date.UTC(2026, 10, 29, 8, 0, 0);
const DAY = 86_400_000;
const config = (change: Partial<ReportingConfig> = {}): ReportingConfig => ({
  endpoint: 'https://collector.example:4318',
  headers: { Authorization: `Bearer ${TOKEN}` },
  include: 'summary',
  maxQueuedRuns: REPORTING_DEFAULTS.maxQueuedRuns,
  maxQueuedDays: REPORTING_DEFAULTS.maxQueuedDays,
  ...change,
});

let counter = 0;

/** An outbox on a fresh database, a clock the test moves and a collector the test scripts. */
function setup(name = `outbox-test-${++counter}`) {
  const clock = { now: T0 };
  const requests: { url: string; headers: Record<string, string>; body: Record<string, unknown>; status: number }[] =
    [];
  let answer: (url: string, body: string) => Answer | Error = () => ({ status: 200 });
  const make = () =>
    new Outbox(
      {
        now: () => clock.now,
        random: () => 0.5,
        installationId: async () => 'install-1',
        send: async (url, body, headers) => {
          // Every request must be exactly valid OTLP JSON for the official protos.
          const decoded = decodeOtlpJson(url.endsWith('/v1/logs') ? LOGS_REQUEST : METRICS_REQUEST, body);
          const result = answer(url, body);
          if (result instanceof Error) throw result;
          requests.push({ url, headers, body: decoded, status: result.status });
          return result;
        },
      },
      name,
    );
  return {
    clock,
    requests,
    outbox: make(),
    /** A new Outbox on the same database: a new background after a browser restart. */
    restart: make,
    answer: (next: typeof answer) => (answer = next),
    name,
  };
}

const entry = (id: string, queuedAt = T0): Omit<QueuedRun, 'bytes'> => {
  const run = makeRun(id, queuedAt - 1000);
  return {
    runId: id,
    queuedAt,
    facts: resourceFacts(run),
    log: logRecord(run, run.overall),
    metrics: metricPoints(run),
  };
};

/** Run ids in the logs requests the collector took (2xx), in order. */
const runIds = (requests: { url: string; body: Record<string, unknown>; status: number }[]) =>
  requests
    .filter((r) => r.url.endsWith('/v1/logs') && r.status < 300)
    .flatMap((r) =>
      (r.body.resourceLogs as { scopeLogs: { logRecords: { attributes: never[] }[] }[] }[]).flatMap((rl) =>
        rl.scopeLogs.flatMap((sl) => sl.logRecords.map((lr) => attribute(lr.attributes, 'readiness.run.id'))),
      ),
    )
    .filter(Boolean);

describe('outbox', () => {
  it('sends queued runs in batches, logs then metrics, with the headers, and removes them only after 2xx', async () => {
    const { outbox, requests } = setup();
    for (let i = 0; i < 250; i++) await outbox.enqueue(entry(`run-${i}`, T0 + i), config({ maxQueuedRuns: 1000 }));
    // Each enqueue does not send by itself: the reporter flushes.
    expect(requests).toEqual([]);
    const result = await outbox.flush(config());
    expect(result).toEqual({ delivered: 250 });
    expect(requests.map((r) => r.url.slice(-8))).toEqual([
      '/v1/logs',
      '/metrics',
      '/v1/logs',
      '/metrics',
      '/v1/logs',
      '/metrics',
    ]);
    expect(requests[0]!.headers).toMatchObject({
      Authorization: `Bearer ${TOKEN}`,
      'Content-Type': 'application/json',
    });
    expect(runIds(requests.slice(0, 1))).toHaveLength(BATCH_RUNS);
    expect(runIds(requests)).toEqual(Array.from({ length: 250 }, (_, i) => `run-${i}`));
    expect(await outbox.queued()).toBe(0);
    expect(await outbox.state()).toMatchObject({ delivered: 250, lastSuccessAt: T0, attempts: 0 });
  });

  it('records no success when there was nothing to send', async () => {
    const { outbox, requests } = setup();
    expect(await outbox.flush(config())).toEqual({ delivered: 0 });
    expect(requests).toEqual([]);
    expect((await outbox.state()).lastSuccessAt).toBeUndefined();
  });

  it('queues a run once and never again once delivered (exactly once by run id)', async () => {
    const { outbox, requests } = setup();
    expect(await outbox.enqueue(entry('a'), config())).toBe(true);
    expect(await outbox.enqueue(entry('a'), config())).toBe(false);
    await outbox.flush(config());
    expect(await outbox.enqueue(entry('a'), config())).toBe(false);
    await outbox.flush(config());
    expect(runIds(requests)).toEqual(['a']);
  });

  it('retries a network error with exponential backoff and jitter, and not before it is due', async () => {
    const { outbox, requests, clock, answer } = setup();
    answer(() => new TypeError('Failed to fetch'));
    await outbox.enqueue(entry('a'), config());
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      const result = await outbox.flush(config());
      waits.push(result.retryAt! - clock.now);
      // Not due yet: nothing is sent.
      clock.now = result.retryAt! - 1;
      expect(await outbox.flush(config())).toEqual({ delivered: 0, retryAt: result.retryAt });
      clock.now = result.retryAt!;
    }
    // random() = 0.5: three quarters of base × 2^(n-1).
    expect(waits).toEqual([1, 2, 4, 8].map((f) => 0.75 * BACKOFF.baseMs * f));
    const state = await outbox.state();
    expect(state.lastError).toMatchObject({ reason: 'TypeError: Failed to fetch' });
    expect(state.lastError).not.toHaveProperty('status');
    answer(() => ({ status: 200 }));
    expect(await outbox.flush(config())).toEqual({ delivered: 1 });
    expect(runIds(requests)).toEqual(['a']);
    expect((await outbox.state()).attempts).toBe(0);
  });

  it.each([408, 500, 502, 503, 504])('retries HTTP %i', async (status) => {
    const { outbox, answer } = setup();
    answer(() => ({ status }));
    await outbox.enqueue(entry('a'), config());
    const result = await outbox.flush(config());
    expect(result.retryAt).toBe(T0 + 0.75 * BACKOFF.baseMs);
    expect(await outbox.queued()).toBe(1);
    expect((await outbox.state()).lastError).toEqual({ at: T0, status, reason: `HTTP ${status}` });
  });

  it('respects 429 Retry-After, in seconds or as a date', async () => {
    const { outbox, answer, clock } = setup();
    answer(() => ({ status: 429, retryAfter: '120' }));
    await outbox.enqueue(entry('a'), config());
    expect((await outbox.flush(config())).retryAt).toBe(T0 + 120_000);
    clock.now = T0 + 120_000;
    answer(() => ({ status: 429, retryAfter: new Date(T0 + 600_000).toUTCString() }));
    expect((await outbox.flush(config())).retryAt).toBe(T0 + 600_000);
    expect(retryAfterMs('soon', T0)).toBeUndefined();
    expect(retryAfterMs('999999', T0)).toBe(BACKOFF.retryAfterMaxMs);
  });

  it('stops on 401, says why, and resumes when the settings change', async () => {
    const { outbox, answer, requests, clock } = setup();
    answer(() => ({ status: 401 }));
    await outbox.enqueue(entry('a'), config());
    const retryAt = T0 + stoppedRetryMs(0.5);
    expect(await outbox.flush(config())).toEqual({ delivered: 0, stopped: true, retryAt });
    expect((await outbox.state()).stopped).toMatchObject({ status: 401, reason: 'HTTP 401', retryAt });
    clock.now = retryAt - 1;
    answer(() => ({ status: 200 }));
    // Same token: still stopped, nothing more sent (only the refused request), the run kept.
    expect(await outbox.flush(config(), true)).toEqual({ delivered: 0, stopped: true, retryAt });
    expect(requests).toHaveLength(1);
    expect(await outbox.queued()).toBe(1);
    // The admin sets a new token: sent at once.
    expect(await outbox.flush(config({ headers: { Authorization: 'Bearer NEW' } }))).toEqual({ delivered: 1 });
    expect((await outbox.state()).stopped).toBeUndefined();
  });

  it.each([401, 403, 404, 405, 415])(
    'stops the whole outbox on HTTP %i (every batch would fail): one request, no split',
    async (status) => {
      const { outbox, answer, requests } = setup();
      answer(() => ({ status }));
      for (const id of ['a', 'b', 'c', 'd']) await outbox.enqueue(entry(id), config());
      expect(await outbox.flush(config())).toMatchObject({ delivered: 0, stopped: true });
      expect(requests).toHaveLength(1);
      expect(await outbox.counts(config())).toEqual({ waiting: 4, setAside: [] });
    },
  );

  it('tries a stopped outbox again by itself 3 to 6 hours later (a token fixed at the collector), and stops again if still refused', async () => {
    const { outbox, answer, requests, clock } = setup();
    expect(stoppedRetryMs(0)).toBe(3 * 3_600_000);
    expect(stoppedRetryMs(1)).toBe(6 * 3_600_000);
    answer(() => ({ status: 403 }));
    await outbox.enqueue(entry('a'), config());
    const first = await outbox.flush(config());
    clock.now = first.retryAt!;
    const second = await outbox.flush(config());
    expect(second).toEqual({ delivered: 0, stopped: true, retryAt: clock.now + stoppedRetryMs(0.5) });
    expect(requests).toHaveLength(2);
    clock.now = second.retryAt!;
    answer(() => ({ status: 200 }));
    expect(await outbox.flush(config())).toEqual({ delivered: 1 });
    expect((await outbox.state()).stopped).toBeUndefined();
    expect(runIds(requests)).toEqual(['a']);
  });

  it('halves a batch refused as too large (413) until the collector takes it: every run delivered exactly once', async () => {
    const { outbox, answer, requests } = setup();
    const ids = Array.from({ length: 10 }, (_, i) => `run-${i}`);
    for (const [i, id] of ids.entries()) await outbox.enqueue(entry(id, T0 + i), config());
    // The collector takes at most two runs' logs per request (by size).
    const one = JSON.stringify(entry('x').log).length;
    answer((url, body) => (url.endsWith('/v1/logs') && body.length > 2.6 * one ? { status: 413 } : { status: 200 }));
    expect(await outbox.flush(config())).toEqual({ delivered: 10 });
    const logs = requests.filter((r) => r.url.endsWith('/v1/logs'));
    // Received (2xx) requests carry at most two runs each; each run once, in order.
    expect(runIds(requests)).toEqual(ids);
    for (const r of logs) expect(runIds([r]).length).toBeLessThanOrEqual(2);
    expect(logs.filter((r) => r.status === 413).length).toBeGreaterThan(0);
    // Halves of halves: at most 2n − 1 requests for n runs.
    expect(logs.length).toBeLessThanOrEqual(2 * ids.length - 1);
    expect(await outbox.counts(config())).toEqual({ waiting: 0, setAside: [] });
    expect((await outbox.state()).stopped).toBeUndefined();
  });

  it('sets aside the one run the collector refuses alone (400), delivers the others, and sends it again only under new settings', async () => {
    const { outbox, answer, requests, clock } = setup();
    for (const [i, id] of ['a', 'b', 'bad', 'c', 'd'].entries()) await outbox.enqueue(entry(id, T0 + i), config());
    const refuses = (body: string) => body.includes('"bad"');
    answer((_url, body) => (refuses(body) ? { status: 400, message: 'invalid attribute value' } : { status: 200 }));
    expect(await outbox.flush(config())).toEqual({ delivered: 4, setAside: 1 });
    expect(runIds(requests)).toEqual(['a', 'b', 'c', 'd']);
    const attempts = () => requests.length;
    expect(await outbox.counts(config())).toEqual({
      waiting: 0,
      setAside: [{ status: 400, reason: 'HTTP 400: invalid attribute value', count: 1 }],
    });
    expect((await outbox.state()).stopped).toBeUndefined();
    expect((await outbox.state()).lastError).toMatchObject({ status: 400 });
    // Kept, not sent again: a later run goes alone.
    const before = attempts();
    clock.now += 60_000;
    await outbox.enqueue(entry('e', clock.now), config());
    expect(await outbox.flush(config())).toEqual({ delivered: 1 });
    expect(runIds(requests.slice(before))).toEqual(['e']);
    expect(await outbox.queued()).toBe(1);
    // New settings: it waits again and is sent (accepted this time).
    answer(() => ({ status: 200 }));
    const fixed = config({ endpoint: 'https://collector2.example:4318' });
    expect(await outbox.counts(fixed)).toEqual({ waiting: 1, setAside: [] });
    expect(await outbox.flush(fixed)).toEqual({ delivered: 1 });
    expect(runIds(requests).filter((id) => id === 'bad')).toEqual(['bad']);
    expect(await outbox.queued()).toBe(0);
  });

  it.each([413, 422])('sets aside a single run refused alone with HTTP %i', async (status) => {
    const { outbox, answer } = setup();
    answer(() => ({ status }));
    await outbox.enqueue(entry('big'), config());
    expect(await outbox.flush(config())).toEqual({ delivered: 0, setAside: 1 });
    expect(await outbox.flush(config())).toEqual({ delivered: 0 });
    expect(await outbox.counts(config())).toEqual({
      waiting: 0,
      setAside: [{ status, reason: `HTTP ${status}`, count: 1 }],
    });
  });

  it('tries a set-aside run again by itself once the slow retry is due, under the same settings', async () => {
    const { outbox, answer, requests, clock } = setup();
    answer(() => ({ status: 413 }));
    await outbox.enqueue(entry('big'), config());
    expect(await outbox.flush(config())).toEqual({ delivered: 0, setAside: 1 });
    clock.now += BACKOFF.stoppedMs - 1;
    expect(await outbox.flush(config())).toEqual({ delivered: 0 });
    // The collector's limit was raised on its side: the settings did not change.
    answer(() => ({ status: 200 }));
    clock.now += 1;
    expect(await outbox.flush(config())).toEqual({ delivered: 1 });
    expect(runIds(requests)).toEqual(['big']);
  });

  it('stops, instead of setting every run aside, when the collector refuses each run of a batch alone', async () => {
    const { outbox, answer, requests, clock } = setup();
    for (const [i, id] of ['a', 'b', 'c', 'd'].entries()) await outbox.enqueue(entry(id, T0 + i), config());
    // A proxy before the collector answers 400 to everything.
    answer(() => ({ status: 400, message: 'Request Header Or Cookie Too Large' }));
    const result = await outbox.flush(config());
    expect(result).toMatchObject({ delivered: 0, stopped: true });
    expect(result.setAside).toBeUndefined();
    expect(result.retryAt! - clock.now).toBe(stoppedRetryMs(0.5));
    expect(requests).toHaveLength(7);
    expect(await outbox.counts(config())).toEqual({ waiting: 4, setAside: [] });
    expect((await outbox.state()).stopped).toMatchObject({ status: 400 });
    // Fixed: the slow retry delivers all four.
    answer(() => ({ status: 200 }));
    clock.now = result.retryAt!;
    expect(await outbox.flush(config())).toEqual({ delivered: 4 });
  });

  it('keeps runs built with the full body waiting while they may not be carried (Firefox consent), sends the others', async () => {
    const { outbox, requests } = setup();
    await outbox.enqueue({ ...entry('full-1', T0), include: 'full' }, config());
    await outbox.enqueue({ ...entry('old', T0 + 1) }, config());
    await outbox.enqueue({ ...entry('sum-1', T0 + 2), include: 'summary' }, config());
    expect(await outbox.flush(config(), false, false)).toEqual({ delivered: 1 });
    expect(runIds(requests)).toEqual(['sum-1']);
    expect(await outbox.flush(config(), false, true)).toEqual({ delivered: 2 });
    expect(runIds(requests)).toEqual(['sum-1', 'full-1', 'old']);
  });

  it('halves on a refused metrics request without sending the delivered logs again', async () => {
    const { outbox, answer, requests } = setup();
    const MARK = '1111111111111111111';
    for (const [i, id] of ['a', 'b', 'c', 'd'].entries()) {
      const e = entry(id, T0 + i);
      // The collector refuses the metrics of 'c' only (told apart by their time).
      if (id === 'c') e.metrics = e.metrics.map((p) => ({ ...p, timeUnixNano: MARK }));
      await outbox.enqueue(e, config());
    }
    answer((url, body) => (url.endsWith('/v1/metrics') && body.includes(MARK) ? { status: 422 } : { status: 200 }));
    expect(await outbox.flush(config())).toEqual({ delivered: 3, setAside: 1 });
    // The logs went once, all four together; the metrics: abcd refused, ab, cd refused, c refused, d.
    expect(requests.filter((r) => r.url.endsWith('/v1/logs'))).toHaveLength(1);
    expect(runIds(requests)).toEqual(['a', 'b', 'c', 'd']);
    expect(requests.filter((r) => r.url.endsWith('/v1/metrics'))).toHaveLength(5);
    expect(await outbox.counts(config())).toMatchObject({ waiting: 0, setAside: [{ status: 422, count: 1 }] });
    // Under new settings only its metrics are sent again, not its logs.
    answer(() => ({ status: 200 }));
    const before = requests.length;
    expect(await outbox.flush(config({ include: 'full', headers: { Authorization: 'Bearer NEW' } }))).toEqual({
      delivered: 1,
    });
    expect(requests.slice(before).map((r) => r.url.slice(-8))).toEqual(['/metrics']);
  });

  it('does not send the logs twice when only the metrics failed', async () => {
    const { outbox, answer, requests, clock } = setup();
    answer((url) => (url.endsWith('/v1/metrics') ? { status: 503 } : { status: 200 }));
    await outbox.enqueue(entry('a'), config());
    const first = await outbox.flush(config());
    expect(first.retryAt).toBeDefined();
    clock.now = first.retryAt!;
    answer(() => ({ status: 200 }));
    expect(await outbox.flush(config())).toEqual({ delivered: 1 });
    // The refused metrics request, then the metrics again; the logs once.
    expect(requests.map((r) => r.url.slice(-8))).toEqual(['/v1/logs', '/metrics', '/metrics']);
    expect(runIds(requests)).toEqual(['a']);
  });

  it('keeps its bounds (count, then age), and reports the number dropped in the next batch once', async () => {
    const { outbox, requests, clock } = setup();
    const small = config({ maxQueuedRuns: 3, maxQueuedDays: 2 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) await outbox.enqueue(entry(id, clock.now++), small);
    expect(await outbox.queued()).toBe(3);
    clock.now = T0 + 2 * DAY + 3;
    // 'c' is older than two days now.
    await outbox.flush(small);
    expect(runIds(requests)).toEqual(['d', 'e']);
    const logsText = JSON.stringify(requests[0]!.body);
    expect(logsText).toContain('"readiness.outbox.dropped","value":{"intValue":"3"}');
    const metrics = requests[1]!.body.resourceMetrics as { scopeMetrics: { metrics: { name: string }[] }[] }[];
    const dropped = metrics[0]!.scopeMetrics[0]!.metrics.find((m) => m.name === 'readiness.outbox.dropped');
    expect(dropped).toMatchObject({ sum: { dataPoints: [{ asInt: '3' }] } });
    // Reported once.
    await outbox.enqueue(entry('f', clock.now), small);
    await outbox.flush(small);
    expect(JSON.stringify(requests[2]!.body)).not.toContain('readiness.outbox.dropped');
    expect(await outbox.state()).toMatchObject({ droppedForLogs: 0, droppedForMetrics: 0 });
  });

  it('keeps its queue and its schedule across a restart (a new background on the same database)', async () => {
    const { outbox, answer, restart, requests, clock } = setup();
    answer(() => new TypeError('NetworkError when attempting to fetch resource.'));
    await outbox.enqueue(entry('a'), config());
    await outbox.enqueue(entry('b'), config());
    const { retryAt } = await outbox.flush(config());
    outbox.close();
    const again = restart();
    expect(await again.queued()).toBe(2);
    expect(await again.flush(config())).toEqual({ delivered: 0, retryAt });
    clock.now = retryAt!;
    answer(() => ({ status: 200 }));
    expect(await again.flush(config())).toEqual({ delivered: 2 });
    expect(runIds(requests)).toEqual(['a', 'b']);
  });

  it('keeps the runs queued by the first version of its database (the set-aside index is added)', async () => {
    const { outbox, requests, name } = setup();
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('runs', { keyPath: 'runId' }).createIndex('by-queued', 'queuedAt');
        db.createObjectStore('sent', { keyPath: 'runId' }).createIndex('by-at', 'at');
        db.createObjectStore('state');
      },
    });
    await v1.put('runs', { ...entry('old'), bytes: 100 });
    v1.close();
    expect(await outbox.counts(config())).toEqual({ waiting: 1, setAside: [] });
    expect(await outbox.flush(config())).toEqual({ delivered: 1 });
    expect(runIds(requests)).toEqual(['old']);
  });

  it('never stores the request headers', async () => {
    const { outbox, answer, name } = setup();
    answer(() => ({ status: 401 }));
    await outbox.enqueue(entry('a'), config());
    await outbox.flush(config());
    outbox.close();
    const db = await openDB(name);
    const dump = JSON.stringify(await Promise.all([...db.objectStoreNames].map((store) => db.getAll(store as never))));
    db.close();
    expect(dump).toContain('"runId":"a"');
    expect(dump).not.toContain(TOKEN);
  });

  it('does not wait out a stop or a backoff planned while the clock was set days ahead, once it is corrected', async () => {
    const { outbox, answer, clock } = setup();
    await outbox.enqueue(entry('a'), config());
    clock.now = T0 + 2 * DAY;
    answer(() => ({ status: 401 }));
    expect(await outbox.flush(config())).toMatchObject({ stopped: true });
    clock.now = T0;
    answer(() => ({ status: 200 }));
    expect(await outbox.flush(config())).toEqual({ delivered: 1 });
    await outbox.enqueue(entry('b'), config());
    clock.now = T0 + 2 * DAY;
    answer(() => new TypeError('Failed to fetch'));
    expect((await outbox.flush(config())).retryAt).toBeGreaterThan(clock.now);
    clock.now = T0 + 1000;
    answer(() => ({ status: 200 }));
    expect(await outbox.flush(config())).toEqual({ delivered: 1 });
  });

  it('never stores a token the collector echoes in its refusal', async () => {
    const { outbox, answer, name } = setup();
    const key = 'k-9f2aQ7zLm';
    const headers = { Authorization: `Bearer ${TOKEN}`, 'X-Api-Key': key };
    answer(() => ({ status: 401, message: `invalid api key '${key}' (bearer ${TOKEN})` }));
    await outbox.enqueue(entry('a'), config({ headers }));
    await outbox.flush(config({ headers }));
    expect((await outbox.state()).stopped?.reason).toBe("HTTP 401: invalid api key '[redacted]' (bearer [redacted])");
    outbox.close();
    const db = await openDB(name);
    const dump = JSON.stringify(await Promise.all([...db.objectStoreNames].map((store) => db.getAll(store as never))));
    db.close();
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(TOKEN);
  });

  it('grows its backoff to a cap', () => {
    expect(backoffMs(1, 0)).toBe(BACKOFF.baseMs / 2);
    expect(backoffMs(1, 1)).toBe(BACKOFF.baseMs);
    expect(backoffMs(40, 1)).toBe(BACKOFF.maxMs);
  });
});
