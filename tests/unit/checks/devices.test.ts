import { describe, expect, it } from 'vitest';
import { devicesCheck } from '../../../utils/checks/devices';
import { fakePlatform, runCheck } from '../fakes';

describe('devices check', () => {
  it('reports the camera and microphone counts, and stays manual (resolutions need permission)', async () => {
    const outcome = await runCheck(
      devicesCheck,
      fakePlatform({ page: () => ({ mediaDevices: { videoinput: 1, audioinput: 2, audiooutput: 1 } }) }),
    );
    expect(outcome).toMatchObject({
      status: 'manual',
      message: 'present',
      evidence: { cameras: 1, microphones: 2, audioOutputs: 1 },
    });
  });

  it('says when no camera is present', async () => {
    const outcome = await runCheck(
      devicesCheck,
      fakePlatform({ page: () => ({ mediaDevices: { videoinput: 0, audioinput: 1, audiooutput: 1 } }) }),
    );
    expect(outcome).toMatchObject({ message: 'missing', manual: { unmetStatus: 'warn' } });
  });

  it('is manual without evidence when no page measured devices', async () => {
    expect(await runCheck(devicesCheck, fakePlatform())).toMatchObject({
      status: 'manual',
      message: 'unseen',
      evidence: {},
    });
  });
});
