import { describe, expect, it } from 'vitest';
import { proxyCheck } from '../../../utils/checks/proxy';
import type { HttpProbeResult, ProxySettings } from '../../../utils/platform/types';
import { fakePlatform, profileWith, runCheck } from '../fakes';

const settings = (
  rules: ProxySettings['rules'],
  mode: ProxySettings['mode'],
  more: Partial<ProxySettings> = {},
): ProxySettings => ({
  mode,
  servers: [],
  proxyHosts: [],
  bypass: [],
  rules,
  levelOfControl: 'controllable_by_this_extension',
  ...more,
});

/** A fixed proxy at 10.0.0.1:3128 with this bypass list, as the browser reports it. */
const fixed = (rules: ProxySettings['rules'], bypass: string[], more: Partial<ProxySettings> = {}) =>
  settings(rules, 'fixed', {
    servers: [rules === 'chromium' ? 'singleProxy http 10.0.0.1:3128' : 'http 10.0.0.1:3128'],
    proxyHosts: ['10.0.0.1'],
    bypass,
    ...more,
  });

/** Probe answers per host (the built-in profile: portal published at 5.226.12.195, two signalling hosts). */
const network = (proxy: ProxySettings | undefined, probe: (host: string) => Partial<HttpProbeResult>) =>
  fakePlatform({
    proxySettings: async () => proxy,
    httpProbe: async ({ url }) => ({ url, ok: true, status: 200, latencyMs: 10, ...probe(new URL(url).hostname) }),
  });

const ALL_HOSTS = 'www.norm-uni.fr, visioplex.maincare.com, visioplex2.maincare.com';

describe('proxy check: the bypass list read with the running browser’s rules', () => {
  it('passes with no proxy', async () => {
    expect(
      await runCheck(
        proxyCheck,
        network(settings('chromium', 'direct'), () => ({})),
      ),
    ).toMatchObject({ status: 'pass', message: 'pass_direct' });
  });

  it('bare "norm-uni.fr, maincare.com": Chrome/Edge do not exempt the app hosts (fail, with the *. fix); Firefox does (pass)', async () => {
    const bare = ['norm-uni.fr', 'maincare.com'];
    const chromium = await runCheck(
      proxyCheck,
      network(fixed('chromium', bare), () => ({ remoteIp: '10.0.0.1' })),
    );
    expect(chromium).toMatchObject({
      status: 'fail',
      message: 'not_bypassed',
      params: { hosts: ALL_HOSTS, browser: 'Chrome/Edge' },
      evidence: { bypass: bare, bypassRules: 'Chrome/Edge', bypassedHosts: [] },
    });
    expect(chromium.fixes).toContainEqual({
      key: 'fix_chromium_suffix',
      params: { entries: 'norm-uni.fr, maincare.com', suffixes: '*.norm-uni.fr, *.maincare.com' },
    });
    const firefox = await runCheck(
      proxyCheck,
      network(fixed('firefox', bare), () => ({ via: 'direct' })),
    );
    expect(firefox).toMatchObject({
      status: 'pass',
      message: 'pass_bypassed',
      params: { browser: 'Firefox' },
      evidence: { bypassRules: 'Firefox', bypassedHosts: ALL_HOSTS.split(', ') },
    });
  });

  it('"*" and a scheme prefix exempt in Chrome/Edge, not in Firefox', async () => {
    for (const list of [
      ['*'],
      ['https://www.norm-uni.fr', 'https://visioplex.maincare.com', 'https://visioplex2.maincare.com'],
    ]) {
      const chromium = await runCheck(
        proxyCheck,
        network(fixed('chromium', list), () => ({})),
      );
      expect(chromium).toMatchObject({ status: 'pass', message: 'pass_bypassed' });
    }
    const firefox = await runCheck(
      proxyCheck,
      network(fixed('firefox', ['*']), () => ({ via: 'http 10.0.0.1:3128' })),
    );
    expect(firefox).toMatchObject({ status: 'fail', message: 'not_bypassed', params: { hosts: ALL_HOSTS } });
  });

  it('a rule restricted to port 443 leaves an app URL on another port proxied', async () => {
    const profile = profileWith((p) => (p.network.https[1]!.url = 'https://visioplex.maincare.com:8443/sync'));
    const outcome = await runCheck(
      proxyCheck,
      network(fixed('chromium', ['*.norm-uni.fr', '*.maincare.com:443']), () => ({})),
      profile,
    );
    expect(outcome).toMatchObject({
      status: 'fail',
      message: 'not_bypassed',
      params: { hosts: 'visioplex.maincare.com' },
    });
  });

  it('fails a fixed proxy that exempts nothing, naming every host; the suffix forms pass', async () => {
    const outcome = await runCheck(
      proxyCheck,
      network(fixed('chromium', ['localhost']), () => ({})),
    );
    expect(outcome).toMatchObject({ status: 'fail', message: 'not_bypassed', fixes: [{ key: 'fix_bypass' }] });
    expect(outcome.params?.hosts).toBe(ALL_HOSTS);
    for (const list of [
      ['*.norm-uni.fr', '*.maincare.com'],
      ['.norm-uni.fr', '.maincare.com'],
    ])
      expect(
        await runCheck(
          proxyCheck,
          network(fixed('chromium', list), () => ({})),
        ),
      ).toMatchObject({ status: 'pass', message: 'pass_bypassed' });
  });

  it('Firefox applies its list in system mode too: every host exempted passes without a request seen', async () => {
    const outcome = await runCheck(
      proxyCheck,
      network(settings('firefox', 'system', { bypass: ['.norm-uni.fr', '.maincare.com'] }), () => ({})),
    );
    expect(outcome).toMatchObject({
      status: 'pass',
      message: 'pass_bypassed',
      evidence: { bypassedHosts: ALL_HOSTS.split(', ') },
    });
  });
});

describe('proxy check: how a request left, and how sure', () => {
  it('Firefox names the proxy of a request: proven, fail even in "system" mode', async () => {
    const outcome = await runCheck(
      proxyCheck,
      network(settings('firefox', 'system'), (host) => ({
        via: host === 'www.norm-uni.fr' ? 'http 10.0.0.1:3128' : 'direct',
      })),
    );
    expect(outcome).toMatchObject({ status: 'fail', message: 'proxied', params: { hosts: 'www.norm-uni.fr' } });
    expect(outcome.evidence.proxyInfo).toEqual([
      'www.norm-uni.fr http 10.0.0.1:3128',
      'visioplex.maincare.com direct',
      'visioplex2.maincare.com direct',
    ]);
  });

  it('Firefox says "direct" for every request: pass (the browser’s own word)', async () => {
    expect(
      await runCheck(
        proxyCheck,
        network(settings('firefox', 'system'), () => ({ via: 'direct' })),
      ),
    ).toMatchObject({ status: 'pass', message: 'pass_observed', params: { hosts: ALL_HOSTS } });
  });

  it('the browser’s error names the proxy (ERR_PROXY_CONNECTION_FAILED): proven', async () => {
    const outcome = await runCheck(
      proxyCheck,
      network(settings('chromium', 'system'), () => ({ ok: false, failure: 'proxy' })),
    );
    expect(outcome).toMatchObject({ status: 'fail', message: 'proxied', params: { hosts: ALL_HOSTS } });
    expect(outcome.evidence.unanswered).toContain('www.norm-uni.fr (proxy)');
  });

  it('Chromium reached the published address: direct with high confidence; the evidence says what was compared', async () => {
    const everyHostPublished = profileWith((p) => {
      p.network.https[1]!.expectedIps = ['5.226.12.200'];
      p.network.https[2]!.expectedIps = ['2001:db8::20'];
    });
    const seen: Record<string, string> = {
      'www.norm-uni.fr': '5.226.12.195',
      'visioplex.maincare.com': '::ffff:5.226.12.200',
      'visioplex2.maincare.com': '2001:db8:0:0::20',
    };
    const outcome = await runCheck(
      proxyCheck,
      network(settings('chromium', 'system'), (host) => ({ remoteIp: seen[host] })),
      everyHostPublished,
    );
    expect(outcome).toMatchObject({ status: 'pass', message: 'pass_published', params: { hosts: ALL_HOSTS } });
    expect(outcome.evidence).toMatchObject({
      seenAddresses: [
        'www.norm-uni.fr 5.226.12.195 (IPv4)',
        'visioplex.maincare.com ::ffff:5.226.12.200 (IPv4)',
        'visioplex2.maincare.com 2001:db8:0:0::20 (IPv6)',
      ],
      publishedAddresses: [
        'www.norm-uni.fr 5.226.12.195 (IPv4)',
        'visioplex.maincare.com 5.226.12.200 (IPv4)',
        'visioplex2.maincare.com 2001:db8::20 (IPv6)',
      ],
    });
  });

  it('another address than the published one is not a proven proxy: manual, naming both addresses (IPv6 case)', async () => {
    const outcome = await runCheck(
      proxyCheck,
      network(settings('chromium', 'system'), (host) => ({
        remoteIp: host === 'www.norm-uni.fr' ? '2a01:e0a:1f2::195' : undefined,
      })),
    );
    expect(outcome).toMatchObject({
      status: 'manual',
      message: 'elsewhere',
      params: {
        hosts: ALL_HOSTS,
        seen: 'www.norm-uni.fr 2a01:e0a:1f2::195 (IPv6)',
        published: 'www.norm-uni.fr 5.226.12.195 (IPv4)',
      },
      manual: { unmetStatus: 'fail' },
    });
  });

  it('another IPv4 address (renumbering, load balancer, or a proxy): manual, not fail', async () => {
    const outcome = await runCheck(
      proxyCheck,
      network(settings('chromium', 'system'), () => ({ remoteIp: '5.226.12.196' })),
    );
    expect(outcome).toMatchObject({ status: 'manual', message: 'elsewhere' });
  });

  it('Chromium reached the configured proxy’s own address: proven proxied even when the list claims a bypass', async () => {
    const outcome = await runCheck(
      proxyCheck,
      network(fixed('chromium', ['*']), (host) => ({ remoteIp: host === 'www.norm-uni.fr' ? '10.0.0.1' : undefined })),
    );
    expect(outcome).toMatchObject({ status: 'fail', message: 'proxied', params: { hosts: 'www.norm-uni.fr' } });
  });

  it('system mode: manual naming the hosts no request showed', async () => {
    const chromium = await runCheck(
      proxyCheck,
      network(settings('chromium', 'system'), () => ({ remoteIp: '5.226.12.195' })),
    );
    expect(chromium).toMatchObject({
      status: 'manual',
      message: 'unseen',
      params: { hosts: 'visioplex.maincare.com, visioplex2.maincare.com' },
    });
    expect(chromium.fixes?.[0]?.key).toBe('fix_system');
  });

  it('a policy-set proxy says “ask IT”', async () => {
    const outcome = await runCheck(
      proxyCheck,
      network(fixed('chromium', [], { levelOfControl: 'not_controllable' }), () => ({})),
    );
    expect(outcome.fixes?.map((f) => f.key)).toEqual(['fix_bypass', 'fix_ask_it']);
  });

  it('names another extension that sets the proxy', async () => {
    const outcome = await runCheck(
      proxyCheck,
      network(fixed('firefox', [], { levelOfControl: 'controlled_by_other_extensions' }), () => ({})),
    );
    expect(outcome.fixes?.map((f) => f.key)).toEqual(['fix_bypass', 'fix_other_extension']);
  });

  it('is manual when neither the settings nor the requests tell', async () => {
    expect(
      await runCheck(
        proxyCheck,
        network(undefined, () => ({})),
      ),
    ).toMatchObject({ status: 'manual', message: 'unseen', evidence: { mode: 'not readable' } });
  });
});
