import { BUILTIN_PROFILE } from './builtin';
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

const hasOwn = (record: object, key: string) => Object.prototype.hasOwnProperty.call(record, key);

/**
 * A value as a problem quotes it: a number as is, text cut short, anything else by its type.
 * Never `String(value)`: an object such as `{"toString":1}` throws there.
 */
const quote = (value: unknown): string | number => {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return typeName(value);
  return value.length > QUOTE_MAX ? `${value.slice(0, QUOTE_MAX)}…` : value;
};
const QUOTE_MAX = 120;

const fail = (issues: SchemaIssue[], path: string, key: string, params?: SchemaIssue['params']) => {
  issues.push(params ? { path, key, params } : { path, key });
  return false;
};

/** Reported, but the profile stays usable (e.g. a field a newer version added). */
const warn = (issues: SchemaIssue[], path: string, key: string) => {
  issues.push({ path, key, severity: 'warning' });
  return true;
};

const opt = (validator: Validator): Optional => ({ optional: true, validator });

/** Texts are bounded: a profile is configuration, not a place for megabytes. */
const TEXT_MAX = 500;
const URL_MAX = 2048;

const str =
  (options: { pattern?: RegExp; patternKey?: string; max?: number } = {}): Validator =>
  (value, path, issues) => {
    if (typeof value !== 'string' || value.trim() === '')
      return fail(issues, path, 'schema_expected_string', { got: typeName(value) });
    const max = options.max ?? TEXT_MAX;
    if (value.length > max) return fail(issues, path, 'schema_too_long', { length: value.length, max });
    if (options.pattern && !options.pattern.test(value))
      return fail(issues, path, options.patternKey ?? 'schema_bad_format', { value: quote(value) });
    return true;
  };

const url =
  (protocols: string[]): Validator =>
  (value, path, issues) => {
    if (!str({ max: URL_MAX })(value, path, issues)) return false;
    let parsed: URL;
    try {
      parsed = new URL(value as string);
    } catch {
      return fail(issues, path, 'schema_expected_url', { value: quote(value) });
    }
    if (!protocols.includes(parsed.protocol))
      return fail(issues, path, 'schema_expected_protocol', {
        value: quote(value),
        protocols: protocols.join(', '),
      });
    return true;
  };

const HOSTNAME = /^[a-z0-9.-]+$/i;

/**
 * An app origin exactly as a browser writes it: `https://host` or `https://host:port`, no
 * wildcard, path, query or user info. Origins feed the pop-up Quick Fix (it allows pop-ups
 * for them) and the app-tab lookups, so `https://*` must never get through.
 */
const ORIGIN = /^https:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;
const origin: Validator = (value, path, issues) => {
  if (!str({ max: URL_MAX })(value, path, issues)) return false;
  // The text first (browsers' URL parsers differ on `https://*`), then the parsed form must
  // read back unchanged (lower case, no default port).
  const canonical = () => {
    try {
      return ORIGIN.test(value as string) && new URL(value as string).origin === value;
    } catch {
      return false;
    }
  };
  return canonical() || fail(issues, path, 'schema_expected_origin', { value: quote(value) });
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
    fail(issues, path, 'schema_expected_one_of', { value: quote(value), allowed: allowed.join(', ') });

/** Lists are bounded too (each list's bound is set where it is used, with room to spare). */
const arr =
  (item: Validator, minItems: number, maxItems: number): Validator =>
  (value, path, issues) => {
    if (!Array.isArray(value)) return fail(issues, path, 'schema_expected_array', { got: typeName(value) });
    if (value.length < minItems) return fail(issues, path, 'schema_too_few_items', { min: minItems });
    if (value.length > maxItems)
      return fail(issues, path, 'schema_too_many_items', { count: value.length, max: maxItems });
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
    // Unknown fields are warnings: a profile written for a newer version still works here.
    for (const key of Object.keys(record))
      if (!hasOwn(shape, key)) warn(issues, join(path, key), 'schema_unknown_field');
    for (const [key, field] of Object.entries(shape)) {
      const isOptional = typeof field !== 'function';
      const validator = isOptional ? field.validator : field;
      if (!hasOwn(record, key) || record[key] === undefined) {
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
const hostname = str({ pattern: HOSTNAME, patternKey: 'schema_expected_hostname', max: 253 });
const port = num(1, 65535, true);
const ipList = opt(arr(str({ pattern: /^[0-9a-f.:]+$/i, patternKey: 'schema_expected_ip', max: 45 }), 0, 20));
const requirementId = str({ pattern: /^[A-Z]+(-[A-Z0-9]+)+$/, patternKey: 'schema_expected_requirement_id' });

/** `{ "manual-java": "it" }`: the audience of manual items, by check id. */
const MANUAL_AUDIENCE_MAX = 50;
const manualAudience: Validator = (value, path, issues) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail(issues, path, 'schema_expected_object', { got: typeName(value) });
  const entries = Object.entries(value);
  if (entries.length > MANUAL_AUDIENCE_MAX)
    return fail(issues, path, 'schema_too_many_items', { count: entries.length, max: MANUAL_AUDIENCE_MAX });
  return entries
    .map(
      ([key, audience]) =>
        str({ pattern: /^manual-[a-z0-9-]+$/, patternKey: 'schema_expected_identifier', max: 60 })(
          key,
          join(path, key),
          issues,
        ) && oneOf('user', 'it')(audience, join(path, key), issues),
    )
    .every(Boolean);
};

const profileValidator = obj({
  schemaVersion: oneOf(1),
  id: str({ pattern: /^[a-z0-9._-]+$/i, patternKey: 'schema_expected_identifier' }),
  name: str(),
  version: str(),
  sourceDocument: str(),
  app: obj({ origins: arr(origin, 1, 20), cacheProbeUrl: opt(url(['https:', 'http:'])) }),
  browsers: arr(
    obj({
      brand: oneOf('chrome', 'edge', 'firefox'),
      minVersion: num(1, 10_000, true),
      qualifiedVersions: arr(num(1, 10_000, true), 0, 20),
      esr: opt(bool),
      downloadUrl: url(['https:', 'http:']),
    }),
    1,
    10,
  ),
  os: obj({
    windows10Validated: arr(str(), 0, 20),
    desktopWindows11: bool,
    desktopMacOs: arr(str(), 0, 20),
  }),
  hardware: obj({
    web: obj({ minCpuGHz: ghz, minRamGiB: gib, minFreeDiskGiB: gib }),
    desktop: obj({ minCpuGHz: ghz, recommendedRamGiB: gib, minFreeDiskGiB: gib }),
    ramTolerance: num(0.5, 1),
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
      0,
      50,
    ),
    tcp: arr(
      obj({ requirement: requirementId, host: hostname, port, expectedIps: ipList, notHttps: opt(bool) }),
      0,
      50,
    ),
    media: obj({
      environments: arr(
        obj({
          id: str(),
          name: str(),
          servers: arr(
            obj({
              host: hostname,
              port,
              transports: arr(oneOf('stun-udp', 'turn-udp', 'turn-tcp', 'turns-tcp'), 1, 4),
            }),
            1,
            20,
          ),
        }),
        0,
        10,
      ),
      portRange: obj(
        { min: port, max: port },
        (r, path, issues) =>
          (r.min as number) <= (r.max as number) || fail(issues, join(path, 'max'), 'schema_range_inverted'),
      ),
      credentials: opt(obj({ username: str(), credential: str() })),
      codecs: arr(str({ pattern: /^[a-z0-9-]+$/i, patternKey: 'schema_expected_identifier', max: 40 }), 0, 30),
    }),
  }),
  bandwidth: obj({
    liveMbps: num(0.01, 10_000),
    asyncMbps: num(0.01, 10_000),
    measureMs: num(200, 10_000, true),
    pings: num(5, 500, true),
  }),
  clock: obj({ maxOffsetSeconds: num(0.1, 86_400) }),
  timeouts: obj(
    {
      checkMs: num(100, 120_000, true),
      probeMs: num(100, 120_000, true),
      networkSuiteMs: num(500, 300_000, true),
      popupTestMaxAgeHours: num(0.1, 24 * 30),
    },
    (t, path, issues) =>
      (t.probeMs as number) < (t.networkSuiteMs as number) ||
      fail(issues, join(path, 'probeMs'), 'schema_probe_above_suite'),
  ),
  history: obj({ maxRuns: num(1, 100_000, true), maxAgeDays: num(1, 3650, true) }),
  devices: obj({
    resolutions: arr(arr(num(1, 10_000, true), 2, 2), 1, 10),
    minFps: num(1, 240),
    call: obj({
      durationMs: num(1000, 60_000, true),
      minWidth: num(1, 10_000, true),
      minHeight: num(1, 10_000, true),
      minFps: num(1, 240),
      maxLossPct: num(0, 100),
    }),
  }),
  support: obj({ name: str(), email: str({ pattern: /^[^@\s]+@[^@\s]+$/, patternKey: 'schema_expected_email' }) }),
  links: obj({
    flowTest: url(['https:', 'http:']),
    videoTests: arr(url(['https:', 'http:']), 0, 20),
    adobeReader: url(['https:', 'http:']),
    vlcMac: opt(url(['https:', 'http:'])),
  }),
  software: obj({ adobeReaderMin: str(), javaMin: str(), directXMin: num(1, 100, true) }),
  mobile: obj({ iosMin: str(), androidMin: str() }),
  manualAudience: opt(manualAudience),
});

/**
 * Fields added after the first profile format, with the value a profile that predates them
 * gets (the built-in one's). A profile valid for an earlier version stays valid: ADD A NEW
 * FIELD HERE (or make it optional in the shape), never as a bare required field; the
 * fixtures in tests/unit/profile/fixtures/ (every format shipped) prove it.
 */
const ADDED_FIELDS: { path: string[]; value: () => unknown }[] = [
  { path: ['network', 'media', 'codecs'], value: () => [...BUILTIN_PROFILE.network.media.codecs] },
  { path: ['bandwidth', 'measureMs'], value: () => BUILTIN_PROFILE.bandwidth.measureMs },
  { path: ['timeouts', 'probeMs'], value: () => BUILTIN_PROFILE.timeouts.probeMs },
  { path: ['history'], value: () => ({ ...BUILTIN_PROFILE.history }) },
  { path: ['hardware', 'ramTolerance'], value: () => BUILTIN_PROFILE.hardware.ramTolerance },
  { path: ['bandwidth', 'pings'], value: () => BUILTIN_PROFILE.bandwidth.pings },
  { path: ['timeouts', 'popupTestMaxAgeHours'], value: () => BUILTIN_PROFILE.timeouts.popupTestMaxAgeHours },
  // The whole section, then each field of a section written partly (deepest last).
  { path: ['devices'], value: () => structuredClone(BUILTIN_PROFILE.devices) },
  { path: ['devices', 'resolutions'], value: () => structuredClone(BUILTIN_PROFILE.devices.resolutions) },
  { path: ['devices', 'minFps'], value: () => BUILTIN_PROFILE.devices.minFps },
  { path: ['devices', 'call'], value: () => ({ ...BUILTIN_PROFILE.devices.call }) },
  ...(['durationMs', 'minWidth', 'minHeight', 'minFps', 'maxLossPct'] as const).map((key) => ({
    path: ['devices', 'call', key],
    value: () => BUILTIN_PROFILE.devices.call[key],
  })),
];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A copy of the document with each added field its older format lacks set to its default. */
function withAddedFields(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const copy = structuredClone(value);
  for (const { path, value: fallback } of ADDED_FIELDS) {
    let parent: unknown = copy;
    for (const key of path.slice(0, -1)) parent = isRecord(parent) && hasOwn(parent, key) ? parent[key] : undefined;
    const last = path[path.length - 1]!;
    if (isRecord(parent) && (!hasOwn(parent, last) || parent[last] === undefined)) parent[last] = fallback();
  }
  return copy;
}

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

/**
 * `ok` with the warnings (unknown fields) it carries, or not `ok` with every issue, errors
 * and warnings alike (warnings have `severity: 'warning'`).
 */
export type ValidationResult =
  { ok: true; profile: Profile; warnings: SchemaIssue[] } | { ok: false; issues: SchemaIssue[] };

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
  value = withAddedFields(value);
  const valid = profileValidator(value, '', issues);
  return valid && issues.every((issue) => issue.severity === 'warning')
    ? { ok: true, profile: value as Profile, warnings: issues }
    : { ok: false, issues };
}
