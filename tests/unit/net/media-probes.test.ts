import { describe, expect, it } from 'vitest';
import { mediaProbes, probeLines } from '../../../utils/checks/lib/media-probes';
import { poolSize } from '../../../utils/net/pool';
import type { IceProbeRequest, IceProbeResult, Platform } from '../../../utils/platform/types';
import { BUILTIN_PROFILE } from '../../../utils/profile/builtin';
import { createShared } from '../../../utils/engine/shared';
import { fakePlatform } from '../fakes';

const context = (platform: Platform) => ({
  platform,
  profile: BUILTIN_PROFILE,
  signal: new AbortController().signal,
  now: () => 0,
  shared: createShared(),
});

const relayed = (request: IceProbeRequest): IceProbeResult => ({
  url: request.url,
  candidateTypes: ['host', 'relay'],
  errorCodes: [],
  completed: true,
  errorEvents: true,
  hostCandidates: 1,
  elapsedMs: 5,
});

describe('media probes', () => {
  it('run a bounded number at a time, and every one of them', async () => {
    let running = 0;
    let most = 0;
    let calls = 0;
    const platform = fakePlatform({
      iceProbe: async (request) => {
        calls += 1;
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 2));
        running -= 1;
        return relayed(request);
      },
    });
    const probes = await mediaProbes(context(platform));
    const { probeMs, networkSuiteMs } = BUILTIN_PROFILE.timeouts;
    expect(calls).toBe(24);
    expect(probes).toHaveLength(24);
    expect(most).toBe(poolSize(24, probeMs, networkSuiteMs));
    expect(most).toBeLessThan(24);
  });

  it('one probe that throws does not fail the others; it proves nothing (unproven, never blocked), its error in the evidence', async () => {
    const platform = fakePlatform({
      iceProbe: async (request) => {
        if (request.url.startsWith('stun:mediaserver1-1.')) throw new Error('peer connection refused the URL');
        return relayed(request);
      },
    });
    const probes = await mediaProbes(context(platform));
    const failed = probes.filter((p) => p.error);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ transport: 'stun-udp', outcome: 'unproven' });
    expect(probes.filter((p) => p.outcome === 'allocated')).toHaveLength(16);
    expect(probeLines(failed)[0]).toContain('probe failed: Error: peer connection refused the URL');
  });
});

describe('media probes that broke', () => {
  it('a TURN probe that threw is never turned into a block by the relay of its sibling', async () => {
    const platform = fakePlatform({
      iceProbe: async (request) => {
        if (request.url.startsWith('turn:mediaserver1-1.') && request.url.includes('transport=tcp'))
          throw new Error('boom');
        return { ...relayed(request), errorEvents: false };
      },
    });
    const probes = await mediaProbes(context(platform));
    expect(probes.find((p) => p.error)).toMatchObject({ transport: 'turn-tcp', outcome: 'unproven' });
  });
});
