import { describe, expect, it } from 'vitest';
import { httpsEndpointsCheck } from '../../../utils/checks/https-endpoints';
import type { HttpProbeResult } from '../../../utils/platform/types';
import { fakePlatform, profileWith, runCheck } from '../fakes';

const answering = (answer: (url: string) => Partial<HttpProbeResult>) =>
  fakePlatform({ httpProbe: async ({ url }) => ({ url, ok: true, latencyMs: 40, ...answer(url) }) });

describe('https-endpoints check', () => {
  it('passes when the portal and both signalling servers answer, any status below 500', async () => {
    const outcome = await runCheck(
      httpsEndpointsCheck,
      answering((url) => ({ status: url.endsWith('/sync') ? 404 : 200, remoteIp: '5.226.12.195' })),
    );
    expect(outcome).toMatchObject({ status: 'pass', params: { total: 3 } });
    expect(outcome.evidence.endpoints).toEqual([
      'NET-PORTAL https://www.norm-uni.fr/: HTTP 200 in 40 ms (5.226.12.195)',
      'NET-SIG-1 https://visioplex.maincare.com/sync: HTTP 404 in 40 ms (5.226.12.195)',
      'NET-SIG-2 https://visioplex2.maincare.com/sync: HTTP 404 in 40 ms (5.226.12.195)',
    ]);
  });

  it('fails and names the failure kind and the host, with the matching fix', async () => {
    const platform = answering((url) =>
      url.includes('visioplex2')
        ? { ok: false, failure: 'dns', netError: 'net::ERR_NAME_NOT_RESOLVED', latencyMs: 12 }
        : { status: 200 },
    );
    const outcome = await runCheck(httpsEndpointsCheck, platform);
    expect(outcome).toMatchObject({
      status: 'fail',
      params: { hosts: 'visioplex2.maincare.com', count: 1, total: 3, kinds: 'dns' },
    });
    expect(outcome.fixes?.map((f) => f.key)).toEqual(['fix_dns', 'fix_flow_test']);
    expect(outcome.evidence.endpoints).toContain(
      'NET-SIG-2 https://visioplex2.maincare.com/sync: dns (net::ERR_NAME_NOT_RESOLVED), after 12 ms',
    );
  });

  it('names a timeout (filtered or hanging server) as such', async () => {
    const outcome = await runCheck(
      httpsEndpointsCheck,
      answering(() => ({ ok: false, failure: 'timeout', latencyMs: 4000 })),
    );
    expect(outcome).toMatchObject({ status: 'fail', params: { kinds: 'timeout', count: 3 } });
    expect(outcome.fixes?.[0]?.key).toBe('fix_timeout');
  });

  it('warns on a server error: reachable, the server is at fault', async () => {
    const outcome = await runCheck(
      httpsEndpointsCheck,
      answering((url) => ({ status: url.includes('www') ? 503 : 200 })),
    );
    expect(outcome).toMatchObject({
      status: 'warn',
      message: 'server_error',
      params: { hosts: 'www.norm-uni.fr (HTTP 503)' },
    });
  });

  it('warns on a redirect to another host (a filter’s block page), naming where it led', async () => {
    const outcome = await runCheck(
      httpsEndpointsCheck,
      answering((url) =>
        url.includes('www')
          ? {
              status: 302,
              redirected: true,
              redirectTo: 'https://filtrage.chu-exemple.fr/bloque?url=www.norm-uni.fr',
              remoteIp: '5.226.12.195',
            }
          : { status: 404 },
      ),
    );
    expect(outcome).toMatchObject({
      status: 'warn',
      message: 'redirected',
      params: { hosts: 'www.norm-uni.fr → filtrage.chu-exemple.fr' },
    });
    expect(outcome.fixes).toEqual([
      { key: 'fix_redirected', params: { targets: 'https://filtrage.chu-exemple.fr/bloque?url=www.norm-uni.fr' } },
      { key: 'fix_flow_test', url: 'https://mire-multiplexage-tlm.maincare.com/' },
    ]);
    expect(outcome.evidence.endpoints).toContain(
      'NET-PORTAL https://www.norm-uni.fr/: HTTP 302 in 40 ms (5.226.12.195), redirected to: https://filtrage.chu-exemple.fr/bloque?url=www.norm-uni.fr',
    );
  });

  it('passes a redirect within the same host (the portal sending / to its sign-in page)', async () => {
    const outcome = await runCheck(
      httpsEndpointsCheck,
      answering((url) =>
        url.includes('www')
          ? { status: 302, redirected: true, redirectTo: 'https://www.norm-uni.fr/auth/login' }
          : { status: 404 },
      ),
    );
    expect(outcome).toMatchObject({ status: 'pass' });
  });

  it('warns on a redirect whose target the browser hides (no host permission: an opaque redirect)', async () => {
    const outcome = await runCheck(
      httpsEndpointsCheck,
      answering((url) => (url.includes('visioplex2') ? { redirected: true } : { status: 200 })),
    );
    expect(outcome).toMatchObject({ status: 'warn', params: { hosts: 'visioplex2.maincare.com → ?' } });
    expect(outcome.evidence.endpoints).toContain(
      'NET-SIG-2 https://visioplex2.maincare.com/sync: answered in 40 ms, redirected to: an address the browser does not show',
    );
  });

  it('warns on a proxy’s block page (403 naming the proxy), not "reachable"', async () => {
    const outcome = await runCheck(
      httpsEndpointsCheck,
      answering((url) =>
        url.includes('visioplex2')
          ? {
              status: 403,
              remoteIp: '10.0.0.1',
              via: 'http 10.0.0.1:3128',
              headers: { via: '1.1 proxy.chu.local (squid/5.7)', 'x-squid-error': 'ERR_ACCESS_DENIED 0' },
            }
          : { status: 200 },
      ),
    );
    expect(outcome).toMatchObject({
      status: 'warn',
      message: 'filtered',
      params: { hosts: 'visioplex2.maincare.com (HTTP 403)' },
    });
    expect(outcome.fixes?.map((f) => f.key)).toEqual(['fix_filtered', 'fix_flow_test']);
    expect(outcome.evidence.endpoints).toContain(
      'NET-SIG-2 https://visioplex2.maincare.com/sync: HTTP 403 in 40 ms (10.0.0.1); signs of a proxy or filter: through the proxy: http 10.0.0.1:3128; via: 1.1 proxy.chu.local (squid/5.7); x-squid-error: ERR_ACCESS_DENIED 0',
    );
  });

  it('warns on a 403 for the portal from an address that is not its published one (Chromium shows no proxy otherwise)', async () => {
    const outcome = await runCheck(
      httpsEndpointsCheck,
      answering((url) => (url.includes('www') ? { status: 403, remoteIp: '192.168.10.5' } : { status: 404 })),
    );
    expect(outcome).toMatchObject({
      status: 'warn',
      message: 'filtered',
      params: { hosts: 'www.norm-uni.fr (HTTP 403)' },
    });
  });

  it('keeps the app’s own 4xx reachable: no sign of a proxy, published address', async () => {
    const outcome = await runCheck(
      httpsEndpointsCheck,
      answering((url) => ({
        status: url.includes('www') ? 403 : 405,
        remoteIp: url.includes('www') ? '5.226.12.195' : undefined,
      })),
    );
    expect(outcome.status).toBe('pass');
  });

  it('fails a 407: a proxy asks for authentication, the request never reached the host', async () => {
    const outcome = await runCheck(
      httpsEndpointsCheck,
      answering((url) =>
        url.includes('www') ? { status: 407, headers: { 'proxy-agent': 'BlueCoat-ProxySG' } } : { status: 200 },
      ),
    );
    expect(outcome).toMatchObject({ status: 'fail', params: { hosts: 'www.norm-uni.fr', kinds: 'proxy' } });
    expect(outcome.fixes?.map((f) => f.key)).toEqual(['fix_proxy', 'fix_flow_test']);
  });

  it('passes an opaque answer (no host permission: status hidden, arrival still proves the flow)', async () => {
    expect(
      (
        await runCheck(
          httpsEndpointsCheck,
          answering(() => ({})),
        )
      ).status,
    ).toBe('pass');
  });

  it('probes with the profile’s probe timeout', async () => {
    const timeouts: number[] = [];
    await runCheck(
      httpsEndpointsCheck,
      fakePlatform({
        httpProbe: async ({ url, timeoutMs }) => (timeouts.push(timeoutMs), { url, ok: true, latencyMs: 1 }),
      }),
    );
    expect(timeouts).toEqual([4000, 4000, 4000]);
  });

  it('asks by hand when the profile lists no HTTPS endpoint', async () => {
    const outcome = await runCheck(
      httpsEndpointsCheck,
      answering(() => ({ status: 200 })),
      profileWith((p) => (p.network.https = [])),
    );
    expect(outcome).toMatchObject({ status: 'manual', message: 'none', evidence: {}, manual: { unmetStatus: 'fail' } });
  });

  it('gives one fix per failure kind: refused, TLS, and any other kind (a reset) as "other"', async () => {
    const platform = answering((url) =>
      url.includes('www')
        ? { ok: false, failure: 'refused' }
        : url.includes('visioplex2')
          ? { ok: false, failure: 'reset' }
          : { ok: false, failure: 'tls' },
    );
    const outcome = await runCheck(httpsEndpointsCheck, platform);
    expect(outcome).toMatchObject({ status: 'fail', params: { kinds: 'refused, tls, reset', count: 3 } });
    expect(outcome.fixes?.map((f) => f.key)).toEqual(['fix_refused', 'fix_tls', 'fix_other', 'fix_flow_test']);
  });
});
