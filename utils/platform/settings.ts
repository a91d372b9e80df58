import { browser } from 'wxt/browser';
import type { QuickFixAction } from '../engine/types';
import { readProxyValue, type ChromeProxyValue } from '../net/proxy';
import { optional } from './optional';
import type { ProxySettings } from './types';

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

/** `https://host:port` → the content-settings / match pattern of that host, any port. */
export const originPattern = (origin: string) => `${new URL(origin).protocol}//${new URL(origin).hostname}/*`;

export async function appTabZoom(origins: string[]): Promise<{ tabId: number; origin: string; zoom: number }[]> {
  const hosts = new Set(origins.map((o) => new URL(o).hostname));
  // Host permissions let the extension see the URL of these tabs only (no "tabs" permission).
  const tabs = await browser.tabs.query({ url: origins.map((o) => `*://${new URL(o).hostname}/*`) });
  const open = tabs.filter((tab) => tab.id !== undefined && tab.url && hosts.has(new URL(tab.url).hostname));
  return Promise.all(
    open.map(async (tab) => ({
      tabId: tab.id!,
      origin: new URL(tab.url!).origin,
      zoom: Math.round((await browser.tabs.getZoom(tab.id!)) * 100) / 100,
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

const list = (value: string | number | undefined) =>
  String(value ?? '')
    .split(' ')
    .filter(Boolean);

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
    case 'zoom-reset':
      for (const tab of list(action.params?.tabs)) {
        // A tab closed since the check ran is simply gone.
        await optional(() => browser.tabs.setZoom(Number(tab), 1));
      }
      return;
  }
}
