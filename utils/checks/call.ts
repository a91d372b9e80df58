import { defineCheck } from '../engine/check';
import type { UserTests } from '../platform/types';
import { OPEN_DEVICE_TEST, recentDeviceTest } from './lib/device-test';

/**
 * DSK-BW, media quality: the call to oneself through the profile's relay carrying the real
 * camera and microphone (the device test page's call section, utils/platform/selfcall.ts).
 * Its last outcome while recent is this row, as the call judged it (its own keys, with its
 * evidence and the test's age); else manual: the page runs it on the user's click.
 */
// `<string>`, not the variants of `messages`: the forwarded outcome's keys (call_*) are full
// i18n keys the call judged (utils/net/callstats.ts, flagged `fullKeys`), not variants of this
// check, so `messages` cannot type them. The unit tests' runCheck requires each forwarded key
// in both languages instead, and this check's own two variants like any other's.
export const callCheck = defineCheck<string, UserTests>({
  id: 'call',
  covers: ['DSK-BW'],
  category: 'network',
  messages: ['untested', 'fix_test'],
  async run(ctx) {
    const tested = await recentDeviceTest(ctx);
    const call = tested?.record.call;
    if (!tested || !call)
      return {
        status: 'manual',
        message: 'untested',
        evidence: {},
        fixes: [OPEN_DEVICE_TEST],
        manual: { unmetStatus: 'warn' },
      };
    return {
      status: call.status,
      message: call.message,
      params: call.params ?? {},
      evidence: { ...tested.evidence, ...call.evidence },
      fixes: [...(call.fixes ?? []), { ...OPEN_DEVICE_TEST, key: 'check_call_fix_test' }],
      fullKeys: true,
      ...(call.status === 'manual' && { manual: { unmetStatus: 'warn' as const } }),
    };
  },
});
