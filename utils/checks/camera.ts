import type { SystemFacts, UserTests } from '../platform/types';
import type { CheckContext, Evidence } from '../engine/types';
import { defineCheck } from '../engine/check';
import {
  OPEN_DEVICE_TEST,
  recentDeviceTest,
  requiredSizes,
  sizeText,
  trialLine,
  unusableDevice,
} from './lib/device-test';

/**
 * DSK-CAM (§2.1.3, optional): the webcam delivers one of the profile's sizes (640×480,
 * 320×240, 160×120) in its own mode, not scaled by the browser, at the profile's frame rate,
 * with a picture that is not black. Only the device test page sees it (it needs the user's
 * permission): its last result while recent, else the count of cameras and a manual question.
 */
export const cameraCheck = defineCheck({
  id: 'camera',
  covers: ['DSK-CAM'],
  category: 'system',
  messages: [
    'pass',
    'untested',
    'no_camera_seen',
    'unseen',
    'denied',
    'none',
    'unavailable',
    'no_size',
    'size_unproven',
    'black',
    'no_frames',
    'slow',
    'fix_test',
    'fix_denied_chromium',
    'fix_denied_firefox',
    'fix_plug',
    'fix_unavailable',
    'fix_resolutions',
    'fix_shutter',
    'fix_slow',
  ],
  async run(ctx: CheckContext<UserTests & SystemFacts>) {
    const sizes = requiredSizes(ctx);
    const manual = { unmetStatus: 'warn' as const };
    const tested = await recentDeviceTest(ctx);
    if (!tested) {
      const count = ctx.platform.page().mediaDevices?.videoinput;
      const evidence: Evidence = count === undefined ? {} : { cameras: count };
      const message = count === undefined ? 'unseen' : count > 0 ? 'untested' : 'no_camera_seen';
      return {
        status: 'manual',
        message,
        params: { sizes, cameras: count ?? 0 },
        evidence,
        fixes: [OPEN_DEVICE_TEST, { key: 'fix_resolutions', params: { sizes } }],
        manual,
      };
    }
    const { record, evidence: age } = tested;
    const camera = record.camera;
    const params = { sizes, camera: camera.label ?? '' };
    if (camera.access !== 'ok') return unusableDevice(record, camera, age, params);
    const evidence = {
      ...age,
      camera: camera.label ?? '',
      cameras: camera.cameras,
      ...(camera.defaultSize && { defaultSize: sizeText(camera.defaultSize) }),
      ...Object.fromEntries(camera.sizes.map((trial) => [sizeText(trial), trialLine(trial)])),
      ...(camera.frameRate && {
        frameRate: camera.frameRate.fps,
        frameRateMethod: camera.frameRate.method,
        previewSize: sizeText(camera.frameRate),
      }),
      minFps: ctx.profile.devices.minFps,
      ...(camera.picture && {
        meanLuma: camera.picture.meanLuma,
        brightLuma: camera.picture.brightLuma,
        blackPicture: camera.picture.black,
      }),
    };
    const native = camera.sizes.filter((trial) => trial.native === true).map(sizeText);
    const unproven = camera.sizes.filter((trial) => trial.native === undefined).map(sizeText);
    if (native.length === 0 && unproven.length === 0) {
      // Name what the camera does deliver: its own size, else what the browser handed instead.
      const delivered = camera.defaultSize ?? camera.sizes.find((trial) => trial.delivered)?.delivered;
      return {
        status: 'fail',
        message: 'no_size',
        params: { ...params, delivered: delivered ? sizeText(delivered) : '?' },
        evidence,
        fixes: [{ key: 'fix_resolutions', params: { sizes } }, OPEN_DEVICE_TEST],
      };
    }
    if (camera.picture?.black)
      return { status: 'fail', message: 'black', params, evidence, fixes: [{ key: 'fix_shutter' }, OPEN_DEVICE_TEST] };
    const fps = camera.frameRate?.fps ?? 0;
    if (fps <= 0)
      return {
        status: 'fail',
        message: 'no_frames',
        params,
        evidence,
        fixes: [{ key: 'fix_unavailable' }, OPEN_DEVICE_TEST],
      };
    const measured = { ...params, fps, min: ctx.profile.devices.minFps, native: native.join(', ') };
    if (fps < ctx.profile.devices.minFps)
      return {
        status: 'warn',
        message: 'slow',
        params: measured,
        evidence,
        fixes: [{ key: 'fix_slow' }, OPEN_DEVICE_TEST],
      };
    if (native.length === 0)
      return {
        status: 'manual',
        message: 'size_unproven',
        params: { ...measured, unproven: unproven.join(', ') },
        evidence,
        fixes: [{ key: 'fix_resolutions', params: { sizes } }],
        manual,
      };
    return { status: 'pass', message: 'pass', params: measured, evidence };
  },
});
