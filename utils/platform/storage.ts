import { browser } from 'wxt/browser';
import { rollup } from '../engine/rollup';
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
    browser.storage.managed.get().catch(() => ({}) as Record<string, unknown>),
    browser.storage.local.get(IMPORTED_PROFILE_KEY),
  ]);
  const { [MANAGED_PROFILE_KEY]: profile, ...settings } = managed;
  return { managed: profile, imported: local[IMPORTED_PROFILE_KEY], settings };
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

export async function saveLastRun(run: RunRecord): Promise<void> {
  await browser.storage.local.set({ [LAST_RUN_KEY]: run });
}

export async function clearLastRun(): Promise<void> {
  await browser.storage.local.remove(LAST_RUN_KEY);
}
