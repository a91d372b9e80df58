import { describe, expect, it } from 'vitest';
import { browserCheck } from '../../../utils/checks/browser';
import { detectBrowser, inferFirefoxChannel } from '../../../utils/checks/lib/detect-browser';
import { fakePlatform, firefoxInfo, profileWith, runCheck, UA } from '../fakes';

const chromium = (ua: (typeof UA)[keyof typeof UA]) => fakePlatform({ userAgent: async () => ua });
const firefox = (version: string, ua = UA.firefoxWin) =>
  fakePlatform({ userAgent: async () => ua, firefoxInfo: async () => firefoxInfo(version) });

describe('browser check', () => {
  it('passes Chrome 116 and reports the full version from client hints', async () => {
    const outcome = await runCheck(browserCheck, chromium(UA.chrome116Win10));
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({ brand: 'chrome', version: '116.0.5845.188', source: 'client-hints' });
  });

  it('passes Edge 116 (not mistaken for Chrome, although it lists Chromium)', async () => {
    const outcome = await runCheck(browserCheck, chromium(UA.edge116Win11));
    expect(outcome).toMatchObject({ status: 'pass', evidence: { brand: 'edge', version: '116.0.1938.62' } });
  });

  it('fails Chrome 109, below the minimum, with the update link of the profile', async () => {
    const outcome = await runCheck(browserCheck, chromium(UA.chrome109Win7));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe('too_old');
    expect(outcome.fixes?.[0]).toMatchObject({
      key: 'fix_update',
      url: 'https://www.google.fr/chrome/browser/desktop',
    });
  });

  it('warns on Opera and Brave: Chromium-based but not qualified, with the qualified list', async () => {
    for (const [ua, brand] of [
      [UA.opera102, 'opera'],
      [UA.brave116, 'brave'],
    ] as const) {
      const outcome = await runCheck(browserCheck, chromium(ua));
      expect(outcome).toMatchObject({ status: 'warn', message: 'not_qualified', evidence: { brand } });
      expect(outcome.fixes?.map((f) => f.key)).toEqual(['fix_install', 'fix_install', 'fix_install']);
    }
  });

  it('warns on headless Chromium and records that it is headless', async () => {
    const outcome = await runCheck(browserCheck, chromium(UA.headlessChromiumLinux));
    expect(outcome).toMatchObject({ status: 'warn', evidence: { brand: 'chromium', headless: true } });
  });

  it('passes Firefox 102.15 ESR: a minor version above 0 proves the ESR channel', async () => {
    const outcome = await runCheck(browserCheck, firefox('102.15.0'));
    expect(outcome).toMatchObject({
      status: 'pass',
      evidence: { brand: 'firefox', version: '102.15.0', channel: 'esr' },
    });
  });

  it('asks the user to confirm ESR for Firefox 102.0 (the qualified major, but the release build looks the same)', async () => {
    const outcome = await runCheck(browserCheck, firefox('102.0'));
    expect(outcome).toMatchObject({ status: 'manual', message: 'channel_unknown', manual: { unmetStatus: 'warn' } });
    expect(outcome.fixes?.[0]?.key).toBe('fix_check_esr');
  });

  it('warns on Chrome 140: supported (116 or later), not the qualified version 116', async () => {
    const outcome = await runCheck(browserCheck, chromium(UA.chrome140Win10));
    expect(outcome).toMatchObject({
      status: 'warn',
      message: 'supported',
      params: { name: 'Google Chrome', version: '140.0.7339.128', min: 116, qualifiedHere: 'Google Chrome 116' },
      evidence: { brand: 'chrome', version: '140.0.7339.128', source: 'client-hints' },
    });
    expect(outcome.fixes?.map((f) => f.key)).toEqual(['fix_supported']);
  });

  it('warns on Firefox ESR 128.5: the ESR channel, supported, not the qualified ESR 102', async () => {
    const outcome = await runCheck(browserCheck, firefox('128.5.0', UA.firefox128Win));
    expect(outcome).toMatchObject({
      status: 'warn',
      message: 'supported',
      params: { qualifiedHere: 'Mozilla Firefox ESR 102', min: 102 },
      evidence: { channel: 'esr' },
    });
  });

  it('warns on Firefox 128.0 (ESR or release, both unqualified) and says how to check the channel', async () => {
    const outcome = await runCheck(browserCheck, firefox('128.0', UA.firefox128Win));
    expect(outcome).toMatchObject({ status: 'warn', message: 'supported', evidence: { channel: 'unknown' } });
    expect(outcome.fixes?.map((f) => f.key)).toEqual(['fix_check_esr', 'fix_esr', 'fix_supported']);
  });

  it('says "qualified" only for the qualified major: a profile qualifying 116 and 120 passes Chrome 120', async () => {
    const profile = profileWith((p) => {
      p.browsers.find((b) => b.brand === 'chrome')!.qualifiedVersions = [116, 120];
    });
    const chrome120 = {
      ...UA.chrome116Win10,
      fullVersionList: [{ brand: 'Google Chrome', version: '120.0.6099.110' }],
    };
    expect(await runCheck(browserCheck, chromium(chrome120), profile)).toMatchObject({
      status: 'pass',
      message: 'pass',
      params: { qualified: 'Mozilla Firefox ESR 102, Microsoft Edge 116, Google Chrome 116/120' },
    });
  });

  it('warns on Firefox 130 release channel and links the ESR download', async () => {
    const outcome = await runCheck(browserCheck, firefox('130.0.1'));
    expect(outcome).toMatchObject({ status: 'warn', message: 'release_channel', evidence: { channel: 'release' } });
  });

  it('warns on a Firefox beta', async () => {
    expect((await runCheck(browserCheck, firefox('131.0b9'))).message).toBe('prerelease');
  });

  it('fails Firefox 91 ESR (below 102)', async () => {
    expect(await runCheck(browserCheck, firefox('91.13.0'))).toMatchObject({ status: 'fail', message: 'too_old' });
  });

  it('fails an unidentifiable browser', async () => {
    const outcome = await runCheck(browserCheck, chromium({ userAgent: 'curl/8.0' } as never));
    expect(outcome).toMatchObject({ status: 'fail', message: 'unknown' });
  });

  it('follows the profile: a higher minimum turns Chrome 116 into a failure', async () => {
    const profile = profileWith((p) => {
      p.browsers.find((b) => b.brand === 'chrome')!.minVersion = 120;
    });
    expect((await runCheck(browserCheck, chromium(UA.chrome116Win10), profile)).status).toBe('fail');
  });

  it('falls back to the user-agent string without client hints', () => {
    expect(detectBrowser({ userAgent: UA.edge116Win11.userAgent })).toMatchObject({
      brand: 'edge',
      major: 116,
      source: 'user-agent',
    });
    expect(detectBrowser({ userAgent: UA.firefoxWin.userAgent })).toMatchObject({ brand: 'firefox', major: 102 });
  });

  it('infers Firefox channels from version numbers', () => {
    expect(inferFirefoxChannel('115.3.1')).toBe('esr');
    expect(inferFirefoxChannel('115.0')).toBe('unknown');
    expect(inferFirefoxChannel('120.0.1')).toBe('release');
    expect(inferFirefoxChannel('170.0')).toBe('unknown');
    expect(inferFirefoxChannel('125.0a1')).toBe('prerelease');
  });
});
