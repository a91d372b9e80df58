import type { Confirmation, Diagnostic } from '../engine/types';
import { parseReporting } from '../reporting/config';
import type { ProfileProblem } from './types';

/**
 * Managed settings other than the profile, each its own key of the enterprise policy so an
 * admin sets one without rewriting the rest:
 * - `labels`: free text naming the workstation (e.g. `{ "site": "CHU Nord", "room": "B12" }`),
 *   printed in the report header so a ticket says where it came from;
 * - `allowUserProfiles`: `false` locks out imported profiles (the options page says why).
 * - `attestations`: IT's answers to manual items (see `Attestation`), keyed by the manual
 *   check's id (`manual-java`) or by a requirement ID (`WEB-JAVA`).
 * - `reporting`: where runs are reported (utils/reporting/config.ts): validated here for its
 *   problems only.
 * - `schedule`: background checks (see `ScheduleSetting`); `'invalid'` when set but malformed:
 *   then no scheduled check at all (the admin meant to decide, so the user cannot turn one on).
 * A malformed value is reported as a warning and ignored, except `allowUserProfiles`, which
 * locks when it is set to anything but `true` (an admin who set it meant to lock).
 */
export interface ManagedSettings {
  labels?: Record<string, string>;
  allowUserProfiles: boolean;
  attestations?: Record<string, Attestation>;
  schedule?: ScheduleSetting | 'invalid';
}

/**
 * Scheduled checks set by IT: a run every `everyMinutes` (absent: none), and one at each
 * browser start when `onStartup`; that one waits a random delay of up to `jitterMinutes`
 * (default 10) so a fleet started at 8:00 does not check at once. Neither: off by policy.
 */
export interface ScheduleSetting {
  everyMinutes?: number;
  onStartup: boolean;
  jitterMinutes: number;
}

export const SCHEDULE_BOUNDS = {
  everyMinutes: { min: 30, max: 10_080 },
  jitterMinutes: { min: 0, max: 60 },
} as const;
export const SCHEDULE_DEFAULT_JITTER_MINUTES = 10;

/** IT's answer to one manual item: `at` is when IT checked (ms since epoch, from a date). */
export interface Attestation {
  answer: 'yes' | 'no';
  by: string;
  at: number;
}

export const ATTESTATIONS_MAX = 50;
const ATTESTATION_KEY = /^(manual-[a-z0-9-]+|[A-Z]+(-[A-Z0-9]+)+)$/;
/** `2026-03-02`, or a full ISO date and time. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

export const LABELS_MAX = 10;
export const LABEL_TEXT_MAX = 100;

/** A problem of a managed setting: a warning (the setting is left out, the rest applies). */
export const warning = (path: string, key: string, params?: ProfileProblem['params']): ProfileProblem => ({
  source: 'managed',
  path,
  key,
  ...(params && { params }),
  severity: 'warning',
});

export const typeName = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** An object, or an object given as JSON text (Chrome's registry and some consoles carry objects so). */
function readObject(raw: unknown, path: string, problems: ProfileProblem[]): Record<string, unknown> | undefined {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      problems.push(warning(path, 'schema_expected_object', { got: 'string' }));
      return undefined;
    }
  }
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(warning(path, 'schema_expected_object', { got: typeName(value) }));
    return undefined;
  }
  return value as Record<string, unknown>;
}

/** Each well-formed attestation; a malformed one is a warning and left out (the item is asked). */
function parseAttestations(raw: unknown, problems: ProfileProblem[]): Record<string, Attestation> | undefined {
  const record = readObject(raw, 'attestations', problems);
  if (!record) return undefined;
  const entries = Object.entries(record);
  if (entries.length > ATTESTATIONS_MAX)
    problems.push(warning('attestations', 'schema_too_many_items', { count: entries.length, max: ATTESTATIONS_MAX }));
  const kept: Record<string, Attestation> = {};
  for (const [key, value] of entries.slice(0, ATTESTATIONS_MAX)) {
    const path = `attestations.${key.slice(0, LABEL_TEXT_MAX)}`;
    if (!ATTESTATION_KEY.test(key)) {
      problems.push(warning(path, 'schema_expected_requirement_id', { value: key.slice(0, LABEL_TEXT_MAX) }));
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(warning(path, 'schema_expected_object', { got: typeName(value) }));
      continue;
    }
    const { answer, by, at } = value as Record<string, unknown>;
    const time = typeof at === 'string' && ISO_DATE.test(at) ? Date.parse(at) : NaN;
    if (answer !== 'yes' && answer !== 'no')
      problems.push(
        warning(`${path}.answer`, 'schema_expected_one_of', {
          value: typeof answer === 'string' ? answer.slice(0, LABEL_TEXT_MAX) : typeName(answer),
          allowed: 'yes, no',
        }),
      );
    else if (typeof by !== 'string' || by.trim() === '')
      problems.push(warning(`${path}.by`, 'schema_expected_string', { got: typeName(by) }));
    else if (by.length > LABEL_TEXT_MAX)
      problems.push(warning(`${path}.by`, 'schema_too_long', { length: by.length, max: LABEL_TEXT_MAX }));
    else if (!Number.isFinite(time))
      problems.push(
        warning(`${path}.at`, 'schema_bad_format', {
          value: typeof at === 'string' ? at.slice(0, LABEL_TEXT_MAX) : typeName(at),
        }),
      );
    else kept[key] = { answer, by: by.replace(/\s+/g, ' ').trim(), at: time };
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/**
 * IT's answer to a manual item, if the attestations give one: by the item's check id, or
 * else by every requirement ID the item covers (an item covering several requirements is
 * attested only when all of them are; one "no" among them makes the answer "no").
 */
export function attestationFor(
  diagnostic: Pick<Diagnostic, 'checkId' | 'covers'>,
  attestations: Record<string, Attestation> | undefined,
): Confirmation | undefined {
  if (!attestations) return undefined;
  const direct = attestations[diagnostic.checkId];
  const parts = direct ? [direct] : diagnostic.covers.map((id) => attestations[id]);
  if (parts.length === 0 || !parts.every((part): part is Attestation => part !== undefined)) return undefined;
  return {
    answer: parts.some((part) => part.answer === 'no') ? 'no' : 'yes',
    at: Math.max(...parts.map((part) => part.at)),
    source: 'policy',
    by: [...new Set(parts.map((part) => part.by))].join(', '),
  };
}

/** The managed `schedule`: all or nothing (one bad field turns scheduling off and is reported). */
function parseSchedule(raw: unknown, problems: ProfileProblem[]): ScheduleSetting | 'invalid' | undefined {
  if (raw === undefined) return undefined;
  const before = problems.length;
  const record = readObject(raw, 'schedule', problems);
  if (!record) return 'invalid';
  const setting: ScheduleSetting = { onStartup: false, jitterMinutes: SCHEDULE_DEFAULT_JITTER_MINUTES };
  for (const [name, value] of Object.entries(record)) {
    const path = `schedule.${name.slice(0, LABEL_TEXT_MAX)}`;
    if (name === 'onStartup') {
      if (typeof value === 'boolean') setting.onStartup = value;
      else problems.push(warning(path, 'schema_expected_boolean', { got: typeName(value) }));
    } else if (name === 'everyMinutes' || name === 'jitterMinutes') {
      const { min, max } = SCHEDULE_BOUNDS[name];
      if (typeof value !== 'number') problems.push(warning(path, 'schema_expected_number', { got: typeName(value) }));
      else if (!Number.isInteger(value)) problems.push(warning(path, 'schema_expected_integer', { value }));
      else if (value < min || value > max) problems.push(warning(path, 'schema_out_of_range', { value, min, max }));
      else setting[name] = value;
    } else problems.push(warning(path, 'schema_unknown_field'));
  }
  const invalid = problems.slice(before).some((problem) => problem.key !== 'schema_unknown_field');
  return invalid ? 'invalid' : setting;
}

/** Reads the raw managed keys (as `storage.managed.get()` returns them) into settings and warnings. */
export function parseManagedSettings(raw: Record<string, unknown>): {
  settings: ManagedSettings;
  problems: ProfileProblem[];
} {
  const problems: ProfileProblem[] = [];
  const settings: ManagedSettings = { allowUserProfiles: true };

  const labels = readObject(raw.labels, 'labels', problems);
  if (labels) {
    const entries = Object.entries(labels);
    if (entries.length > LABELS_MAX)
      problems.push(warning('labels', 'schema_too_many_items', { count: entries.length, max: LABELS_MAX }));
    const kept: Record<string, string> = {};
    for (const [name, value] of entries.slice(0, LABELS_MAX)) {
      if (typeof value !== 'string' || value.trim() === '')
        problems.push(warning(`labels.${name}`, 'schema_expected_string', { got: typeName(value) }));
      else if (value.length > LABEL_TEXT_MAX || name.length > LABEL_TEXT_MAX)
        problems.push(
          warning(`labels.${name.slice(0, LABEL_TEXT_MAX)}`, 'schema_too_long', {
            length: Math.max(value.length, name.length),
            max: LABEL_TEXT_MAX,
          }),
        );
      else kept[name] = value.replace(/\s+/g, ' ').trim();
    }
    if (Object.keys(kept).length > 0) settings.labels = kept;
  }

  const attestations = parseAttestations(raw.attestations, problems);
  if (attestations) settings.attestations = attestations;

  // `reporting` is read by the background on its own (its headers are secrets and stay out of
  // the resolved profile); only what is wrong with it is reported here, like the other keys.
  problems.push(...parseReporting(raw.reporting).problems);
  const schedule = parseSchedule(raw.schedule, problems);
  if (schedule) settings.schedule = schedule;

  const allow = raw.allowUserProfiles;
  if (allow !== undefined) {
    settings.allowUserProfiles = allow === true;
    if (typeof allow !== 'boolean')
      problems.push(warning('allowUserProfiles', 'schema_expected_boolean', { got: typeName(allow) }));
  }
  return { settings, problems };
}

/** "room: B12, site: CHU Nord": the labels on one line, by name (Chromium's policy store sorts them anyway). */
export const formatLabels = (labels: Record<string, string>): string =>
  Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}: ${value}`)
    .join(', ');
