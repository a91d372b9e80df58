import { describe, expect, it } from 'vitest';
import type { ReportingConfig } from '../../../utils/reporting/config';
import type { FlushResult, QueuedRun } from '../../../utils/platform/outbox';
import { Reporter } from '../../../utils/reporting/reporter';
import { makeRun } from '../runs';

const T0 = Date.UTC(2026, 10, 29, 8, 0, 0);
const CONFIG: ReportingConfig = {
  endpoint: 'https://collector.example',
  headers: { Authorization: 'Bearer REPORTERTOKEN3' },
  include: 'summary',
  maxQueuedRuns: 1000,
  maxQueuedDays: 7,
};

function setup(
  config: ReportingConfig | undefined,
  flush: FlushResult = { delivered: 1 },
  consent: { given: boolean; full?: boolean } = { given: true },
) {
  const queued: Omit<QueuedRun, 'bytes'>[] = [];
  const wakes: number[] = [];
  const logs: string[] = [];
  const flushes: ReportingConfig[] = [];
  const carried: boolean[] = [];
  const reporter = new Reporter({
    outbox: {
      enqueue: async (entry) => {
        queued.push(entry);
        return true;
      },
      flush: async (c, _force, carriesFull = true) => {
        flushes.push(c);
        carried.push(carriesFull);
        return flush;
      },
    },
    loadConfig: async () => config,
    // Firefox's consent: `given` for the summary's category, `full` (default: the same) for full's too.
    mayTransmit: async (c) => consent.given && (c.include !== 'full' || (consent.full ?? true)),
    summary: (run) => `verdict ${run.overall}`,
    now: () => T0,
    wakeAt: (at) => wakes.push(at),
    log: (message) => logs.push(message),
  });
  return { reporter, queued, wakes, logs, flushes, carried };
}

describe('reporter', () => {
  it('queues each completed run with the one-line verdict as body (summary), then sends', async () => {
    const { reporter, queued, wakes } = setup(CONFIG);
    await reporter.report(makeRun('a', T0, { 'turn-udp': 'fail' }));
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ runId: 'a', queuedAt: T0, log: { body: { stringValue: 'verdict fail' } } });
    expect(wakes).toEqual([]);
  });

  it('puts the redacted JSON export in the body when include is full', async () => {
    const { reporter, queued } = setup({ ...CONFIG, include: 'full' });
    const run = makeRun('a', T0);
    run.diagnostics[0]!.evidence = { url: 'https://admin:S3cr3tPw@portal.example' };
    await reporter.report(run);
    const body = JSON.parse(queued[0]!.log.body.stringValue);
    expect(body).toMatchObject({ format: 'therape-readiness-run', run: { id: 'a' } });
    expect(JSON.stringify(queued)).not.toContain('S3cr3tPw');
  });

  it('queues nothing when reporting is off, and nothing of a run still in progress', async () => {
    const off = setup(undefined);
    await off.reporter.report(makeRun('a', T0));
    expect(off.queued).toEqual([]);
    const on = setup(CONFIG);
    const running = { ...makeRun('b', T0), finishedAt: undefined };
    await on.reporter.report(running);
    expect(on.queued).toEqual([]);
  });

  it('wakes itself when the outbox says when to try again; never queues or logs the headers', async () => {
    const { reporter, wakes, queued, logs } = setup(CONFIG, { delivered: 0, retryAt: T0 + 5000 });
    await reporter.report(makeRun('a', T0));
    await reporter.resume();
    expect(wakes).toEqual([T0 + 5000, T0 + 5000]);
    expect(JSON.stringify({ queued, logs })).not.toContain('REPORTERTOKEN3');
  });

  it('keeps the runs queued and sends nothing while the data consent is missing; sends them once it is given', async () => {
    const consent = { given: false };
    const { reporter, queued, flushes, wakes } = setup(CONFIG, { delivered: 2 }, consent);
    await reporter.report(makeRun('a', T0));
    await reporter.report(makeRun('b', T0));
    await reporter.resume();
    expect(queued.map((q) => q.runId)).toEqual(['a', 'b']);
    expect(flushes).toEqual([]);
    expect(wakes).toEqual([]);
    consent.given = true;
    await reporter.resume();
    expect(flushes).toEqual([CONFIG]);
  });

  it('records the body each run was built with; runs built under full wait while only the summary consent is given', async () => {
    const settings: { current: ReportingConfig } = { current: { ...CONFIG, include: 'full' } };
    const consent = { given: true, full: false };
    const { reporter, queued, flushes, carried } = setup(undefined, { delivered: 1 }, consent);
    (reporter as unknown as { deps: { loadConfig: () => Promise<ReportingConfig> } }).deps.loadConfig = async () =>
      settings.current;
    await reporter.report(makeRun('a', T0));
    // Full settings without the full consent: nothing is flushed.
    expect(flushes).toEqual([]);
    settings.current = { ...CONFIG, include: 'summary' };
    await reporter.report(makeRun('b', T0));
    expect(queued.map((q) => [q.runId, q.include])).toEqual([
      ['a', 'full'],
      ['b', 'summary'],
    ]);
    // Now summary: sent, but the run built under full is not carried.
    expect(carried).toEqual([false]);
    consent.full = true;
    await reporter.resume();
    expect(carried).toEqual([false, true]);
  });

  it('says the send failed, not the queueing, when the consent check throws (the run stays queued)', async () => {
    const { reporter, queued, logs } = setup(CONFIG);
    (reporter as unknown as { deps: { mayTransmit: () => Promise<boolean> } }).deps.mayTransmit = async () => {
      throw new Error('permissions unavailable');
    };
    await reporter.report(makeRun('a', T0));
    expect(queued.map((q) => q.runId)).toEqual(['a']);
    expect(logs).toEqual(['could not send the queued runs']);
  });
});
