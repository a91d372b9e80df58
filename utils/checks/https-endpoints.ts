import type { Check, Outcome } from '../engine/types';
import type { HttpProbeResult } from '../platform/types';
import { endpointProbes } from './lib/endpoint-probes';

/** "NET-PORTAL https://www.norm-uni.fr/: HTTP 200 in 45 ms from 5.226.12.195". */
export function describeProbe(requirement: string, probe: HttpProbeResult): string {
  const where = probe.remoteIp ? ` (${probe.remoteIp})` : '';
  if (probe.ok)
    return `${requirement} ${probe.url}: ${probe.status === undefined ? 'answered' : `HTTP ${probe.status}`} in ${probe.latencyMs} ms${where}`;
  return `${requirement} ${probe.url}: ${probe.failure}${probe.netError ? ` (${probe.netError})` : ''} after ${probe.latencyMs} ms${where}`;
}

/**
 * NET-PORTAL, NET-SIG-1, NET-SIG-2: each HTTPS endpoint of the profile answers. Any HTTP
 * status proves the flow is open (a signalling URL may well answer 404 to a plain GET);
 * a 5xx is the server's problem, reported as a warning. Failures are named by kind.
 */
export const httpsEndpointsCheck: Check = {
  id: 'https-endpoints',
  covers: ['NET-PORTAL', 'NET-SIG-1', 'NET-SIG-2'],
  category: 'network',
  messages: [
    'pass',
    'server_error',
    'fail',
    'none',
    'fix_dns',
    'fix_refused',
    'fix_timeout',
    'fix_tls',
    'fix_proxy',
    'fix_other',
    'fix_flow_test',
  ],
  timeoutMs: (profile) => profile.timeouts.networkSuiteMs,
  async run(ctx): Promise<Outcome> {
    const { profile } = ctx;
    const endpoints = profile.network.https;
    if (endpoints.length === 0)
      return { status: 'manual', message: 'none', evidence: {}, manual: { unmetStatus: 'fail' } };
    const probes = await endpointProbes(ctx);
    const evidence = { endpoints: probes.map((p, i) => describeProbe(endpoints[i]!.requirement, p)) };
    const failed = probes.filter((p) => !p.ok);
    if (failed.length) {
      const kinds = [...new Set(failed.map((p) => p.failure ?? 'other'))];
      const hosts = failed.map((p) => new URL(p.url).host).join(', ');
      const known = ['dns', 'refused', 'timeout', 'tls', 'proxy'];
      return {
        status: 'fail',
        message: 'fail',
        params: { hosts, count: failed.length, total: probes.length, kinds: kinds.join(', ') },
        evidence,
        fixes: [
          ...kinds.map((kind) => ({ key: known.includes(kind) ? `fix_${kind}` : 'fix_other', params: { hosts } })),
          { key: 'fix_flow_test', url: profile.links.flowTest },
        ],
      };
    }
    const serverErrors = probes.filter((p) => (p.status ?? 0) >= 500);
    if (serverErrors.length)
      return {
        status: 'warn',
        message: 'server_error',
        params: { hosts: serverErrors.map((p) => `${new URL(p.url).host} (HTTP ${p.status})`).join(', ') },
        evidence,
      };
    return { status: 'pass', message: 'pass', params: { total: probes.length }, evidence };
  },
};
