import { describe, expect, it } from 'vitest';
import { mediaPortsCheck } from '../../../utils/checks/media-ports';
import { runCheck } from '../fakes';
import { iceNetwork } from '../network-fakes';

describe('media-ports check', () => {
  it('stays manual and says what was proven: UDP 3478 reached, the range not tested', async () => {
    const outcome = await runCheck(mediaPortsCheck, iceNetwork(() => 'ok').platform);
    expect(outcome).toMatchObject({
      status: 'manual',
      message: 'udp_ok',
      params: { min: 49152, max: 65535, reached: 8, total: 8 },
      evidence: { rangeTested: false },
    });
    expect(outcome.fixes?.map((f) => f.key)).toEqual([
      'fix_range',
      'fix_flow_test',
      'fix_video_test',
      'fix_video_test',
    ]);
  });

  it('says UDP does not even reach 3478 when it is blocked', async () => {
    const outcome = await runCheck(
      mediaPortsCheck,
      iceNetwork((r) => (r.transport === 'turn-tcp' ? 'ok' : 'silent')).platform,
    );
    expect(outcome).toMatchObject({ status: 'manual', message: 'udp_blocked', params: { reached: 0 } });
  });

  it('without icecandidateerror and no relay, says UDP on 3478 is not proven (not "blocked")', async () => {
    const outcome = await runCheck(
      mediaPortsCheck,
      iceNetwork((r) => (r.transport === 'stun-udp' ? 'ok' : 'auth'), { errorEvents: false }).platform,
    );
    expect(outcome).toMatchObject({
      status: 'manual',
      message: 'udp_unproven',
      params: { reached: 0, since: 'Chrome 77, Firefox 150' },
      evidence: { iceErrorEvents: false, rangeTested: false },
    });
  });
});
