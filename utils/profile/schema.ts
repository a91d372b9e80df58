import type { Profile, ProfileProblem } from './types';

/** A problem found while validating, before we know which source it came from. */
export type SchemaIssue = Omit<ProfileProblem, 'source'>;

/**
 * A validator checks `value` at `path`, pushes what is wrong into `issues`, and returns the
 * value when it is valid. Tiny on purpose: the profile format is ours, and users must see
 * exactly which field is wrong (with an i18n key), which generic validators make hard.
 */
type Validator = (value: unknown, path: string, issues: SchemaIssue[]) => boolean;

interface Optional {
  optional: true;
  validator: Validator;
}
type Field = Validator | Optional;

const join = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

const typeName = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

const fail = (issues: SchemaIssue[], path: string, key: string, params?: SchemaIssue['params']) => {
  issues.push(params ? { path, key, params } : { path, key });
  return false;
};

const opt = (validator: Validator): Optional => ({ optional: true, validator });

const str =
  (options: { pattern?: RegExp; patternKey?: string } = {}): Validator =>
  (value, path, issues) => {
    if (typeof value !== 'string' || value.trim() === '')
      return fail(issues, path, 'schema_expected_string', { got: typeName(value) });
    if (options.pattern && !options.pattern.test(value))
      return fail(issues, path, options.patternKey ?? 'schema_bad_format', { value });
    return true;
  };

const url =
  (protocols: string[]): Validator =>
  (value, path, issues) => {
    if (!str()(value, path, issues)) return false;
    let parsed: URL;
    try {
      parsed = new URL(value as string);
    } catch {
      return fail(issues, path, 'schema_expected_url', { value: String(value) });
    }
    if (!protocols.includes(parsed.protocol))
      return fail(issues, path, 'schema_expected_protocol', {
        value: String(value),
        protocols: protocols.join(', '),
      });
    return true;
  };

const num =
  (min: number, max: number, integer = false): Validator =>
  (value, path, issues) => {
    if (typeof value !== 'number' || !Number.isFinite(value))
      return fail(issues, path, 'schema_expected_number', { got: typeName(value) });
    if (integer && !Number.isInteger(value)) return fail(issues, path, 'schema_expected_integer', { value });
    if (value < min || value > max) return fail(issues, path, 'schema_out_of_range', { value, min, max });
    return true;
  };

const bool: Validator = (value, path, issues) =>
  typeof value === 'boolean' || fail(issues, path, 'schema_expected_boolean', { got: typeName(value) });

const oneOf =
  (...allowed: (string | number)[]): Validator =>
  (value, path, issues) =>
    allowed.includes(value as string | number) ||
    fail(issues, path, 'schema_expected_one_of', { value: String(value), allowed: allowed.join(', ') });

const arr =
  (item: Validator, minItems = 0): Validator =>
  (value, path, issues) => {
    if (!Array.isArray(value)) return fail(issues, path, 'schema_expected_array', { got: typeName(value) });
    if (value.length < minItems) return fail(issues, path, 'schema_too_few_items', { min: minItems });
    return value.map((v, i) => item(v, join(path, i), issues)).every(Boolean);
  };

const obj =
  (
    shape: Record<string, Field>,
    refine?: (value: Record<string, unknown>, path: string, issues: SchemaIssue[]) => boolean,
  ): Validator =>
  (value, path, issues) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return fail(issues, path, 'schema_expected_object', { got: typeName(value) });
    const record = value as Record<string, unknown>;
    let ok = true;
    for (const key of Object.keys(record)) {
      if (!(key in shape)) ok = fail(issues, join(path, key), 'schema_unknown_field') && ok;
    }
    for (const [key, field] of Object.entries(shape)) {
      const isOptional = typeof field !== 'function';
      const validator = isOptional ? field.validator : field;
      if (record[key] === undefined) {
        if (!isOptional) ok = fail(issues, join(path, key), 'schema_missing') && ok;
        continue;
      }
      ok = validator(record[key], join(path, key), issues) && ok;
    }
    return ok && (refine ? refine(record, path, issues) : true);
  };

const size = obj({ width: num(1, 100_000, true), height: num(1, 100_000, true) });
const ghz = num(0.1, 10);
const gib = num(0, 4096);
const hostname = str({ pattern: /^[a-z0-9.-]+$/i, patternKey: 'schema_expected_hostname' });
const port = num(1, 65535, true);
const ipList = opt(arr(str({ pattern: /^[0-9a-f.:]+$/i, patternKey: 'schema_expected_ip' })));
const requirementId = str({ pattern: /^[A-Z]+(-[A-Z0-9]+)+$/, patternKey: 'schema_expected_requirement_id' });

const profileValidator = obj({
  schemaVersion: oneOf(1),
  id: str({ pattern: /^[a-z0-9._-]+$/i, patternKey: 'schema_expected_identifier' }),
  name: str(),
  version: str(),
  sourceDocument: str(),
  app: obj({ origins: arr(url(['https:', 'http:']), 1), cacheProbeUrl: opt(url(['https:', 'http:'])) }),
  browsers: arr(
    obj({
      brand: oneOf('chrome', 'edge', 'firefox'),
      minVersion: num(1, 10_000, true),
      qualifiedVersions: arr(num(1, 10_000, true)),
      esr: opt(bool),
      downloadUrl: url(['https:', 'http:']),
    }),
    1,
  ),
  os: obj({
    windows10Validated: arr(str()),
    desktopWindows11: bool,
    desktopMacOs: arr(str()),
  }),
  hardware: obj({
    web: obj({ minCpuGHz: ghz, minRamGiB: gib, minFreeDiskGiB: gib }),
    desktop: obj({ minCpuGHz: ghz, recommendedRamGiB: gib, minFreeDiskGiB: gib }),
  }),
  display: obj({ minimum: size, recommended: size, scalePercent: num(50, 400, true) }, (d, path, issues) => {
    const min = d.minimum as { width: number; height: number };
    const rec = d.recommended as { width: number; height: number };
    return (
      (min.width <= rec.width && min.height <= rec.height) ||
      fail(issues, join(path, 'recommended'), 'schema_recommended_below_minimum')
    );
  }),
  network: obj({
    https: arr(
      obj({
        requirement: requirementId,
        url: url(['https:', 'http:']),
        expectedIps: ipList,
        environment: opt(str()),
      }),
    ),
    tcp: arr(obj({ requirement: requirementId, host: hostname, port, expectedIps: ipList, notHttps: opt(bool) })),
    media: obj({
      environments: arr(
        obj({
          id: str(),
          name: str(),
          servers: arr(
            obj({ host: hostname, port, transports: arr(oneOf('stun-udp', 'turn-udp', 'turn-tcp', 'turns-tcp'), 1) }),
            1,
          ),
        }),
      ),
      portRange: obj(
        { min: port, max: port },
        (r, path, issues) =>
          (r.min as number) <= (r.max as number) || fail(issues, join(path, 'max'), 'schema_range_inverted'),
      ),
      credentials: opt(obj({ username: str(), credential: str() })),
      codecs: arr(str({ pattern: /^[a-z0-9-]+$/i, patternKey: 'schema_expected_identifier' })),
    }),
  }),
  bandwidth: obj({ liveMbps: num(0.01, 10_000), asyncMbps: num(0.01, 10_000), measureMs: num(200, 10_000, true) }),
  clock: obj({ maxOffsetSeconds: num(0.1, 86_400) }),
  timeouts: obj(
    { checkMs: num(100, 120_000, true), probeMs: num(100, 120_000, true), networkSuiteMs: num(500, 300_000, true) },
    (t, path, issues) =>
      (t.probeMs as number) < (t.networkSuiteMs as number) ||
      fail(issues, join(path, 'probeMs'), 'schema_probe_above_suite'),
  ),
  history: obj({ maxRuns: num(1, 100_000, true), maxAgeDays: num(1, 3650, true) }),
  support: obj({ name: str(), email: str({ pattern: /^[^@\s]+@[^@\s]+$/, patternKey: 'schema_expected_email' }) }),
  links: obj({
    flowTest: url(['https:', 'http:']),
    videoTests: arr(url(['https:', 'http:'])),
    adobeReader: url(['https:', 'http:']),
    vlcMac: opt(url(['https:', 'http:'])),
  }),
  software: obj({ adobeReaderMin: str(), javaMin: str(), directXMin: num(1, 100, true) }),
  mobile: obj({ iosMin: str(), androidMin: str() }),
});

/**
 * Where JSON text first breaks, as line and column (1-based). The parser's own message is
 * never shown: it differs by engine and quotes the text around the error, which may be a
 * TURN credential. A small scanner of the JSON grammar, linear in the text.
 */
export function jsonErrorAt(text: string): { line: number; column: number } {
  let i = 0;
  const stop = () => {
    throw i;
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (char: string) => (text[i] === char ? i++ : stop());
  const pattern = (re: RegExp) => {
    re.lastIndex = i;
    if (!re.test(text)) stop();
    i = re.lastIndex;
  };
  const string = () => {
    for (i++; text[i] !== '"'; i++) {
      if (i >= text.length || text[i]! < ' ') stop();
      if (text[i] !== '\\') continue;
      i++;
      if (text[i] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 4;
      else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) stop();
    }
    i++;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      space();
      if (text[i] === close) return void i++;
      for (;;) {
        if (close === '}') {
          space();
          if (text[i] !== '"') stop();
          string();
          space();
          expect(':');
        }
        value();
        space();
        if (text[i] === close) return void i++;
        expect(',');
      }
    }
    if (c === '"') return string();
    const word = ['true', 'false', 'null'].find((w) => text.startsWith(w, i));
    if (word) i += word.length;
    else pattern(/-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y);
  };
  let at = text.length;
  try {
    value();
    space();
    if (i < text.length) stop();
  } catch (thrown) {
    // A number is the offset; anything else (a nesting too deep for the stack) points at the end.
    if (typeof thrown === 'number') at = thrown;
  }
  const before = text.slice(0, at).split(/\r\n|\r|\n/);
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

export type ValidationResult = { ok: true; profile: Profile } | { ok: false; issues: SchemaIssue[] };

/**
 * Validates a profile given as an object or as JSON text (enterprise policies often carry
 * JSON in a string, as uBlock Origin's `adminSettings` does).
 */
export function validateProfile(input: unknown): ValidationResult {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return { ok: false, issues: [{ path: '', key: 'schema_not_json', params: jsonErrorAt(input) }] };
    }
  }
  const issues: SchemaIssue[] = [];
  return profileValidator(value, '', issues) && issues.length === 0
    ? { ok: true, profile: value as Profile }
    : { ok: false, issues };
}
