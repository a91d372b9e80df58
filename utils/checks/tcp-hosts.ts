import type { Check, Outcome } from '../engine/types';
import type { HttpProbeResult } from '../platform/types';

export type PortState = 'open' | 'closed' | 'filtered' | 'dns' | 'proxy' | 'unknown';

/**
 * A browser cannot open a raw TCP socket. What it can do: start TLS on the port. A service
 * that is not HTTPS answers that with a protocol error or closes the connection at once,
 * which proves the port is open; "refused" proves it closed; no answer before the deadline
 * means filtered. Without the browser's error string, only the timing is left.
 */
export function portState(probe: HttpProbeResult, timeoutMs: number): PortState {
  if (probe.ok) return 'open';
  switch (probe.failure) {
    case 'tls':
    case 'reset':
      return 'open';
    case 'refused':
      return 'closed';
    case 'timeout':
      return 'filtered';
    case 'dns':
      return 'dns';
    case 'proxy':
      return 'proxy';
    default:
      return probe.latencyMs < timeoutMs / 2 ? 'unknown' : 'filtered';
  }
}

/** NET-TLM: the fixed-room hosts answer on TCP 443 (a non-HTTPS flow). */
export const tcpHostsCheck: Check = {
  id: 'tcp-hosts',
  covers: ['NET-TLM'],
  category: 'network',
  messages: ['pass', 'unconfirmed', 'fail', 'none', 'fix_open', 'fix_inspection'],
  timeoutMs: (profile) => profile.timeouts.networkSuiteMs,
  async run({ platform, profile }): Promise<Outcome> {
    const hosts = profile.network.tcp;
    if (hosts.length === 0) return { status: 'manual', message: 'none', evidence: {}, manual: { unmetStatus: 'fail' } };
    const timeoutMs = profile.timeouts.probeMs;
    const probes = await Promise.all(
      hosts.map((h) => platform.httpProbe({ url: `https://${h.host}:${h.port}/`, timeoutMs })),
    );
    const states = probes.map((p) => portState(p, timeoutMs));
    const evidence = {
      method: 'tls-handshake',
      hosts: hosts.map(
        (h, i) =>
          `${h.host}:${h.port}: ${states[i]} (${probes[i]!.ok ? 'answered' : (probes[i]!.netError ?? probes[i]!.failure)}, ${probes[i]!.latencyMs} ms${probes[i]!.remoteIp ? `, ${probes[i]!.remoteIp}` : ''})`,
      ),
    };
    const list = (wanted: (s: PortState) => boolean) =>
      hosts
        .filter((_, i) => wanted(states[i]!))
        .map((h) => `${h.host}:${h.port}`)
        .join(', ');
    const inspection = { key: 'fix_inspection', params: { hosts: list(() => true) } };
    const bad = list((s) => s !== 'open' && s !== 'unknown');
    if (bad)
      return {
        status: 'fail',
        message: 'fail',
        params: { hosts: bad },
        evidence,
        fixes: [{ key: 'fix_open', params: { hosts: bad } }, inspection],
      };
    const unsure = list((s) => s === 'unknown');
    if (unsure)
      return { status: 'warn', message: 'unconfirmed', params: { hosts: unsure }, evidence, fixes: [inspection] };
    return { status: 'pass', message: 'pass', params: { hosts: list(() => true) }, evidence, fixes: [inspection] };
  },
};
