import type { IceProbeRequest, IceProbeResult } from '../../utils/platform/types';
import { fakePlatform } from './fakes';

type Behaviour = 'ok' | 'auth' | 'blocked' | 'silent';

/** A fake network: what each media server does on each transport. */
export function iceNetwork(decide: (request: IceProbeRequest) => Behaviour) {
  const calls: IceProbeRequest[] = [];
  const platform = fakePlatform({
    iceProbe: async (request): Promise<IceProbeResult> => {
      calls.push(request);
      const base = {
        url: request.url,
        candidateTypes: ['host'],
        errorCodes: [],
        completed: false,
        hostCandidates: 1,
        elapsedMs: 80,
      };
      switch (decide(request)) {
        case 'ok':
          return request.transport === 'stun-udp'
            ? { ...base, completed: true }
            : { ...base, candidateTypes: ['host', 'relay'] };
        case 'auth':
          return { ...base, errorCodes: [401] };
        case 'blocked':
          return { ...base, errorCodes: [701], completed: true };
        case 'silent':
          return { ...base, elapsedMs: request.timeoutMs };
      }
    },
  });
  return { platform, calls };
}
