import { describe, expect, it } from 'vitest';
import { popupsCheck } from '../../../utils/checks/popups';
import type { BrowserSettings, UserTests } from '../../../utils/platform/types';
import { fakeSettings, fakeUserTests, profileWith, runCheck } from '../fakes';

const ORIGINS = ['https://www.norm-uni.fr', 'https://visioplex.maincare.com', 'https://visioplex2.maincare.com'];

/** The two ports the check names: the browser's settings and the user's pop-up test. */
const ports = (settings: Partial<BrowserSettings> = {}, tests: Partial<UserTests> = {}) => ({
  ...fakeSettings(settings),
  ...fakeUserTests(tests),
});

const settings = (map: Record<string, 'allow' | 'block'>) =>
  ports({ popupSetting: async (url) => map[url.replace(/\/$/, '')] ?? 'block' });

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

  it('Firefox (no setting API): manual, offering the pop-up test and the exact steps', async () => {
    const outcome = await runCheck(popupsCheck, ports());
    expect(outcome).toMatchObject({
      status: 'manual',
      message: 'unseen',
      fixes: [
        { key: 'fix_test', action: { id: 'popups-probe', params: { origins: ORIGINS.join(' '), timeoutMs: 12_000 } } },
        { key: 'fix_firefox' },
      ],
    });
    expect(outcome.manual?.unmetStatus).toBe('fail');
  });

  describe('Firefox pop-up test results', () => {
    const tested = (results: Record<string, string>, at = 0) =>
      ports({}, { popupProbe: async () => ({ at, results }) });
    const all = (value: string) => Object.fromEntries(ORIGINS.map((o) => [o, value]));

    it('passes when window.open without a gesture opened a window on every app origin', async () => {
      expect(await runCheck(popupsCheck, tested(all('allowed')))).toMatchObject({
        status: 'pass',
        message: 'pass_tested',
        evidence: { testedAt: '1970-01-01T00:00:00.000Z', 'https://www.norm-uni.fr': 'allowed' },
      });
    });

    it('fails naming the blocked origins, with the steps and a re-test', async () => {
      const outcome = await runCheck(popupsCheck, tested({ ...all('allowed'), 'https://www.norm-uni.fr': 'blocked' }));
      expect(outcome).toMatchObject({
        status: 'fail',
        message: 'blocked_tested',
        params: { origins: 'https://www.norm-uni.fr' },
        fixes: [{ key: 'fix_firefox' }, { key: 'fix_test' }],
      });
    });

    it('stays manual when the test could not load an origin, or is older than a day, or misses an origin', async () => {
      const redirected = { ...all('allowed'), 'https://visioplex.maincare.com': '→ https://sso.example' };
      expect((await runCheck(popupsCheck, tested(redirected))).message).toBe('test_failed');
      const day = 24 * 3600_000;
      const old = ports({}, { popupProbe: async () => ({ at: -day, results: all('allowed') }) });
      expect((await runCheck(popupsCheck, old)).message).toBe('unseen');
      expect((await runCheck(popupsCheck, tested({ 'https://www.norm-uni.fr': 'allowed' }))).message).toBe('unseen');
    });

    it('reads how long a test still decides from the profile (popupTestMaxAgeHours)', async () => {
      const hours = (n: number) => n * 3600_000;
      const twoDaysOld = ports({}, { popupProbe: async () => ({ at: -hours(47), results: all('allowed') }) });
      expect((await runCheck(popupsCheck, twoDaysOld)).message).toBe('unseen');
      const lenient = profileWith((p) => (p.timeouts.popupTestMaxAgeHours = 48));
      expect(await runCheck(popupsCheck, twoDaysOld, lenient)).toMatchObject({
        status: 'pass',
        message: 'pass_tested',
      });
    });
  });
});
