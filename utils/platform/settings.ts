import { browser } from 'wxt/browser';
import type { QuickFixAction } from '../engine/quickfix';
import { readProxyValue, type ChromeProxyValue } from '../net/proxy';
import { optional } from './optional';
import type { PopupProbe, ProxySettings } from './types';

/**
 * Browser settings the configuration checks read, and the Quick Fixes that change them.
 * Every change happens only after the user clicked; the check re-run reads it back.
 */

interface ChromeContentSetting {
  get(details: { primaryUrl: string }): Promise<{ setting: string }>;
  set(details: { primaryPattern: string; setting: string }): Promise<void>;
}

/** Chromium's contentSettings (no Firefox equivalent; webextension-polyfill does not type it). */
const popups = (): ChromeContentSetting | undefined =>
  (globalThis as { chrome?: { contentSettings?: { popups?: ChromeContentSetting } } }).chrome?.contentSettings?.popups;

export async function popupSetting(url: string): Promise<'allow' | 'block' | undefined> {
  const api = popups();
  if (!api) return undefined;
  const { setting } = await api.get({ primaryUrl: url });
  return setting === 'allow' ? 'allow' : 'block';
}

export async function appTabZoom(origins: string[]): Promise<{ tabId: number; origin: string; zoom: number }[]> {
  const hosts = new Set(origins.map((o) => new URL(o).hostname));
  // Host permissions (HTTPS, like the origins) let the extension see the URL of these tabs only (no "tabs" permission).
  const tabs = await browser.tabs.query({
    url: origins.map((o) => `${new URL(o).protocol}//${new URL(o).hostname}/*`),
  });
  const open = tabs.filter((tab) => tab.id !== undefined && tab.url && hosts.has(new URL(tab.url).hostname));
  return Promise.all(
    open.map(async (tab) => ({
      tabId: tab.id!,
      origin: new URL(tab.url!).origin,
      zoom: await browser.tabs.getZoom(tab.id!),
    })),
  );
}

export async function proxySettings(): Promise<ProxySettings | undefined> {
  const api = (
    browser as unknown as {
      proxy?: { settings?: { get(d: object): Promise<{ value: unknown; levelOfControl: string }> } };
    }
  ).proxy?.settings;
  if (!api) return undefined;
  const { value, levelOfControl } = await api.get({});
  return readProxyValue(value as ChromeProxyValue, levelOfControl);
}

/** Default zoom of new pages, read through the active tab (any tab carries it). */
export async function defaultZoom(): Promise<number | undefined> {
  const settings = await browser.tabs.getZoomSettings();
  return typeof settings.defaultZoomFactor === 'number' ? settings.defaultZoomFactor : undefined;
}

const list = (value: string | number | undefined) =>
  String(value ?? '')
    .split(' ')
    .filter(Boolean);

const POPUP_PROBE_KEY = 'popupProbe';

/** Waits until a tab has loaded (bounded), and returns its final URL. */
function tabLoaded(tabId: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const done = (url: string | undefined) => {
      clearTimeout(timer);
      browser.tabs.onUpdated.removeListener(listener);
      resolve(url);
    };
    const listener = (id: number, change: { status?: string }, tab: { url?: string }) => {
      if (id === tabId && change.status === 'complete') done(tab.url);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    browser.tabs.onUpdated.addListener(listener);
  });
}

/**
 * Firefox's pop-up test, run only after the user's click: each app origin opens in a
 * background tab, the probe script asks for a pop-up without a gesture, the tab closes.
 * Results are kept (with their time) for the popups check to read.
 */
async function probePopups(origins: string[], timeoutMs: number): Promise<void> {
  const results: Record<string, string> = {};
  for (const origin of origins) {
    const tab = await browser.tabs.create({ url: `${origin}/`, active: false });
    try {
      const url = await tabLoaded(tab.id!, timeoutMs);
      // Words the evidence panel labels (utils/i18n/evidence.ts); addresses and errors are data.
      if (!url) results[origin] = 'not loaded';
      else if (new URL(url).origin !== origin) results[origin] = `→ ${new URL(url).origin}`;
      else {
        const outcome = await browser.tabs.executeScript(tab.id!, { file: '/popup-probe.js' });
        results[origin] = String(outcome?.[0]);
      }
    } catch (error) {
      results[origin] = `✕ ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      await optional(() => browser.tabs.remove(tab.id!));
    }
  }
  await browser.storage.local.set({ [POPUP_PROBE_KEY]: { at: Date.now(), results } satisfies PopupProbe });
}

export async function popupProbe(): Promise<PopupProbe | undefined> {
  return (await browser.storage.local.get(POPUP_PROBE_KEY))[POPUP_PROBE_KEY] as PopupProbe | undefined;
}

export async function applyQuickFix(action: QuickFixAction): Promise<void> {
  switch (action.id) {
    case 'passwords-off': {
      // Firefox resolves `false` instead of throwing when it may not change the setting.
      const changed: unknown = await browser.privacy.services.passwordSavingEnabled.set({ value: false });
      if (changed === false) throw new Error('the browser refused the change');
      return;
    }
    case 'popups-allow': {
      const api = popups();
      if (!api) throw new Error('no contentSettings API in this browser');
      for (const pattern of list(action.params?.patterns)) await api.set({ primaryPattern: pattern, setting: 'allow' });
      return;
    }
    case 'popups-probe':
      return probePopups(list(action.params?.origins), Number(action.params?.timeoutMs) || 10_000);
    case 'zoom-reset':
      for (const tab of list(action.params?.tabs)) {
        // A tab closed since the check ran is simply gone.
        await optional(() => browser.tabs.setZoom(Number(tab), 1));
      }
      return;
  }
}
