/**
 * IP address literals as both browsers read them in proxy rules: an address is kept as 16
 * bytes, an IPv4 address as its IPv4-mapped IPv6 form (::ffff:a.b.c.d), the way Firefox
 * stores its `no_proxies_on` addresses and Chromium compares CIDR blocks across families.
 */
export interface IpAddress {
  family: 4 | 6;
  /** 16 bytes; IPv4 as ::ffff:a.b.c.d. */
  bytes: number[];
}

const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

function parseIPv4Bytes(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : undefined;
}

function parseIPv6Bytes(text: string): number[] | undefined {
  if (!/^[0-9a-f:.]+$/i.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIPv4Bytes(piece);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) out.push(parseInt(piece, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const words = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

/** Parses "192.168.1.1", "::1", "[3ffe::1]" (brackets allowed); undefined for a host name. */
export function parseIp(text: string): IpAddress | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v4 = parseIPv4Bytes(bare);
  if (v4) return { family: 4, bytes: [...MAPPED_PREFIX, ...v4] };
  const v6 = parseIPv6Bytes(bare);
  return v6 ? { family: 6, bytes: v6 } : undefined;
}

export const isIPv4Mapped = (ip: IpAddress) => MAPPED_PREFIX.every((b, i) => ip.bytes[i] === b);

/** Whether the first `bits` bits of two addresses are equal. */
export function samePrefix(a: IpAddress, b: IpAddress, bits: number): boolean {
  for (let i = 0; i < 16; i++) {
    const take = Math.max(0, Math.min(8, bits - i * 8));
    const mask = (0xff << (8 - take)) & 0xff;
    if ((a.bytes[i]! & mask) !== (b.bytes[i]! & mask)) return false;
  }
  return true;
}

/** Same host address, an IPv4 address and its IPv4-mapped IPv6 form counting as one. */
export const sameAddress = (a: IpAddress, b: IpAddress) => samePrefix(a, b, 128);

/** "IPv4" or "IPv6" for an address literal (an IPv4-mapped IPv6 address is IPv4), "?" otherwise. */
export function ipFamilyName(text: string): string {
  const ip = parseIp(text);
  if (!ip) return '?';
  return ip.family === 4 || isIPv4Mapped(ip) ? 'IPv4' : 'IPv6';
}
