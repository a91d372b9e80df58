import { defineCheck } from '../engine/check';
import type { CheckContext } from '../engine/types';
import type { SystemFacts } from '../platform/types';
import type { BrowserRequirement } from '../profile/types';
import { detectBrowser } from './lib/detect-browser';

const BRAND_NAMES: Record<string, string> = {
  chrome: 'Google Chrome',
  edge: 'Microsoft Edge',
  firefox: 'Mozilla Firefox',
  opera: 'Opera',
  brave: 'Brave',
  chromium: 'Chromium',
  other: '?',
};

/** "Mozilla Firefox ESR 102": the versions the publisher qualified for one browser. */
const qualifiedName = (b: BrowserRequirement) =>
  `${BRAND_NAMES[b.brand]} ${b.esr ? 'ESR ' : ''}${b.qualifiedVersions.join('/')}`;

/**
 * WEB-BROWSER: brand, version and (Firefox) ESR channel in three tiers: a qualified version
 * passes; a later one that meets the minimum is "supported, not the qualified version" (warn);
 * below the minimum fails.
 */
export const browserCheck = defineCheck({
  id: 'browser',
  covers: ['WEB-BROWSER'],
  category: 'browser',
  messages: [
    'pass',
    'supported',
    'too_old',
    'not_qualified',
    'unknown',
    'release_channel',
    'prerelease',
    'channel_unknown',
    'fix_update',
    'fix_install',
    'fix_esr',
    'fix_check_esr',
    'fix_supported',
  ],
  async run({ platform, profile }: CheckContext<SystemFacts>) {
    const [ua, firefox] = await Promise.all([platform.userAgent(), platform.firefoxInfo()]);
    const detected = detectBrowser(ua, firefox);
    const qualified = profile.browsers.map(qualifiedName).join(', ');
    const evidence = {
      brand: detected.brand,
      name: BRAND_NAMES[detected.brand] ?? detected.brand,
      version: detected.version,
      source: detected.source,
      userAgent: ua.userAgent,
      ...(ua.fullVersionList && { clientHints: ua.fullVersionList.map((b) => `${b.brand} ${b.version}`) }),
      ...(detected.channel && { channel: detected.channel }),
      ...(detected.headless && { headless: true }),
    };
    const params = { name: evidence.name, version: detected.version, qualified };
    const installFixes = profile.browsers.map((b) => ({
      key: 'fix_install' as const,
      params: { name: BRAND_NAMES[b.brand] ?? b.brand, min: b.minVersion },
      url: b.downloadUrl,
    }));

    const requirement = profile.browsers.find((b) => b.brand === detected.brand);
    if (detected.brand === 'other')
      return { status: 'fail', message: 'unknown', params, evidence, fixes: installFixes };
    if (!requirement) return { status: 'warn', message: 'not_qualified', params, evidence, fixes: installFixes };
    if (detected.major < requirement.minVersion)
      return {
        status: 'fail',
        message: 'too_old',
        params: { ...params, min: requirement.minVersion },
        evidence,
        fixes: [
          {
            key: 'fix_update',
            params: { name: params.name, min: requirement.minVersion },
            url: requirement.downloadUrl,
          },
        ],
      };
    const esrFix = { key: 'fix_esr' as const, url: requirement.downloadUrl };
    if (requirement.esr && detected.channel === 'release')
      return { status: 'warn', message: 'release_channel', params, evidence, fixes: [esrFix] };
    if (requirement.esr && detected.channel === 'prerelease')
      return { status: 'warn', message: 'prerelease', params, evidence, fixes: [esrFix] };
    const channelUnknown = requirement.esr && detected.channel !== 'esr';
    // §1.3.1 names one version per browser: a later one meets the minimum but is not what was qualified.
    if (!requirement.qualifiedVersions.includes(detected.major))
      return {
        status: 'warn',
        message: 'supported',
        params: { ...params, min: requirement.minVersion, qualifiedHere: qualifiedName(requirement) },
        evidence,
        fixes: [
          ...(channelUnknown ? [{ key: 'fix_check_esr' as const }, esrFix] : []),
          { key: 'fix_supported', params: { name: params.name, version: detected.version } },
        ],
      };
    if (channelUnknown)
      return {
        status: 'manual',
        message: 'channel_unknown',
        params,
        evidence,
        fixes: [{ key: 'fix_check_esr' }, esrFix],
        manual: { unmetStatus: 'warn' },
      };
    return { status: 'pass', message: 'pass', params, evidence };
  },
});
