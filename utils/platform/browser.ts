import { browser } from 'wxt/browser';
import { optional } from './optional';
import { cacheProbe, httpProbe } from './http';
import { rtc } from './offscreen';
import { loadDeviceTest } from './storage';
import { applyQuickFix, appTabZoom, defaultZoom, popupProbe, popupSetting, proxySettings } from './settings';
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

const chromeSystem = (): ChromeSystem | undefined =>
  (globalThis as { chrome?: { system?: ChromeSystem } }).chrome?.system;

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
    screen: systemScreen,
    memoryCapacity: async () => (await optional(() => chromeSystem()?.memory?.getInfo()))?.capacity,
    cpu: () => optional<CpuFacts | undefined>(() => chromeSystem()?.cpu?.getInfo()),
    storageEstimate: () => optional(() => navigator.storage?.estimate()),
    page: () => page,
    warmUp: rtc.warmUp,
    webrtcPolicy: async () => {
      const network = browser.privacy.network as unknown as Record<
        string,
        { get(details: object): Promise<{ value: unknown; levelOfControl: string }> } | undefined
      >;
      const read = (name: string) => optional(async () => network[name]?.get({}));
      const [ip, pc] = await Promise.all([read('webRTCIPHandlingPolicy'), read('peerConnectionEnabled')]);
      return {
        ...(ip && { ipHandling: { value: String(ip.value), levelOfControl: ip.levelOfControl } }),
        ...(pc && { peerConnectionEnabled: { value: Boolean(pc.value), levelOfControl: pc.levelOfControl } }),
      };
    },
    passwordSaving: () =>
      optional(async () => {
        const setting = await browser.privacy.services.passwordSavingEnabled.get({});
        return { value: Boolean(setting.value), levelOfControl: String(setting.levelOfControl) };
      }),
    popupSetting: (url) => optional(() => popupSetting(url)),
    popupProbe: () => optional(popupProbe),
    deviceTest: () => optional(loadDeviceTest),
    appTabZoom,
    defaultZoom: () => optional(defaultZoom),
    proxySettings: () => optional(proxySettings),
    applyQuickFix,
    httpProbe,
    cacheProbe,
    iceProbe: rtc.iceProbe,
    mediaPath: rtc.mediaPath,
    codecs: rtc.codecs,
  };
}
