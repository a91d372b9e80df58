import type { IceProbeRequest, IceProbeResult } from '../../utils/platform/types';
import { fakePlatform } from './fakes';

/**
 * `ok`: the server answers (STUN: gathering completes, no srflx as on a network without NAT;
 * TURN: relay with valid credentials); `srflx`: STUN answers behind a NAT; `auth`: 401
 * (credentials absent or wrong); `blocked`: 701 and gathering ends; `silent`: nothing before
 * the probe's deadline.
 */
type Behaviour = 'ok' | 'srflx' | 'auth' | 'blocked' | 'silent';

/**
 * A fake network: what each media server does on each transport. `errorEvents: false` is the
 * same network seen from a browser without `icecandidateerror` (Firefox ESR < 150): the
 * 401 and 701 happen on the wire but never reach the page.
 */
export function iceNetwork(decide: (request: IceProbeRequest) => Behaviour, { errorEvents = true } = {}) {
  const calls: IceProbeRequest[] = [];
  const platform = fakePlatform({
    iceProbe: async (request): Promise<IceProbeResult> => {
      calls.push(request);
      const base = {
        url: request.url,
        candidateTypes: ['host'],
        errorCodes: [] as number[],
        completed: false,
        hostCandidates: 1,
        elapsedMs: 80,
        errorEvents,
      };
      const seen = (o: Partial<IceProbeResult>) => ({
        ...base,
        ...o,
        errorCodes: errorEvents ? (o.errorCodes ?? []) : [],
      });
      switch (decide(request)) {
        case 'ok':
          return request.transport === 'stun-udp'
            ? seen({ completed: true })
            : seen({ candidateTypes: ['host', 'relay'] });
        case 'srflx':
          return seen({ candidateTypes: ['host', 'srflx'] });
        case 'auth':
          return seen({ errorCodes: [401], completed: !errorEvents });
        case 'blocked':
          return seen({ errorCodes: [701], completed: true });
        case 'silent':
          return seen({ elapsedMs: request.timeoutMs });
      }
    },
  });
  return { platform, calls };
}
