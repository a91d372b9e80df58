import { describe, expect, it } from 'vitest';
import { httpsInspectionCheck } from '../../../utils/checks/https-inspection';
import type { TlsFacts } from '../../../utils/platform/types';
import { fakePlatform, runCheck, UA } from '../fakes';

const FIREFOX = { userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0' };
const chain = (root: string, builtInRoot: boolean): TlsFacts => ({
  state: 'secure',
  chain: ['CN=www.norm-uni.fr', root],
  root,
  builtInRoot,
});
const seeing = (tls: (host: string) => TlsFacts | undefined, userAgent: object = FIREFOX) =>
  fakePlatform({
    userAgent: async () => userAgent as never,
    httpProbe: async ({ url }) => ({ url, ok: true, status: 200, latencyMs: 5, tls: tls(new URL(url).hostname) }),
  });

describe('https-inspection check', () => {
  it('passes when every chain ends at a root the browser ships', async () => {
    const outcome = await runCheck(
      httpsInspectionCheck,
      seeing(() => chain('CN=ISRG Root X1', true)),
    );
    expect(outcome).toMatchObject({ status: 'pass', params: { count: 3 } });
    expect(outcome.evidence).toMatchObject({ localRoots: [] });
    expect(outcome.evidence.chains).toContain('www.norm-uni.fr: CN=www.norm-uni.fr ← CN=ISRG Root X1');
  });

  it('fails naming the local root (antivirus or proxy) and the hosts it re-signed', async () => {
    const outcome = await runCheck(
      httpsInspectionCheck,
      seeing((host) =>
        chain(
          host === 'www.norm-uni.fr' ? 'CN=ESET SSL Filter CA' : 'CN=ISRG Root X1',
          host === 'www.norm-uni.fr' ? false : true,
        ),
      ),
    );
    expect(outcome).toMatchObject({
      status: 'fail',
      message: 'inspected',
      params: { hosts: 'www.norm-uni.fr', issuer: 'CN=ESET SSL Filter CA' },
      fixes: [{ key: 'fix_exclude' }],
    });
  });

  it('is manual in Chrome/Edge (no certificates for extensions), with where to look', async () => {
    expect(
      await runCheck(
        httpsInspectionCheck,
        seeing(() => undefined, UA.chrome116Win10),
      ),
    ).toMatchObject({
      status: 'manual',
      message: 'chromium',
      fixes: [
        { key: 'fix_look' },
        { key: 'fix_exclude', params: { hosts: 'www.norm-uni.fr, visioplex.maincare.com, visioplex2.maincare.com' } },
      ],
    });
  });

  it('is manual in Firefox when no HTTPS response arrived', async () => {
    expect(
      await runCheck(
        httpsInspectionCheck,
        seeing(() => undefined),
      ),
    ).toMatchObject({
      status: 'manual',
      message: 'unseen',
    });
  });
});
