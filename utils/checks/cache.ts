import { defineCheck } from '../engine/check';
import type { CheckContext, Evidence, Outcome } from '../engine/types';
import type { CacheLoad, HttpProbes } from '../platform/types';

/** Seconds the response may be reused without asking the server; 0 when it must not be kept fresh. */
export function freshnessSeconds(load: CacheLoad): number {
  const control = (load.cacheControl ?? '').toLowerCase();
  if (/\b(no-store|no-cache)\b/.test(control)) return 0;
  const maxAge = /\bmax-age=(\d+)/.exec(control);
  if (maxAge) return Number(maxAge[1]);
  if (load.expires) {
    const expires = Date.parse(load.expires);
    const date = load.date ? Date.parse(load.date) : NaN;
    if (!Number.isNaN(expires) && !Number.isNaN(date)) return Math.max(0, Math.round((expires - date) / 1000));
  }
  return 0;
}

/**
 * One load as evidence the reader's language can label (utils/i18n/evidence.ts): its HTTP
 * status or the browser's error (`timeout`), its duration, and whether it came from the cache.
 */
const describe = (name: 'first' | 'second', load: CacheLoad | undefined): Evidence =>
  !load
    ? { [`${name}Load`]: 'not made' }
    : {
        [`${name}Load`]: load.ok ? `HTTP ${load.status ?? '?'}` : (load.error ?? ''),
        [`${name}LoadMs`]: load.ms,
        ...(load.fromCache !== undefined && { [`${name}FromCache`]: load.fromCache }),
      };

/**
 * WEB-CACHE (§1.3.6): the browser cache is enabled. Empirical everywhere: a cacheable app
 * resource is loaded twice and the second load must come from the cache (webRequest
 * `fromCache`); Firefox also reports its cache setting. A resource the server does not let
 * browsers cache proves nothing: then the check says so (manual). Clearing the cache on close
 * is recommended but invisible: it stays a manual item.
 */
export const cacheCheck = defineCheck({
  id: 'cache',
  covers: ['WEB-CACHE'],
  category: 'browser',
  messages: [
    'pass',
    'disabled',
    'not_cached',
    'not_cacheable',
    'unreachable',
    'no_resource',
    'fix_enable',
    'fix_confirm',
  ],
  // Two loads, one after the other: each gets at most half the network bound.
  timeoutMs: (profile) => profile.timeouts.networkSuiteMs,
  async run({ profile, platform }: CheckContext<HttpProbes>) {
    const url = profile.app.cacheProbeUrl;
    const manual = { unmetStatus: 'fail' as const };
    if (!url)
      return { status: 'manual', message: 'no_resource', evidence: {}, fixes: [{ key: 'fix_confirm' }], manual };
    const { probeMs, networkSuiteMs } = profile.timeouts;
    const probe = await platform.cacheProbe({ url, timeoutMs: Math.min(probeMs, networkSuiteMs / 2 - 100) });
    const fresh = freshnessSeconds(probe.first);
    const evidence: Evidence = {
      url,
      ...describe('first', probe.first),
      ...describe('second', probe.second),
      ...(probe.first.cacheControl !== undefined && { cacheControl: probe.first.cacheControl }),
      ...(probe.first.expires !== undefined && { expires: probe.first.expires }),
      freshSeconds: fresh,
      ...(probe.browserCacheEnabled !== undefined && { browserCacheEnabled: probe.browserCacheEnabled }),
    };
    const fixEnable = [{ key: 'fix_enable' as const }];
    if (probe.browserCacheEnabled === false) return { status: 'fail', message: 'disabled', evidence, fixes: fixEnable };
    /** The test could not judge: the user confirms by hand. */
    const cannotTell = (message: 'unreachable' | 'not_cacheable'): Outcome<typeof message | 'fix_confirm'> => ({
      status: 'manual',
      message,
      params: { url },
      evidence,
      fixes: [{ key: 'fix_confirm' }],
      manual,
    });
    if (!probe.first.ok || !probe.second?.ok) return cannotTell('unreachable');
    if (probe.second.fromCache === true) return { status: 'pass', message: 'pass', params: { url }, evidence };
    if (fresh === 0 || probe.second.fromCache === undefined) return cannotTell('not_cacheable');
    return { status: 'fail', message: 'not_cached', params: { url, seconds: fresh }, evidence, fixes: fixEnable };
  },
});
