import { describe, expect, it } from 'vitest';
import { popupsCheck } from '../../../utils/checks/popups';
import { fakePlatform, runCheck } from '../fakes';

const ORIGINS = ['https://www.norm-uni.fr', 'https://visioplex.maincare.com', 'https://visioplex2.maincare.com'];

const settings = (map: Record<string, 'allow' | 'block'>) =>
  fakePlatform({ popupSetting: async (url) => map[url.replace(/\/$/, '')] ?? 'block' });

describe('popups check', () => {
  it('passes when every app origin may open pop-ups, each origin in the evidence', async () => {
    const outcome = await runCheck(popupsCheck, settings(Object.fromEntries(ORIGINS.map((o) => [o, 'allow']))));
    expect(outcome).toMatchObject({ status: 'pass', evidence: { 'https://www.norm-uni.fr': 'allow' } });
  });

  it('fails naming the blocked origins, with a Quick Fix allowing exactly their patterns', async () => {
    const outcome = await runCheck(popupsCheck, settings({ 'https://www.norm-uni.fr': 'allow' }));
    expect(outcome).toMatchObject({
      status: 'fail',
      message: 'blocked',
      params: { origins: 'https://visioplex.maincare.com, https://visioplex2.maincare.com' },
    });
    expect(outcome.fixes?.[0]).toMatchObject({
      key: 'fix_quick',
      action: {
        id: 'popups-allow',
        params: { patterns: 'https://visioplex.maincare.com/* https://visioplex2.maincare.com/*' },
      },
    });
    // The policy case: what to ask IT for, should the setting not change.
    expect(outcome.fixes?.map((f) => f.key)).toContain('fix_ask_it');
  });

  it('is manual with the Firefox steps where the browser has no pop-up setting API', async () => {
    const outcome = await runCheck(popupsCheck, fakePlatform());
    expect(outcome).toMatchObject({ status: 'manual', message: 'unseen', fixes: [{ key: 'fix_firefox' }] });
    expect(outcome.manual?.unmetStatus).toBe('fail');
  });
});
