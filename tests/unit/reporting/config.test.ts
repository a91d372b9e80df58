import { describe, expect, it } from 'vitest';
import { parseManagedSettings } from '../../../utils/profile/managed';
import { parseReporting, REPORTING_DEFAULTS } from '../../../utils/reporting/config';

const TOKEN = 'CONFIGTOKEN7x';

describe('managed reporting settings', () => {
  it('reads a complete setting, defaults included, and takes it as JSON text too', () => {
    const raw = {
      endpoint: 'https://collector.example:4318/',
      headers: { Authorization: `Bearer ${TOKEN}` },
      include: 'full',
    };
    const expected = {
      endpoint: 'https://collector.example:4318',
      headers: { Authorization: `Bearer ${TOKEN}` },
      include: 'full',
      maxQueuedRuns: REPORTING_DEFAULTS.maxQueuedRuns,
      maxQueuedDays: REPORTING_DEFAULTS.maxQueuedDays,
    };
    expect(parseReporting(raw)).toEqual({ config: expected, problems: [] });
    expect(parseReporting(JSON.stringify(raw))).toEqual({ config: expected, problems: [] });
    expect(
      parseReporting({ endpoint: 'https://c.example/otlp', maxQueuedRuns: 5000, maxQueuedDays: 30 }).config,
    ).toEqual({
      endpoint: 'https://c.example/otlp',
      headers: {},
      include: 'summary',
      maxQueuedRuns: 5000,
      maxQueuedDays: 30,
    });
  });

  it('is off when unset', () => {
    expect(parseReporting(undefined)).toEqual({ problems: [] });
  });

  it.each([
    ['http://collector.example:4318', 'reporting.endpoint', 'reporting_not_https'],
    ['https://user:pw@collector.example', 'reporting.endpoint', 'reporting_not_https'],
    ['https://collector.example/?token=x', 'reporting.endpoint', 'reporting_not_https'],
    ['ftp://collector.example', 'reporting.endpoint', 'reporting_not_https'],
    ['not a url', 'reporting.endpoint', 'reporting_not_https'],
  ])('refuses the endpoint %s: reporting off, the field named', (endpoint, path, key) => {
    const { config, problems } = parseReporting({ endpoint });
    expect(config).toBeUndefined();
    expect(problems).toEqual([expect.objectContaining({ path, key, severity: 'warning' })]);
  });

  it.each(['http://127.0.0.1:4318', 'http://localhost:4318', 'http://[::1]:4318', 'http://127.8.9.10'])(
    'allows http to this computer: %s',
    (endpoint) => {
      expect(parseReporting({ endpoint }).config?.endpoint).toBe(new URL(endpoint).href.replace(/\/$/, ''));
    },
  );

  it('names every wrong field, never a header value, and turns reporting off', () => {
    const { config, problems } = parseReporting({
      endpoint: 'https://c.example',
      headers: { Authorization: `Bearer ${TOKEN}\r\nX-Injected: 1`, 'Bad Name': TOKEN, 'X-Empty': '' },
      include: 'everything',
      maxQueuedRuns: 0,
      maxQueuedDays: 1.5,
      header: { Authorization: TOKEN },
    });
    expect(config).toBeUndefined();
    expect(problems.map((p) => [p.path, p.key])).toEqual([
      ['reporting.header', 'schema_unknown_field'],
      ['reporting.headers.Authorization', 'reporting_bad_header_value'],
      ['reporting.headers.?', 'reporting_bad_header_name'],
      ['reporting.headers.X-Empty', 'reporting_bad_header_value'],
      ['reporting.include', 'schema_expected_one_of'],
      ['reporting.maxQueuedRuns', 'schema_out_of_range'],
      ['reporting.maxQueuedDays', 'schema_expected_integer'],
    ]);
    expect(JSON.stringify(problems)).not.toContain(TOKEN);
  });

  it('is reported with the other managed settings, which still apply', () => {
    const { settings, problems } = parseManagedSettings({
      labels: { site: 'CHU Nord' },
      reporting: { endpoint: 'http://collector.example', headers: { Authorization: TOKEN } },
    });
    expect(settings.labels).toEqual({ site: 'CHU Nord' });
    expect(problems).toEqual([
      expect.objectContaining({ path: 'reporting.endpoint', key: 'reporting_not_https', severity: 'warning' }),
    ]);
    expect(JSON.stringify({ settings, problems })).not.toContain(TOKEN);
  });
});
