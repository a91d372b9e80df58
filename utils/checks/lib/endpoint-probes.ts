import type { CheckContext } from '../../engine/types';
import { pool, poolSize } from '../../net/pool';
import type { HttpProbeResult, HttpProbes } from '../../platform/types';

/**
 * One request to each HTTPS endpoint of the profile per run, shared by the checks that read it;
 * a bounded number at a time (sized so all fit in the network suite's budget).
 */
export function endpointProbes(ctx: CheckContext<HttpProbes>): Promise<HttpProbeResult[]> {
  return ctx.shared('https-probes', async () => {
    const { https } = ctx.profile.network;
    const { probeMs, networkSuiteMs } = ctx.profile.timeouts;
    const settled = await pool(
      https,
      poolSize(https.length, probeMs, networkSuiteMs),
      (e) => ctx.platform.httpProbe({ url: e.url, timeoutMs: probeMs }),
      ctx.signal,
    );
    // httpProbe reports failures in its result; only an abort (the run stopped) lands here.
    return settled.map((r) => {
      if (!r.ok) throw r.error;
      return r.value;
    });
  });
}
