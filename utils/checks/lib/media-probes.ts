import type { CheckContext } from '../../engine/types';
import { corroborate, iceUrl, judgeIce, reachable, type IceOutcome } from '../../net/ice';
import type { MediaTransport } from '../../profile/types';

export interface ServerProbe {
  environment: string;
  host: string;
  port: number;
  transport: MediaTransport;
  url: string;
  outcome: IceOutcome;
  errorCodes: number[];
  /** Candidate types gathered (host, srflx, relay): what proved an answer, or their absence. */
  candidateTypes: string[];
  completed: boolean;
  /** The browser can report ICE errors (see IceObservation.errorEvents). */
  errorEvents: boolean;
  elapsedMs: number;
}

/**
 * Every media server × every transport the profile lists, each in its own peer connection,
 * all in parallel, each bounded by the profile's probe timeout. Shared by the STUN, TURN
 * and media checks of a run, so the network is probed once. Where the browser cannot report
 * ICE errors, what one probe leaves unproven may be proven by another (`corroborate`).
 */
export function mediaProbes(ctx: CheckContext): Promise<ServerProbe[]> {
  return ctx.shared('media-probes', async () => {
    const { media } = ctx.profile.network;
    const jobs = media.environments.flatMap((env) =>
      env.servers.flatMap((server) =>
        server.transports.map(async (transport): Promise<ServerProbe> => {
          const url = iceUrl(server.host, server.port, transport);
          const observation = await ctx.platform.iceProbe({
            url,
            transport,
            ...(media.credentials && {
              username: media.credentials.username,
              credential: media.credentials.credential,
            }),
            timeoutMs: ctx.profile.timeouts.probeMs,
          });
          return {
            environment: env.id,
            host: server.host,
            port: server.port,
            transport,
            url,
            outcome: judgeIce(transport, observation),
            errorCodes: observation.errorCodes,
            candidateTypes: observation.candidateTypes,
            completed: observation.completed,
            errorEvents: observation.errorEvents,
            elapsedMs: observation.elapsedMs,
          };
        }),
      ),
    );
    return corroborate(await Promise.all(jobs));
  });
}

export interface EnvironmentSummary {
  environment: string;
  working: string[];
  blocked: string[];
  /** No evidence either way (the browser cannot report ICE errors). */
  unproven: string[];
}

/** Per environment, which servers were reachable on `transport`, proven blocked, or unproven. */
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
        blocked: mine.filter((p) => !reachable(p.outcome) && p.outcome !== 'unproven').map((p) => p.host),
        unproven: mine.filter((p) => p.outcome === 'unproven').map((p) => p.host),
      };
    })
    .filter((s) => s.working.length + s.blocked.length + s.unproven.length > 0);
}

/** Evidence lines: "mediaserver1-1.maincare.com:3478 turn-udp: allocated (120 ms, candidates host/relay)". */
export const probeLines = (probes: ServerProbe[]) =>
  probes.map((p) => {
    const seen = [
      `${p.elapsedMs} ms`,
      ...(p.candidateTypes.length ? [`candidates ${p.candidateTypes.join('/')}`] : []),
      ...(p.errorCodes.length ? [`errors ${[...new Set(p.errorCodes)].join('/')}`] : []),
    ];
    return `${p.host}:${p.port} ${p.transport}: ${p.outcome} (${seen.join(', ')})`;
  });
