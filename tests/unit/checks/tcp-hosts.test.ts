import { describe, expect, it } from 'vitest';
import { readPort, tcpHostsCheck } from '../../../utils/checks/tcp-hosts';
import type { HttpProbeResult } from '../../../utils/platform/types';
import { fakePlatform, profileWith, runCheck } from '../fakes';

const probe = (p: Partial<HttpProbeResult>): HttpProbeResult => ({
  url: 'https://tlm.norm-uni.fr:443/',
  ok: false,
  latencyMs: 30,
  ...p,
});
const PUBLISHED = ['5.226.12.197'];
const state = (p: Partial<HttpProbeResult>, expectedIps = PUBLISHED) => readPort(probe(p), 4000, expectedIps).state;

/** Chromium meeting the non-TLS service at its published address. */
const nonTlsAnswer = (url: string): HttpProbeResult =>
  probe({
    url,
    failure: 'tls',
    netError: 'net::ERR_SSL_PROTOCOL_ERROR',
    remoteIp: url.includes('tlm2') ? '5.226.12.198' : '5.226.12.197',
  });

/** Firefox through the hospital's proxy: the proxy's own 403 block page, over TLS it intercepts. */
const proxyBlockPage = (url: string): HttpProbeResult =>
  probe({
    url,
    ok: true,
    status: 403,
    remoteIp: '10.0.0.1',
    via: 'http 10.0.0.1:3128',
    headers: { via: '1.1 proxy.chu.local (squid/5.7)', 'x-squid-error': 'ERR_ACCESS_DENIED 0', server: 'squid/5.7' },
    tls: {
      state: 'secure',
      chain: ['CN=tlm.norm-uni.fr', 'CN=CHU Proxy CA'],
      root: 'CN=CHU Proxy CA',
      builtInRoot: false,
    },
  });

describe('tcp-hosts check', () => {
  it('reads a non-TLS answer from a published address, with no proxy seen, as an open port', () => {
    expect(state({ failure: 'tls', netError: 'net::ERR_SSL_PROTOCOL_ERROR', remoteIp: '5.226.12.197' })).toBe('open');
    expect(
      state({ failure: 'tls', netError: 'SSL_ERROR_RX_RECORD_TOO_LONG', remoteIp: '5.226.12.197', via: 'direct' }),
    ).toBe('open');
  });

  it('never reads a reset during the TLS handshake as open, even at the published address (a filter resets too)', () => {
    const reading = readPort(
      probe({ failure: 'reset', netError: 'net::ERR_CONNECTION_RESET', remoteIp: '5.226.12.197' }),
      4000,
      PUBLISHED,
    );
    expect(reading).toMatchObject({ state: 'unproven', seen: 'net::ERR_CONNECTION_RESET' });
    expect(reading.why[0]).toContain('reset during the handshake');
  });

  it('does not take an answer from another address, an unseen address or no published address as the host', () => {
    expect(readPort(probe({ failure: 'tls', remoteIp: '10.20.30.40' }), 4000, PUBLISHED).why).toEqual([
      'reached 10.20.30.40, not the published 5.226.12.197',
    ]);
    expect(state({ failure: 'tls' })).toBe('unproven');
    expect(state({ failure: 'tls', remoteIp: '5.226.12.197' }, [])).toBe('unproven');
  });

  it('reads an HTTP answer from a filtering proxy as unproven, naming every sign of the proxy', () => {
    const reading = readPort(proxyBlockPage('https://tlm.norm-uni.fr:443/'), 4000, PUBLISHED);
    expect(reading).toEqual({
      state: 'unproven',
      seen: 'HTTP 403 over TLS',
      why: [
        'reached 10.0.0.1, not the published 5.226.12.197',
        'through the proxy: http 10.0.0.1:3128',
        'via: 1.1 proxy.chu.local (squid/5.7)',
        'x-squid-error: ERR_ACCESS_DENIED 0',
        'certificate issued by a root installed here: CN=CHU Proxy CA',
      ],
    });
    // A transparent proxy at the host's own address still names itself in its answer.
    expect(state({ ok: true, status: 403, remoteIp: '5.226.12.197', headers: { via: '1.1 fortigate' } })).toBe(
      'unproven',
    );
  });

  it('reads refused as closed, timeout as filtered, and says when it cannot tell', () => {
    expect(state({ failure: 'refused' })).toBe('closed');
    expect(state({ failure: 'timeout', latencyMs: 4000 })).toBe('filtered');
    expect(state({ failure: 'dns' })).toBe('dns');
    expect(state({ failure: 'other', latencyMs: 50 })).toBe('unknown');
    expect(state({ failure: 'other', latencyMs: 3900 })).toBe('filtered');
  });

  it('passes both fixed-room hosts answering from their published addresses, and reminds that the flow must not be inspected', async () => {
    const outcome = await runCheck(tcpHostsCheck, fakePlatform({ httpProbe: async ({ url }) => nonTlsAnswer(url) }));
    expect(outcome).toMatchObject({ status: 'pass', params: { hosts: 'tlm.norm-uni.fr:443, tlm2.norm-uni.fr:443' } });
    expect(outcome.fixes?.map((f) => f.key)).toEqual(['fix_inspection']);
    expect(outcome.evidence.hosts).toContain(
      'tlm.norm-uni.fr:443: open (net::ERR_SSL_PROTOCOL_ERROR, 30 ms, 5.226.12.197)',
    );
  });

  it('warns, saying what was seen, when one host reset the handshake and the other was answered by a proxy', async () => {
    const platform = fakePlatform({
      httpProbe: async ({ url }) =>
        url.includes('tlm2')
          ? proxyBlockPage(url)
          : probe({ url, failure: 'reset', netError: 'net::ERR_CONNECTION_RESET', remoteIp: '5.226.12.197' }),
    });
    const outcome = await runCheck(tcpHostsCheck, platform);
    expect(outcome).toMatchObject({
      status: 'warn',
      message: 'unproven',
      params: { hosts: 'tlm.norm-uni.fr:443, tlm2.norm-uni.fr:443' },
    });
    expect(outcome.fixes?.map((f) => f.key)).toEqual(['fix_confirm', 'fix_inspection']);
    const hosts = outcome.evidence.hosts as string[];
    expect(hosts[0]).toBe(
      'tlm.norm-uni.fr:443: unproven (net::ERR_CONNECTION_RESET, 30 ms, 5.226.12.197); not shown to come from the host: connection accepted then closed or reset during the handshake, as a filter does',
    );
    expect(hosts[1]).toMatch(
      /^tlm2\.norm-uni\.fr:443: unproven \(HTTP 403 over TLS, 30 ms, 10\.0\.0\.1\); .*x-squid-error/,
    );
  });

  it('fails a filtered host, naming it, and still asks to confirm the unproven one', async () => {
    const platform = fakePlatform({
      httpProbe: async ({ url }) =>
        url.includes('tlm2') ? probe({ url, failure: 'timeout', latencyMs: 4000 }) : proxyBlockPage(url),
    });
    const outcome = await runCheck(tcpHostsCheck, platform);
    expect(outcome).toMatchObject({ status: 'fail', params: { hosts: 'tlm2.norm-uni.fr:443' } });
    expect(outcome.fixes?.map((f) => [f.key, f.params?.hosts])).toEqual([
      ['fix_open', 'tlm2.norm-uni.fr:443'],
      ['fix_confirm', 'tlm.norm-uni.fr:443'],
      ['fix_inspection', 'tlm.norm-uni.fr:443, tlm2.norm-uni.fr:443'],
    ]);
    expect(outcome.evidence.hosts).toContain('tlm2.norm-uni.fr:443: filtered (timeout, 4000 ms)');
  });

  it('warns when the browser gives no reason but the answer came fast', async () => {
    const outcome = await runCheck(
      tcpHostsCheck,
      fakePlatform({ httpProbe: async ({ url }) => probe({ url, failure: 'other' }) }),
    );
    expect(outcome).toMatchObject({ status: 'warn', message: 'unconfirmed' });
  });

  it('asks by hand when the profile lists no TCP host', async () => {
    const outcome = await runCheck(
      tcpHostsCheck,
      fakePlatform(),
      profileWith((p) => (p.network.tcp = [])),
    );
    expect(outcome).toMatchObject({ status: 'manual', message: 'none', evidence: {}, manual: { unmetStatus: 'fail' } });
  });
});
