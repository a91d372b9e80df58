import { defineCheck } from '../engine/check';

/**
 * DSK-CAM, DSK-AUDIO (both optional). Without the user's permission a browser shows only
 * whether a camera, microphone or audio output exists, not its name or resolutions, so
 * the webcam's 640×480 / 320×240 / 160×120 support stays a manual check.
 */
export const devicesCheck = defineCheck({
  id: 'devices',
  covers: ['DSK-CAM', 'DSK-AUDIO'],
  category: 'system',
  messages: ['present', 'missing', 'unseen', 'fix_resolutions', 'fix_headset'],
  async run({ platform }) {
    const devices = platform.page().mediaDevices;
    const fixes = [{ key: 'fix_resolutions' as const }, { key: 'fix_headset' as const }];
    if (!devices) return { status: 'manual', message: 'unseen', evidence: {}, fixes, manual: { unmetStatus: 'warn' } };
    const evidence = {
      cameras: devices.videoinput,
      microphones: devices.audioinput,
      audioOutputs: devices.audiooutput,
    };
    const message = devices.videoinput > 0 && devices.audioinput > 0 ? 'present' : 'missing';
    return { status: 'manual', message, params: { ...evidence }, evidence, fixes, manual: { unmetStatus: 'warn' } };
  },
});
