import { describe, expect, it } from 'vitest';
import { mediaPathCheck, quietWaitMs } from '../../../utils/checks/media-path';
import { BUILTIN_PROFILE } from '../../../utils/profile/builtin';
import type { MediaPathRequest, MediaPathResult } from '../../../utils/platform/types';
import { runCheck } from '../fakes';
import { iceNetwork } from '../network-fakes';

const withCredentials = () => {
  const profile = structuredClone(BUILTIN_PROFILE);
  profile.network.media.credentials = { username: 'u-secret', credential: 'p-secret' };
  return profile;
};
const complete = (up: number, down: number): MediaPathResult => ({
  stagesCompleted: ['allocating', 'connecting', 'round-trip', 'throughput-up', 'throughput-down'],
  connectMs: 120,
  rtt: { medianMs: 21.5, p95Ms: 40, samples: 40 },
  jitterMs: 2.1,
  lossPercent: 0,
  upMbps: up,
  downMbps: down,
});

function network(result: MediaPathResult, decide: Parameters<typeof iceNetwork>[0] = () => 'ok') {
  const requests: MediaPathRequest[] = [];
  const { platform } = iceNetwork(decide);
  platform.mediaPath = async (request) => (requests.push(request), result);
  return { platform, requests };
}

describe('media-path check', () => {
  it('is manual without TURN credentials, saying nothing was measured and linking the flow test', async () => {
    const outcome = await runCheck(mediaPathCheck, network(complete(10, 10)).platform);
    expect(outcome).toMatchObject({ status: 'manual', message: 'no_credentials', params: { live: 2, async: 0.5 } });
    expect(outcome.fixes?.[1]?.url).toBe('https://mire-multiplexage-tlm.maincare.com/');
  });

  it('passes at the live threshold exactly (2 Mb/s each way), on the first allocated UDP relay', async () => {
    const { platform, requests } = network(complete(2, 2.5));
    const outcome = await runCheck(mediaPathCheck, platform, withCredentials());
    expect(outcome).toMatchObject({
      status: 'pass',
      params: { up: 2, down: 2.5, rtt: 21.5 },
      evidence: { rttP95Ms: 40, lossPercent: 0 },
    });
    expect(requests[0]).toMatchObject({ url: 'turn:mediaserver1-1.maincare.com:3478?transport=udp', measureMs: 1000 });
    expect(requests[0]!.timeoutMs).toBeLessThanOrEqual(BUILTIN_PROFILE.timeouts.networkSuiteMs);
  });

  it('warns between 0.5 and 2 Mb/s (asynchronous only) and fails below 0.5 Mb/s', async () => {
    expect(await runCheck(mediaPathCheck, network(complete(1.99, 5)).platform, withCredentials())).toMatchObject({
      status: 'warn',
      message: 'async_only',
    });
    expect(await runCheck(mediaPathCheck, network(complete(0.5, 5)).platform, withCredentials())).toMatchObject({
      status: 'warn',
    });
    expect(await runCheck(mediaPathCheck, network(complete(0.49, 5)).platform, withCredentials())).toMatchObject({
      status: 'fail',
      message: 'too_slow',
    });
  });

  it('falls back to a TCP relay when UDP is blocked', async () => {
    const { platform, requests } = network(complete(5, 5), (r) => (r.transport === 'turn-tcp' ? 'ok' : 'silent'));
    await runCheck(mediaPathCheck, platform, withCredentials());
    expect(requests[0]?.url).toBe('turn:mediaserver1-1.maincare.com:3478?transport=tcp');
  });

  it('names the stage where a stuck measurement stopped', async () => {
    const stuck: MediaPathResult = { stagesCompleted: ['allocating'], stoppedAt: 'connecting', error: 'deadline' };
    const outcome = await runCheck(mediaPathCheck, network(stuck).platform, withCredentials());
    expect(outcome).toMatchObject({
      status: 'fail',
      message: 'stopped',
      params: { stage: 'connecting' },
      evidence: { stoppedAt: 'connecting' },
    });
  });

  it('says the credentials were refused rather than blocked', async () => {
    const outcome = await runCheck(
      mediaPathCheck,
      network(complete(9, 9), (r) => (r.transport === 'stun-udp' ? 'ok' : 'auth')).platform,
      withCredentials(),
    );
    expect(outcome).toMatchObject({ status: 'manual', message: 'credentials_refused' });
  });

  it('fails when no relay answers at all, and never leaks credentials', async () => {
    const outcome = await runCheck(mediaPathCheck, network(complete(9, 9), () => 'silent').platform, withCredentials());
    expect(outcome).toMatchObject({ status: 'fail', message: 'no_relay' });
    const passed = await runCheck(mediaPathCheck, network(complete(9, 9)).platform, withCredentials());
    expect(JSON.stringify([outcome, passed])).not.toMatch(/secret/);
  });

  it('without icecandidateerror and no relay: manual (refused credentials and blocked servers look alike), never fail', async () => {
    const requests: MediaPathRequest[] = [];
    for (const behaviour of ['auth', 'silent'] as const) {
      const { platform } = iceNetwork(() => behaviour, { errorEvents: false });
      platform.mediaPath = async (request) => (requests.push(request), complete(10, 10));
      const outcome = await runCheck(mediaPathCheck, platform, withCredentials());
      expect(outcome, behaviour).toMatchObject({
        status: 'manual',
        message: 'relay_unproven',
        params: { since: 'Chrome 77, Firefox 150' },
        evidence: { iceErrorEvents: false },
      });
      expect(outcome.fixes?.map((f) => f.key)).toEqual(['fix_credentials', 'fix_flow_test']);
    }
    expect(requests).toEqual([]);
  });

  it('times as many round trips as the profile says (bandwidth.pings)', async () => {
    const { platform, requests } = network(complete(10, 10));
    await runCheck(mediaPathCheck, platform, withCredentials());
    expect(requests[0]!.pings).toBe(40);
    const profile = withCredentials();
    profile.bandwidth.pings = 12;
    await runCheck(mediaPathCheck, platform, profile);
    expect(requests[1]!.pings).toBe(12);
  });
});

describe('quietWaitMs: how long the media path may wait for the rest of the run', () => {
  it('keeps what the measurement needs out of the budget', () => {
    // 12 s budget, 1 s each way, 40 pings: 3 s + 0.4 s + 2 × 2 s = 7.4 s needed, 4.6 s may be waited.
    expect(quietWaitMs(12_000, 1000, 40)).toBe(4600);
  });
  it('never waits when the budget only covers the measurement, nor below zero', () => {
    expect(quietWaitMs(7400, 1000, 40)).toBe(0);
    expect(quietWaitMs(4000, 1000, 40)).toBe(0);
  });
});
