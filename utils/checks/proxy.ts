import { defineCheck } from '../engine/check';
import type { CheckContext, Evidence, Outcome } from '../engine/types';
import { bareParentEntries, isBypassed } from '../net/bypass';
import { isOneOf } from '../net/answer';
import { ipFamilyName, parseIp } from '../net/ip';
import type { BrowserSettings, HttpProbeResult, HttpProbes, ProxySettings } from '../platform/types';
import { endpointProbes } from './lib/endpoint-probes';

/**
 * How one app request left, and how sure that is:
 * - `proxy`: proven. Firefox's `proxyInfo` names a proxy, the browser's error names one, or
 *   Chromium reached the address of a configured proxy server.
 * - `direct`: proven. Firefox's `proxyInfo` says "direct".
 * - `published`: Chromium reached an address the publisher lists for that host. No proxy of
 *   this browser was in between (a proxy answers from its own address); high confidence. A
 *   transparent proxy intercepting on the network would still be invisible to any browser.
 * - `elsewhere`: Chromium reached another address. A proxy, but equally a server that changed
 *   address, a load balancer, or IPv6 when only IPv4 is published: nothing is proven.
 * - `unknown`: no address seen (no answer), or no published address to compare with.
 */
type Route = 'proxy' | 'direct' | 'published' | 'elsewhere' | 'unknown';

function routeOf(probe: HttpProbeResult, published: string[], settings: ProxySettings | undefined): Route {
  if (probe.via && probe.via !== 'direct') return 'proxy';
  if (probe.failure === 'proxy') return 'proxy';
  if (probe.via === 'direct') return 'direct';
  const seen = probe.remoteIp;
  if (!seen || !parseIp(seen)) return 'unknown';
  if (isOneOf(seen, published)) return 'published';
  if (settings?.mode === 'fixed' && isOneOf(seen, settings.proxyHosts)) return 'proxy';
  return published.length ? 'elsewhere' : 'unknown';
}

const BROWSER_NAMES = { chromium: 'Chrome/Edge', firefox: 'Firefox' } as const;

const withFamily = (address: string) => `${address} (${ipFamilyName(address)})`;

/**
 * WEB-PROXY (§1.3.4) and the proxy-mode part of DSK-PROXY (§2.2.2): the app is reached
 * without a proxy, or its hosts are on the bypass list. Reads the browser's proxy mode and
 * bypass list, and what the app requests of this run actually went through. The bypass list
 * is read with the grammar of the browser that returned it (../net/bypass.ts): a list that
 * this browser would not apply to an app URL never passes. The operating system's proxy
 * settings (mode "system") and PAC scripts are not visible to an extension: then only
 * observed requests count, and unobserved hosts are left to the user (manual).
 */
export const proxyCheck = defineCheck({
  id: 'proxy',
  covers: ['WEB-PROXY', 'DSK-PROXY'],
  category: 'network',
  messages: [
    'pass_direct',
    'pass_bypassed',
    'pass_observed',
    'pass_published',
    'proxied',
    'not_bypassed',
    'elsewhere',
    'unseen',
    'fix_bypass',
    'fix_chromium_suffix',
    'fix_ask_it',
    'fix_other_extension',
    'fix_system',
  ],
  timeoutMs: (profile) => profile.timeouts.networkSuiteMs,
  async run(ctx: CheckContext<BrowserSettings & HttpProbes>) {
    const { profile, platform } = ctx;
    const [settings, probes] = await Promise.all([platform.proxySettings(), endpointProbes(ctx)]);
    const endpoints = profile.network.https;
    const routes = probes.map((probe, i) => {
      const published = endpoints[i]?.expectedIps ?? [];
      return { probe, published, host: new URL(probe.url).hostname, route: routeOf(probe, published, settings) };
    });
    const appUrls = [...new Set([...profile.app.origins, ...endpoints.map((e) => e.url)])];
    const appHosts = [...new Set(appUrls.map((u) => new URL(u).hostname))];
    const hostsWhere = (test: (r: (typeof routes)[number]) => boolean) => [
      ...new Set(routes.filter(test).map((r) => r.host)),
    ];
    // Firefox applies its list in every mode but "none"; Chromium has one only in "fixed".
    const listApplies = settings && settings.mode !== 'direct' && settings.bypass.length > 0;
    const bypassedHosts = appHosts.filter(
      (host) =>
        listApplies &&
        appUrls
          .filter((u) => new URL(u).hostname === host)
          .every((u) => isBypassed(settings.rules, settings.bypass, u)),
    );

    const proxyInfo = routes.filter((r) => r.probe.via).map((r) => `${r.host} ${r.probe.via}`);
    const seenAddresses = routes
      .filter((r) => r.probe.remoteIp)
      .map((r) => `${r.host} ${withFamily(r.probe.remoteIp!)}`);
    const publishedAddresses = routes.flatMap((r) => r.published.map((ip) => `${r.host} ${withFamily(ip)}`));
    const unanswered = routes.filter((r) => !r.probe.ok).map((r) => `${r.host} (${r.probe.failure ?? 'other'})`);
    const evidence: Evidence = {
      mode: settings?.mode ?? 'not readable',
      ...(settings?.servers.length && { servers: settings.servers }),
      ...(settings?.bypass.length && { bypass: settings.bypass, bypassRules: BROWSER_NAMES[settings.rules] }),
      ...(listApplies && { bypassedHosts }),
      ...(settings?.pacUrl && { pacUrl: settings.pacUrl }),
      ...(settings && { levelOfControl: settings.levelOfControl }),
      ...(proxyInfo.length && { proxyInfo }),
      ...(seenAddresses.length && { seenAddresses }),
      ...(publishedAddresses.length && { publishedAddresses }),
      ...(unanswered.length && { unanswered }),
    };
    /** A verdict about some app hosts: names them, and how to exempt them (and whom to ask). */
    const about = (
      status: 'fail' | 'manual',
      message: 'elsewhere' | 'proxied' | 'not_bypassed' | 'unseen',
      hosts: string[],
      params: Record<string, string> = {},
    ): Outcome<typeof message | `fix_${'system' | 'bypass' | 'chromium_suffix' | 'ask_it' | 'other_extension'}`> => {
      const names = { hosts: hosts.join(', ') };
      // Chrome/Edge read a bare "maincare.com" as that host only (Firefox: and its sub-domains).
      const bare =
        settings?.rules === 'chromium' ? [...new Set(hosts.flatMap((h) => bareParentEntries(settings.bypass, h)))] : [];
      return {
        status,
        message,
        params: { ...params, ...names },
        evidence,
        fixes: [
          { key: settings?.mode === 'system' || !settings ? 'fix_system' : 'fix_bypass', params: names },
          ...(bare.length
            ? [
                {
                  key: 'fix_chromium_suffix' as const,
                  params: { entries: bare.join(', '), suffixes: bare.map((e) => `*.${e}`).join(', ') },
                },
              ]
            : []),
          // Who else decides: an enterprise policy, or another extension (a VPN or proxy add-on).
          ...(settings?.levelOfControl === 'not_controllable'
            ? [{ key: 'fix_ask_it' as const, params: names }]
            : settings?.levelOfControl === 'controlled_by_other_extensions'
              ? [{ key: 'fix_other_extension' as const, params: names }]
              : []),
        ],
        ...(status === 'manual' && { manual: { unmetStatus: 'fail' as const } }),
      };
    };

    const passBypassed = (s: ProxySettings): Outcome<'pass_bypassed'> => ({
      status: 'pass',
      message: 'pass_bypassed',
      params: { browser: BROWSER_NAMES[s.rules] },
      evidence,
    });
    const proxied = hostsWhere((r) => r.route === 'proxy');
    if (settings?.mode === 'fixed') {
      // The browser's own settings decide; a request seen through a proxy contradicts a bypass.
      const missing = appHosts.filter((host) => !bypassedHosts.includes(host));
      if (missing.length) return about('fail', 'not_bypassed', missing, { browser: BROWSER_NAMES[settings.rules] });
      if (proxied.length) return about('fail', 'proxied', proxied);
      return passBypassed(settings);
    }
    if (proxied.length) return about('fail', 'proxied', proxied);
    if (settings?.mode === 'direct') return { status: 'pass', message: 'pass_direct', evidence };

    // System, PAC, auto-detect or unreadable: only what the requests showed counts.
    const direct = hostsWhere((r) => r.route === 'direct');
    const published = hostsWhere((r) => r.route === 'published');
    const seenDirect = (host: string) =>
      direct.includes(host) || published.includes(host) || bypassedHosts.includes(host);
    const unsure = appHosts.filter((host) => !seenDirect(host));
    if (unsure.length === 0) {
      if (settings && !direct.length && !published.length) return passBypassed(settings);
      const hosts = [...new Set([...direct, ...published, ...bypassedHosts])].join(', ');
      return {
        status: 'pass',
        message: published.length ? 'pass_published' : 'pass_observed',
        params: { hosts },
        evidence,
      };
    }
    const elsewhere = routes.filter((r) => r.route === 'elsewhere' && unsure.includes(r.host));
    if (elsewhere.length)
      return about('manual', 'elsewhere', unsure, {
        seen: elsewhere.map((r) => `${r.host} ${withFamily(r.probe.remoteIp!)}`).join(', '),
        published: elsewhere.map((r) => `${r.host} ${r.published.map(withFamily).join(' / ')}`).join(', '),
      });
    return about('manual', 'unseen', unsure, { mode: settings?.mode ?? 'not readable' });
  },
});
