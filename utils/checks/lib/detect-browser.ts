import type { FirefoxInfo, UserAgentFacts } from '../../platform/types';

export type DetectedBrand = 'chrome' | 'edge' | 'firefox' | 'opera' | 'brave' | 'chromium' | 'other';
export type FirefoxChannel = 'esr' | 'release' | 'prerelease' | 'unknown';

export interface DetectedBrowser {
  brand: DetectedBrand;
  /** Full version as precise as the browser tells it. */
  version: string;
  major: number;
  /** Where brand and version were read from. */
  source: 'client-hints' | 'getBrowserInfo' | 'user-agent';
  headless: boolean;
  channel?: FirefoxChannel;
}

/** Client-hint brand names in the order that disambiguates (Edge and Opera also list Chromium). */
const HINT_BRANDS: [string, DetectedBrand][] = [
  ['Microsoft Edge', 'edge'],
  ['Opera', 'opera'],
  ['Brave', 'brave'],
  ['Google Chrome', 'chrome'],
  ['Chromium', 'chromium'],
];

/** User-agent tokens, same order, for browsers without client hints. */
const UA_TOKENS: [RegExp, DetectedBrand][] = [
  [/\bFirefox\/(\d+[\d.]*\w*)/, 'firefox'],
  [/\bEdg\/(\d+[\d.]*)/, 'edge'],
  [/\bOPR\/(\d+[\d.]*)/, 'opera'],
  [/\b(?:Headless)?Chrome\/(\d+[\d.]*)/, 'chrome'],
];

/** Majors that were Firefox ESR branches. */
export const FIREFOX_ESR_MAJORS = [60, 68, 78, 91, 102, 115, 128, 140, 153];

/**
 * Firefox does not tell its update channel to extensions. What the version shows:
 * release builds stay at X.0[.y]; only ESR branches get X.1, X.2… point releases. So a
 * minor above 0 proves ESR; X.0 on an ESR major (or a major newer than we know) is either.
 */
export function inferFirefoxChannel(version: string): FirefoxChannel {
  if (/[ab]\d/.test(version)) return 'prerelease';
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  if (minor > 0) return 'esr';
  const lastKnownEsr = FIREFOX_ESR_MAJORS[FIREFOX_ESR_MAJORS.length - 1] ?? 0;
  if (FIREFOX_ESR_MAJORS.includes(major) || major > lastKnownEsr) return 'unknown';
  return 'release';
}

const majorOf = (version: string) => Number.parseInt(version, 10) || 0;

export function detectBrowser(ua: UserAgentFacts, firefox?: FirefoxInfo): DetectedBrowser {
  const headless = /HeadlessChrome|Headless/.test(ua.userAgent);
  if (firefox) {
    return {
      brand: 'firefox',
      version: firefox.version,
      major: majorOf(firefox.version),
      source: 'getBrowserInfo',
      headless,
      channel: inferFirefoxChannel(firefox.version),
    };
  }
  const hints = ua.fullVersionList?.length ? ua.fullVersionList : ua.brands;
  if (hints?.length) {
    for (const [name, brand] of HINT_BRANDS) {
      const hit = hints.find((h) => h.brand === name);
      if (hit) return { brand, version: hit.version, major: majorOf(hit.version), source: 'client-hints', headless };
    }
  }
  for (const [pattern, brand] of UA_TOKENS) {
    const match = pattern.exec(ua.userAgent);
    if (match?.[1]) {
      const version = match[1];
      return {
        brand,
        version,
        major: majorOf(version),
        source: 'user-agent',
        headless,
        ...(brand === 'firefox' && { channel: inferFirefoxChannel(version) }),
      };
    }
  }
  return { brand: 'other', version: '', major: 0, source: 'user-agent', headless };
}
