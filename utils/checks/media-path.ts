import { defineCheck } from '../engine/check';
import type { CheckContext } from '../engine/types';
import { ICE_ERROR_EVENT_SINCE, reachable } from '../net/ice';
import type { RtcProbes } from '../platform/types';
import { mediaProbes } from './lib/media-probes';

/**
 * How long the media path may wait for the rest of the run to settle, out of `budgetMs`: what
 * the measurement needs is kept (connection and margins 3 s, 10 ms a ping, and each direction's
 * `measureMs` plus 1 s of warm-up and drain), never less than 0.
 */
export function quietWaitMs(budgetMs: number, measureMs: number, pings: number): number {
  return Math.max(0, budgetMs - (3000 + pings * 10 + 2 * (measureMs + 1000)));
}

/**
 * DSK-BW: a real media path through a TURN relay of the profile (two peer connections forced
 * to relay, a data channel between them): round trip, jitter, loss, and throughput each way
 * against the live (2 Mb/s) and asynchronous (0.5 Mb/s) thresholds. Both peers are on this
 * workstation, so each direction goes up to the relay and back down.
 */
export const mediaPathCheck = defineCheck({
  id: 'media-path',
  covers: ['DSK-BW'],
  category: 'network',
  messages: [
    'pass',
    'async_only',
    'too_slow',
    'no_credentials',
    'credentials_refused',
    'no_relay',
    'relay_unproven',
    'stopped',
    'fix_credentials',
    'fix_line',
    'fix_flow_test',
  ],
  timeoutMs: (profile) => profile.timeouts.networkSuiteMs,
  async run(ctx: CheckContext<RtcProbes>) {
    const { profile, platform } = ctx;
    const started = ctx.now();
    const { liveMbps, asyncMbps, measureMs } = profile.bandwidth;
    const flowTest = { key: 'fix_flow_test' as const, url: profile.links.flowTest };
    const params = { live: liveMbps, async: asyncMbps };
    const credentials = profile.network.media.credentials;
    if (!credentials)
      return {
        status: 'manual',
        message: 'no_credentials',
        params,
        evidence: {},
        fixes: [{ key: 'fix_credentials' }, flowTest],
        manual: { unmetStatus: 'fail' },
      };
    const probes = await mediaProbes(ctx);
    const relay =
      probes.find((p) => p.transport === 'turn-udp' && p.outcome === 'allocated') ??
      probes.find((p) => p.transport === 'turn-tcp' && p.outcome === 'allocated');
    if (!relay) {
      const refused = probes.some((p) => p.outcome === 'auth-refused');
      if (refused)
        return {
          status: 'manual',
          message: 'credentials_refused',
          params,
          evidence: {},
          fixes: [{ key: 'fix_credentials' }, flowTest],
          manual: { unmetStatus: 'fail' },
        };
      // Without icecandidateerror, wrong credentials and blocked servers look alike: no verdict.
      if (probes.some((p) => p.transport !== 'stun-udp' && p.outcome === 'unproven'))
        return {
          status: 'manual',
          message: 'relay_unproven',
          params: { ...params, since: ICE_ERROR_EVENT_SINCE },
          evidence: { iceErrorEvents: false },
          fixes: [{ key: 'fix_credentials' }, flowTest],
          manual: { unmetStatus: 'fail' },
        };
      const anyReachable = probes.some((p) => p.transport !== 'stun-udp' && reachable(p.outcome));
      return {
        status: 'fail',
        message: 'no_relay',
        params,
        evidence: { reachableTurn: anyReachable },
        fixes: [flowTest],
      };
    }
    // The run's other checks share this thread and CPU: measure once they are done, as long as
    // that leaves the measurement the time it needs.
    const pings = profile.bandwidth.pings;
    const spare = quietWaitMs(profile.timeouts.networkSuiteMs - (ctx.now() - started), measureMs, pings);
    if (ctx.othersSettled && spare > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([ctx.othersSettled(), new Promise((resolve) => (timer = setTimeout(resolve, spare)))]);
      clearTimeout(timer);
    }
    // What is left of the suite's bound, less a margin for the engine to report in time.
    const timeoutMs = Math.max(1000, profile.timeouts.networkSuiteMs - (ctx.now() - started) - 500);
    const result = await platform.mediaPath({
      url: relay.url,
      username: credentials.username,
      credential: credentials.credential,
      timeoutMs,
      measureMs,
      pings,
    });
    const evidence = {
      relay: relay.url,
      stages: result.stagesCompleted,
      ...(result.connectMs !== undefined && { connectMs: result.connectMs }),
      ...(result.rtt && {
        rttMedianMs: result.rtt.medianMs,
        rttP95Ms: result.rtt.p95Ms,
        rttSamples: result.rtt.samples,
      }),
      ...(result.jitterMs !== undefined && { jitterMs: result.jitterMs }),
      ...(result.lossPercent !== undefined && { lossPercent: result.lossPercent }),
      ...(result.upMbps !== undefined && { upMbps: result.upMbps }),
      ...(result.downMbps !== undefined && { downMbps: result.downMbps }),
      ...(result.stoppedAt && { stoppedAt: result.stoppedAt, error: result.error ?? '' }),
    };
    if (result.stoppedAt || result.upMbps === undefined || result.downMbps === undefined)
      return {
        status: 'fail',
        message: 'stopped',
        params: { ...params, stage: result.stoppedAt ?? '?' },
        evidence,
        fixes: [flowTest],
      };
    const slowest = Math.min(result.upMbps, result.downMbps);
    const measured = { ...params, up: result.upMbps, down: result.downMbps, rtt: result.rtt?.medianMs ?? '?' };
    if (slowest < asyncMbps)
      return { status: 'fail', message: 'too_slow', params: measured, evidence, fixes: [{ key: 'fix_line', params }] };
    if (slowest < liveMbps)
      return {
        status: 'warn',
        message: 'async_only',
        params: measured,
        evidence,
        fixes: [{ key: 'fix_line', params }],
      };
    return { status: 'pass', message: 'pass', params: measured, evidence };
  },
});
