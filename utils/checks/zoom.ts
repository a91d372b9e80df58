import { defineCheck } from '../engine/check';
import type { CheckContext } from '../engine/types';
import type { BrowserSettings } from '../platform/types';

const percent = (factor: number) => Math.round(factor * 100);
const isHundred = (factor: number) => Math.abs(factor - 1) < 0.005;

/**
 * WEB-SCALE, browser-zoom part (§1.2): the app is displayed at 100 %. The zoom of every open
 * tab of the app's origins is read; a Quick Fix puts them back to 100 %. With no app tab
 * open there is nothing to read: the row says "manual" with the keyboard shortcut.
 */
export const zoomCheck = defineCheck({
  id: 'zoom',
  covers: ['WEB-SCALE'],
  category: 'display',
  messages: ['pass', 'zoomed', 'no_tab', 'default_zoomed', 'fix_quick', 'fix_keyboard', 'fix_default'],
  async run({ profile, platform }: CheckContext<BrowserSettings>) {
    const [tabs, fallback] = await Promise.all([platform.appTabZoom(profile.app.origins), platform.defaultZoom()]);
    const evidence = {
      appTabs: tabs.map((tab) => `${tab.origin}: ${percent(tab.zoom)} %`),
      ...(fallback !== undefined && { defaultZoomPercent: percent(fallback) }),
    };
    // No app tab: the browser's default zoom is what the app will open at (unless a zoom was kept for its site).
    if (tabs.length === 0 && fallback !== undefined && !isHundred(fallback))
      return {
        status: 'warn',
        message: 'default_zoomed',
        params: { zoom: percent(fallback) },
        evidence,
        fixes: [{ key: 'fix_default' }],
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
    const zoomed = tabs.filter((tab) => !isHundred(tab.zoom));
    if (zoomed.length === 0) return { status: 'pass', message: 'pass', params: { count: tabs.length }, evidence };
    const params = { zooms: zoomed.map((tab) => `${tab.origin} ${percent(tab.zoom)} %`).join(', ') };
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
});
