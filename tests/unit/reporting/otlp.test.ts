import { describe, expect, it } from 'vitest';
import { exportRunJson } from '../../../utils/report/json';
import {
  byResource,
  droppedPoint,
  logRecord,
  logsRequest,
  metricPoints,
  metricsRequest,
  resourceFacts,
  SEVERITY,
} from '../../../utils/reporting/otlp';
import type { RunRecord } from '../../../utils/run/types';
import { canonical, decodeOtlpJson, LOGS_REQUEST, METRICS_REQUEST } from '../../otlp-proto';
import { answer, idealWorkstationRun, makeRun } from '../runs';

const INSTALL = '0f8c6a52-3d1e-4b7a-9c2d-5e6f7a8b9c0d';
const T0 = Date.UTC(2026, 10, 29, 8, 0, 0);

/** A run with a measured media path, labels and a secret where none should be. */
async function sampleRun(): Promise<RunRecord> {
  const run = await idealWorkstationRun();
  run.labels = { site: 'CHU Nord', room: 'B12' };
  const media = run.diagnostics.find((d) => d.checkId === 'media-path')!;
  media.status = 'pass';
  delete media.manual;
  media.evidence = {
    relay: 'turn:alice:TURNSECRET9@turn.example:3478?transport=udp',
    connectMs: 120,
    rttMedianMs: 24.5,
    rttP95Ms: 40,
    jitterMs: 3.2,
    lossPercent: 0,
    upMbps: 8.4,
    downMbps: 9.1,
  };
  run.diagnostics.find((d) => d.checkId === 'turn-udp')!.status = 'fail';
  return answer(run, 'manual-java', 'yes');
}

/** Sends through the strict reader: what comes back from the protos equals what was sent. */
function roundTrip(type: typeof LOGS_REQUEST, request: unknown) {
  const decoded = decodeOtlpJson(type, JSON.stringify(request));
  expect(canonical(decoded)).toBe(canonical(request));
  return decoded;
}

describe('OTLP/HTTP JSON mapping, proved against the official opentelemetry-proto definitions', () => {
  it('maps a run to one LogRecord with the resource, severity, counts and one attribute per check', async () => {
    const run = await sampleRun();
    const request = logsRequest(
      [{ facts: resourceFacts(run), items: [logRecord(run, 'Not ready: blocking problems')] }],
      INSTALL,
    );
    roundTrip(LOGS_REQUEST, request);
    const [resourceLogs] = request.resourceLogs;
    const attrs = Object.fromEntries(resourceLogs!.resource.attributes.map((a) => [a.key, Object.values(a.value)[0]]));
    expect(attrs).toEqual({
      'service.name': 'therape-readiness',
      'service.version': '0.1.0',
      'service.instance.id': INSTALL,
      'browser.name': 'Google Chrome',
      'browser.version': '116.0.5845.188',
      'os.type': 'windows',
      'os.version': '10 22H2',
      'readiness.label.room': 'B12',
      'readiness.label.site': 'CHU Nord',
    });
    const record = resourceLogs!.scopeLogs[0]!.logRecords[0]!;
    expect(record.severityNumber).toBe(SEVERITY.fail[0]);
    expect(record.severityText).toBe('ERROR2');
    expect(record.timeUnixNano).toBe(`${run.startedAt}000000`);
    const logAttrs = Object.fromEntries(record.attributes.map((a) => [a.key, Object.values(a.value)[0]]));
    expect(logAttrs).toMatchObject({
      'readiness.run.id': 'ideal',
      'readiness.profile.id': 'therape-6.1.0',
      'readiness.overall': 'fail',
      'readiness.count.fail': '1',
      'readiness.check.turn-udp': 'fail',
      'readiness.check.media-path': 'pass',
      // An answered manual item counts as its answer.
      'readiness.check.manual-java': 'pass',
    });
    for (const d of run.diagnostics) expect(logAttrs).toHaveProperty([`readiness.check.${d.checkId}`]);
    // Nothing says who the user is.
    expect(JSON.stringify(request)).not.toMatch(/user\.name|enduser|username/i);
  });

  it('uses the redacted JSON export as the body in full mode: no secret of the run leaves', async () => {
    const run = await sampleRun();
    const body = exportRunJson(run, T0);
    const request = logsRequest([{ facts: resourceFacts(run), items: [logRecord(run, body)] }], INSTALL);
    const decoded = roundTrip(LOGS_REQUEST, request);
    expect(JSON.stringify(decoded)).not.toContain('TURNSECRET9');
    expect(JSON.parse(request.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!.body.stringValue).run.id).toBe('ideal');
  });

  it('maps the per-check statuses, the verdict and the media-path figures to metrics', async () => {
    const run = await sampleRun();
    const request = metricsRequest(
      [{ facts: resourceFacts(run), items: [...metricPoints(run), droppedPoint(3, T0 - 60_000, T0)] }],
      INSTALL,
    );
    roundTrip(METRICS_REQUEST, request);
    const metrics = request.resourceMetrics[0]!.scopeMetrics[0]!.metrics;
    const byName = Object.fromEntries(metrics.map((m) => [m.name, m]));
    const status = byName['readiness.check.status']!.gauge!.dataPoints;
    expect(status).toHaveLength(run.diagnostics.length);
    expect(status.every((p) => p.attributes?.[0]?.key === 'readiness.check.id')).toBe(true);
    const turn = status.find((p) => JSON.stringify(p.attributes).includes('"turn-udp"'))!;
    expect(turn).toMatchObject({ asInt: '4' });
    expect(byName['readiness.overall']!.gauge!.dataPoints[0]).toMatchObject({ asInt: '4' });
    expect(
      byName['readiness.media_path.throughput']!.gauge!.dataPoints.map((p) => 'asDouble' in p && p.asDouble),
    ).toEqual([8.4, 9.1]);
    expect(byName['readiness.media_path.rtt']!).toMatchObject({
      unit: 'ms',
      gauge: { dataPoints: [{ asDouble: 24.5 }] },
    });
    expect(byName['readiness.media_path.loss']!.gauge!.dataPoints[0]).toMatchObject({ asDouble: 0 });
    expect(byName['readiness.outbox.dropped']).toMatchObject({
      sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [{ asInt: '3' }] },
    });
  });

  it('groups runs by workstation facts: one resource per browser version', () => {
    const a = makeRun('a', T0);
    const b = makeRun('b', T0 + 1000);
    const c = { ...makeRun('c', T0 + 2000), extensionVersion: '0.2.0' };
    const groups = byResource([a, b, c], resourceFacts);
    expect(groups.map((g) => g.items.map((r) => r.id))).toEqual([['a', 'b'], ['c']]);
    const request = logsRequest(
      groups.map((g) => ({ facts: g.facts, items: g.items.map((r) => logRecord(r, r.overall)) })),
      INSTALL,
    );
    roundTrip(LOGS_REQUEST, request);
    expect(request.resourceLogs).toHaveLength(2);
  });

  it('the strict reader refuses what the OTLP JSON mapping does not allow', () => {
    const good = logsRequest(
      [{ facts: resourceFacts(makeRun('a', T0)), items: [logRecord(makeRun('a', T0), 'x')] }],
      INSTALL,
    );
    const record = () =>
      JSON.parse(JSON.stringify(good)) as {
        resourceLogs: [{ scopeLogs: [{ logRecords: Record<string, unknown>[] }] }];
      };
    const variants: [string, (r: Record<string, unknown>) => void][] = [
      ['an unknown key', (r) => (r.severity = 9)],
      ['a snake_case key', (r) => (r.time_unix_nano = r.timeUnixNano)],
      ['an enum by name', (r) => (r.severityNumber = 'SEVERITY_NUMBER_INFO')],
      ['an int64 as a number', (r) => (r.timeUnixNano = Number(r.timeUnixNano))],
      ['a trace id in base64', (r) => (r.traceId = 'AQIDBAUGBwgJCgsMDQ4PEA==')],
    ];
    for (const [what, change] of variants) {
      const request = record();
      change(request.resourceLogs[0].scopeLogs[0].logRecords[0]!);
      expect(() => decodeOtlpJson(LOGS_REQUEST, JSON.stringify(request)), what).toThrow();
    }
    expect(() => decodeOtlpJson(LOGS_REQUEST, JSON.stringify(good))).not.toThrow();
  });
});
