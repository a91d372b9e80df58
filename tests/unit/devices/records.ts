import type { DeviceTestRecord } from '../../../utils/devices/types';
import { expect } from 'vitest';
import { fakePlatform, type StoredOutcome } from '../fakes';

/** A device test an hour before the run (runCheck's clock is 0): a 640×480 webcam and a headset, all well. */
export function goodTest(): DeviceTestRecord {
  return {
    at: -3_600_000,
    browser: 'chromium',
    camera: {
      access: 'ok',
      cameras: ['Integrated Webcam (0c45:6a09)', 'USB Camera'],
      label: 'Integrated Webcam (0c45:6a09)',
      defaultSize: { width: 640, height: 480 },
      sizes: [
        {
          width: 640,
          height: 480,
          native: true,
          method: 'resize-none',
          delivered: { width: 640, height: 480, frameRate: 30 },
        },
        { width: 320, height: 240, native: false, method: 'resize-none', error: 'OverconstrainedError: width' },
        { width: 160, height: 120, native: false, method: 'resize-none', error: 'OverconstrainedError: width' },
      ],
      frameRate: { fps: 29.7, method: 'video-frame-callback', width: 640, height: 480 },
      picture: { meanLuma: 112.4, brightLuma: 231, black: false, samples: 8 },
    },
    microphone: {
      access: 'ok',
      microphones: ['Headset Microphone (Jabra EVOLVE 20)'],
      label: 'Headset Microphone (Jabra EVOLVE 20)',
      peakDb: -18.2,
      listenedMs: 4012,
      heardBy: 'analyser',
      signal: true,
      processing: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    },
    speakers: {
      outputs: ['Headset Earphone (Jabra EVOLVE 20)'],
      selection: 'setSinkId',
      label: 'Headset Earphone (Jabra EVOLVE 20)',
      heard: true,
    },
  };
}

/** A platform whose last device test is goodTest() changed by `change`. */
export function testedPlatform(change: (record: DeviceTestRecord) => void = () => undefined) {
  const record = goodTest();
  change(record);
  return fakePlatform({ deviceTest: async () => record });
}

/** The row for a device the page could not start (access `error`): manual, the browser's error, and what to do. */
export function expectUnavailable(outcome: StoredOutcome, error: string) {
  expect(outcome).toMatchObject({
    status: 'manual',
    message: 'unavailable',
    params: { error },
    evidence: { access: 'error', error, testAgeMinutes: 60 },
    manual: { unmetStatus: 'warn' },
  });
  expect(outcome.fixes?.map((f) => f.key)).toEqual(['fix_unavailable', 'fix_test']);
}
