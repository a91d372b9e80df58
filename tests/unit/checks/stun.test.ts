import { describe, expect, it } from 'vitest';
import type { IceProbeRequest } from '../../../utils/platform/types';
import { stunCheck } from '../../../utils/checks/stun';
import { turnTcpCheck } from '../../../utils/checks/turn-tcp';
import { turnUdpCheck } from '../../../utils/checks/turn-udp';
import { BUILTIN_PROFILE } from '../../../utils/profile/builtin';
import { runCheck } from '../fakes';
import { iceNetwork } from '../network-fakes';

const isUdp = (r: IceProbeRequest) => r.transport === 'stun-udp' || r.transport === 'turn-udp';
const SERVERS = BUILTIN_PROFILE.network.media.environments.flatMap((e) => e.servers.map((s) => s.host));
const withCredentials = () => {
  const profile = structuredClone(BUILTIN_PROFILE);
  profile.network.media.credentials = { username: 'turn-user-x', credential: 's3cr3t-turn' };
  return profile;
};
/** The same networks seen from Firefox ESR 102–140, which never fires icecandidateerror. */
const ESR = { errorEvents: false };

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

  it('fail (§5: both protocols) when UDP is blocked but TURN over TCP works, saying video would still relay over TCP', async () => {
    const { platform } = iceNetwork((r) => (isUdp(r) ? 'silent' : 'ok'));
    const stun = await runCheck(stunCheck, platform);
    expect(stun).toMatchObject({
      status: 'fail',
      message: 'udp_blocked_tcp_ok',
      params: { environments: 'Environnement 1, Environnement 2', port: 3478, proto: 'UDP' },
      evidence: { 'Environnement 1': '0/4', 'Environnement 2': '0/4' },
    });
    expect(stun.evidence.tcpFallback).toEqual(SERVERS);
    expect(stun.fixes?.map((f) => f.key)).toEqual(['fix_firewall', 'fix_flow_test']);
    expect(await runCheck(turnUdpCheck, platform)).toMatchObject({
      status: 'fail',
      message: 'udp_blocked_tcp_ok',
      evidence: { tcpFallback: SERVERS },
    });
    expect(await runCheck(turnTcpCheck, platform)).toMatchObject({ status: 'pass' });
  });

  it('fail (§5) when UDP is blocked to one server only, still naming the TCP relay that would carry video', async () => {
    const { platform } = iceNetwork((r) => (isUdp(r) && r.url.includes('mediaserver2-3') ? 'blocked' : 'ok'));
    expect(await runCheck(stunCheck, platform)).toMatchObject({
      status: 'fail',
      message: 'udp_blocked_tcp_ok',
      params: { blocked: 'mediaserver2-3.maincare.com', working: 'Environnement 1 4/4, Environnement 2 3/4' },
      evidence: { tcpFallback: ['mediaserver2-3.maincare.com'] },
    });
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

  it('fail (§5) when a media server is down on every transport, even though each environment keeps others', async () => {
    const { platform } = iceNetwork((r) => (r.url.includes('mediaserver1-2') ? 'silent' : 'ok'));
    for (const check of [stunCheck, turnUdpCheck, turnTcpCheck]) {
      const outcome = await runCheck(check, platform);
      expect(outcome, check.id).toMatchObject({
        status: 'fail',
        message: 'partial',
        params: { blocked: 'mediaserver1-2.maincare.com', working: 'Environnement 1 3/4, Environnement 2 4/4' },
      });
      // Down over TCP too: no relay would carry its video.
      expect(outcome.evidence.tcpFallback, check.id).toBeUndefined();
    }
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

  describe('in a browser without icecandidateerror (Firefox ESR 102–140)', () => {
    it('built-in profile (no credentials), every server open: STUN and TURN are manual with the §7 flow test, never fail', async () => {
      // On the wire every TURN server answers 401; the page never hears it.
      const { platform } = iceNetwork((r) => (r.transport === 'stun-udp' ? 'ok' : 'auth'), ESR);
      for (const check of [stunCheck, turnUdpCheck, turnTcpCheck]) {
        const outcome = await runCheck(check, platform);
        expect(outcome, check.id).toMatchObject({
          status: 'manual',
          message: 'no_error_events',
          params: { since: 'Chrome 77, Firefox 150', unproven: SERVERS.join(', ') },
          evidence: { iceErrorEvents: false, 'Environnement 1': '0/4', 'Environnement 2': '0/4' },
          manual: { unmetStatus: 'fail' },
        });
        expect(outcome.fixes, check.id).toEqual([
          {
            key: 'fix_flow_test_steps',
            url: BUILTIN_PROFILE.links.flowTest,
            params: { port: 3478, proto: check.id === 'turn-tcp' ? 'TCP' : 'UDP' },
          },
        ]);
        expect(String(outcome.evidence.probes), check.id).toContain('mediaserver1-1.maincare.com:3478');
        expect(String(outcome.evidence.probes), check.id).toContain(': unproven (');
      }
    });

    it('a closed STUN port that ends gathering fast with no error is not "answered"', async () => {
      const { platform } = iceNetwork((r) => (r.transport === 'stun-udp' ? 'blocked' : 'auth'), ESR);
      expect(await runCheck(stunCheck, platform)).toMatchObject({ status: 'manual', message: 'no_error_events' });
    });

    it('behind a NAT a srflx candidate still proves STUN', async () => {
      const { platform } = iceNetwork((r) => (r.transport === 'stun-udp' ? 'srflx' : 'auth'), ESR);
      expect(await runCheck(stunCheck, platform)).toMatchObject({ status: 'pass', message: 'pass' });
    });

    it('valid credentials: relay candidates prove TURN (and the UDP flow STUN uses): pass', async () => {
      const { platform } = iceNetwork(() => 'ok', ESR);
      for (const check of [stunCheck, turnUdpCheck, turnTcpCheck])
        expect(await runCheck(check, platform, withCredentials()), check.id).toMatchObject({ status: 'pass' });
    });

    it('valid credentials, UDP blocked: the relay over TCP proves the server takes them, so no UDP relay = blocked (fail, §5)', async () => {
      const { platform } = iceNetwork((r) => (isUdp(r) ? 'silent' : 'ok'), ESR);
      const profile = withCredentials();
      expect(await runCheck(turnTcpCheck, platform, profile)).toMatchObject({ status: 'pass' });
      for (const check of [stunCheck, turnUdpCheck]) {
        const outcome = await runCheck(check, platform, profile);
        expect(outcome, check.id).toMatchObject({
          status: 'fail',
          message: 'udp_blocked_tcp_ok',
          evidence: { iceErrorEvents: false, tcpFallback: SERVERS },
        });
      }
    });

    it('wrong credentials or a dead server: no relay anywhere, manual (they cannot be told apart), never fail', async () => {
      for (const behaviour of ['auth', 'silent', 'blocked'] as const) {
        const { platform } = iceNetwork(() => behaviour, ESR);
        for (const check of [stunCheck, turnUdpCheck, turnTcpCheck])
          expect(await runCheck(check, platform, withCredentials()), `${check.id} ${behaviour}`).toMatchObject({
            status: 'manual',
            message: 'no_error_events',
          });
      }
    });
  });

  it('pass TURN/TCP with the credentials refused (401): the server answered, the credentials are the problem', async () => {
    const { platform } = iceNetwork((r) => (r.transport === 'turn-tcp' ? 'auth' : 'ok'));
    const outcome = await runCheck(turnTcpCheck, platform, withCredentials());
    expect(outcome).toMatchObject({ status: 'pass', message: 'pass_auth_refused' });
  });

  it('fail STUN when an environment answers on no transport (no TCP relay to fall back on)', async () => {
    const { platform } = iceNetwork((r) => (r.url.includes('mediaserver2-') ? 'blocked' : 'ok'));
    const outcome = await runCheck(stunCheck, platform);
    expect(outcome).toMatchObject({ status: 'fail', message: 'blocked', params: { environments: 'Environnement 2' } });
    expect(outcome.evidence.tcpFallback).toBeUndefined();
  });

  it('ask by hand when the profile lists no media server on the transport', async () => {
    const only = (transport: 'stun-udp' | 'turn-udp') => {
      const profile = structuredClone(BUILTIN_PROFILE);
      for (const env of profile.network.media.environments) for (const s of env.servers) s.transports = [transport];
      return profile;
    };
    const { platform, calls } = iceNetwork(() => 'ok');
    for (const [check, profile] of [
      [stunCheck, only('turn-udp')],
      [turnTcpCheck, only('turn-udp')],
      [turnUdpCheck, only('stun-udp')],
    ] as const)
      expect(await runCheck(check, platform, profile)).toMatchObject({
        status: 'manual',
        message: 'not_listed',
        evidence: {},
        manual: { unmetStatus: 'fail' },
      });
    expect(calls.every((c) => c.transport !== 'turn-tcp')).toBe(true);
  });
});
