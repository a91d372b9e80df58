import { typeName, warning as problem } from '../profile/managed';
import type { ProfileProblem } from '../profile/types';

/**
 * The managed key `reporting`: where runs are reported (OpenTelemetry, OTLP/HTTP JSON).
 * `{ endpoint, headers?, include?, maxQueuedRuns?, maxQueuedDays? }`. Pure: validation only.
 * Header values are secrets (tokens): no problem, log or report ever carries one, only its name.
 */
export const REPORTING_KEY = 'reporting';

export interface ReportingConfig {
  /** The collector's base URL, without a trailing slash: `/v1/logs` and `/v1/metrics` are added. */
  endpoint: string;
  /** Request headers (e.g. Authorization): secrets. */
  headers: Record<string, string>;
  /** `full`: the redacted JSON report as the log body; `summary`: the one-line verdict. */
  include: 'summary' | 'full';
  /** Outbox bounds: the oldest runs beyond them are dropped (and counted in the next batch). */
  maxQueuedRuns: number;
  maxQueuedDays: number;
}

export const REPORTING_DEFAULTS = { include: 'summary', maxQueuedRuns: 1000, maxQueuedDays: 7 } as const;
export const REPORTING_LIMITS = { headers: 20, headerValue: 8192, maxQueuedRuns: 10_000, maxQueuedDays: 90 };

const LOOPBACK = /^(localhost|\[::1\]|127(\.\d{1,3}){3})$/;
/** An HTTP header name (RFC 9110 token). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const KNOWN = new Set(['endpoint', 'headers', 'include', 'maxQueuedRuns', 'maxQueuedDays']);

/** `https:`, or `http:` to this computer only; no user info, query or fragment. */
export function reportingEndpoint(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname));
  if (!secure || url.username || url.password || url.search || url.hash) return undefined;
  return url.href.replace(/\/+$/, '');
}

function integer(raw: unknown, path: string, max: number, fallback: number, problems: ProfileProblem[]) {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'number' || !Number.isInteger(raw)) {
    problems.push(problem(path, 'schema_expected_integer', { value: String(raw).slice(0, 50) }));
    return fallback;
  }
  if (raw < 1 || raw > max) problems.push(problem(path, 'schema_out_of_range', { value: raw, min: 1, max }));
  return raw;
}

/**
 * The reporting settings, or none (reporting off) with the reasons. Any problem turns
 * reporting off: sending half of what the admin meant (no token, wrong place) helps nobody.
 * Objects may come as JSON text (Chrome's registry carries them so).
 */
export function parseReporting(raw: unknown): { config?: ReportingConfig; problems: ProfileProblem[] } {
  const problems: ProfileProblem[] = [];
  if (raw === undefined || raw === null || raw === '') return { problems };
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { problems: [problem(REPORTING_KEY, 'schema_expected_object', { got: 'string' })] };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { problems: [problem(REPORTING_KEY, 'schema_expected_object', { got: typeName(value) })] };
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record))
    if (!KNOWN.has(key)) problems.push(problem(`${REPORTING_KEY}.${key.slice(0, 100)}`, 'schema_unknown_field'));

  const endpoint = reportingEndpoint(record.endpoint);
  if (record.endpoint === undefined) problems.push(problem(`${REPORTING_KEY}.endpoint`, 'schema_missing'));
  else if (!endpoint)
    problems.push(
      problem(`${REPORTING_KEY}.endpoint`, 'reporting_not_https', {
        value: typeof record.endpoint === 'string' ? record.endpoint.slice(0, 200) : typeName(record.endpoint),
      }),
    );

  const headers: Record<string, string> = {};
  if (record.headers !== undefined) {
    const given = record.headers;
    if (typeof given !== 'object' || given === null || Array.isArray(given))
      problems.push(problem(`${REPORTING_KEY}.headers`, 'schema_expected_object', { got: typeName(given) }));
    else {
      const entries = Object.entries(given as Record<string, unknown>);
      if (entries.length > REPORTING_LIMITS.headers)
        problems.push(
          problem(`${REPORTING_KEY}.headers`, 'schema_too_many_items', {
            count: entries.length,
            max: REPORTING_LIMITS.headers,
          }),
        );
      for (const [name, headerValue] of entries.slice(0, REPORTING_LIMITS.headers)) {
        // The name is shown; the value never is, not even in a problem.
        const path = `${REPORTING_KEY}.headers.${TOKEN.test(name) ? name : '?'}`;
        if (!TOKEN.test(name)) problems.push(problem(path, 'reporting_bad_header_name'));
        // eslint-disable-next-line no-control-regex -- a header value holds no control character (no line break)
        else if (typeof headerValue !== 'string' || headerValue === '' || /[\u0000-\u001f\u007f]/.test(headerValue))
          problems.push(problem(path, 'reporting_bad_header_value'));
        else if (headerValue.length > REPORTING_LIMITS.headerValue)
          problems.push(
            problem(path, 'schema_too_long', { length: headerValue.length, max: REPORTING_LIMITS.headerValue }),
          );
        else headers[name] = headerValue;
      }
    }
  }

  const include = record.include ?? REPORTING_DEFAULTS.include;
  if (include !== 'summary' && include !== 'full')
    problems.push(
      problem(`${REPORTING_KEY}.include`, 'schema_expected_one_of', {
        value: String(include).slice(0, 50),
        allowed: 'summary, full',
      }),
    );
  const [maxQueuedRuns, maxQueuedDays] = (['maxQueuedRuns', 'maxQueuedDays'] as const).map((key) =>
    integer(record[key], `${REPORTING_KEY}.${key}`, REPORTING_LIMITS[key], REPORTING_DEFAULTS[key], problems),
  ) as [number, number];
  if (problems.length > 0 || !endpoint) return { problems };
  return {
    config: { endpoint, headers, include: include as 'summary' | 'full', maxQueuedRuns, maxQueuedDays },
    problems,
  };
}
