import { describe, expect, it } from 'vitest';
import { callCheck } from '../../../utils/checks/call';
import { toDiagnostic } from '../../../utils/engine/runner';
import { goodTest } from '../devices/records';
import { fakePlatform, runCheck } from '../fakes';

describe('call check (DSK-BW, media quality through the relay)', () => {
  it('is manual, offering the device test page, until the page made a call', async () => {
    const outcome = await runCheck(callCheck, fakePlatform({ deviceTest: async () => goodTest() }));
    expect(outcome).toMatchObject({ status: 'manual', message: 'untested', manual: { unmetStatus: 'warn' } });
    expect(outcome.fixes).toEqual([{ key: 'fix_test', page: 'devices' }]);
  });

  it('is the call’s own verdict, keys and evidence as the call judged them, with the test’s age', async () => {
    const record = {
      ...goodTest(),
      call: {
        status: 'fail' as const,
        message: 'call_refused',
        params: { code: 401, minWidth: 320, minHeight: 240, minFps: 15, maxLossPct: 2 },
        evidence: { sentVideo: true, sentAudio: true, relayGathered: false, callConnected: false, iceErrors: '401' },
        fixes: [{ key: 'call_fix_credentials' }],
      },
    };
    const outcome = await runCheck(callCheck, fakePlatform({ deviceTest: async () => record }));
    expect(outcome).toMatchObject({
      status: 'fail',
      message: 'call_refused',
      fullKeys: true,
      evidence: { testAgeMinutes: 60, callConnected: false, iceErrors: '401' },
    });
    const diagnostic = toDiagnostic(callCheck, outcome, 0);
    expect(diagnostic.message.key).toBe('call_refused');
    expect(diagnostic.fixes.map((f) => f.key)).toEqual(['call_fix_credentials', 'check_call_fix_test']);
  });
});
