import type { Check, Evidence, Outcome } from '../engine/types';
import { isBypassed } from '../net/proxy';
import type { HttpProbeResult } from '../platform/types';
import { endpointProbes } from './lib/endpoint-probes';

type Route = 'direct' | 'proxy' | 'elsewhere' | 'unknown';

/**
 * How one app request left, from what the browser told: Firefox names the proxy of each
 * request; Chromium gives only the address reached, compared with the profile's published
 * addresses (a proxy answers from its own address).
 */
function routeOf(probe: HttpProbeResult, expectedIps: string[] | undefined): { route: Route; seen: string } {
  if (probe.via && probe.via !== 'direct') return { route: 'proxy', seen: `via ${probe.via}` };
  if (probe.remoteIp && expectedIps?.length) {
    return expectedIps.includes(probe.remoteIp)
      ? { route: 'direct', seen: `direct to ${probe.remoteIp} (published address)` }
      : { route: 'elsewhere', seen: `reached ${probe.remoteIp}, not the published ${expectedIps.join(' or ')}` };
  }
  if (probe.via === 'direct')
    return { route: 'direct', seen: `direct${probe.remoteIp ? ` to ${probe.remoteIp}` : ''}` };
  return { route: 'unknown', seen: probe.ok ? 'answered; route not visible here' : `no answer (${probe.failure})` };
}

/**
 * WEB-PROXY (§1.3.4) and the proxy-mode part of DSK-PROXY (§2.2.2): the app is reached
 * without a proxy, or its hosts are on the bypass list. Reads the browser's proxy mode and
 * bypass list, and what the app requests of this run actually went through. The operating
 * system's proxy settings (mode "system") and PAC scripts are not visible to an extension:
 * then only observed requests count, and unobserved hosts are left to the user (manual).
 */
export const proxyCheck: Check = {
  id: 'proxy',
  covers: ['WEB-PROXY', 'DSK-PROXY'],
  category: 'network',
  messages: [
    'pass_direct',
    'pass_bypassed',
    'pass_observed',
    'proxied',
    'not_bypassed',
    'unseen',
    'fix_bypass',
    'fix_ask_it',
    'fix_other_extension',
    'fix_system',
  ],
  timeoutMs: (profile) => profile.timeouts.networkSuiteMs,
  async run(ctx): Promise<Outcome> {
    const { profile, platform } = ctx;
    const [settings, probes] = await Promise.all([platform.proxySettings(), endpointProbes(ctx)]);
    const endpoints = profile.network.https;
    const routes = probes.map((probe, i) => ({
      host: new URL(probe.url).hostname,
      ...routeOf(probe, endpoints[i]?.expectedIps),
    }));
    const appHosts = [
      ...new Set([...profile.app.origins, ...endpoints.map((e) => e.url)].map((u) => new URL(u).hostname)),
    ];
    const evidence: Evidence = {
      mode: settings?.mode ?? 'not readable',
      ...(settings?.servers.length && { servers: settings.servers }),
      ...(settings?.bypass.length && { bypass: settings.bypass }),
      ...(settings?.pacUrl && { pacUrl: settings.pacUrl }),
      ...(settings && { levelOfControl: settings.levelOfControl }),
      requests: routes.map((r) => `${r.host}: ${r.seen}`),
    };
    /** A verdict about some app hosts: names them, and how to exempt them (and whom to ask). */
    const about = (
      status: 'fail' | 'manual',
      message: string,
      hosts: string[],
      params: Record<string, string> = {},
    ): Outcome => ({
      status,
      message,
      params: { ...params, hosts: hosts.join(', ') },
      evidence,
      fixes: [
        {
          key: settings?.mode === 'system' || !settings ? 'fix_system' : 'fix_bypass',
          params: { hosts: hosts.join(', ') },
        },
        // Who else decides: an enterprise policy, or another extension (a VPN or proxy add-on).
        ...(settings?.levelOfControl === 'not_controllable'
          ? [{ key: 'fix_ask_it', params: { hosts: hosts.join(', ') } }]
          : settings?.levelOfControl === 'controlled_by_other_extensions'
            ? [{ key: 'fix_other_extension', params: { hosts: hosts.join(', ') } }]
            : []),
      ],
      ...(status === 'manual' && { manual: { unmetStatus: 'fail' as const } }),
    });

    const proxied = routes.filter((r) => r.route === 'proxy' || r.route === 'elsewhere').map((r) => r.host);
    if (proxied.length) return about('fail', 'proxied', [...new Set(proxied)]);
    if (settings?.mode === 'direct') return { status: 'pass', message: 'pass_direct', evidence };
    if (settings?.mode === 'fixed') {
      const missing = appHosts.filter((host) => !isBypassed(settings.bypass, host));
      if (missing.length) return about('fail', 'not_bypassed', missing);
      return { status: 'pass', message: 'pass_bypassed', evidence };
    }
    // system, PAC, auto-detect or unreadable: only what the requests showed counts.
    const direct = new Set(routes.filter((r) => r.route === 'direct').map((r) => r.host));
    const unseen = appHosts.filter((host) => !direct.has(host) && !(settings && isBypassed(settings.bypass, host)));
    if (unseen.length === 0)
      return { status: 'pass', message: 'pass_observed', params: { hosts: [...direct].join(', ') }, evidence };
    return about('manual', 'unseen', unseen, { mode: settings?.mode ?? 'not readable' });
  },
};
