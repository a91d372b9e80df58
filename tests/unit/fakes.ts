import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkMessageKey } from '../../utils/engine/keys';
import { createShared } from '../../utils/engine/shared';
import { missingEvidenceLabels } from '../../utils/i18n/evidence';
import { catalogueTranslator } from '../../utils/i18n/format';
import type { Check, Evidence, Fix, Outcome, Params } from '../../utils/engine/types';
import { BUILTIN_PROFILE } from '../../utils/profile/builtin';
import type { Profile } from '../../utils/profile/types';
import type {
  BrowserSettings,
  HttpProbes,
  Platform,
  QuickFixes,
  RtcProbes,
  SystemFacts,
  UserTests,
} from '../../utils/platform/types';

const catalogue = (lang: string): Record<string, { message: string }> =>
  JSON.parse(readFileSync(resolve(__dirname, `../../public/_locales/${lang}/messages.json`), 'utf8'));
export const LOCALES = { en: catalogue('en'), fr: catalogue('fr') };
const ENGLISH = catalogueTranslator(LOCALES.en);

/*
 * Fakes that see nothing unless told: each test states exactly what the browser shows. One
 * per port (utils/platform/ports/): a check's test builds only the ports the check names
 * (`runCheck(memoryCheck, fakeSystem({ memoryCapacity: … }))`); fakePlatform composes them all.
 */

export const fakeSystem = (overrides: Partial<SystemFacts> = {}): SystemFacts => ({
  userAgent: async () => ({ userAgent: '' }),
  firefoxInfo: async () => undefined,
  screen: async () => undefined,
  memoryCapacity: async () => undefined,
  cpu: async () => undefined,
  storageEstimate: async () => undefined,
  page: () => ({}),
  ...overrides,
});

export const fakeSettings = (overrides: Partial<BrowserSettings> = {}): BrowserSettings => ({
  passwordSaving: async () => undefined,
  webrtcPolicy: async () => ({}),
  popupSetting: async () => undefined,
  appTabZoom: async () => [],
  defaultZoom: async () => undefined,
  proxySettings: async () => undefined,
  ...overrides,
});

export const fakeQuickFixes = (overrides: Partial<QuickFixes> = {}): QuickFixes => ({
  applyQuickFix: async () => undefined,
  ...overrides,
});

export const fakeUserTests = (overrides: Partial<UserTests> = {}): UserTests => ({
  popupProbe: async () => undefined,
  deviceTest: async () => undefined,
  ...overrides,
});

export const fakeHttp = (overrides: Partial<HttpProbes> = {}): HttpProbes => ({
  httpProbe: async ({ url }) => ({ url, ok: false, latencyMs: 0, failure: 'other' }),
  cacheProbe: async ({ url }) => ({ url, first: { ok: false, ms: 0, error: 'fake' } }),
  ...overrides,
});

export const fakeRtc = (overrides: Partial<RtcProbes> = {}): RtcProbes => ({
  warmUp: () => undefined,
  codecs: async () => ({ method: 'getCapabilities', send: [], receive: [] }),
  iceProbe: async ({ url, timeoutMs }) => ({
    url,
    candidateTypes: [],
    errorCodes: [],
    completed: false,
    hostCandidates: 0,
    elapsedMs: timeoutMs,
    errorEvents: true,
  }),
  mediaPath: async () => ({ stagesCompleted: [], stoppedAt: 'allocating', error: 'fake' }),
  ...overrides,
});

/** Every port (what the run hub hands the checks), with these methods replaced. */
export function fakePlatform(overrides: Partial<Platform> = {}): Platform {
  return {
    ...fakeSystem(),
    ...fakeSettings(),
    ...fakeQuickFixes(),
    ...fakeUserTests(),
    ...fakeHttp(),
    ...fakeRtc(),
    ...overrides,
  };
}

/** A deep copy of the built-in profile with changes applied. */
export function profileWith(change: (profile: Profile) => void): Profile {
  const profile = structuredClone(BUILTIN_PROFILE);
  change(profile);
  return profile;
}

/**
 * Every check id → the message and fix variants runCheck saw it return in this test worker.
 * tests/unit/variants.test.ts runs every check test and requires each declared variant here.
 */
export const PRODUCED = new Map<string, Set<string>>();

/** An outcome as a run stores it (JSON: no value left undefined). */
export type StoredOutcome = Omit<Outcome, 'params' | 'evidence' | 'fixes'> & {
  params?: Params;
  evidence: Evidence;
  fixes?: Fix[];
};

/**
 * Runs a check as the engine would and asserts that every message and fix variant it
 * returned is declared (so the locale meta-test covers it). `platform` needs the ports the
 * check names, no more: a fake of those ports, or fakePlatform().
 */
export async function runCheck<P>(
  check: Check<string, P>,
  platform: NoInfer<P>,
  profile: Profile = BUILTIN_PROFILE,
): Promise<StoredOutcome> {
  const returned = await check.run({
    platform,
    profile,
    signal: new AbortController().signal,
    now: () => 0,
    shared: createShared(),
  });
  // As the runner stores it: JSON, so a value left undefined is gone.
  const outcome = JSON.parse(JSON.stringify(returned)) as StoredOutcome;
  const produced = PRODUCED.get(check.id) ?? PRODUCED.set(check.id, new Set()).get(check.id)!;
  for (const variant of [outcome.message, ...(outcome.fixes ?? []).map((f) => f.key)]) produced.add(variant);
  // A forwarded outcome (fullKeys) names full keys: they must exist in both languages themselves.
  const known = (key: string) =>
    outcome.fullKeys
      ? expect(Object.values(LOCALES).filter((messages) => messages[key]?.message)).toHaveLength(2)
      : expect(check.messages).toContain(key);
  known(outcome.message);
  for (const fix of outcome.fixes ?? []) known(fix.key);
  // Every text the user will read has the parameters its placeholders need.
  const unfilled = [
    { key: outcome.message, params: outcome.params },
    ...(outcome.fixes ?? []).map((f) => ({ key: f.key, params: f.params })),
  ]
    .map(({ key, params }) => ENGLISH(outcome.fullKeys ? key : checkMessageKey(check.id, key), params))
    .filter((text) => /\{\w+(\|[^}]*)?\}/.test(text));
  expect(unfilled).toEqual([]);
  // Every evidence key, word value and empty value the user will read has its label in both languages.
  for (const [lang, messages] of Object.entries(LOCALES))
    expect(missingEvidenceLabels(outcome.evidence, messages), `${check.id} evidence labels (${lang})`).toEqual([]);
  return outcome;
}

/** Real user-agent data of the browsers the tests impersonate. */
export const UA = {
  chrome116Win10: {
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36',
    brands: [
      { brand: 'Chromium', version: '116' },
      { brand: 'Not)A;Brand', version: '24' },
      { brand: 'Google Chrome', version: '116' },
    ],
    fullVersionList: [
      { brand: 'Chromium', version: '116.0.5845.188' },
      { brand: 'Not)A;Brand', version: '24.0.0.0' },
      { brand: 'Google Chrome', version: '116.0.5845.188' },
    ],
    platform: 'Windows',
    platformVersion: '10.0.0',
    architecture: 'x86',
    bitness: '64',
    mobile: false,
  },
  /** Chrome 140 on Windows 10: later than the qualified 116. */
  chrome140Win10: {
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
    brands: [
      { brand: 'Chromium', version: '140' },
      { brand: 'Not=A?Brand', version: '24' },
      { brand: 'Google Chrome', version: '140' },
    ],
    fullVersionList: [
      { brand: 'Chromium', version: '140.0.7339.128' },
      { brand: 'Not=A?Brand', version: '24.0.0.0' },
      { brand: 'Google Chrome', version: '140.0.7339.128' },
    ],
    platform: 'Windows',
    platformVersion: '10.0.0',
  },
  edge116Win11: {
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36 Edg/116.0.1938.62',
    brands: [
      { brand: 'Chromium', version: '116' },
      { brand: 'Not)A;Brand', version: '24' },
      { brand: 'Microsoft Edge', version: '116' },
    ],
    fullVersionList: [
      { brand: 'Chromium', version: '116.0.5845.188' },
      { brand: 'Not)A;Brand', version: '24.0.0.0' },
      { brand: 'Microsoft Edge', version: '116.0.1938.62' },
    ],
    platform: 'Windows',
    platformVersion: '15.0.0',
    mobile: false,
  },
  chrome109Win7: {
    userAgent:
      'Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36',
    brands: [
      { brand: 'Not_A Brand', version: '99' },
      { brand: 'Google Chrome', version: '109' },
      { brand: 'Chromium', version: '109' },
    ],
    fullVersionList: [
      { brand: 'Not_A Brand', version: '99.0.0.0' },
      { brand: 'Google Chrome', version: '109.0.5414.120' },
      { brand: 'Chromium', version: '109.0.5414.120' },
    ],
    platform: 'Windows',
    platformVersion: '0.0.0',
  },
  opera102: {
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36 OPR/102.0.0.0',
    brands: [
      { brand: 'Chromium', version: '116' },
      { brand: 'Not)A;Brand', version: '24' },
      { brand: 'Opera', version: '102' },
    ],
    platform: 'Windows',
    platformVersion: '10.0.0',
  },
  brave116: {
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36',
    brands: [
      { brand: 'Chromium', version: '116' },
      { brand: 'Not)A;Brand', version: '24' },
      { brand: 'Brave', version: '116' },
    ],
    fullVersionList: [
      { brand: 'Chromium', version: '116.0.5845.96' },
      { brand: 'Not)A;Brand', version: '24.0.0.0' },
      { brand: 'Brave', version: '116.0.5845.96' },
    ],
    platform: 'Windows',
    platformVersion: '7.0.0',
  },
  firefoxWin: { userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:102.0) Gecko/20100101 Firefox/102.0' },
  firefox128Win: { userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0' },
  firefoxMac: { userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:128.0) Gecko/20100101 Firefox/128.0' },
  headlessChromiumLinux: {
    userAgent:
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
    brands: [
      { brand: 'Chromium', version: '156' },
      { brand: 'Not-A.Brand', version: '24' },
    ],
    platform: 'Linux',
    platformVersion: '',
  },
};

export const firefoxInfo = (version: string) => ({
  name: 'Firefox',
  vendor: 'Mozilla',
  version,
  buildID: '20230912013654',
});
