import { describe, expect, it } from 'vitest';
import { displayScaleCheck } from '../../../utils/checks/display-scale';
import { fakePlatform, runCheck } from '../fakes';

const scaled = (scaleFactor: number) =>
  fakePlatform({ screen: async () => ({ source: 'system.display', width: 1920, height: 1080, scaleFactor }) });

describe('display-scale check', () => {
  it('passes at 100 %', async () => {
    expect(await runCheck(displayScaleCheck, scaled(1))).toMatchObject({
      status: 'pass',
      evidence: { scalePercent: 100 },
    });
  });

  it('warns at 125 % and says how to set 100 %', async () => {
    const outcome = await runCheck(displayScaleCheck, scaled(1.25));
    expect(outcome).toMatchObject({ status: 'warn', message: 'scaled', params: { seen: 125, expected: 100 } });
    expect(outcome.fixes?.[0]?.key).toBe('fix_windows');
  });

  it('separates OS scaling from the page zoom (dpr 1.5 at 150 % page zoom is 100 %)', async () => {
    const platform = fakePlatform({
      page: () => ({
        screen: { width: 1920, height: 1080, availWidth: 1920, availHeight: 1040 },
        devicePixelRatio: 1.5,
        pageZoom: 1.5,
      }),
    });
    expect(await runCheck(displayScaleCheck, platform)).toMatchObject({
      status: 'pass',
      evidence: { devicePixelRatio: 1.5, pageZoom: 1.5 },
    });
  });

  it('is manual when nothing is visible', async () => {
    expect((await runCheck(displayScaleCheck, fakePlatform())).status).toBe('manual');
  });
});
