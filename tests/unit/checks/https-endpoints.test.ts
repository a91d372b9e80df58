import { describe, expect, it } from 'vitest';
import { httpsEndpointsCheck } from '../../../utils/checks/https-endpoints';
import type { HttpProbeResult } from '../../../utils/platform/types';
import { fakePlatform, runCheck } from '../fakes';

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
      'NET-SIG-2 https://visioplex2.maincare.com/sync: dns (net::ERR_NAME_NOT_RESOLVED) after 12 ms',
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
});
