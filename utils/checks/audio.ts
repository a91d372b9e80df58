import { defineCheck } from '../engine/check';
import type { CheckContext, Evidence } from '../engine/types';
import type { SystemFacts, UserTests } from '../platform/types';
import { OPEN_DEVICE_TEST, recentDeviceTest, unusableDevice } from './lib/device-test';

/**
 * DSK-AUDIO (§2.1.3, optional headset): the microphone is heard (a level above silence while
 * the user speaks) and the user heard the test sound on the chosen output. From the device
 * test page's last result while recent, else the count of devices and a manual question.
 */
export const audioCheck = defineCheck({
  id: 'audio',
  covers: ['DSK-AUDIO'],
  category: 'system',
  messages: [
    'pass',
    'untested',
    'no_microphone_seen',
    'unseen',
    'denied',
    'none',
    'unavailable',
    'silent',
    'unheard',
    'speakers_unconfirmed',
    'fix_test',
    'fix_denied_chromium',
    'fix_denied_firefox',
    'fix_plug',
    'fix_unavailable',
    'fix_headset',
    'fix_silent',
    'fix_unheard',
  ],
  async run(ctx: CheckContext<UserTests & SystemFacts>) {
    const manual = { unmetStatus: 'warn' as const };
    const tested = await recentDeviceTest(ctx);
    if (!tested) {
      const devices = ctx.platform.page().mediaDevices;
      const evidence: Evidence = devices ? { microphones: devices.audioinput, audioOutputs: devices.audiooutput } : {};
      const message = !devices ? 'unseen' : devices.audioinput > 0 ? 'untested' : 'no_microphone_seen';
      return {
        status: 'manual',
        message,
        params: { microphones: devices?.audioinput ?? 0 },
        evidence,
        fixes: [OPEN_DEVICE_TEST, { key: 'fix_headset' }],
        manual,
      };
    }
    const { record, evidence: age } = tested;
    const { microphone, speakers } = record;
    const params = { microphone: microphone.label ?? '', output: speakers.label ?? '' };
    if (microphone.access !== 'ok') return unusableDevice(record, microphone, age, params);
    const evidence = {
      ...age,
      microphone: microphone.label ?? '',
      microphones: microphone.microphones,
      ...(microphone.peakDb !== undefined && { peakLevelDb: microphone.peakDb }),
      ...(microphone.listenedMs !== undefined && { listenedMs: microphone.listenedMs }),
      ...(microphone.heardBy && { heardBy: microphone.heardBy }),
      ...microphone.processing,
      output: speakers.label ?? '',
      outputs: speakers.outputs,
      outputSelection: speakers.selection,
      soundHeard: speakers.heard === undefined ? 'unanswered' : speakers.heard ? 'yes' : 'no',
    };
    if (!microphone.signal)
      return {
        status: 'fail',
        message: 'silent',
        params: { ...params, peak: microphone.peakDb ?? -120 },
        evidence,
        fixes: [{ key: 'fix_silent' }, OPEN_DEVICE_TEST],
      };
    if (speakers.heard === false)
      return {
        status: 'fail',
        message: 'unheard',
        params,
        evidence,
        fixes: [{ key: 'fix_unheard' }, OPEN_DEVICE_TEST],
      };
    if (speakers.heard === undefined)
      return { status: 'manual', message: 'speakers_unconfirmed', params, evidence, fixes: [OPEN_DEVICE_TEST], manual };
    return { status: 'pass', message: 'pass', params, evidence };
  },
});
