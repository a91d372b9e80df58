import { browser } from 'wxt/browser';
import { httpProbe } from './http';
import { rtc } from './offscreen';
import type { CpuFacts, FirefoxInfo, PageFacts, Platform, ScreenFacts, UserAgentFacts } from './types';

/**
 * Chromium-only namespaces that webextension-polyfill does not describe. Chrome returns
 * promises from them in Manifest V3. Typed here, the only place that calls them.
 */
interface ChromeSystem {
  memory?: { getInfo(): Promise<{ capacity: number }> };
  cpu?: { getInfo(): Promise<{ modelName: string; archName: string; numOfProcessors: number }> };
  display?: {
    getInfo(): Promise<
      {
        isPrimary: boolean;
        bounds: { width: number; height: number };
        modes?: {
          widthInNativePixels: number;
          heightInNativePixels: number;
          deviceScaleFactor: number;
          isSelected: boolean;
        }[];
      }[]
    >;
  };
}

interface UADataLike {
  brands?: { brand: string; version: string }[];
  mobile?: boolean;
  platform?: string;
  getHighEntropyValues?(hints: string[]): Promise<Record<string, unknown>>;
}

export const chromeSystem = (): ChromeSystem | undefined =>
  (globalThis as { chrome?: { system?: ChromeSystem } }).chrome?.system;

/** Swallows the absence of an API (wrong browser, missing permission) as "not seen". */
async function optional<T>(read: () => Promise<T> | undefined): Promise<T | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}

async function userAgent(): Promise<UserAgentFacts> {
  const uaData = (navigator as Navigator & { userAgentData?: UADataLike }).userAgentData;
  const facts: UserAgentFacts = { userAgent: navigator.userAgent };
  if (!uaData) return facts;
  if (uaData.brands) facts.brands = uaData.brands;
  if (uaData.platform) facts.platform = uaData.platform;
  if (uaData.mobile !== undefined) facts.mobile = uaData.mobile;
  const high = await optional(() =>
    uaData.getHighEntropyValues?.(['fullVersionList', 'platformVersion', 'architecture', 'bitness']),
  );
  if (Array.isArray(high?.fullVersionList)) facts.fullVersionList = high.fullVersionList as UserAgentFacts['brands'];
  for (const key of ['platformVersion', 'architecture', 'bitness'] as const) {
    if (typeof high?.[key] === 'string') facts[key] = high[key];
  }
  return facts;
}

async function systemScreen(): Promise<ScreenFacts | undefined> {
  const displays = await optional(() => chromeSystem()?.display?.getInfo());
  const primary = displays?.find((d) => d.isPrimary) ?? displays?.[0];
  if (!displays || !primary) return undefined;
  const mode = primary.modes?.find((m) => m.isSelected);
  return {
    source: 'system.display',
    width: primary.bounds.width,
    height: primary.bounds.height,
    scaleFactor: mode?.deviceScaleFactor ?? 1,
    ...(mode && { nativeWidth: mode.widthInNativePixels, nativeHeight: mode.heightInNativePixels }),
    displayCount: displays.length,
  };
}

/**
 * The workstation as this browser shows it. `page` holds the facts the page that started
 * the run measured (see PageFacts); when the run has none, those checks say "manual".
 */
export function createBrowserPlatform(page: PageFacts): Platform {
  return {
    userAgent,
    firefoxInfo: () =>
      optional(() => (browser.runtime as { getBrowserInfo?: () => Promise<FirefoxInfo> }).getBrowserInfo?.()),
    screen: async () => (await systemScreen()) ?? undefined,
    memoryCapacity: async () => (await optional(() => chromeSystem()?.memory?.getInfo()))?.capacity,
    cpu: () => optional<CpuFacts | undefined>(() => chromeSystem()?.cpu?.getInfo()),
    storageEstimate: () => optional(() => navigator.storage?.estimate()),
    page: () => page,
    warmUp: rtc.warmUp,
    passwordSaving: () =>
      optional(async () => {
        const setting = await browser.privacy.services.passwordSavingEnabled.get({});
        return { value: Boolean(setting.value), levelOfControl: String(setting.levelOfControl) };
      }),
    httpProbe,
    iceProbe: rtc.iceProbe,
    mediaPath: rtc.mediaPath,
  };
}

/** Measured by the page that starts a run (popup, report tab, test harness). */
export async function measurePageFacts(): Promise<PageFacts> {
  const nav = navigator as Navigator & { deviceMemory?: number; pdfViewerEnabled?: boolean };
  const facts: PageFacts = {
    screen: {
      width: screen.width,
      height: screen.height,
      availWidth: screen.availWidth,
      availHeight: screen.availHeight,
    },
    devicePixelRatio: devicePixelRatio,
    hardwareConcurrency: nav.hardwareConcurrency,
    language: nav.language,
  };
  if (nav.deviceMemory !== undefined) facts.deviceMemory = nav.deviceMemory;
  if (nav.pdfViewerEnabled !== undefined) facts.pdfViewerEnabled = nav.pdfViewerEnabled;
  const tab = await optional(() => browser.tabs.getCurrent());
  const zoom = tab?.id === undefined ? undefined : await optional(() => browser.tabs.getZoom(tab.id));
  if (zoom !== undefined) facts.pageZoom = zoom;
  const devices = await optional(() => navigator.mediaDevices?.enumerateDevices());
  if (devices) {
    const count = (kind: MediaDeviceKind) => devices.filter((d) => d.kind === kind).length;
    facts.mediaDevices = {
      videoinput: count('videoinput'),
      audioinput: count('audioinput'),
      audiooutput: count('audiooutput'),
    };
  }
  return facts;
}
