/**
 * Quick Fixes: what a row's button does after the user clicks (utils/platform/settings.ts
 * runs it). Their own module, so the platform ports (which apply them) and the engine types
 * (which carry them on a row) both depend on it without depending on each other.
 */

/** Change a setting, or (`popups-probe`) run a test that has visible side effects and is never automatic. */
export type QuickFixId = 'passwords-off' | 'popups-allow' | 'zoom-reset' | 'popups-probe';

/** A change is applied then read back; a test only observes (its button and note say so). */
export const QUICK_FIX_KIND: Record<QuickFixId, 'change' | 'test'> = {
  'passwords-off': 'change',
  'popups-allow': 'change',
  'zoom-reset': 'change',
  'popups-probe': 'test',
};

export interface QuickFixAction {
  id: QuickFixId;
  /** Same shape as a message's `Params` (utils/engine/types.ts). */
  params?: Record<string, string | number>;
}

/** What came of a Quick Fix: `ok` only when the re-run check, reading the setting back, passed. */
export interface QuickFixResult {
  id: QuickFixId;
  at: number;
  ok: boolean;
  /** The browser's refusal, when setting it threw. */
  error?: string;
}
