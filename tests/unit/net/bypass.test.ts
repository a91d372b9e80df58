import { describe, expect, it } from 'vitest';
import { bareParentEntries, isBypassed } from '../../../utils/net/bypass';
import { parseIp, sameAddress } from '../../../utils/net/ip';

/**
 * Each row: a bypass list, a URL, whether that browser sends the URL direct. The rows are the
 * browsers' own examples, cited per block, so a matcher that drifts from a browser fails here.
 */
type Row = [list: string, url: string, bypassed: boolean];

/** Chromium rows: list written as the ProxyBypassList policy / --proxy-bypass-list string. */
const CHROMIUM: Record<string, Row[]> = {
  // net/proxy_resolution/proxy_bypass_rules_unittest.cc (chromium/chromium)
  ParseAndMatchBasicHost: [
    ['wWw.gOogle.com', 'http://www.google.com', true],
    ['wWw.gOogle.com', 'ftp://www.google.com:99', true],
    ['wWw.gOogle.com', 'https://www.google.com:81', true],
    ['wWw.gOogle.com', 'http://foo.www.google.com', false],
    ['wWw.gOogle.com', 'http://xxx.google.com', false],
    ['wWw.gOogle.com', 'http://google.com', false],
    ['wWw.gOogle.com', 'http://www.google.com.baz.org', false],
  ],
  ParseAndMatchBasicDomain: [
    ['.gOOgle.com', 'http://www.google.com', true],
    ['.gOOgle.com', 'https://a.google.com:81', true],
    ['.gOOgle.com', 'http://foo:bar@baz.google.com#x', true],
    ['.gOOgle.com', 'http://google.com', false],
    ['.gOOgle.com', 'http://foo.google.com.baz.org', false],
  ],
  ParseAndMatchBasicDomainWithPort: [
    ['*.GOOGLE.com:80', 'http://www.google.com', true],
    ['*.GOOGLE.com:80', 'ftp://www.google.com:80', true],
    ['*.GOOGLE.com:80', 'http://google.com', false],
    ['*.GOOGLE.com:80', 'http://www.google.com:90', false],
    ['*.GOOGLE.com:80', 'https://www.google.com', false],
  ],
  MatchAll: [
    ['*', 'http://www.google.com', true],
    ['*', 'ftp://www.foobar.com:99', true],
  ],
  WildcardAtStart: [
    ['*.org:443', 'http://www.google.org:443', true],
    ['*.org:443', 'https://www.google.org', true],
    ['*.org:443', 'http://www.google.org', false],
    ['*.org:443', 'https://www.google.org.com', false],
  ],
  IPV4Address: [
    ['192.168.1.1', 'http://192.168.1.1', true],
    ['192.168.1.1', 'https://192.168.1.1:90', true],
    ['192.168.1.1', 'http://www.google.com', false],
    // ("http://sup.192.168.1.1" of the original is not a valid URL for the WHATWG parser.)
    ['192.168.1.1', 'http://192.168.1.1.xx', false],
  ],
  IPV4AddressWithPort: [
    ['192.168.1.1:33', 'http://192.168.1.1:33', true],
    ['192.168.1.1:33', 'http://192.168.1.1', false],
  ],
  IPV6Address: [
    ['[3ffe:2a00:100:7031:0:0::1]', 'http://[3ffe:2a00:100:7031::1]', true],
    ['[3ffe:2a00:100:7031:0:0::1]', 'http://[3ffe:2a00:100:7031::1]:33', true],
    ['[3ffe:2a00:100:7031:0:0::1]', 'http://www.google.com', false],
  ],
  IPV6AddressWithPort: [
    ['[3ffe:2a00:100:7031::1]:33', 'http://[3ffe:2a00:100:7031::1]:33', true],
    ['[3ffe:2a00:100:7031::1]:33', 'http://[3ffe:2a00:100:7031::1]', false],
  ],
  HTTPOnly: [
    ['http://www.google.com', 'http://www.google.com/foo', true],
    ['http://www.google.com', 'http://www.google.com:99', true],
    ['http://www.google.com', 'https://www.google.com', false],
    ['http://www.google.com', 'ftp://www.google.com', false],
    ['http://www.google.com', 'http://foo.www.google.com', false],
  ],
  HTTPOnlyWithWildcard: [
    ['http://*www.google.com', 'http://foo.www.google.com', true],
    ['http://*www.google.com', 'https://www.google.com', false],
    ['http://*www.google.com', 'http://www.google.com.org', false],
  ],
  DoesNotUseSuffixMatching: [
    ['foo1.com, .foo2.com, 192.168.1.1, *foobar.com:80, *.foo, http://baz, <local>', 'http://foo1.com', true],
    ['foo1.com, .foo2.com, 192.168.1.1, *foobar.com:80, *.foo, http://baz, <local>', 'http://aaafoo1.com', false],
    ['foo1.com, .foo2.com, 192.168.1.1, *foobar.com:80, *.foo, http://baz, <local>', 'http://aaafoo1.com.net', false],
  ],
  MultipleRules: [
    ['.google.com , .foobar.com:30', 'http://baz.google.com:40', true],
    ['.google.com , .foobar.com:30', 'http://google.com:40', false],
    ['.google.com , .foobar.com:30', 'http://bar.foobar.com:30', true],
    ['.google.com , .foobar.com:30', 'http://bar.foobar.com', false],
  ],
  BadInputs: [['://;  ;http://;*.foo.com:-34;*.com:+443', 'http://www.foo.com', false]],
  BypassSimpleHostnames: [
    ['<-loopback>; <local>', 'http://example/', true],
    ['<-loopback>; <local>', 'http://example./', false],
    ['<-loopback>; <local>', 'http://example.com/', false],
    ['<-loopback>; <local>', 'http://[dead::beef]/', false],
    ['<-loopback>; <local>', 'http://192.168.1.1/', false],
    ['<-loopback>; <local>', 'http://127.0.0.1/', false],
    ['<-loopback>; <local>', 'http://localhost/', true],
  ],
  ParseAndMatchCIDR_IPv4: [
    ['192.168.1.1/16', 'http://192.168.1.1', true],
    ['192.168.1.1/16', 'ftp://192.168.4.4', true],
    ['192.168.1.1/16', 'https://192.168.0.0:81', true],
    ['192.168.1.1/16', 'http://[::ffff:192.168.11.11]', true],
    ['192.168.1.1/16', 'http://foobar.com', false],
    ['192.168.1.1/16', 'http://192.169.1.1', false],
    ['192.168.1.1/16', 'http://192.168.1.1.xx', false],
  ],
  ParseAndMatchCIDR_IPv6: [
    ['a:b:c:d::/48', 'http://[A:b:C:9::]', true],
    ['a:b:c:d::/48', 'http://192.169.1.1', false],
    ['::ffff:192.168.1.1/112', 'http://[::ffff:192.168.1.3]', true],
    ['::ffff:192.168.1.1/112', 'http://192.168.11.11', true],
    ['::ffff:192.168.1.1/112', 'http://10.10.1.1', false],
    ['::fffe:192.168.1.1/112', 'http://[::fffe:192.168.1.3]', true],
    ['::fffe:192.168.1.1/112', 'http://192.168.11.11', false],
  ],
  ParseBracketedIPv6Range: [['[a:b:c:d::]/48', 'http://[a:b:c:d::1]', false]],
  // DefaultImplicitRules, NegativeWinLoopback, RemoveImplicitAndAddLocalhost, AddLocalhostThenRemoveImplicit
  ImplicitRules: [
    ['', 'http://localhost', true],
    ['', 'http://localhost.', true],
    ['', 'http://foo.localhost', true],
    ['', 'http://127.100.0.2', true],
    ['', 'http://[::1]', true],
    ['', 'http://[::0:FFFF:127.0.0.1]', true],
    ['', 'http://[0::ffff:7f00:1]', true],
    ['', 'http://169.254.3.2', true],
    ['', 'http://[FE80::8]', true],
    ['', 'http://[fe91::1]', true],
    ['', 'http://[::ffff:169.254.3.2]', true],
    ['', 'http://192.168.0.1', false],
    ['', 'http://170.254.0.0', false],
    ['', 'http://[FD80::1]', false],
    ['', 'http://[::127.0.0.1]', false],
    ['', 'http://[::ffff:0:127.0.0.1]', false],
    ['', 'http://foo', false],
    ['www.example.com;<-loopback>', 'http://localhost', false],
    ['www.example.com;<-loopback>', 'http://169.254.3.2', false],
    ['www.example.com;<-loopback>', 'http://www.example.com/', true],
    ['<-loopback>; localhost', 'http://localhost', true],
    ['<-loopback>; localhost', 'http://127.0.0.1', false],
    ['localhost; <-loopback>', 'http://localhost', false],
  ],
  LoopbackAndLocalCaseInsensitive: [['<LoCaL>', 'http://intranet', true]],
  // net/docs/proxy.md, "Proxy config URL patterns"
  'proxy.md examples': [
    ['*foobar.com', 'http://blahfoobar.com', true],
    ['*foobar.com', 'http://foo.foobar.com', true],
    ['https://x.*.y.com:99', 'https://x.a.y.com:99', true],
    ['https://x.*.y.com:99', 'http://x.a.y.com:99', false],
    ['.google.com', 'http://calendar.google.com', true],
    ['.google.com', 'http://foo.bar.google.com', true],
    ['.google.com', 'http://google.com', false],
    ['http://.google.com', 'https://calendar.google.com', false],
    ['[0:0::1]', 'http://[::1]:8080', true],
    ['http://[::1]:99', 'https://[::1]:99', true], // implicit rule still applies to loopback
    ['fefe:13::abc/33', 'http://[fefe:13::1]', true],
  ],
};

/** Firefox rows: list written as `network.proxy.no_proxies_on` / `proxy.settings` passthrough. */
const LIST_1 = 'www.mozilla.org, www.google.com, www.apple.com, .domain, .domain2.org';
const LIST_2 = 'example.com, 1.2.3.4/16, [2001::1], 10.0.0.0/8, 2.3.0.0/16:7777, [abcd::1]/64:123, *.test.com';
const FIREFOX: Record<string, Row[]> = {
  // netwerk/test/unit/test_protocolproxyservice.js, run_proxy_host_filters_test (mozilla/gecko-dev)
  run_proxy_host_filters_test: [
    [LIST_1, 'http://www.mozilla.org/', true],
    [LIST_1, 'http://www.google.com/', true],
    [LIST_1, 'http://somehost.domain/', true],
    [LIST_1, 'http://someotherhost.domain/', true],
    [LIST_1, 'http://somehost.domain2.org/', true],
    [LIST_1, 'http://somehost.subdomain.domain2.org/', true],
    [LIST_1, 'http://www.mozilla.com/', false],
    [LIST_1, 'http://mail.google.com/', false],
    [LIST_1, 'http://somehost.domain.co.uk/', false],
    [LIST_1, 'http://somelocalhost/', false],
    [`${LIST_1}, <local>`, 'http://somelocalhost/', true],
    [`${LIST_1}, <local>`, 'http://mail.google.com/', false],
  ],
  // netwerk/test/gtest/TestProtocolProxyService.cpp, LoadHostFilters
  LoadHostFilters: [
    ['', 'http://127.0.0.1', true],
    ['', 'http://[::1]', true],
    ['', 'http://localhost', true],
    ['', 'http://example.com', false],
    ['', 'http://test', false],
    [LIST_2, 'http://example.com', true],
    [LIST_2, 'https://10.2.3.4', true],
    [LIST_2, 'http://1.2.3.4', true],
    [LIST_2, 'http://1.2.3.4:8080', true],
    [LIST_2, 'http://[2001::1]', true],
    [LIST_2, 'http://2.3.4.5:7777', true],
    [LIST_2, 'http://[abcd::2]:123', true],
    [LIST_2, 'http://bla.test.com', true],
    [LIST_2, 'http://test', false],
    [LIST_2, 'http://blabla.com:10', false],
    ['<local> blabla.com:10', 'http://test', true],
    ['<local> blabla.com:10', 'http://blabla.com:10', true],
    ['<local> blabla.com:10', 'http://example.com', false],
    ['<local> blabla.com:10', 'http://2.3.4.5:7777', false],
    ['a b c abc:1x2, ,, * ** *.* *:10 :20 :40/12 */12:90', 'http://example.com', false],
    ['<local>', 'http://test', true],
    ['<local>', 'http://blabla.com:10', false],
  ],
  // nsProtocolProxyService::CanUseProxy comments: suffix only at a dot boundary, "." prefix = sub-domains only
  CanUseProxy: [
    ['def.example.org', 'http://abc-def.example.org', false],
    ['def.example.org', 'http://abc.def.example.org', true],
    ['def.example.org', 'http://def.example.org', true],
    ['*.def.example.org', 'http://abc.def.example.org', true],
    ['*.def.example.org', 'http://def.example.org', false],
    ['.def.example.org', 'http://def.example.org', false],
    ['*def.example.org', 'http://abcdef.example.org', false],
    ['DEF.Example.ORG', 'https://www.def.example.org', true],
  ],
  // LoadHostFilters grammar: a scheme prefix leaves no host (entry dropped); ";" does not separate.
  grammar: [
    ['https://www.norm-uni.fr', 'https://www.norm-uni.fr', false],
    ['www.norm-uni.fr;visioplex.maincare.com', 'https://www.norm-uni.fr', false],
    ['norm-uni.fr:443', 'https://www.norm-uni.fr', true],
    ['norm-uni.fr:443', 'http://www.norm-uni.fr:8080', false],
    ['127.0.0.0/8', 'http://127.0.0.5', true],
    ['10.0.0.0/8', 'http://intranet.example', false],
  ],
};

describe.each([
  ['chromium', CHROMIUM],
  ['firefox', FIREFOX],
] as const)('%s bypass rules', (rules, table) => {
  describe.each(Object.entries(table))('%s', (_name, rows) => {
    it.each(rows)('“%s” exempts %s: %s', (list, url, bypassed) => {
      expect(isBypassed(rules, [list], url)).toBe(bypassed);
    });
  });
});

describe('the same list in both browsers (the cases the issue names)', () => {
  it.each<[string, string, boolean, boolean]>([
    // list, app URL, Chrome/Edge, Firefox
    ['maincare.com', 'https://visioplex.maincare.com/', false, true],
    ['norm-uni.fr', 'https://www.norm-uni.fr/', false, true],
    ['*.norm-uni.fr', 'https://www.norm-uni.fr/', true, true],
    ['.maincare.com', 'https://visioplex2.maincare.com/sync', true, true],
    ['*', 'https://www.norm-uni.fr/', true, false],
    ['https://www.norm-uni.fr', 'https://www.norm-uni.fr/', true, false],
    ['*.norm-uni.fr:443', 'https://www.norm-uni.fr/', true, true],
    ['*.norm-uni.fr:443', 'http://www.norm-uni.fr:8080/', false, false],
    ['*norm-uni.fr', 'https://evilnorm-uni.fr/', true, false],
    ['5.226.12.195', 'https://www.norm-uni.fr/', false, false],
  ])('“%s” exempts %s: Chrome/Edge %s, Firefox %s', (list, url, chromium, firefox) => {
    expect(isBypassed('chromium', [list], url)).toBe(chromium);
    expect(isBypassed('firefox', [list], url)).toBe(firefox);
  });

  it('names the Chromium entries written as a bare parent domain', () => {
    expect(bareParentEntries(['www.norm-uni.fr', 'maincare.com', '*.x.fr'], 'visioplex.maincare.com')).toEqual([
      'maincare.com',
    ]);
    expect(bareParentEntries(['.maincare.com'], 'visioplex.maincare.com')).toEqual([]);
  });
});

describe('IP literals', () => {
  it('parses IPv4, IPv6 (compressed, embedded IPv4, brackets) and compares across forms', () => {
    expect(sameAddress(parseIp('5.226.12.195')!, parseIp('::ffff:5.226.12.195')!)).toBe(true);
    expect(sameAddress(parseIp('[2001:db8:0:0::1]')!, parseIp('2001:db8::1')!)).toBe(true);
    expect(sameAddress(parseIp('2001:db8::1')!, parseIp('2001:db8::2')!)).toBe(false);
    expect(parseIp('www.norm-uni.fr')).toBeUndefined();
    expect(parseIp('1.2.3')).toBeUndefined();
    expect(parseIp('1::2::3')).toBeUndefined();
    expect(parseIp('1:2:3:4:5:6:7:8:9')).toBeUndefined();
  });
});
