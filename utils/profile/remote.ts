import { validateProfile } from './schema';
import type { ProfileProblem } from './types';

/**
 * `profileUrl`: a managed key naming an HTTPS address the profile is fetched from. Pure
 * decisions only (which URL, which copy, what to say); the fetch and the cache live in
 * utils/platform/. A `profile` key wins over `profileUrl`.
 */
export const PROFILE_URL_KEY = 'profileUrl';
/** How long the fetch may take before the cached copy is used instead. */
export const PROFILE_URL_TIMEOUT_MS = 5000;
/**
 * The largest document read from `profileUrl`. The biggest profile the validator accepts (every
 * list at its bound, every text at its length) is far below; anything larger is not a profile,
 * and reading it would fill memory and storage.local (10 MB) with the cached copy.
 */
export const PROFILE_URL_MAX_BYTES = 1024 * 1024;

/** The last good copy of the profile from `url` (kept in storage.local, used only for the same URL). */
export interface CachedProfile {
  url: string;
  text: string;
  fetchedAt: number;
}

/** What the fetch gave: the body of a 2xx answer, an HTTP error status, or no answer at all (offline, DNS, timeout). */
export type Fetched = { ok: true; text: string } | { ok: false; status?: number; tooLarge?: true };

const problem = (key: string, params: ProfileProblem['params'], severity?: 'warning'): ProfileProblem => ({
  source: 'managed',
  path: PROFILE_URL_KEY,
  key,
  params,
  ...(severity && { severity }),
});

const LOOPBACK = /^(localhost|\[::1\]|127(\.\d{1,3}){3})$/;

/**
 * The URL to fetch, if any: `https:`, or `http:` to this computer only (127.0.0.0/8, [::1],
 * localhost: tests and local servers). Anything else is a warning and ignored; so is
 * `profileUrl` when a `profile` key is set (the whole profile wins).
 */
export function planProfileUrl(raw: unknown, profileSet: boolean): { url?: string; problems: ProfileProblem[] } {
  if (raw === undefined || raw === null || raw === '') return { problems: [] };
  const value = typeof raw === 'string' ? raw.trim() : JSON.stringify(raw);
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const secure = url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK.test(url.hostname));
  if (!url || !secure || url.username || url.password)
    return { problems: [problem('profile_url_not_https', { value: value.slice(0, 200) }, 'warning')] };
  if (profileSet) return { problems: [problem('profile_url_ignored', { url: url.href }, 'warning')] };
  return { url: url.href, problems: [] };
}

/** An age as a count and its unit: minutes under an hour, hours under two days, days beyond. */
export function ageParts(ms: number): { unit: 'minutes' | 'hours' | 'days'; count: number } {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return { unit: 'minutes', count: minutes };
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? { unit: 'hours', count: hours } : { unit: 'days', count: Math.floor(hours / 24) };
}

/**
 * Which document to use: a fresh one that validates (and is cached), else the last good copy
 * for the same URL (with its age and why the fresh one was not used), else none (the next
 * source is used). A fresh document that does not validate is reported field by field and
 * never cached. Never throws.
 */
export function chooseRemoteProfile(
  url: string,
  fetched: Fetched,
  cached: CachedProfile | undefined,
  now: number,
): { document?: string; save?: CachedProfile; problems: ProfileProblem[] } {
  const problems: ProfileProblem[] = [];
  if (fetched.ok) {
    const result = validateProfile(fetched.text);
    if (result.ok) return { document: fetched.text, save: { url, text: fetched.text, fetchedAt: now }, problems };
    problems.push(...result.issues.map((issue) => ({ ...issue, source: 'managed' as const })));
  }
  const copy = cached?.url === url ? cached : undefined;
  const severity = copy ? 'warning' : undefined;
  if (copy) {
    const age = ageParts(now - copy.fetchedAt);
    problems.push(problem(`profile_url_cached_${age.unit}`, { url, age: age.count }, 'warning'));
  }
  if (!fetched.ok && fetched.tooLarge)
    problems.push(problem('profile_url_too_large', { url, megabytes: PROFILE_URL_MAX_BYTES / 1024 / 1024 }, severity));
  else if (!fetched.ok && fetched.status !== undefined)
    problems.push(problem('profile_url_http_error', { url, status: fetched.status }, severity));
  else if (!fetched.ok)
    problems.push(problem('profile_url_unreachable', { url, seconds: PROFILE_URL_TIMEOUT_MS / 1000 }, severity));
  else problems.push(problem('profile_url_invalid', { url }, severity));
  if (!copy) {
    problems.push(problem('profile_url_no_copy', { url }));
    return { problems };
  }
  return { document: copy.text, problems };
}
