import { countStatuses, effectiveStatus } from '../engine/rollup';
import type { Overall, Status } from '../engine/types';
import type { RunRecord } from '../run/types';

/**
 * OTLP/HTTP JSON mapping of a run, written by hand (no SDK in the extension): the shapes of
 * opentelemetry-proto's ExportLogsServiceRequest and ExportMetricsServiceRequest under the
 * OTLP JSON rules (camelCase field names, enums as integers, 64-bit integers as decimal
 * strings, no trace or span id). Tests prove every request against the official protobuf
 * definitions (tests/otlp-proto.ts). Pure: no browser API, no clock.
 */
export type AnyValue =
  { stringValue: string } | { intValue: string } | { doubleValue: number } | { boolValue: boolean };
export interface KeyValue {
  key: string;
  value: AnyValue;
}
export interface LogRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: { stringValue: string };
  attributes: KeyValue[];
}
/** One number of one run, for a gauge (or, for `readiness.outbox.dropped`, a delta sum). */
export interface MetricPoint {
  name: string;
  unit: string;
  description: string;
  value: number;
  integer: boolean;
  attributes: KeyValue[];
  timeUnixNano: string;
  /** Sums only: the start of the interval counted. */
  startTimeUnixNano?: string;
}
/** What describes the workstation and the extension that made a run (OTLP resource attributes). */
export interface ResourceFacts {
  extensionVersion: string;
  browser?: string;
  browserVersion?: string;
  os?: string;
  osVersion?: string;
  labels?: Record<string, string>;
}

export const SERVICE_NAME = 'therape-readiness';
export const SCOPE = { name: 'therape-readiness/reporting', version: '1' };

/**
 * Status and verdict as numbers for charts and alerts (Prometheus): 0 is good, 4 is blocking.
 * A manual item answered counts as its answer (as in the verdict).
 */
export const STATUS_CODE: Record<Status, number> = { pass: 0, manual: 1, warn: 2, error: 3, fail: 4 };
export const OVERALL_CODE: Record<Exclude<Overall, 'running'>, number> = {
  pass: 0,
  pending: 1,
  warn: 2,
  error: 3,
  fail: 4,
};

/** OTLP SeverityNumber (logs data model) and its short name, from the run's verdict. */
export const SEVERITY: Record<Overall, [number, string]> = {
  pass: [9, 'INFO'],
  pending: [10, 'INFO2'],
  warn: [13, 'WARN'],
  error: [17, 'ERROR'],
  fail: [18, 'ERROR2'],
  running: [1, 'TRACE'],
};

export const str = (key: string, value: string): KeyValue => ({ key, value: { stringValue: value } });
export const int = (key: string, value: number): KeyValue => ({ key, value: { intValue: String(Math.trunc(value)) } });

/** Milliseconds since the epoch as the decimal string of nanoseconds (fixed64 in JSON). */
export const nanos = (ms: number): string => `${Math.trunc(ms)}000000`;

/** The browser and OS as the run's own checks recorded them (raw evidence, not translated). */
export function resourceFacts(run: RunRecord): ResourceFacts {
  const evidence = (id: string) => run.diagnostics.find((d) => d.checkId === id)?.evidence ?? {};
  const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
  const b = evidence('browser');
  const o = evidence('os');
  const facts: ResourceFacts = { extensionVersion: run.extensionVersion };
  const set = (key: keyof Omit<ResourceFacts, 'labels' | 'extensionVersion'>, value: unknown) => {
    const t = text(value);
    if (t) facts[key] = t;
  };
  set('browser', b.name);
  set('browserVersion', b.version);
  set('os', o.family);
  set('osVersion', [o.release, o.windowsBuild].filter((v) => typeof v === 'string' && v).join(' '));
  if (run.labels) facts.labels = run.labels;
  return facts;
}

/**
 * Resource attributes: the service, the extension version, browser and OS, the admin's
 * labels (`readiness.label.<name>`), and the installation's random id as
 * `service.instance.id`. Never a user name: nothing here comes from the user.
 */
export function resourceAttributes(facts: ResourceFacts, installationId: string): KeyValue[] {
  const attributes = [
    str('service.name', SERVICE_NAME),
    str('service.version', facts.extensionVersion),
    str('service.instance.id', installationId),
  ];
  if (facts.browser) attributes.push(str('browser.name', facts.browser));
  if (facts.browserVersion) attributes.push(str('browser.version', facts.browserVersion));
  if (facts.os) attributes.push(str('os.type', facts.os));
  if (facts.osVersion) attributes.push(str('os.version', facts.osVersion));
  for (const [name, value] of Object.entries(facts.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    attributes.push(str(`readiness.label.${name}`, value));
  return attributes;
}

/**
 * One LogRecord per run: severity from the verdict; body the redacted JSON report (`full`)
 * or the one-line verdict (`summary`), both made by the caller; attributes: run id, profile
 * id and version, verdict, counts per status and one `readiness.check.<id>` per check.
 */
export function logRecord(run: RunRecord, body: string): LogRecord {
  const [severityNumber, severityText] = SEVERITY[run.overall];
  const counts = countStatuses(run.diagnostics);
  return {
    timeUnixNano: nanos(run.startedAt),
    observedTimeUnixNano: nanos(run.finishedAt ?? run.startedAt),
    severityNumber,
    severityText,
    body: { stringValue: body },
    attributes: [
      str('readiness.run.id', run.id),
      str('readiness.profile.id', run.profile.id),
      str('readiness.profile.version', run.profile.version),
      str('readiness.overall', run.overall),
      ...(['pass', 'warn', 'fail', 'manual', 'error'] as const).map((s) => int(`readiness.count.${s}`, counts[s])),
      ...run.diagnostics.map((d) => str(`readiness.check.${d.checkId}`, effectiveStatus(d))),
    ],
  };
}

/** media-path evidence key → metric (name, unit, attributes). */
const MEDIA_FIGURES: [string, string, string, string, KeyValue[]][] = [
  ['upMbps', 'readiness.media_path.throughput', 'Mbit/s', 'Relayed throughput', [str('direction', 'up')]],
  ['downMbps', 'readiness.media_path.throughput', 'Mbit/s', 'Relayed throughput', [str('direction', 'down')]],
  ['rttMedianMs', 'readiness.media_path.rtt', 'ms', 'Round-trip time over the relay (median)', []],
  ['rttP95Ms', 'readiness.media_path.rtt_p95', 'ms', 'Round-trip time over the relay (95th percentile)', []],
  ['jitterMs', 'readiness.media_path.jitter', 'ms', 'Jitter over the relay', []],
  ['lossPercent', 'readiness.media_path.loss', '%', 'Packet loss over the relay', []],
  ['connectMs', 'readiness.media_path.connect_time', 'ms', 'Time to connect through the relay', []],
];

/** Per-check status gauges, the verdict and the media-path figures of one run. */
export function metricPoints(run: RunRecord): MetricPoint[] {
  const time = nanos(run.finishedAt ?? run.startedAt);
  const profile = str('readiness.profile.id', run.profile.id);
  const points: MetricPoint[] = [];
  if (run.overall !== 'running')
    points.push({
      name: 'readiness.overall',
      // An annotation, not a unit: Prometheus keeps the name as it is (unit "1" would add "_ratio").
      unit: '{verdict}',
      description: 'Verdict: 0 pass, 1 pending, 2 warn, 3 error (incomplete), 4 fail',
      value: OVERALL_CODE[run.overall],
      integer: true,
      attributes: [profile],
      timeUnixNano: time,
    });
  for (const d of run.diagnostics)
    points.push({
      name: 'readiness.check.status',
      unit: '{status}',
      description: 'Check status: 0 pass, 1 manual (unanswered), 2 warn, 3 error, 4 fail',
      value: STATUS_CODE[effectiveStatus(d)],
      integer: true,
      attributes: [str('readiness.check.id', d.checkId), profile],
      timeUnixNano: time,
    });
  const media = run.diagnostics.find((d) => d.checkId === 'media-path')?.evidence ?? {};
  for (const [key, name, unit, description, attributes] of MEDIA_FIGURES) {
    const value = media[key];
    if (typeof value === 'number' && Number.isFinite(value))
      points.push({ name, unit, description, value, integer: false, attributes, timeUnixNano: time });
  }
  return points;
}

/** A group of runs that share their resource facts. */
export interface ResourceGroup<T> {
  facts: ResourceFacts;
  items: T[];
}

/** Groups items by their resource facts (one ResourceLogs / ResourceMetrics each), order kept. */
export function byResource<T>(items: T[], factsOf: (item: T) => ResourceFacts): ResourceGroup<T>[] {
  const groups = new Map<string, ResourceGroup<T>>();
  for (const item of items) {
    const facts = factsOf(item);
    const key = JSON.stringify([
      facts.extensionVersion,
      facts.browser,
      facts.browserVersion,
      facts.os,
      facts.osVersion,
      Object.entries(facts.labels ?? {}).sort(),
    ]);
    const group = groups.get(key) ?? { facts, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** ExportLogsServiceRequest (JSON). */
export function logsRequest(groups: ResourceGroup<LogRecord>[], installationId: string) {
  return {
    resourceLogs: groups.map((group) => ({
      resource: { attributes: resourceAttributes(group.facts, installationId) },
      scopeLogs: [{ scope: SCOPE, logRecords: group.items }],
    })),
  };
}

/** The metric of `dropped` runs (the outbox was full or they were too old): a delta sum. */
export function droppedPoint(dropped: number, since: number, now: number): MetricPoint {
  return {
    name: 'readiness.outbox.dropped',
    unit: '{run}',
    description: 'Runs dropped from the outbox before they could be sent (bounds reached)',
    value: dropped,
    integer: true,
    attributes: [],
    startTimeUnixNano: nanos(since),
    timeUnixNano: nanos(now),
  };
}

const AGGREGATION_TEMPORALITY_DELTA = 1;

/** ExportMetricsServiceRequest (JSON): one Metric per name per resource, gauges except the dropped count. */
export function metricsRequest(groups: ResourceGroup<MetricPoint>[], installationId: string) {
  return {
    resourceMetrics: groups.map((group) => {
      const metrics = new Map<string, MetricPoint[]>();
      for (const point of group.items) metrics.set(point.name, [...(metrics.get(point.name) ?? []), point]);
      return {
        resource: { attributes: resourceAttributes(group.facts, installationId) },
        scopeMetrics: [
          {
            scope: SCOPE,
            metrics: [...metrics.values()].map((points) => {
              const { name, unit, description } = points[0]!;
              const dataPoints = points.map((p) => ({
                // An empty list is left out (a decoder gives none back).
                ...(p.attributes.length > 0 && { attributes: p.attributes }),
                ...(p.startTimeUnixNano && { startTimeUnixNano: p.startTimeUnixNano }),
                timeUnixNano: p.timeUnixNano,
                ...(p.integer ? { asInt: String(Math.trunc(p.value)) } : { asDouble: p.value }),
              }));
              return name === 'readiness.outbox.dropped'
                ? {
                    name,
                    unit,
                    description,
                    sum: { dataPoints, aggregationTemporality: AGGREGATION_TEMPORALITY_DELTA, isMonotonic: true },
                  }
                : { name, unit, description, gauge: { dataPoints } };
            }),
          },
        ],
      };
    }),
  };
}
