import { describe, expect, it } from 'vitest';
import { cacheCheck, freshnessSeconds } from '../../../utils/checks/cache';
import type { CacheLoad, CacheProbeResult } from '../../../utils/platform/types';
import { fakeHttp, profileWith, runCheck } from '../fakes';

const load = (more: Partial<CacheLoad> = {}): CacheLoad => ({
  ok: true,
  ms: 20,
  status: 200,
  cacheControl: 'max-age=3600',
  fromCache: false,
  ...more,
});
const probe = (result: Partial<CacheProbeResult>) =>
  fakeHttp({
    cacheProbe: async ({ url }) => ({ url, first: load(), second: load({ fromCache: true }), ...result }),
  });

describe('cache check', () => {
  it('passes when the second load of a cacheable resource came from the cache', async () => {
    const outcome = await runCheck(cacheCheck, probe({}));
    expect(outcome).toMatchObject({ status: 'pass', evidence: { freshSeconds: 3600 } });
    expect(outcome.evidence).toMatchObject({ secondLoad: 'HTTP 200', secondLoadMs: 20, secondFromCache: true });
  });

  it('fails when the browser refetched a resource it was allowed to keep', async () => {
    expect(await runCheck(cacheCheck, probe({ second: load() }))).toMatchObject({
      status: 'fail',
      message: 'not_cached',
      params: { seconds: 3600 },
      fixes: [{ key: 'fix_enable' }],
    });
  });

  it('fails when Firefox says its cache is disabled', async () => {
    expect(await runCheck(cacheCheck, probe({ browserCacheEnabled: false }))).toMatchObject({
      status: 'fail',
      message: 'disabled',
    });
  });

  it('is manual, never pass nor fail, when the server forbids caching or the resource cannot be loaded', async () => {
    const noStore = load({ cacheControl: 'no-store' });
    expect(await runCheck(cacheCheck, probe({ first: noStore, second: noStore }))).toMatchObject({
      status: 'manual',
      message: 'not_cacheable',
    });
    expect(
      await runCheck(cacheCheck, probe({ first: { ok: false, ms: 4000, error: 'timeout' }, second: undefined })),
    ).toMatchObject({
      status: 'manual',
      message: 'unreachable',
    });
    expect(
      await runCheck(
        cacheCheck,
        probe({}),
        profileWith((p) => delete p.app.cacheProbeUrl),
      ),
    ).toMatchObject({
      status: 'manual',
      message: 'no_resource',
    });
  });

  it('bounds each of its two loads so both fit in the network bound', async () => {
    const asked: number[] = [];
    const platform = fakeHttp({
      cacheProbe: async ({ url, timeoutMs }) => {
        asked.push(timeoutMs);
        return { url, first: load(), second: load({ fromCache: true }) };
      },
    });
    await runCheck(cacheCheck, platform);
    await runCheck(
      cacheCheck,
      platform,
      profileWith((p) => (p.timeouts = { ...p.timeouts, probeMs: 3000, networkSuiteMs: 4000 })),
    );
    expect(asked).toEqual([4000, 1900]);
    expect(cacheCheck.timeoutMs?.(profileWith(() => undefined))).toBe(12_000);
  });

  it('reads freshness from max-age, else Expires minus Date; no-store and no-cache give none', () => {
    expect(freshnessSeconds(load({ cacheControl: 'public, max-age=600' }))).toBe(600);
    expect(freshnessSeconds(load({ cacheControl: 'no-cache, max-age=600' }))).toBe(0);
    expect(
      freshnessSeconds(
        load({
          cacheControl: undefined,
          date: 'Sat, 28 Nov 2026 10:00:00 GMT',
          expires: 'Sat, 28 Nov 2026 11:00:00 GMT',
        }),
      ),
    ).toBe(3600);
    expect(freshnessSeconds(load({ cacheControl: undefined }))).toBe(0);
  });
});
