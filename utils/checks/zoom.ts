import type { Check, Outcome } from '../engine/types';

/**
 * WEB-SCALE, browser-zoom part (§1.2): the app is displayed at 100 %. The zoom of every open
 * tab of the app's origins is read; a Quick Fix puts them back to 100 %. With no app tab
 * open there is nothing to read: the row says "manual" with the keyboard shortcut.
 */
export const zoomCheck: Check = {
  id: 'zoom',
  covers: ['WEB-SCALE'],
  category: 'display',
  messages: ['pass', 'zoomed', 'no_tab', 'fix_quick', 'fix_keyboard'],
  async run({ profile, platform }): Promise<Outcome> {
    const tabs = await platform.appTabZoom(profile.app.origins);
    const evidence = {
      appTabs: tabs.map((tab) => `${tab.origin} (tab ${tab.tabId}): ${Math.round(tab.zoom * 100)} %`),
    };
    if (tabs.length === 0)
      return {
        status: 'manual',
        message: 'no_tab',
        params: { origins: profile.app.origins.join(', ') },
        evidence,
        fixes: [{ key: 'fix_keyboard' }],
        manual: { unmetStatus: 'warn' },
      };
    const zoomed = tabs.filter((tab) => Math.abs(tab.zoom - 1) > 0.001);
    if (zoomed.length === 0) return { status: 'pass', message: 'pass', params: { count: tabs.length }, evidence };
    const params = { zooms: zoomed.map((tab) => `${tab.origin} ${Math.round(tab.zoom * 100)} %`).join(', ') };
    return {
      status: 'warn',
      message: 'zoomed',
      params,
      evidence,
      fixes: [
        { key: 'fix_quick', action: { id: 'zoom-reset', params: { tabs: zoomed.map((tab) => tab.tabId).join(' ') } } },
        { key: 'fix_keyboard' },
      ],
    };
  },
};
