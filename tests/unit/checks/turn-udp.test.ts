import { describe, expect, it } from 'vitest';
import { turnUdpCheck } from '../../../utils/checks/turn-udp';
import { runCheck } from '../fakes';
import { iceNetwork } from '../network-fakes';

describe('turn-udp check', () => {
  it('judges TURN over UDP only (a UDP-only failure does not touch TURN/TCP probes)', async () => {
    const { platform } = iceNetwork((r) => (r.transport === 'turn-udp' ? 'silent' : 'ok'));
    expect(await runCheck(turnUdpCheck, platform)).toMatchObject({
      status: 'fail',
      message: 'udp_blocked_tcp_ok',
      evidence: { transport: 'turn-udp', 'Environnement 1': '0/4' },
    });
  });
});
