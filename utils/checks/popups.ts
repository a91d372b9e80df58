import { defineCheck } from '../engine/check';
import type { CheckContext, Evidence, Outcome } from '../engine/types';
import type { BrowserSettings, UserTests } from '../platform/types';

/** `https://host:port` → the content-settings pattern of that host, any port. */
const originPattern = (origin: string) => `${new URL(origin).protocol}//${new URL(origin).hostname}/*`;

/** A fail naming the blocked origins; every fix text gets them as its parameters. */
function blockedOutcome<const M extends string>(
  message: M,
  blocked: string[],
  evidence: Evidence,
  fixes: NonNullable<Outcome<M>['fixes']>,
): Outcome<M> {
  const params = { origins: blocked.join(', ') };
  return { status: 'fail', message, params, evidence, fixes: fixes.map((fix) => ({ ...fix, params })) };
}

/**
 * Firefox: no API reads pop-up exceptions. The row offers a test the user starts (it opens
 * each app origin in a background tab for a moment); its last result, if recent, decides.
 */
async function firefoxVerdict({
  profile,
  platform,
  now,
}: CheckContext<UserTests>): Promise<
  Outcome<'unseen' | 'test_failed' | 'pass_tested' | 'blocked_tested' | 'fix_test' | 'fix_firefox'>
> {
  const origins = profile.app.origins;
  const params = { origins: origins.join(', ') };
  const test = {
    key: 'fix_test' as const,
    action: {
      id: 'popups-probe' as const,
      params: { origins: origins.join(' '), timeoutMs: profile.timeouts.networkSuiteMs },
    },
  };
  const manual = { unmetStatus: 'fail' as const };
  const probe = await platform.popupProbe();
  // A test older than the profile's bound no longer says anything about today's settings.
  const maxAgeMs = profile.timeouts.popupTestMaxAgeHours * 3600_000;
  const valid = probe && now() - probe.at < maxAgeMs && origins.every((o) => probe.results[o] !== undefined);
  if (!valid)
    return {
      status: 'manual',
      message: 'unseen',
      params,
      evidence: {},
      fixes: [test, { key: 'fix_firefox', params }],
      manual,
    };
  const evidence = {
    testedAt: new Date(probe.at).toISOString(),
    ...Object.fromEntries(origins.map((o) => [o, probe.results[o]!])),
  };
  const blocked = origins.filter((o) => probe.results[o] === 'blocked');
  if (blocked.length) return blockedOutcome('blocked_tested', blocked, evidence, [{ key: 'fix_firefox' }, test]);
  if (origins.some((o) => probe.results[o] !== 'allowed'))
    return {
      status: 'manual',
      message: 'test_failed',
      params,
      evidence,
      fixes: [test, { key: 'fix_firefox', params }],
      manual,
    };
  return { status: 'pass', message: 'pass_tested', params, evidence };
}

/**
 * WEB-POPUP (§1.3.3): the pop-up blocker is off, or lets the app's origins open windows.
 * Chrome/Edge expose the per-URL pop-up content setting; an extension may allow the app's
 * patterns (Quick Fix). An enterprise policy outranks an extension: when the setting still
 * reads "block" after the Quick Fix, the row says a policy decides. Firefox has no API for
 * pop-up exceptions: an empirical test the user starts (see firefoxVerdict), else manual.
 */
export const popupsCheck = defineCheck({
  id: 'popups',
  covers: ['WEB-POPUP'],
  category: 'browser',
  messages: [
    'pass',
    'blocked',
    'unseen',
    'pass_tested',
    'blocked_tested',
    'test_failed',
    'fix_quick',
    'fix_settings',
    'fix_ask_it',
    'fix_firefox',
    'fix_test',
  ],
  async run(ctx: CheckContext<BrowserSettings & UserTests>) {
    const { profile, platform } = ctx;
    const origins = profile.app.origins;
    const settings = await Promise.all(origins.map((origin) => platform.popupSetting(`${origin}/`)));
    const params = { origins: origins.join(', ') };
    if (origins.length === 0 || settings.some((s) => s === undefined)) return firefoxVerdict(ctx);
    const evidence = Object.fromEntries(origins.map((origin, i) => [origin, settings[i]!]));
    const blocked = origins.filter((_, i) => settings[i] === 'block');
    if (blocked.length === 0) return { status: 'pass', message: 'pass', params, evidence };
    return blockedOutcome('blocked', blocked, evidence, [
      { key: 'fix_quick', action: { id: 'popups-allow', params: { patterns: blocked.map(originPattern).join(' ') } } },
      { key: 'fix_settings' },
      { key: 'fix_ask_it' },
    ]);
  },
});
