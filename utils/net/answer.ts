import type { HttpProbeResult } from '../platform/types';
import { parseIp, sameAddress } from './ip';

/**
 * Who answered a probe. A browser sees an answer arrive, not who sent it: a proxy, a filter's
 * block page or a firewall answer in the host's place. These read what the browser does show.
 */

/** Signs that a proxy or filter answered or stood in the way ("via http 10.0.0.1:3128", "via: 1.1 squid"…). */
export function proxySigns(probe: HttpProbeResult): string[] {
  const signs: string[] = [];
  if (probe.via && probe.via !== 'direct') signs.push(`through the proxy: ${probe.via}`);
  if (probe.status === 407) signs.push('HTTP 407: a proxy asks for authentication');
  for (const name of ['via', 'proxy-agent', 'x-squid-error']) {
    const value = probe.headers?.[name];
    if (value) signs.push(`${name}: ${value}`);
  }
  if (probe.tls && !probe.tls.builtInRoot) signs.push(`certificate issued by a root installed here: ${probe.tls.root}`);
  return signs;
}

/**
 * Whether the address a request reached is one of `list` (addresses as the profile or the proxy
 * settings write them), compared as addresses: an IPv4-mapped IPv6 address is its IPv4 address,
 * and IPv6 spellings are equal however they are written. A text that is not an address never matches.
 */
export function isOneOf(seen: string, list: string[]): boolean {
  const address = parseIp(seen);
  return (
    !!address &&
    list.some((text) => {
      const ip = parseIp(text);
      return !!ip && sameAddress(ip, address);
    })
  );
}

/** The address reached against the host's published ones: undefined when it is one of them. */
export function addressSign(
  probe: HttpProbeResult,
  expectedIps: string[] | undefined,
): { elsewhere: boolean; text: string } | undefined {
  if (!expectedIps?.length) return { elsewhere: false, text: 'no published address to compare with' };
  if (!probe.remoteIp) return { elsewhere: false, text: 'the browser does not show the address reached' };
  if (!isOneOf(probe.remoteIp, expectedIps))
    return { elsewhere: true, text: `reached ${probe.remoteIp}, not the published ${expectedIps.join(' or ')}` };
  return undefined;
}

/**
 * Why an answer is not shown to come from the host itself; empty when it is: it reached one of
 * the host's published addresses, with no proxy in the way and no proxy named in the answer.
 */
export function notFromHost(probe: HttpProbeResult, expectedIps: string[] | undefined): string[] {
  const address = addressSign(probe, expectedIps);
  return [...(address ? [address.text] : []), ...proxySigns(probe)];
}
