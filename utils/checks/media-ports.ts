import { defineCheck } from '../engine/check';
import type { CheckContext } from '../engine/types';
import { ICE_ERROR_EVENT_SINCE, reachable } from '../net/ice';
import type { RtcProbes } from '../platform/types';
import { mediaProbes } from './lib/media-probes';

/**
 * NET-MEDIA: UDP 49152–65535 to the media servers. A browser can only reach a media port
 * through a peer that listens there; the TURN/STUN probes prove UDP on 3478 only. So this
 * stays manual, saying what was proven and what was not, with the publisher's flow test.
 */
export const mediaPortsCheck = defineCheck({
  id: 'media-ports',
  covers: ['NET-MEDIA'],
  category: 'network',
  messages: ['udp_ok', 'udp_blocked', 'udp_unproven', 'fix_range', 'fix_flow_test', 'fix_video_test'],
  timeoutMs: (profile) => profile.timeouts.networkSuiteMs,
  async run(ctx: CheckContext<RtcProbes>) {
    const { portRange } = ctx.profile.network.media;
    const probes = (await mediaProbes(ctx)).filter((p) => p.transport === 'stun-udp' || p.transport === 'turn-udp');
    const udpHosts = [...new Set(probes.filter((p) => reachable(p.outcome)).map((p) => p.host))];
    const params = {
      min: portRange.min,
      max: portRange.max,
      reached: udpHosts.length,
      total: new Set(probes.map((p) => p.host)).size,
    };
    // Nothing reached, and the browser could not have seen a block (no icecandidateerror).
    const unproven = udpHosts.length === 0 && probes.some((p) => p.outcome === 'unproven');
    const evidence = { udp3478Reached: udpHosts, rangeTested: false, ...(unproven && { iceErrorEvents: false }) };
    const fixes = [
      { key: 'fix_range' as const, params },
      { key: 'fix_flow_test' as const, url: ctx.profile.links.flowTest },
      ...ctx.profile.links.videoTests.map((url) => ({ key: 'fix_video_test' as const, url })),
    ];
    return {
      status: 'manual',
      message: udpHosts.length ? 'udp_ok' : unproven ? 'udp_unproven' : 'udp_blocked',
      params: unproven ? { ...params, since: ICE_ERROR_EVENT_SINCE } : params,
      evidence,
      fixes,
      manual: { unmetStatus: 'fail' },
    };
  },
});
