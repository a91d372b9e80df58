import { browser } from 'wxt/browser';
import type { ProfileInputs } from '../profile/resolve';
import { IMPORTED_PROFILE_KEY, LAST_RUN_KEY, type RunRecord } from '../run/types';

/** Key of the enterprise policy (managed storage) that carries a profile. */
export const MANAGED_PROFILE_KEY = 'profile';

/**
 * Reads the raw profile sources. Firefox rejects storage.managed.get() when no policy
 * exists ("Managed storage manifest not found"); Chromium answers {}. Both mean "none".
 */
export async function readProfileInputs(): Promise<ProfileInputs> {
  const [managed, local] = await Promise.all([
    browser.storage.managed.get(MANAGED_PROFILE_KEY).catch(() => ({}) as Record<string, unknown>),
    browser.storage.local.get(IMPORTED_PROFILE_KEY),
  ]);
  return { managed: managed[MANAGED_PROFILE_KEY], imported: local[IMPORTED_PROFILE_KEY] };
}

export async function saveImportedProfile(profile: unknown | undefined): Promise<void> {
  if (profile === undefined) await browser.storage.local.remove(IMPORTED_PROFILE_KEY);
  else await browser.storage.local.set({ [IMPORTED_PROFILE_KEY]: profile });
}

export async function loadLastRun(): Promise<RunRecord | undefined> {
  const stored = await browser.storage.local.get(LAST_RUN_KEY);
  return stored[LAST_RUN_KEY] as RunRecord | undefined;
}

export async function saveLastRun(run: RunRecord): Promise<void> {
  await browser.storage.local.set({ [LAST_RUN_KEY]: run });
}

export async function clearLastRun(): Promise<void> {
  await browser.storage.local.remove(LAST_RUN_KEY);
}
