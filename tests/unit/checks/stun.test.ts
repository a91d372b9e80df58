import { describe, expect, it } from 'vitest';
import type { IceProbeRequest } from '../../../utils/platform/types';
import { stunCheck } from '../../../utils/checks/stun';
import { turnTcpCheck } from '../../../utils/checks/turn-tcp';
import { turnUdpCheck } from '../../../utils/checks/turn-udp';
import { BUILTIN_PROFILE } from '../../../utils/profile/builtin';
import { runCheck } from '../fakes';
import { iceNetwork } from '../network-fakes';

const isUdp = (r: IceProbeRequest) => r.transport === 'stun-udp' || r.transport === 'turn-udp';

describe('stun / turn-udp / turn-tcp checks', () => {
  it('probe every server of both environments on every transport, once per run', async () => {
    const { platform, calls } = iceNetwork(() => 'ok');
    const outcome = await runCheck(stunCheck, platform);
    // Environments are named as the profile names them, never by their id.
    expect(outcome).toMatchObject({ status: 'pass', evidence: { 'Environnement 1': '4/4', 'Environnement 2': '4/4' } });
    expect(JSON.stringify([outcome.evidence, outcome.params])).not.toMatch(/env[12]/);
    expect(calls).toHaveLength(8 * 3);
    expect(calls.every((c) => c.timeoutMs === BUILTIN_PROFILE.timeouts.probeMs)).toBe(true);
  });

  it('pass TURN when servers answer 401 (reachable without valid credentials)', async () => {
    const { platform } = iceNetwork((r) => (r.transport === 'stun-udp' ? 'ok' : 'auth'));
    expect(await runCheck(turnUdpCheck, platform)).toMatchObject({ status: 'pass', message: 'pass' });
    expect(await runCheck(turnTcpCheck, platform)).toMatchObject({ status: 'pass' });
  });

  it('warn when UDP is blocked but TURN over TCP works: video relays over TCP', async () => {
    const { platform } = iceNetwork((r) => (isUdp(r) ? 'silent' : 'ok'));
    const stun = await runCheck(stunCheck, platform);
    expect(stun).toMatchObject({
      status: 'warn',
      message: 'udp_blocked_tcp_ok',
      params: { environments: 'Environnement 1, Environnement 2' },
    });
    expect(await runCheck(turnUdpCheck, platform)).toMatchObject({ status: 'warn', message: 'udp_blocked_tcp_ok' });
    expect(await runCheck(turnTcpCheck, platform)).toMatchObject({ status: 'pass' });
  });

  it('fail when nothing answers in an environment, naming it and the blocked servers', async () => {
    const { platform } = iceNetwork((r) => (r.url.includes('mediaserver2-') ? 'blocked' : 'ok'));
    const outcome = await runCheck(turnTcpCheck, platform);
    expect(outcome).toMatchObject({
      status: 'fail',
      message: 'blocked',
      params: { environments: 'Environnement 2', working: 'Environnement 1 4/4, Environnement 2 0/4' },
    });
    expect(String(outcome.params?.blocked)).toContain('mediaserver2-3.maincare.com');
  });

  it('warn when some servers of an environment fail but each environment keeps one', async () => {
    const { platform } = iceNetwork((r) => (r.url.includes('mediaserver1-2') ? 'silent' : 'ok'));
    expect(await runCheck(stunCheck, platform)).toMatchObject({
      status: 'warn',
      message: 'partial',
      params: { blocked: 'mediaserver1-2.maincare.com' },
    });
  });

  it('fail UDP when UDP and TCP are both blocked', async () => {
    const { platform } = iceNetwork(() => 'silent');
    expect(await runCheck(turnUdpCheck, platform)).toMatchObject({ status: 'fail' });
  });

  it('never puts credentials in evidence, params or fixes', async () => {
    const profile = structuredClone(BUILTIN_PROFILE);
    profile.network.media.credentials = { username: 'turn-user-x', credential: 's3cr3t-turn' };
    const { platform, calls } = iceNetwork(() => 'auth');
    const outcome = await runCheck(turnUdpCheck, platform, profile);
    expect(calls[1]?.credential).toBe('s3cr3t-turn');
    expect(outcome.message).toBe('pass_auth_refused');
    expect(JSON.stringify(outcome)).not.toMatch(/s3cr3t-turn|turn-user-x/);
  });
});
