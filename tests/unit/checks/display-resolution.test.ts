import { describe, expect, it } from 'vitest';
import { displayResolutionCheck } from '../../../utils/checks/display-resolution';
import type { ScreenFacts } from '../../../utils/platform/types';
import { fakePlatform, profileWith, runCheck } from '../fakes';

const system = (facts: Partial<ScreenFacts>) =>
  fakePlatform({
    screen: async () => ({ source: 'system.display', width: 1920, height: 1080, scaleFactor: 1, ...facts }),
  });

describe('display-resolution check', () => {
  it('passes 1920×1080 exactly (the recommended size)', async () => {
    expect(await runCheck(displayResolutionCheck, system({}))).toMatchObject({
      status: 'pass',
      evidence: { devicePixels: '1920×1080' },
    });
  });

  it('warns between the minimum 1366×1024 and the recommended 1920×1080', async () => {
    const outcome = await runCheck(displayResolutionCheck, system({ width: 1680, height: 1050 }));
    expect(outcome).toMatchObject({ status: 'warn', message: 'below_recommended' });
  });

  it('passes the minimum edge 1366×1024 as a warning, and fails one pixel less', async () => {
    expect((await runCheck(displayResolutionCheck, system({ width: 1366, height: 1024 }))).status).toBe('warn');
    expect((await runCheck(displayResolutionCheck, system({ width: 1366, height: 1023 }))).status).toBe('fail');
  });

  it('fails a 1366×768 laptop panel', async () => {
    expect(await runCheck(displayResolutionCheck, system({ width: 1366, height: 768 }))).toMatchObject({
      status: 'fail',
      message: 'below_minimum',
    });
  });

  it('counts device pixels: a 1920×1080 panel at 125 % (1536×864 CSS px) passes on its native size', async () => {
    const outcome = await runCheck(
      displayResolutionCheck,
      system({ width: 1536, height: 864, scaleFactor: 1.25, nativeWidth: 1920, nativeHeight: 1080 }),
    );
    expect(outcome).toMatchObject({ status: 'pass', evidence: { devicePixels: '1920×1080', cssPixels: '1536×864' } });
  });

  it('uses the page’s screen and devicePixelRatio (zoom removed) when system.display is absent (Firefox)', async () => {
    const platform = fakePlatform({
      page: () => ({
        screen: { width: 960, height: 540, availWidth: 960, availHeight: 500 },
        devicePixelRatio: 2.2,
        pageZoom: 1.1,
      }),
    });
    expect(await runCheck(displayResolutionCheck, platform)).toMatchObject({
      status: 'pass',
      evidence: { devicePixels: '1920×1080', source: 'window.screen' },
    });
  });

  it('is manual when no screen is visible (a run started without a page)', async () => {
    expect(await runCheck(displayResolutionCheck, fakePlatform())).toMatchObject({
      status: 'manual',
      message: 'unseen',
      evidence: {},
    });
  });

  it('follows the profile thresholds', async () => {
    const profile = profileWith((p) => {
      p.display.recommended = { width: 2560, height: 1440 };
    });
    expect((await runCheck(displayResolutionCheck, system({}), profile)).status).toBe('warn');
  });
});
