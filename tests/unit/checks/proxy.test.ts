import { describe, expect, it } from 'vitest';
import { proxyCheck } from '../../../utils/checks/proxy';
import type { HttpProbeResult, ProxySettings } from '../../../utils/platform/types';
import { fakePlatform, runCheck } from '../fakes';

const settings = (mode: ProxySettings['mode'], more: Partial<ProxySettings> = {}): ProxySettings => ({
  mode,
  servers: [],
  bypass: [],
  levelOfControl: 'controllable_by_this_extension',
  ...more,
});

/** Probe answers per host (the built-in profile: portal with a published address, two signalling hosts). */
const network = (proxy: ProxySettings | undefined, probe: (host: string) => Partial<HttpProbeResult>) =>
  fakePlatform({
    proxySettings: async () => proxy,
    httpProbe: async ({ url }) => ({ url, ok: true, status: 200, latencyMs: 10, ...probe(new URL(url).hostname) }),
  });

const HOSTS = '*.norm-uni.fr, .maincare.com';

describe('proxy check', () => {
  it('passes with no proxy', async () => {
    expect(
      await runCheck(
        proxyCheck,
        network(settings('direct'), () => ({})),
      ),
    ).toMatchObject({
      status: 'pass',
      message: 'pass_direct',
    });
  });

  it('fails a fixed proxy that does not exempt the app hosts, naming them; passes once they are bypassed', async () => {
    const fixed = settings('fixed', { servers: ['http 10.0.0.1:3128'], bypass: ['localhost'] });
    const outcome = await runCheck(
      proxyCheck,
      network(fixed, () => ({})),
    );
    expect(outcome).toMatchObject({ status: 'fail', message: 'not_bypassed', fixes: [{ key: 'fix_bypass' }] });
    expect(outcome.params?.hosts).toBe('www.norm-uni.fr, visioplex.maincare.com, visioplex2.maincare.com');
    const bypassed = settings('fixed', { servers: ['http 10.0.0.1:3128'], bypass: HOSTS.split(', ') });
    expect(
      await runCheck(
        proxyCheck,
        network(bypassed, () => ({})),
      ),
    ).toMatchObject({
      status: 'pass',
      message: 'pass_bypassed',
    });
  });

  it('fails when Firefox says a request went through a proxy, even in "system" mode', async () => {
    const outcome = await runCheck(
      proxyCheck,
      network(settings('system'), (host) => ({ via: host === 'www.norm-uni.fr' ? 'http 10.0.0.1:3128' : 'direct' })),
    );
    expect(outcome).toMatchObject({ status: 'fail', message: 'proxied', params: { hosts: 'www.norm-uni.fr' } });
    expect(outcome.evidence.requests).toContain('www.norm-uni.fr: via http 10.0.0.1:3128');
  });

  it('fails when Chromium reached another address than the published one (a proxy answers from its own)', async () => {
    const outcome = await runCheck(
      proxyCheck,
      network(settings('system'), () => ({ remoteIp: '10.0.0.1' })),
    );
    expect(outcome).toMatchObject({ status: 'fail', message: 'proxied', params: { hosts: 'www.norm-uni.fr' } });
    expect(outcome.fixes?.[0]?.key).toBe('fix_system');
  });

  it('system mode: pass only when every app host was seen going direct; else manual naming the unseen ones', async () => {
    const firefox = await runCheck(
      proxyCheck,
      network(settings('system'), () => ({ via: 'direct' })),
    );
    expect(firefox).toMatchObject({ status: 'pass', message: 'pass_observed' });
    const chromium = await runCheck(
      proxyCheck,
      network(settings('system'), () => ({ remoteIp: '5.226.12.195' })),
    );
    expect(chromium).toMatchObject({
      status: 'manual',
      message: 'unseen',
      params: { hosts: 'visioplex.maincare.com, visioplex2.maincare.com' },
    });
    expect(chromium.evidence.requests).toContain('www.norm-uni.fr: direct to 5.226.12.195 (published address)');
  });

  it('a policy-set proxy says “ask IT”', async () => {
    const outcome = await runCheck(
      proxyCheck,
      network(settings('fixed', { levelOfControl: 'not_controllable' }), () => ({})),
    );
    expect(outcome.fixes?.map((f) => f.key)).toEqual(['fix_bypass', 'fix_ask_it']);
  });

  it('names another extension that sets the proxy', async () => {
    const outcome = await runCheck(
      proxyCheck,
      network(settings('fixed', { levelOfControl: 'controlled_by_other_extensions' }), () => ({})),
    );
    expect(outcome.fixes?.map((f) => f.key)).toEqual(['fix_bypass', 'fix_other_extension']);
  });

  it('is manual when neither the settings nor the requests tell', async () => {
    expect(
      await runCheck(
        proxyCheck,
        network(undefined, () => ({})),
      ),
    ).toMatchObject({
      status: 'manual',
      evidence: { mode: 'not readable' },
    });
  });
});
