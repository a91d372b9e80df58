import type { Check, CheckContext, Outcome } from '../../engine/types';
import type { MediaTransport } from '../../profile/types';
import { mediaProbes, probeLines, summarise } from './media-probes';

/**
 * Shared shape of the STUN, TURN/UDP and TURN/TCP checks: each judges one transport on
 * every media server of both environments, and names the environments and servers.
 * UDP blocked while TURN/TCP works is a warning (video relays over TCP, with more latency),
 * not a failure; an environment where nothing works on any transport is a failure.
 */
export function transportCheck(id: string, covers: string, transport: MediaTransport): Check {
  return {
    id,
    covers: [covers],
    category: 'network',
    messages: [
      'pass',
      'pass_auth_refused',
      'partial',
      'udp_blocked_tcp_ok',
      'blocked',
      'not_listed',
      'fix_firewall',
      'fix_flow_test',
    ],
    timeoutMs: (profile) => profile.timeouts.networkSuiteMs,
    async run(ctx: CheckContext): Promise<Outcome> {
      const probes = await mediaProbes(ctx);
      const environments = ctx.profile.network.media.environments.map((e) => e.id);
      // The user reads each environment's name from the profile ("Environnement 1"), never its id.
      const nameOf = (id: string) => ctx.profile.network.media.environments.find((e) => e.id === id)?.name ?? id;
      const summaries = summarise(probes, transport, environments);
      const mine = probes.filter((p) => p.transport === transport);
      const port = mine[0]?.port ?? 3478;
      const proto = transport === 'stun-udp' || transport === 'turn-udp' ? 'UDP' : 'TCP';
      const fixes = [
        { key: 'fix_firewall', params: { port, proto } },
        { key: 'fix_flow_test', url: ctx.profile.links.flowTest },
      ];
      if (mine.length === 0)
        return { status: 'manual', message: 'not_listed', evidence: {}, fixes, manual: { unmetStatus: 'fail' } };
      const evidence = {
        transport,
        ...Object.fromEntries(
          summaries.map((s) => [nameOf(s.environment), `${s.working.length}/${s.working.length + s.blocked.length}`]),
        ),
        probes: probeLines(mine),
      };
      const blocked = summaries.flatMap((s) => s.blocked);
      const deadEnvironments = summaries.filter((s) => s.working.length === 0).map((s) => s.environment);
      const params = {
        port,
        proto,
        working: summaries
          .map((s) => `${nameOf(s.environment)} ${s.working.length}/${s.working.length + s.blocked.length}`)
          .join(', '),
        blocked: blocked.join(', '),
        environments: deadEnvironments.map(nameOf).join(', '),
      };
      if (blocked.length === 0) {
        const refused = mine.some((p) => p.outcome === 'auth-refused') && ctx.profile.network.media.credentials;
        return { status: 'pass', message: refused ? 'pass_auth_refused' : 'pass', params, evidence };
      }
      if (proto === 'UDP') {
        const tcp = summarise(probes, 'turn-tcp', environments);
        const tcpCarries = deadEnvironments.every(
          (env) => (tcp.find((s) => s.environment === env)?.working.length ?? 0) > 0,
        );
        if (deadEnvironments.length > 0 && tcpCarries)
          return { status: 'warn', message: 'udp_blocked_tcp_ok', params, evidence, fixes };
      }
      if (deadEnvironments.length > 0) return { status: 'fail', message: 'blocked', params, evidence, fixes };
      return { status: 'warn', message: 'partial', params, evidence, fixes };
    },
  };
}
