import { describe, expect, it } from 'vitest';
import { turnTcpCheck } from '../../../utils/checks/turn-tcp';
import { runCheck } from '../fakes';
import { iceNetwork } from '../network-fakes';

describe('turn-tcp check', () => {
  it('fails TCP blocked everywhere even when UDP works (both protocols must be open, §5)', async () => {
    const { platform } = iceNetwork((r) => (r.transport === 'turn-tcp' ? 'blocked' : 'ok'));
    const outcome = await runCheck(turnTcpCheck, platform);
    expect(outcome).toMatchObject({ status: 'fail', message: 'blocked', params: { proto: 'TCP', port: 3478 } });
    expect(outcome.fixes?.[1]?.url).toBe('https://mire-multiplexage-tlm.maincare.com/');
  });
});
