import type { CheckContext } from '../../engine/types';
import type { HttpProbeResult } from '../../platform/types';

/** One request to each HTTPS endpoint of the profile per run, shared by the checks that read it. */
export function endpointProbes(ctx: CheckContext): Promise<HttpProbeResult[]> {
  return ctx.shared('https-probes', () =>
    Promise.all(
      ctx.profile.network.https.map((e) =>
        ctx.platform.httpProbe({ url: e.url, timeoutMs: ctx.profile.timeouts.probeMs }),
      ),
    ),
  );
}
