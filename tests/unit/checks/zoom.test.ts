import { describe, expect, it } from 'vitest';
import { zoomCheck } from '../../../utils/checks/zoom';
import { fakePlatform, runCheck } from '../fakes';

const tabs = (...zooms: number[]) =>
  fakePlatform({
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

  it('is manual, never pass, when no app tab is open', async () => {
    expect(await runCheck(zoomCheck, tabs())).toMatchObject({ status: 'manual', message: 'no_tab' });
  });
});
