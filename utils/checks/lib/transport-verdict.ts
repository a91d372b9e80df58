import { defineCheck } from '../../engine/check';
import type { CheckContext, Evidence } from '../../engine/types';
import { ICE_ERROR_EVENT_SINCE, reachable } from '../../net/ice';
import type { RtcProbes } from '../../platform/types';
import type { MediaTransport } from '../../profile/types';
import { mediaProbes, probeLines, summarise } from './media-probes';

/**
 * Shared shape of the STUN, TURN/UDP and TURN/TCP checks: each judges one transport on
 * every media server of both environments, and names the environments and servers.
 * §5 of the seed asks for both protocols to every media server ("Les deux protocoles sont à
 * faire ouvrir"): any server proven blocked on the transport fails, even where video would
 * still relay over TURN/TCP with more latency (the evidence then says so, `tcpFallback`).
 * Where the browser cannot report ICE errors and nothing else proves the flow, the check
 * is manual with the publisher's flow test: silence there is no evidence either way.
 */
export function transportCheck(id: string, covers: string, transport: MediaTransport) {
  return defineCheck({
    id,
    covers: [covers],
    category: 'network',
    // Only what this transport can say: STUN has no credentials to refuse; TCP is the fallback, never the blocked one.
    messages: (
      [
        'pass',
        'pass_auth_refused',
        'partial',
        'udp_blocked_tcp_ok',
        'blocked',
        'no_error_events',
        'not_listed',
        'fix_firewall',
        'fix_flow_test',
        'fix_flow_test_steps',
      ] as const
    ).filter(
      (v) =>
        !(v === 'pass_auth_refused' && transport === 'stun-udp') &&
        !(v === 'udp_blocked_tcp_ok' && (transport === 'turn-tcp' || transport === 'turns-tcp')),
    ),
    timeoutMs: (profile) => profile.timeouts.networkSuiteMs,
    // The probes time the network: they run before the rest of the run starts (runner.ts).
    first: true,
    async run(ctx: CheckContext<RtcProbes>) {
      const probes = await mediaProbes(ctx);
      const environments = ctx.profile.network.media.environments.map((e) => e.id);
      // The user reads each environment's name from the profile ("Environnement 1"), never its id.
      const nameOf = (id: string) => ctx.profile.network.media.environments.find((e) => e.id === id)?.name ?? id;
      const summaries = summarise(probes, transport, environments);
      const mine = probes.filter((p) => p.transport === transport);
      const port = mine[0]?.port ?? 3478;
      const proto = transport === 'stun-udp' || transport === 'turn-udp' ? 'UDP' : 'TCP';
      const flowTest = { key: 'fix_flow_test' as const, url: ctx.profile.links.flowTest };
      const fixes = [{ key: 'fix_firewall' as const, params: { port, proto } }, flowTest];
      if (mine.length === 0)
        return { status: 'manual', message: 'not_listed', evidence: {}, fixes, manual: { unmetStatus: 'fail' } };
      const count = (s: (typeof summaries)[number]) =>
        `${s.working.length}/${s.working.length + s.blocked.length + s.unproven.length}`;
      const evidence: Evidence = {
        transport,
        ...Object.fromEntries(summaries.map((s) => [nameOf(s.environment), count(s)])),
        probes: probeLines(mine),
        // Said only where it is missing: every verdict below then rests on candidates alone.
        ...(!mine.every((p) => p.errorEvents) && { iceErrorEvents: false }),
      };
      const blocked = summaries.flatMap((s) => s.blocked);
      const unproven = summaries.flatMap((s) => s.unproven);
      const deadEnvironments = summaries
        .filter((s) => s.working.length === 0 && s.unproven.length === 0)
        .map((s) => s.environment);
      const params = {
        port,
        proto,
        working: summaries.map((s) => `${nameOf(s.environment)} ${count(s)}`).join(', '),
        blocked: blocked.join(', '),
        environments: deadEnvironments.map(nameOf).join(', '),
        unproven: unproven.join(', '),
        since: ICE_ERROR_EVENT_SINCE,
      };
      if (blocked.length > 0) {
        // Blocked on UDP but TURN/TCP reaches the same server: video would still relay over TCP.
        const tcpFallback =
          proto === 'UDP'
            ? [...new Set(blocked)].filter((host) =>
                probes.some((p) => p.host === host && p.transport === 'turn-tcp' && reachable(p.outcome)),
              )
            : [];
        if (tcpFallback.length) evidence.tcpFallback = tcpFallback;
        const message =
          tcpFallback.length === new Set(blocked).size
            ? 'udp_blocked_tcp_ok'
            : deadEnvironments.length > 0
              ? 'blocked'
              : 'partial';
        return { status: 'fail', message, params, evidence, fixes };
      }
      if (unproven.length > 0)
        return {
          status: 'manual',
          message: 'no_error_events',
          params,
          evidence,
          fixes: [{ ...flowTest, key: 'fix_flow_test_steps', params: { port, proto } }],
          manual: { unmetStatus: 'fail' },
        };
      const refused = mine.some((p) => p.outcome === 'auth-refused') && ctx.profile.network.media.credentials;
      return { status: 'pass', message: refused ? 'pass_auth_refused' : 'pass', params, evidence };
    },
  });
}
