import type { CheckContext } from '../../engine/types';
import { corroborate, iceUrl, judgeIce, reachable, type IceOutcome } from '../../net/ice';
import { pool, poolSize } from '../../net/pool';
import type { RtcProbes } from '../../platform/types';
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
  /** The probe itself failed (not the network): its message. */
  error?: string;
}

/**
 * Every media server × every transport the profile lists, each in its own peer connection,
 * a bounded number at a time (sized so all fit in the network suite's budget), each bounded by
 * the profile's probe timeout and settled on its own. Shared by the STUN, TURN and media
 * checks of a run, so the network is probed once. Where the browser cannot report ICE errors,
 * what one probe leaves unproven may be proven by another (`corroborate`).
 */
export function mediaProbes(ctx: CheckContext<RtcProbes>): Promise<ServerProbe[]> {
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
    return corroborate(
      targets.map((target, i): ServerProbe => {
        const r = settled[i]!;
        // A probe that broke observed nothing: unproven (never "blocked"), its error in the evidence.
        if (!r.ok)
          return {
            ...target,
            outcome: 'unproven',
            errorCodes: [],
            candidateTypes: [],
            completed: false,
            errorEvents: false,
            elapsedMs: 0,
            error: String(r.error),
          };
        return {
          ...target,
          outcome: judgeIce(target.transport, r.value),
          errorCodes: r.value.errorCodes,
          candidateTypes: r.value.candidateTypes,
          completed: r.value.completed,
          errorEvents: r.value.errorEvents,
          elapsedMs: r.value.elapsedMs,
        };
      }),
    );
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
      ...(p.candidateTypes.length ? [`candidates: ${p.candidateTypes.join('/')}`] : []),
      ...(p.errorCodes.length ? [`errors ${[...new Set(p.errorCodes)].join('/')}`] : []),
      ...(p.error ? [`probe failed: ${p.error}`] : []),
    ];
    return `${p.host}:${p.port} ${p.transport}: ${p.outcome} (${seen.join(', ')})`;
  });
