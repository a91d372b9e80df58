import { describe, expect, it } from 'vitest';
import { portState, tcpHostsCheck } from '../../../utils/checks/tcp-hosts';
import type { HttpProbeResult } from '../../../utils/platform/types';
import { fakePlatform, runCheck } from '../fakes';

const probe = (p: Partial<HttpProbeResult>): HttpProbeResult => ({
  url: 'https://tlm.norm-uni.fr:443/',
  ok: false,
  latencyMs: 30,
  ...p,
});

describe('tcp-hosts check', () => {
  it('reads a TLS protocol error or a closed connection as an open port (the service is not HTTPS)', () => {
    expect(portState(probe({ failure: 'tls', netError: 'net::ERR_SSL_PROTOCOL_ERROR' }), 4000)).toBe('open');
    expect(portState(probe({ failure: 'reset' }), 4000)).toBe('open');
    expect(portState(probe({ ok: true }), 4000)).toBe('open');
  });

  it('reads refused as closed, timeout as filtered, and says when it cannot tell', () => {
    expect(portState(probe({ failure: 'refused' }), 4000)).toBe('closed');
    expect(portState(probe({ failure: 'timeout', latencyMs: 4000 }), 4000)).toBe('filtered');
    expect(portState(probe({ failure: 'dns' }), 4000)).toBe('dns');
    expect(portState(probe({ failure: 'other', latencyMs: 50 }), 4000)).toBe('unknown');
    expect(portState(probe({ failure: 'other', latencyMs: 3900 }), 4000)).toBe('filtered');
  });

  it('passes both fixed-room hosts and reminds that the flow must not be inspected', async () => {
    const outcome = await runCheck(
      tcpHostsCheck,
      fakePlatform({ httpProbe: async ({ url }) => probe({ url, failure: 'tls' }) }),
    );
    expect(outcome).toMatchObject({ status: 'pass', params: { hosts: 'tlm.norm-uni.fr:443, tlm2.norm-uni.fr:443' } });
    expect(outcome.fixes?.[0]?.key).toBe('fix_inspection');
  });

  it('fails a filtered host, naming it', async () => {
    const platform = fakePlatform({
      httpProbe: async ({ url }) =>
        probe(url.includes('tlm2') ? { url, failure: 'timeout', latencyMs: 4000 } : { url, failure: 'tls' }),
    });
    const outcome = await runCheck(tcpHostsCheck, platform);
    expect(outcome).toMatchObject({ status: 'fail', params: { hosts: 'tlm2.norm-uni.fr:443' } });
    expect(outcome.evidence.hosts).toContain('tlm2.norm-uni.fr:443: filtered (timeout, 4000 ms)');
  });

  it('warns when the browser gives no reason but the answer came fast', async () => {
    const outcome = await runCheck(
      tcpHostsCheck,
      fakePlatform({ httpProbe: async ({ url }) => probe({ url, failure: 'other' }) }),
    );
    expect(outcome).toMatchObject({ status: 'warn', message: 'unconfirmed' });
  });
});
