import { browser } from 'wxt/browser';
import { rollup } from '../engine/rollup';
import { readBounded } from './bounded';
import {
  PROFILE_URL_KEY,
  PROFILE_URL_MAX_BYTES,
  PROFILE_URL_TIMEOUT_MS,
  chooseRemoteProfile,
  planProfileUrl,
  type CachedProfile,
  type Fetched,
} from '../profile/remote';
import type { ProfileInputs } from '../profile/resolve';
import { buildSnapshot } from '../report/snapshot';
import { DEVICE_TEST_KEY, type DeviceTestRecord } from '../devices/types';
import { IMPORTED_PROFILE_KEY, LAST_RUN_KEY, type RunRecord } from '../run/types';
import { t } from './i18n';
import { extensionVersion } from './messaging';
import { clearSnapshot, SNAPSHOT_MESSAGE, storeSnapshot } from './snapshot';

/** Key of the enterprise policy (managed storage) that carries a profile. */
export const MANAGED_PROFILE_KEY = 'profile';

/** storage.local key of the last good copy of the profile fetched from `profileUrl`. */
export const PROFILE_URL_CACHE_KEY = 'profileUrlCache';

/**
 * Fetches the profile document from `url`: bounded in time and size, never cached by the
 * browser, no cookies. No host permission: the server must answer with CORS headers allowing
 * the extension.
 */
async function fetchProfileText(url: string): Promise<Fetched> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PROFILE_URL_TIMEOUT_MS);
  try {
    const response = await fetch(url, { cache: 'no-store', credentials: 'omit', signal: controller.signal });
    if (!response.ok) return { ok: false, status: response.status };
    const body = await readBounded(response, PROFILE_URL_MAX_BYTES, () => controller.abort());
    return 'text' in body ? { ok: true, text: body.text } : { ok: false, tooLarge: true };
  } catch {
    return { ok: false };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Reads the raw profile sources. Firefox rejects storage.managed.get() when no policy
 * exists ("Managed storage manifest not found"); Chromium answers {}. Both mean "none".
 * With `profileUrl` (and no `profile` key), the profile is fetched from there; the last good
 * copy is kept and used, with its age, when the server does not give a valid one.
 */
export async function readProfileInputs(): Promise<ProfileInputs> {
  const [managed, local] = await Promise.all([
    browser.storage.managed.get().catch(() => ({}) as Record<string, unknown>),
    browser.storage.local.get([IMPORTED_PROFILE_KEY, PROFILE_URL_CACHE_KEY]),
  ]);
  const { [MANAGED_PROFILE_KEY]: profile, [PROFILE_URL_KEY]: profileUrl, ...settings } = managed;
  const inputs: ProfileInputs = { managed: profile, imported: local[IMPORTED_PROFILE_KEY], settings };
  const plan = planProfileUrl(profileUrl, profile !== undefined && profile !== null && profile !== '');
  if (!plan.url) return { ...inputs, remoteProblems: plan.problems };
  const cached = local[PROFILE_URL_CACHE_KEY] as CachedProfile | undefined;
  const chosen = chooseRemoteProfile(plan.url, await fetchProfileText(plan.url), cached, Date.now());
  // A copy that cannot be kept (storage full) is still used for this run.
  if (chosen.save) await browser.storage.local.set({ [PROFILE_URL_CACHE_KEY]: chosen.save }).catch(() => undefined);
  return { ...inputs, managed: chosen.document, remoteProblems: chosen.problems };
}

export async function saveImportedProfile(profile: unknown | undefined): Promise<void> {
  if (profile === undefined) await browser.storage.local.remove(IMPORTED_PROFILE_KEY);
  else await browser.storage.local.set({ [IMPORTED_PROFILE_KEY]: profile });
}

/**
 * The last run, its verdict rolled up again from its diagnostics and answers: a run stored
 * by an earlier version that called "ready" a workstation with blocking questions open
 * shows (and badges) "pending" now. Same diagnostics, same rules: otherwise unchanged.
 */
export async function loadLastRun(): Promise<RunRecord | undefined> {
  const stored = await browser.storage.local.get(LAST_RUN_KEY);
  const run = stored[LAST_RUN_KEY] as RunRecord | undefined;
  if (run?.finishedAt) run.overall = rollup(run.diagnostics, true, run.planned);
  return run;
}

/**
 * Keeps what the popup's first frame shows of this finished run (utils/platform/snapshot.ts),
 * in the language of this context's messages: in this context's localStorage (Firefox's
 * background page when it stores a run, the popup whenever it shows a finished run), else
 * (Chrome's service worker has none) sent to the extension pages open, the offscreen
 * document included, which store it. No page open: the next popup paints the stored run.
 */
export async function rememberVerdict(run: RunRecord): Promise<void> {
  const build = () => buildSnapshot(run, t, extensionVersion());
  if (storeSnapshot(build)) return;
  await browser.runtime.sendMessage({ type: SNAPSHOT_MESSAGE, snapshot: build() ?? null }).catch(() => undefined);
}

export async function saveLastRun(run: RunRecord): Promise<void> {
  await browser.storage.local.set({ [LAST_RUN_KEY]: run });
  await rememberVerdict(run);
}

export async function clearLastRun(): Promise<void> {
  await browser.storage.local.remove(LAST_RUN_KEY);
  clearSnapshot();
}

/** What the device test page saw last (camera, microphone, speakers, call), read by the checks of every run. */
export async function saveDeviceTest(record: DeviceTestRecord): Promise<void> {
  await browser.storage.local.set({ [DEVICE_TEST_KEY]: record });
}

export async function loadDeviceTest(): Promise<DeviceTestRecord | undefined> {
  return (await browser.storage.local.get(DEVICE_TEST_KEY))[DEVICE_TEST_KEY] as DeviceTestRecord | undefined;
}
