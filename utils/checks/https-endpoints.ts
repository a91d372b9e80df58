import { defineCheck } from '../engine/check';
import type { CheckContext } from '../engine/types';
import { addressSign, proxySigns } from '../net/answer';
import type { HttpProbeResult, HttpProbes } from '../platform/types';
import type { HttpsEndpoint } from '../profile/types';
import { endpointProbes } from './lib/endpoint-probes';

/** What one endpoint's probe shows, from worst to best. */
export type EndpointReading =
  | { kind: 'failed'; failure: string }
  | { kind: 'redirected'; target?: string }
  | { kind: 'filtered'; signs: string[] }
  | { kind: 'server_error' }
  | { kind: 'reachable' };

/**
 * Reachable means the endpoint's own server answered. A redirect to another host (a filter's
 * block page, a captive portal) or an HTTP error showing signs of a proxy or filter is not
 * that; a redirect within the host, and the app's own 404 on a signalling URL, are.
 */
export function readEndpoint(probe: HttpProbeResult, endpoint: HttpsEndpoint): EndpointReading {
  if (!probe.ok) return { kind: 'failed', failure: probe.failure ?? 'other' };
  if (probe.status === 407) return { kind: 'failed', failure: 'proxy' };
  if (probe.redirected) {
    if (!probe.redirectTo) return { kind: 'redirected' };
    if (new URL(probe.redirectTo).hostname !== new URL(probe.url).hostname)
      return { kind: 'redirected', target: probe.redirectTo };
  }
  const status = probe.status ?? 0;
  if (status >= 400 && status < 500) {
    const address = addressSign(probe, endpoint.expectedIps);
    const signs = [...(address?.elsewhere ? [address.text] : []), ...proxySigns(probe)];
    if (signs.length) return { kind: 'filtered', signs };
  }
  if (status >= 500) return { kind: 'server_error' };
  return { kind: 'reachable' };
}

/** "NET-PORTAL https://www.norm-uni.fr/: HTTP 200 in 45 ms (5.226.12.195)", then what is wrong with it. */
export function describeProbe(requirement: string, probe: HttpProbeResult, reading?: EndpointReading): string {
  const where = probe.remoteIp ? ` (${probe.remoteIp})` : '';
  if (!probe.ok)
    return `${requirement} ${probe.url}: ${probe.failure}${probe.netError ? ` (${probe.netError})` : ''}, after ${probe.latencyMs} ms${where}`;
  const answer = `${requirement} ${probe.url}: ${probe.status === undefined ? 'answered' : `HTTP ${probe.status}`} in ${probe.latencyMs} ms${where}`;
  if (probe.redirected)
    return `${answer}, redirected to: ${probe.redirectTo ?? 'an address the browser does not show'}`;
  if (reading?.kind === 'filtered') return `${answer}; signs of a proxy or filter: ${reading.signs.join('; ')}`;
  if (probe.status === 407) return `${answer}; a proxy asks for authentication: the request did not reach the host`;
  return answer;
}

/**
 * NET-PORTAL, NET-SIG-1, NET-SIG-2: each HTTPS endpoint of the profile is reached. The app's
 * own HTTP status proves the flow is open (a signalling URL may well answer 404 to a plain
 * GET); a 5xx is the server's problem, a warning. A redirect to another host or a proxy's
 * block page is not the endpoint: a warning saying what was seen. Failures are named by kind.
 */
export const httpsEndpointsCheck = defineCheck({
  id: 'https-endpoints',
  covers: ['NET-PORTAL', 'NET-SIG-1', 'NET-SIG-2'],
  category: 'network',
  messages: [
    'pass',
    'redirected',
    'filtered',
    'server_error',
    'fail',
    'none',
    'fix_dns',
    'fix_refused',
    'fix_timeout',
    'fix_tls',
    'fix_proxy',
    'fix_other',
    'fix_redirected',
    'fix_filtered',
    'fix_flow_test',
  ],
  timeoutMs: (profile) => profile.timeouts.networkSuiteMs,
  async run(ctx: CheckContext<HttpProbes>) {
    const { profile } = ctx;
    const endpoints = profile.network.https;
    if (endpoints.length === 0)
      return { status: 'manual', message: 'none', evidence: {}, manual: { unmetStatus: 'fail' } };
    const probes = await endpointProbes(ctx);
    const readings = probes.map((p, i) => readEndpoint(p, endpoints[i]!));
    const evidence = { endpoints: probes.map((p, i) => describeProbe(endpoints[i]!.requirement, p, readings[i])) };
    const host = (i: number) => new URL(probes[i]!.url).host;
    const where = (kind: EndpointReading['kind'], label: (i: number) => string = host) =>
      readings.flatMap((r, i) => (r.kind === kind ? [label(i)] : [])).join(', ');
    const flowTest = { key: 'fix_flow_test' as const, url: profile.links.flowTest };

    const failedAt = readings.flatMap((r, i) => (r.kind === 'failed' ? [{ i, failure: r.failure }] : []));
    if (failedAt.length) {
      const kinds = [...new Set(failedAt.map((f) => f.failure))];
      const hosts = where('failed');
      const known = ['dns', 'refused', 'timeout', 'tls', 'proxy'] as const;
      const isKnown = (kind: string): kind is (typeof known)[number] => (known as readonly string[]).includes(kind);
      return {
        status: 'fail',
        message: 'fail',
        params: { hosts, count: failedAt.length, total: probes.length, kinds: kinds.join(', ') },
        evidence,
        fixes: [
          ...kinds.map((kind) => ({
            key: isKnown(kind) ? (`fix_${kind}` as const) : ('fix_other' as const),
            params: { hosts },
          })),
          flowTest,
        ],
      };
    }
    const targetOf = (i: number) => {
      const reading = readings[i]!;
      return reading.kind === 'redirected' ? reading.target : undefined;
    };
    const redirected = where('redirected', (i) => {
      const target = targetOf(i);
      return `${host(i)} → ${target ? new URL(target).host : '?'}`;
    });
    const targets = where('redirected', (i) => targetOf(i) ?? host(i));
    const filtered = where('filtered', (i) => `${host(i)} (HTTP ${probes[i]!.status})`);
    if (redirected || filtered)
      return {
        status: 'warn',
        message: redirected ? 'redirected' : 'filtered',
        params: { hosts: redirected || filtered },
        evidence,
        fixes: [
          ...(redirected ? [{ key: 'fix_redirected' as const, params: { targets } }] : []),
          ...(filtered ? [{ key: 'fix_filtered' as const, params: { hosts: filtered } }] : []),
          flowTest,
        ],
      };
    const serverErrors = where('server_error', (i) => `${host(i)} (HTTP ${probes[i]!.status})`);
    if (serverErrors) return { status: 'warn', message: 'server_error', params: { hosts: serverErrors }, evidence };
    return { status: 'pass', message: 'pass', params: { total: probes.length }, evidence };
  },
});
