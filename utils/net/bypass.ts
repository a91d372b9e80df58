import { isIPv4Mapped, parseIp, samePrefix, sameAddress, type IpAddress } from './ip';

/**
 * Whether a proxy bypass list exempts a URL, as each browser reads its own list. The two
 * grammars differ where it matters: a bare `maincare.com` covers `visioplex.maincare.com`
 * in Firefox but only `maincare.com` itself in Chrome/Edge; `*` bypasses everything in
 * Chrome/Edge and nothing in Firefox; a `https://` prefix restricts a Chromium rule to that
 * scheme and makes Firefox drop the entry. Our own code, written from the browsers' sources
 * (cited on each function) and tested with their unit-test examples.
 */
export type BypassRules = 'chromium' | 'firefox';

interface Target {
  scheme: string;
  /** URL host as the URL parser canonicalised it (lower case, IPv6 in brackets). */
  host: string;
  /** Explicit port, else the scheme's default. */
  port: number;
  ip?: IpAddress;
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443, ftp: 21 };

function target(url: string): Target {
  const u = new URL(url);
  const scheme = u.protocol.slice(0, -1);
  return {
    scheme,
    host: u.hostname,
    port: u.port ? Number(u.port) : (DEFAULT_PORTS[scheme] ?? 0),
    ip: parseIp(u.hostname),
  };
}

const isLoopback = (ip: IpAddress) => (isIPv4Mapped(ip) && ip.bytes[12] === 127) || sameAddress(ip, parseIp('::1')!);

// ---------------------------------------------------------------------------------------
// Chromium: net/proxy_resolution/proxy_bypass_rules.cc, net/base/scheme_host_port_matcher.cc
// and scheme_host_port_matcher_rule.cc (chromium/chromium), documented in net/docs/proxy.md
// ("Proxy bypass rules", "Proxy config URL patterns", "Implicit bypass rules"). The
// extension API hands `rules.bypassList` over joined with "," and reads it back split on
// ",;" (chrome/browser/extensions/api/proxy/proxy_api_helpers.cc); the ProxyBypassList
// policy is the same string.

type ChromiumRule =
  | { kind: 'local' }
  | { kind: 'subtract-implicit' }
  | { kind: 'cidr'; scheme: string; prefix: IpAddress; bits: number }
  | { kind: 'ip'; scheme: string; ip: IpAddress; port: number }
  | { kind: 'pattern'; scheme: string; pattern: RegExp; port: number };

/** base::MatchPattern: `*` any run, `?` zero or one character, `\` escapes them. */
function chromiumPattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) source += pattern[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else if (c === '*') source += '.*';
    else if (c === '?') source += '.?';
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** net::ParseHostAndPort for an IP literal rule: "1.2.3.4", "1.2.3.4:33", "[::1]", "[::1]:33". */
function ipAndPort(raw: string): { ip: IpAddress; port: number } | undefined {
  const m = /^\[([^\]]*)\](?::(\d{1,5}))?$/.exec(raw) ?? /^([^:]*)(?::(\d{1,5}))?$/.exec(raw);
  const ip = m ? parseIp(m[1]!) : undefined;
  return ip && { ip, port: m![2] ? Number(m![2]) : 0 };
}

/** SchemeHostPortMatcherRule::FromUntrimmedRawString plus the two special rules of proxy_bypass_rules.cc. */
function parseChromiumRule(untrimmed: string): ChromiumRule | undefined {
  let raw = untrimmed.trim();
  if (raw.toLowerCase() === '<local>') return { kind: 'local' };
  if (raw.toLowerCase() === '<-loopback>') return { kind: 'subtract-implicit' };
  let scheme = '';
  const schemeEnd = raw.indexOf('://');
  if (schemeEnd >= 0) {
    scheme = raw.slice(0, schemeEnd).toLowerCase();
    raw = raw.slice(schemeEnd + 3);
    if (!scheme) return undefined;
  }
  if (!raw) return undefined;
  if (raw.includes('/')) {
    // ParseCIDRBlock: an unbracketed literal and a prefix length no longer than the address.
    const [address, length, extra] = raw.split('/');
    const prefix = parseIp(address!);
    if (extra !== undefined || !prefix || address!.startsWith('[') || !/^\d+$/.test(length!)) return undefined;
    const bits = Number(length);
    if (bits > (prefix.family === 4 ? 32 : 128)) return undefined;
    return { kind: 'cidr', scheme, prefix, bits: prefix.family === 4 ? bits + 96 : bits };
  }
  const literal = ipAndPort(raw);
  if (literal) return { kind: 'ip', scheme, ...literal };
  let port = -1;
  const colon = raw.lastIndexOf(':');
  if (colon >= 0) {
    const digits = raw.slice(colon + 1);
    if (!/^\d+$/.test(digits) || Number(digits) > 0xffff) return undefined;
    port = Number(digits);
    raw = raw.slice(0, colon);
  }
  // ".google.com" is remapped to "*.google.com".
  return {
    kind: 'pattern',
    scheme,
    pattern: chromiumPattern((raw.startsWith('.') ? `*${raw}` : raw).toLowerCase()),
    port,
  };
}

/** ProxyBypassRules::MatchesImplicitRules (localhost names, loopback and link-local literals), outside Windows. */
function chromiumImplicit(t: Target): boolean {
  if (/^(.+\.)?localhost\.?$/.test(t.host)) return true;
  if (!t.ip) return false;
  const linkLocal4 = isIPv4Mapped(t.ip) && t.ip.bytes[12] === 169 && t.ip.bytes[13] === 254;
  const linkLocal6 = t.ip.bytes[0] === 0xfe && (t.ip.bytes[1]! & 0xc0) === 0x80;
  return isLoopback(t.ip) || linkLocal4 || linkLocal6;
}

function evaluateChromium(rule: ChromiumRule, t: Target): 'include' | 'exclude' | undefined {
  const include = (yes: boolean) => (yes ? 'include' : undefined);
  switch (rule.kind) {
    case 'local':
      return include(!t.host.includes('.') && !t.ip);
    case 'subtract-implicit':
      return chromiumImplicit(t) ? 'exclude' : undefined;
    case 'cidr':
      return include(!!t.ip && (!rule.scheme || rule.scheme === t.scheme) && samePrefix(t.ip, rule.prefix, rule.bits));
    case 'ip':
      return include(
        (!rule.port || rule.port === t.port) &&
          (!rule.scheme || rule.scheme === t.scheme) &&
          !!t.ip &&
          t.ip.family === rule.ip.family &&
          sameAddress(t.ip, rule.ip),
      );
    case 'pattern':
      return include(
        (rule.port === -1 || rule.port === t.port) &&
          (!rule.scheme || rule.scheme === t.scheme) &&
          rule.pattern.test(t.host),
      );
  }
}

/** ProxyBypassRules::Matches: later rules win (only matters with `<-loopback>`), then the implicit rules. */
function chromiumBypasses(entries: string[], url: string): boolean {
  const t = target(url);
  const rules = entries.flatMap((e) => e.split(/[,;]/)).map(parseChromiumRule);
  for (const rule of rules.reverse()) {
    const result = rule && evaluateChromium(rule, t);
    if (result) return result === 'include';
  }
  return chromiumImplicit(t);
}

// ---------------------------------------------------------------------------------------
// Firefox: nsProtocolProxyService::LoadHostFilters and ::CanUseProxy
// (netwerk/base/nsProtocolProxyService.cpp, mozilla/gecko-dev; the same code in Firefox 68
// and today), tested by netwerk/test/unit/test_protocolproxyservice.js and
// netwerk/test/gtest/TestProtocolProxyService.cpp. The WebExtension `passthrough` is the
// `network.proxy.no_proxies_on` string itself (toolkit/components/extensions/parent/ext-proxy.js).
// Firefox applies it in every mode but "none" (manual, PAC, auto-detect and system).

type FirefoxFilter =
  | { kind: 'local' }
  | { kind: 'ip'; ip: IpAddress; bits: number; port: number }
  | { kind: 'name'; name: string; port: number };

/** One filter of LoadHostFilters: `host | domain | ipaddr ["/" mask]` then `[":" port]`; `[...]` keeps IPv6 colons. */
function parseFirefoxFilter(entry: string): FirefoxFilter | undefined {
  let host = '';
  let port = '';
  let mask = '';
  let start = 0;
  let inIPv6 = false;
  let inPort = false;
  let inMask = false;
  for (let i = 0; i < entry.length; i++) {
    const c = entry[i];
    if (c === '[') inIPv6 = true;
    else if (c === ']') inIPv6 = false;
    else if (c === ':' && !inIPv6) {
      if (inMask) mask = entry.slice(start, i);
      else host = entry.slice(start, i);
      start = i + 1;
      inPort = true;
    } else if (c === '/') {
      host = entry.slice(start, i);
      start = i + 1;
      inMask = true;
    }
  }
  if (inPort) port = entry.slice(start);
  else if (inMask) mask = entry.slice(start);
  else host = entry.slice(start);
  if (!host) return undefined;
  if (host.toLowerCase() === '<local>') return { kind: 'local' };
  const portNumber = /^\d+$/.test(port) ? Number(port) : 0;
  const ip = parseIp(host);
  if (ip) {
    let bits = /^\d+$/.test(mask) ? Number(mask) : 128;
    if (bits === 0) return undefined;
    if (ip.family === 4 && bits <= 32) bits += 96;
    return { kind: 'ip', ip, bits: Math.min(bits, 128), port: portNumber };
  }
  const name = (host.startsWith('*') ? host.slice(1) : host).toLowerCase();
  return name ? { kind: 'name', name, port: portNumber } : undefined;
}

/** Entries of a `no_proxies_on` string: separated by commas, spaces or tabs (not ";" nor new lines). */
export const splitFirefoxList = (value: string) => value.split(/[,\t ]+/).filter(Boolean);

/** CanUseProxy negated: <local>, the implicit loopback bypass, then the filters. */
function firefoxBypasses(entries: string[], url: string): boolean {
  const t = target(url);
  const host = t.host.replace(/^\[(.*)\]$/, '$1');
  const filters = entries.flatMap(splitFirefoxList).map(parseFirefoxFilter);
  if (!t.ip && !host.includes('.') && filters.some((f) => f?.kind === 'local')) return true;
  // Loopback hosts are never proxied (unless network.proxy.allow_hijacking_localhost, off by default).
  if (/^(.+\.)?localhost$/.test(host) || (t.ip && isLoopback(t.ip) && (t.ip.family === 4 || host === '::1')))
    return true;
  return filters.some((f) => {
    if (!f || f.kind === 'local' || (f.kind === 'ip') !== !!t.ip || (f.port && f.port !== t.port)) return false;
    if (f.kind === 'ip') return samePrefix(t.ip!, f.ip, f.bits);
    if (!host.endsWith(f.name)) return false;
    // ".foo.bar" matches any sub-domain; "foo.bar" itself or at a dot boundary ("x.foo.bar", not "xfoo.bar").
    return f.name.startsWith('.') || host.length === f.name.length || host[host.length - f.name.length - 1] === '.';
  });
}

/** Whether the browser whose `rules` these are would send `url` direct, bypassing its proxy. */
export function isBypassed(rules: BypassRules, entries: string[], url: string): boolean {
  return rules === 'chromium' ? chromiumBypasses(entries, url) : firefoxBypasses(entries, url);
}

/**
 * Chromium entries written as a bare parent domain of `host` ("maincare.com" for
 * "visioplex.maincare.com"): Firefox would exempt the host, Chrome/Edge do not.
 */
export function bareParentEntries(entries: string[], host: string): string[] {
  return entries
    .flatMap((e) => e.split(/[,;]/))
    .map((e) => e.trim().toLowerCase())
    .filter((e) => /^[a-z0-9.-]+$/.test(e) && !e.startsWith('.') && host.endsWith(`.${e}`));
}
