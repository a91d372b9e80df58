import type { CheckContext } from '../../engine/types';
import { iceUrl, judgeIce, reachable, type IceOutcome } from '../../net/ice';
import { pool, poolSize } from '../../net/pool';
import type { MediaTransport } from '../../profile/types';

export interface ServerProbe {
  environment: string;
  host: string;
  port: number;
  transport: MediaTransport;
  url: string;
  outcome: IceOutcome;
  errorCodes: number[];
  elapsedMs: number;
  /** The probe itself failed (not the network): its message. */
  error?: string;
}

/**
 * Every media server × every transport the profile lists, each in its own peer connection,
 * a bounded number at a time (sized so all fit in the network suite's budget), each bounded by
 * the profile's probe timeout and settled on its own. Shared by the STUN, TURN and media
 * checks of a run, so the network is probed once.
 */
export function mediaProbes(ctx: CheckContext): Promise<ServerProbe[]> {
  return ctx.shared('media-probes', async () => {
    const { media } = ctx.profile.network;
    const { probeMs, networkSuiteMs } = ctx.profile.timeouts;
    const targets = media.environments.flatMap((env) =>
      env.servers.flatMap((server) =>
        server.transports.map((transport) => ({
          environment: env.id,
          host: server.host,
          port: server.port,
          transport,
          url: iceUrl(server.host, server.port, transport),
        })),
      ),
    );
    const settled = await pool(
      targets,
      poolSize(targets.length, probeMs, networkSuiteMs),
      (target) =>
        ctx.platform.iceProbe({
          url: target.url,
          transport: target.transport,
          ...(media.credentials && {
            username: media.credentials.username,
            credential: media.credentials.credential,
          }),
          timeoutMs: probeMs,
        }),
      ctx.signal,
    );
    return targets.map((target, i): ServerProbe => {
      const r = settled[i]!;
      if (!r.ok) return { ...target, outcome: 'no-answer', errorCodes: [], elapsedMs: 0, error: String(r.error) };
      return {
        ...target,
        outcome: judgeIce(target.transport, r.value),
        errorCodes: r.value.errorCodes,
        elapsedMs: r.value.elapsedMs,
      };
    });
  });
}

export interface EnvironmentSummary {
  environment: string;
  working: string[];
  blocked: string[];
}

/** Per environment, which servers were reachable on `transport`. */
export function summarise(
  probes: ServerProbe[],
  transport: MediaTransport,
  environments: string[],
): EnvironmentSummary[] {
  return environments
    .map((environment) => {
      const mine = probes.filter((p) => p.environment === environment && p.transport === transport);
      return {
        environment,
        working: mine.filter((p) => reachable(p.outcome)).map((p) => p.host),
        blocked: mine.filter((p) => !reachable(p.outcome)).map((p) => p.host),
      };
    })
    .filter((s) => s.working.length + s.blocked.length > 0);
}

/** Evidence lines: "mediaserver1-1.maincare.com:3478 turn-udp: allocated (120 ms)". */
export const probeLines = (probes: ServerProbe[]) =>
  probes.map(
    (p) =>
      `${p.host}:${p.port} ${p.transport}: ${p.outcome} (${p.elapsedMs} ms${p.errorCodes.length ? `, errors ${[...new Set(p.errorCodes)].join('/')}` : ''}${p.error ? `, probe failed: ${p.error}` : ''})`,
  );
