import { describe, expect, it } from 'vitest';
import { cameraCheck } from '../../../utils/checks/camera';
import { BUILTIN_PROFILE } from '../../../utils/profile/builtin';
import { expectUnavailable, testedPlatform } from '../devices/records';
import { fakePlatform, runCheck } from '../fakes';

const tested = testedPlatform;

describe('camera check (DSK-CAM)', () => {
  it('passes a webcam delivering 640×480 in its own mode at 30 frames/s, with the test time and age as evidence', async () => {
    const outcome = await runCheck(cameraCheck, tested());
    expect(outcome).toMatchObject({
      status: 'pass',
      message: 'pass',
      params: { native: '640×480', fps: 29.7, min: 15, sizes: '640×480, 320×240, 160×120' },
      evidence: {
        testedAt: '1969-12-31T23:00:00.000Z',
        testAgeMinutes: 60,
        camera: 'Integrated Webcam (0c45:6a09)',
        '640×480': 'native (resize-none): 640×480, 30 fps',
        '320×240': 'not delivered (resize-none)',
        frameRate: 29.7,
        frameRateMethod: 'video-frame-callback',
        blackPicture: false,
      },
    });
  });

  it('fails a camera that delivers none of the sizes in its own mode, naming what it delivers', async () => {
    const outcome = await runCheck(
      cameraCheck,
      tested((r) => {
        r.camera.defaultSize = { width: 1280, height: 720 };
        r.camera.sizes = r.camera.sizes.map((s) => ({ ...s, native: false, error: 'OverconstrainedError: width' }));
      }),
    );
    expect(outcome).toMatchObject({ status: 'fail', message: 'no_size', params: { delivered: '1280×720' } });
  });

  it('fails a black picture (covered lens, privacy shutter)', async () => {
    const outcome = await runCheck(
      cameraCheck,
      tested((r) => (r.camera.picture = { meanLuma: 0.4, brightLuma: 2, black: true, samples: 8 })),
    );
    expect(outcome).toMatchObject({ status: 'fail', message: 'black', evidence: { blackPicture: true } });
    expect(outcome.fixes?.[0]?.key).toBe('fix_shutter');
  });

  it('warns below the profile’s frame rate, and fails when no frame was rendered', async () => {
    const slow = await runCheck(
      cameraCheck,
      tested((r) => (r.camera.frameRate!.fps = 7.5)),
    );
    expect(slow).toMatchObject({ status: 'warn', message: 'slow', params: { fps: 7.5, min: 15 } });
    const profile = structuredClone(BUILTIN_PROFILE);
    profile.devices.minFps = 5;
    expect(
      (
        await runCheck(
          cameraCheck,
          tested((r) => (r.camera.frameRate!.fps = 7.5)),
          profile,
        )
      ).status,
    ).toBe('pass');
    const none = await runCheck(
      cameraCheck,
      tested((r) => delete r.camera.frameRate),
    );
    expect(none).toMatchObject({ status: 'fail', message: 'no_frames' });
  });

  it('is manual, never pass, when the browser cannot tell the camera’s own mode from a scaled one', async () => {
    const outcome = await runCheck(
      cameraCheck,
      tested((r) => {
        r.camera.sizes = [
          { width: 640, height: 480, method: 'constraints', delivered: { width: 640, height: 480, frameRate: 30 } },
        ];
      }),
    );
    expect(outcome).toMatchObject({ status: 'manual', message: 'size_unproven', params: { unproven: '640×480' } });
  });

  it('names the browser setting and the enterprise policy when access was refused (Chromium, then Firefox)', async () => {
    const refused = (browser: 'chromium' | 'firefox') =>
      tested((r) => {
        r.browser = browser;
        r.camera = { access: 'denied', error: 'NotAllowedError: Permission denied', cameras: [], sizes: [] };
      });
    const chromium = await runCheck(cameraCheck, refused('chromium'));
    expect(chromium).toMatchObject({
      status: 'manual',
      message: 'denied',
      evidence: { access: 'denied', error: 'NotAllowedError: Permission denied' },
      manual: { unmetStatus: 'warn' },
    });
    expect(chromium.fixes?.map((f) => f.key)).toEqual(['fix_denied_chromium', 'fix_test']);
    expect((await runCheck(cameraCheck, refused('firefox'))).fixes?.[0]?.key).toBe('fix_denied_firefox');
  });

  it('is manual with what to plug in when there is no camera (the webcam is optional)', async () => {
    const outcome = await runCheck(
      cameraCheck,
      tested(
        (r) =>
          (r.camera = { access: 'none', error: 'NotFoundError: Requested device not found', cameras: [], sizes: [] }),
      ),
    );
    expect(outcome).toMatchObject({ status: 'manual', message: 'none', manual: { unmetStatus: 'warn' } });
    expect(outcome.fixes?.[0]).toMatchObject({ key: 'fix_plug', params: { sizes: '640×480, 320×240, 160×120' } });
  });

  it('is manual with the browser’s error when the camera could not be started (busy in another program)', async () => {
    const outcome = await runCheck(
      cameraCheck,
      tested(
        (r) =>
          (r.camera = {
            access: 'error',
            error: 'NotReadableError: Could not start video source',
            cameras: ['Integrated Webcam (0c45:6a09)'],
            sizes: [],
          }),
      ),
    );
    expectUnavailable(outcome, 'NotReadableError: Could not start video source');
  });

  it('carries a test for 24 hours only; before one, counts cameras and offers the test page', async () => {
    const old = await runCheck(
      cameraCheck,
      tested((r) => (r.at = -24 * 3_600_000)),
    );
    expect(old).toMatchObject({ status: 'manual', message: 'unseen', evidence: {} });
    const justInside = await runCheck(
      cameraCheck,
      tested((r) => (r.at = -24 * 3_600_000 + 60_000)),
    );
    expect(justInside).toMatchObject({ status: 'pass', evidence: { testAgeMinutes: 1439 } });
    const counted = await runCheck(
      cameraCheck,
      fakePlatform({ page: () => ({ mediaDevices: { videoinput: 2, audioinput: 1, audiooutput: 1 } }) }),
    );
    expect(counted).toMatchObject({ status: 'manual', message: 'untested', evidence: { cameras: 2 } });
    expect(counted.fixes?.[0]).toMatchObject({ key: 'fix_test', page: 'devices' });
    const none = await runCheck(
      cameraCheck,
      fakePlatform({ page: () => ({ mediaDevices: { videoinput: 0, audioinput: 1, audiooutput: 1 } }) }),
    );
    expect(none.message).toBe('no_camera_seen');
  });
});
