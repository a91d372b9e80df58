import type { Check, Outcome } from '../engine/types';
import { originPattern } from '../platform/settings';

/**
 * WEB-POPUP (§1.3.3): the pop-up blocker is off, or lets the app's origins open windows.
 * Chrome/Edge expose the per-URL pop-up content setting; an extension may allow the app's
 * patterns (Quick Fix). An enterprise policy outranks an extension: when the setting still
 * reads "block" after the Quick Fix, the row says a policy decides. Firefox has no API for
 * pop-up exceptions: the check says "manual" with the exact steps.
 */
export const popupsCheck: Check = {
  id: 'popups',
  covers: ['WEB-POPUP'],
  category: 'browser',
  messages: ['pass', 'blocked', 'unseen', 'fix_quick', 'fix_settings', 'fix_ask_it', 'fix_firefox'],
  async run({ profile, platform }): Promise<Outcome> {
    const origins = profile.app.origins;
    const settings = await Promise.all(origins.map((origin) => platform.popupSetting(`${origin}/`)));
    const params = { origins: origins.join(', ') };
    if (origins.length === 0 || settings.some((s) => s === undefined))
      return {
        status: 'manual',
        message: 'unseen',
        params,
        evidence: {},
        fixes: [{ key: 'fix_firefox', params }],
        manual: { unmetStatus: 'fail' },
      };
    const evidence = Object.fromEntries(origins.map((origin, i) => [origin, settings[i]!]));
    const blocked = origins.filter((_, i) => settings[i] === 'block');
    if (blocked.length === 0) return { status: 'pass', message: 'pass', params, evidence };
    const blockedParams = { origins: blocked.join(', ') };
    return {
      status: 'fail',
      message: 'blocked',
      params: blockedParams,
      evidence,
      fixes: [
        {
          key: 'fix_quick',
          params: blockedParams,
          action: { id: 'popups-allow', params: { patterns: blocked.map(originPattern).join(' ') } },
        },
        { key: 'fix_settings', params: blockedParams },
        { key: 'fix_ask_it', params: blockedParams },
      ],
    };
  },
};
