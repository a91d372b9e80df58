import { defineCheck } from '../engine/check';
import type { CheckContext } from '../engine/types';
import type { HttpProbes, SystemFacts } from '../platform/types';
import { detectBrowser } from './lib/detect-browser';
import { endpointProbes } from './lib/endpoint-probes';

/**
 * AV-HTTPS (§4): no scanning of the app's web traffic. An antivirus or proxy that inspects
 * HTTPS re-signs every response with its own root, installed on this machine; Firefox tells
 * whether the root of a response's chain is one it ships (webRequest.getSecurityInfo). Read
 * from this run's own HTTPS requests to the app (no extra request). Chrome/Edge give
 * extensions no certificate: manual, with where to look.
 */
export const httpsInspectionCheck = defineCheck({
  id: 'https-inspection',
  covers: ['AV-HTTPS'],
  category: 'security',
  messages: ['pass', 'inspected', 'unseen', 'chromium', 'fix_exclude', 'fix_look'],
  timeoutMs: (profile) => profile.timeouts.networkSuiteMs,
  async run(ctx: CheckContext<HttpProbes & SystemFacts>) {
    const probes = await endpointProbes(ctx);
    const seen = probes.filter((p) => p.tls);
    const evidence = {
      chains: seen.map((p) => `${new URL(p.url).host}: ${p.tls!.chain.join(' ← ')}`),
      // Roots that the browser does not ship: installed on this machine (an antivirus, a proxy).
      ...(seen.length && { localRoots: [...new Set(seen.filter((p) => !p.tls!.builtInRoot).map((p) => p.tls!.root))] }),
    };
    const manual = { unmetStatus: 'fail' as const };
    if (seen.length === 0) {
      const firefox = detectBrowser(await ctx.platform.userAgent()).brand === 'firefox';
      const params = { hosts: ctx.profile.app.origins.map((o) => new URL(o).host).join(', ') };
      return {
        status: 'manual',
        message: firefox ? 'unseen' : 'chromium',
        params,
        evidence,
        fixes: [{ key: 'fix_look' }, { key: 'fix_exclude', params }],
        manual,
      };
    }
    const inspected = seen.filter((p) => !p.tls!.builtInRoot);
    if (inspected.length === 0) return { status: 'pass', message: 'pass', params: { count: seen.length }, evidence };
    const params = {
      hosts: inspected.map((p) => new URL(p.url).host).join(', '),
      issuer: [...new Set(inspected.map((p) => p.tls!.root))].join(', '),
    };
    return { status: 'fail', message: 'inspected', params, evidence, fixes: [{ key: 'fix_exclude', params }] };
  },
});
