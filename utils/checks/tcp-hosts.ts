import { defineCheck } from '../engine/check';
import type { CheckContext } from '../engine/types';
import { notFromHost } from '../net/answer';
import type { HttpProbeResult, HttpProbes } from '../platform/types';

export type PortState = 'open' | 'unproven' | 'closed' | 'filtered' | 'dns' | 'proxy' | 'unknown';

export interface PortReading {
  state: PortState;
  /** What the browser saw: "HTTP 403 over TLS", "net::ERR_SSL_PROTOCOL_ERROR"… */
  seen: string;
  /** Why an answer is not shown to come from the host itself. */
  why: string[];
}

/**
 * A browser cannot open a raw TCP socket. What it can do: start TLS on the port. Something
 * answering that (an HTTP answer, or bytes that are not TLS) proves the port open only when the
 * answer came from the host itself: one of its published addresses, no proxy in the way or named
 * in the answer. A filtering proxy answers too, and a firewall that resets the connection on the
 * TLS hello looks like a service that closes it: a reset is never proof. "Refused" proves it
 * closed; no answer before the deadline means filtered. Without the browser's error string, only
 * the timing is left.
 */
export function readPort(probe: HttpProbeResult, timeoutMs: number, expectedIps?: string[]): PortReading {
  const seen = probe.ok
    ? probe.status === undefined
      ? 'answered over TLS'
      : `HTTP ${probe.status} over TLS`
    : (probe.netError ?? probe.failure ?? 'other');
  const reading = (state: PortState, why: string[] = []) => ({ state, seen, why });
  if (probe.ok || probe.failure === 'tls') {
    const why = notFromHost(probe, expectedIps);
    return reading(why.length ? 'unproven' : 'open', why);
  }
  switch (probe.failure) {
    case 'reset':
      return reading('unproven', ['connection accepted then closed or reset during the handshake, as a filter does']);
    case 'refused':
      return reading('closed');
    case 'timeout':
      return reading('filtered');
    case 'dns':
      return reading('dns');
    case 'proxy':
      return reading('proxy');
    default:
      return reading(probe.latencyMs < timeoutMs / 2 ? 'unknown' : 'filtered');
  }
}

/** NET-TLM: the fixed-room hosts answer on TCP 443 (a non-HTTPS flow, §5). */
export const tcpHostsCheck = defineCheck({
  id: 'tcp-hosts',
  covers: ['NET-TLM'],
  category: 'network',
  messages: ['pass', 'unproven', 'unconfirmed', 'fail', 'none', 'fix_open', 'fix_confirm', 'fix_inspection'],
  timeoutMs: (profile) => profile.timeouts.networkSuiteMs,
  async run({ platform, profile }: CheckContext<HttpProbes>) {
    const hosts = profile.network.tcp;
    if (hosts.length === 0) return { status: 'manual', message: 'none', evidence: {}, manual: { unmetStatus: 'fail' } };
    const timeoutMs = profile.timeouts.probeMs;
    const probes = await Promise.all(
      hosts.map((h) => platform.httpProbe({ url: `https://${h.host}:${h.port}/`, timeoutMs })),
    );
    const readings = probes.map((p, i) => readPort(p, timeoutMs, hosts[i]!.expectedIps));
    const evidence = {
      method: 'tls-handshake',
      hosts: hosts.map((h, i) => {
        const { state, seen, why } = readings[i]!;
        const probe = probes[i]!;
        const where = probe.remoteIp ? `, ${probe.remoteIp}` : '';
        const unproven = why.length ? `; not shown to come from the host: ${why.join('; ')}` : '';
        return `${h.host}:${h.port}: ${state} (${seen}, ${probe.latencyMs} ms${where})${unproven}`;
      }),
    };
    const list = (wanted: (s: PortState) => boolean) =>
      hosts
        .filter((_, i) => wanted(readings[i]!.state))
        .map((h) => `${h.host}:${h.port}`)
        .join(', ');
    const inspection = { key: 'fix_inspection' as const, params: { hosts: list(() => true) } };
    const unproven = list((s) => s === 'unproven');
    const confirm = unproven ? [{ key: 'fix_confirm' as const, params: { hosts: unproven } }] : [];
    const bad = list((s) => !['open', 'unproven', 'unknown'].includes(s));
    if (bad)
      return {
        status: 'fail',
        message: 'fail',
        params: { hosts: bad },
        evidence,
        fixes: [{ key: 'fix_open', params: { hosts: bad } }, ...confirm, inspection],
      };
    if (unproven)
      return {
        status: 'warn',
        message: 'unproven',
        params: { hosts: unproven },
        evidence,
        fixes: [...confirm, inspection],
      };
    const unsure = list((s) => s === 'unknown');
    if (unsure)
      return { status: 'warn', message: 'unconfirmed', params: { hosts: unsure }, evidence, fixes: [inspection] };
    return { status: 'pass', message: 'pass', params: { hosts: list(() => true) }, evidence, fixes: [inspection] };
  },
});
