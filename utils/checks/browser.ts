import type { Check, Outcome } from '../engine/types';
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

/** WEB-BROWSER: brand, version and (Firefox) ESR channel against the qualified browsers. */
export const browserCheck: Check = {
  id: 'browser',
  covers: ['WEB-BROWSER'],
  category: 'browser',
  messages: [
    'pass',
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
  ],
  async run({ platform, profile }): Promise<Outcome> {
    const [ua, firefox] = await Promise.all([platform.userAgent(), platform.firefoxInfo()]);
    const detected = detectBrowser(ua, firefox);
    const qualified = profile.browsers
      .map((b) => `${BRAND_NAMES[b.brand]} ${b.esr ? 'ESR ' : ''}${b.qualifiedVersions.join('/')}`)
      .join(', ');
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
      key: 'fix_install',
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
    if (requirement.esr && detected.channel !== 'esr') {
      const esrFix = { key: 'fix_esr', url: requirement.downloadUrl };
      if (detected.channel === 'release')
        return { status: 'warn', message: 'release_channel', params, evidence, fixes: [esrFix] };
      if (detected.channel === 'prerelease')
        return { status: 'warn', message: 'prerelease', params, evidence, fixes: [esrFix] };
      return {
        status: 'manual',
        message: 'channel_unknown',
        params,
        evidence,
        fixes: [{ key: 'fix_check_esr' }, esrFix],
        manual: { unmetStatus: 'warn' },
      };
    }
    return { status: 'pass', message: 'pass', params, evidence };
  },
};
