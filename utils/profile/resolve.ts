import { BUILTIN_PROFILE } from './builtin';
import { parseManagedSettings } from './managed';
import { validateProfile } from './schema';
import type { ProfileProblem, ResolvedProfile } from './types';

/** Raw profile documents as read from each source; `undefined` when the source has none. */
export interface ProfileInputs {
  /** `storage.managed` key `profile` (enterprise policy). */
  managed?: unknown;
  /** The profile imported on the options page (`storage.local`). */
  imported?: unknown;
  /** Every other managed key (`labels`, `allowUserProfiles`, `attestations`), raw. */
  settings?: Record<string, unknown>;
  /** What fetching `profileUrl` went through (bad URL, server unreachable, cached copy used): see remote.ts. */
  remoteProblems?: ProfileProblem[];
}

/**
 * Picks the active profile: managed policy > imported profile > built-in. A source that is
 * present but malformed is skipped, and its problems are returned so the UI can say which
 * field is wrong; nothing malformed is ever used. The source used may carry warnings
 * (unknown fields, e.g. from a newer version's profile): returned with `severity: 'warning'`.
 * The other managed settings come along: labels, IT's attestations, and whether imported profiles are allowed
 * (when not, an imported profile is ignored, never deleted).
 */
export function resolveProfile(inputs: ProfileInputs): ResolvedProfile {
  const { settings, problems: settingProblems } = parseManagedSettings(inputs.settings ?? {});
  const managed = {
    userProfilesAllowed: settings.allowUserProfiles,
    ...(settings.labels && { labels: settings.labels }),
    ...(settings.attestations && { attestations: settings.attestations }),
  };
  const problems: ProfileProblem[] = [...settingProblems, ...(inputs.remoteProblems ?? [])];
  const sources = settings.allowUserProfiles ? (['managed', 'imported'] as const) : (['managed'] as const);
  for (const source of sources) {
    const raw = inputs[source];
    if (raw === undefined || raw === null || raw === '') continue;
    const result = validateProfile(raw);
    if (result.ok)
      return {
        profile: result.profile,
        source,
        problems: [...problems, ...result.warnings.map((warning) => ({ ...warning, source }))],
        ...managed,
      };
    problems.push(...result.issues.map((issue) => ({ ...issue, source })));
  }
  return { profile: BUILTIN_PROFILE, source: 'builtin', problems, ...managed };
}
