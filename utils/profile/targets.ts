import type { Profile } from './types';

/**
 * Where a profile makes the extension send requests or media: app origins, the cache probe,
 * the HTTPS endpoints, the TCP hosts and the media servers (links are only opened by a click).
 */
export function profileHosts(profile: Profile): string[] {
  const hostOf = (url: string) => {
    try {
      return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
    } catch {
      return '';
    }
  };
  const hosts = [
    ...profile.app.origins.map(hostOf),
    ...(profile.app.cacheProbeUrl ? [hostOf(profile.app.cacheProbeUrl)] : []),
    ...profile.network.https.map((endpoint) => hostOf(endpoint.url)),
    ...profile.network.tcp.map((endpoint) => endpoint.host),
    ...profile.network.media.environments.flatMap((env) => env.servers.map((server) => server.host)),
  ];
  return [...new Set(hosts.filter(Boolean).map((host) => host.toLowerCase()))];
}

const ipv4 = (host: string): number[] | undefined => {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.map(Number);
};

/** IPv4 loopback, private (RFC 1918), shared (RFC 6598), link-local and "this network" ranges. */
function isLocalIpv4([a, b]: number[]): boolean {
  return (
    a === 127 ||
    a === 10 ||
    a === 0 ||
    (a === 172 && b! >= 16 && b! <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b! >= 64 && b! <= 127)
  );
}

/** IPv6 loopback, unspecified, unique local (fc00::/7), link-local (fe80::/10), and mapped IPv4. */
function isLocalIpv6(host: string): boolean {
  if (!host.includes(':')) return false;
  const lower = host.toLowerCase();
  if (lower === '::1' || lower === '::') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return isLocalIpv4(ipv4(mapped[1]!) ?? [1]);
  return /^f[cd][0-9a-f]{0,2}:/.test(lower) || /^fe[89ab][0-9a-f]?:/.test(lower);
}

/**
 * Whether a host name or address is on this computer or the local network, as far as its
 * text tells (a public name that resolves to a private address cannot be seen before a
 * request): loopback and private addresses, `localhost`, mDNS `.local`, `.home.arpa`,
 * `.internal`, and single-label intranet names.
 */
export function isLocalHost(host: string): boolean {
  const lower = host.toLowerCase().replace(/\.$/, '');
  const v4 = ipv4(lower);
  if (v4) return isLocalIpv4(v4);
  if (isLocalIpv6(lower)) return true;
  if (lower.includes(':')) return false;
  return (
    lower === 'localhost' ||
    /\.(localhost|local|home\.arpa|internal|lan)$/.test(lower) ||
    (!lower.includes('.') && lower !== '')
  );
}

/** The hosts of a profile that are on this computer or the local network. */
export const localTargets = (profile: Profile): string[] => profileHosts(profile).filter(isLocalHost);
