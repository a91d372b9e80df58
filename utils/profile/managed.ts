import type { ProfileProblem } from './types';

/**
 * Managed settings other than the profile, each its own key of the enterprise policy so an
 * admin sets one without rewriting the rest:
 * - `labels`: free text naming the workstation (e.g. `{ "site": "CHU Nord", "room": "B12" }`),
 *   printed in the report header so a ticket says where it came from;
 * - `allowUserProfiles`: `false` locks out imported profiles (the options page says why).
 * A malformed value is reported as a warning and ignored, except `allowUserProfiles`, which
 * locks when it is set to anything but `true` (an admin who set it meant to lock).
 */
export interface ManagedSettings {
  labels?: Record<string, string>;
  allowUserProfiles: boolean;
}

export const LABELS_MAX = 10;
export const LABEL_TEXT_MAX = 100;

const warning = (path: string, key: string, params?: ProfileProblem['params']): ProfileProblem => ({
  source: 'managed',
  path,
  key,
  ...(params && { params }),
  severity: 'warning',
});

const typeName = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Reads the raw managed keys (as `storage.managed.get()` returns them) into settings and warnings. */
export function parseManagedSettings(raw: Record<string, unknown>): {
  settings: ManagedSettings;
  problems: ProfileProblem[];
} {
  const problems: ProfileProblem[] = [];
  const settings: ManagedSettings = { allowUserProfiles: true };

  let labels = raw.labels;
  // Chrome's registry and some consoles carry objects as JSON text.
  if (typeof labels === 'string') {
    try {
      labels = JSON.parse(labels);
    } catch {
      problems.push(warning('labels', 'schema_expected_object', { got: 'string' }));
      labels = undefined;
    }
  }
  if (labels !== undefined) {
    if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
      problems.push(warning('labels', 'schema_expected_object', { got: typeName(labels) }));
    } else {
      const entries = Object.entries(labels as Record<string, unknown>);
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
  }

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
