import { describe, expect, it } from 'vitest';
import { zoomCheck } from '../../../utils/checks/zoom';
import { fakeSettings, runCheck } from '../fakes';

const tabs = (...zooms: number[]) =>
  fakeSettings({
    appTabZoom: async () => zooms.map((zoom, i) => ({ tabId: 10 + i, origin: 'https://www.norm-uni.fr', zoom })),
  });

describe('zoom check', () => {
  it('passes when every app tab is at 100 %', async () => {
    expect(await runCheck(zoomCheck, tabs(1, 1))).toMatchObject({ status: 'pass', params: { count: 2 } });
  });

  it('warns with the zoom seen and a Quick Fix resetting exactly the zoomed tabs', async () => {
    const outcome = await runCheck(zoomCheck, tabs(1, 1.25, 0.9));
    expect(outcome).toMatchObject({
      status: 'warn',
      params: { zooms: 'https://www.norm-uni.fr 125 %, https://www.norm-uni.fr 90 %' },
      fixes: [{ key: 'fix_quick', action: { id: 'zoom-reset', params: { tabs: '11 12' } } }, { key: 'fix_keyboard' }],
    });
  });

  it('is manual, never pass, when no app tab is open and the default zoom is 100 % or unknown', async () => {
    expect(await runCheck(zoomCheck, tabs())).toMatchObject({ status: 'manual', message: 'no_tab' });
    const atDefault = fakeSettings({ defaultZoom: async () => 1 });
    expect(await runCheck(zoomCheck, atDefault)).toMatchObject({
      status: 'manual',
      evidence: { defaultZoomPercent: 100 },
    });
  });

  it('warns, with where to set it, when no app tab is open and new pages open zoomed', async () => {
    expect(await runCheck(zoomCheck, fakeSettings({ defaultZoom: async () => 1.44 }))).toMatchObject({
      status: 'warn',
      message: 'default_zoomed',
      params: { zoom: 144 },
      fixes: [{ key: 'fix_default' }],
    });
  });

  it('judges open app tabs, not the default, when there are some', async () => {
    const platform = fakeSettings({
      defaultZoom: async () => 1.25,
      appTabZoom: async () => [{ tabId: 3, origin: 'https://www.norm-uni.fr', zoom: 1 }],
    });
    expect(await runCheck(zoomCheck, platform)).toMatchObject({
      status: 'pass',
      evidence: { defaultZoomPercent: 125 },
    });
  });
});
