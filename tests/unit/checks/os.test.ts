import { describe, expect, it } from 'vitest';
import { windowsFromPlatformVersion } from '../../../utils/checks/lib/detect-os';
import { osCheck } from '../../../utils/checks/os';
import { fakeSystem, profileWith, runCheck, UA } from '../fakes';

const withUa = (ua: object) => fakeSystem({ userAgent: async () => ({ userAgent: '', ...ua }) });

describe('os check', () => {
  it('asks by hand on platformVersion 10 (2004 to 22H2): only 20H2 of those is validated, and the edition is unseen', async () => {
    const outcome = await runCheck(osCheck, withUa(UA.chrome116Win10));
    expect(outcome).toMatchObject({
      status: 'manual',
      message: 'windows10_release_unseen',
      params: { seen: '2004 / 20H2 / 21H1 / 21H2 / 22H2', validatedSeen: '20H2' },
      evidence: { family: 'windows', release: '10', windowsBuild: '2004-22H2', platformVersion: '10.0.0' },
      manual: { unmetStatus: 'warn' },
    });
    expect(outcome.fixes?.map((f) => f.key)).toEqual(['fix_winver', 'fix_edition']);
  });

  it('asks by hand on 1809 (platformVersion 7): a validated release, but Windows Server 2019 and Citrix hosts report the same build', async () => {
    // Chrome on Windows Server 2019 (build 17763) sends exactly this: platform "Windows", version "7.0.0".
    const outcome = await runCheck(osCheck, withUa({ ...UA.chrome116Win10, platformVersion: '7.0.0' }));
    expect(outcome).toMatchObject({
      status: 'manual',
      message: 'windows10_edition_unseen',
      params: { seen: '1809', validatedSeen: '1809' },
      evidence: { windowsBuild: '1809', platformVersion: '7.0.0', source: 'client-hints' },
      manual: { unmetStatus: 'warn' },
    });
    expect(outcome.fixes?.map((f) => f.key)).toEqual(['fix_winver', 'fix_edition']);
  });

  it('warns on 1903/1909 (platformVersion 8): between the validated releases is not validated', async () => {
    const outcome = await runCheck(osCheck, withUa({ ...UA.chrome116Win10, platformVersion: '8.0.0' }));
    expect(outcome).toMatchObject({
      status: 'warn',
      message: 'windows10_not_validated',
      params: { seen: '1903 / 1909', validated: '1809, 20H2' },
    });
    expect(outcome.fixes?.map((f) => f.key)).toEqual(['fix_winver', 'fix_windows10']);
  });

  it('follows the profile: validating 1909 turns platformVersion 8 into a question', async () => {
    const profile = profileWith((p) => {
      p.os.windows10Validated = ['1809', '1909'];
    });
    const outcome = await runCheck(osCheck, withUa({ ...UA.chrome116Win10, platformVersion: '8.0.0' }), profile);
    expect(outcome).toMatchObject({
      status: 'manual',
      message: 'windows10_release_unseen',
      params: { validatedSeen: '1909' },
    });
  });

  it('never passes on Windows by itself: the edition is never visible', async () => {
    const statuses = new Set<string>();
    for (let major = 0; major <= 20; major++)
      statuses.add((await runCheck(osCheck, withUa({ ...UA.chrome116Win10, platformVersion: `${major}.0.0` }))).status);
    statuses.add((await runCheck(osCheck, withUa(UA.firefoxWin))).status);
    expect([...statuses].sort()).toEqual(['fail', 'manual', 'warn']);
  });

  it('warns on Windows 11: desktop app yes, web app validated on Windows 10 only', async () => {
    expect(await runCheck(osCheck, withUa(UA.edge116Win11))).toMatchObject({ status: 'warn', message: 'windows11' });
  });

  it('warns on Windows 10 before 1809', async () => {
    const outcome = await runCheck(osCheck, withUa({ ...UA.chrome116Win10, platformVersion: '6.0.0' }));
    expect(outcome).toMatchObject({ status: 'warn', message: 'windows10_old' });
  });

  it('fails Windows 7', async () => {
    expect(await runCheck(osCheck, withUa(UA.chrome109Win7))).toMatchObject({
      status: 'fail',
      message: 'windows_unsupported',
      params: { release: 'older' },
    });
    expect(
      await runCheck(
        osCheck,
        withUa({ userAgent: 'Mozilla/5.0 (Windows NT 6.1; rv:102.0) Gecko/20100101 Firefox/102.0' }),
      ),
    ).toMatchObject({
      status: 'fail',
      params: { release: '7' },
    });
  });

  it('asks by hand on Firefox, which shows "Windows NT 10.0" for both 10 and 11', async () => {
    const outcome = await runCheck(osCheck, withUa(UA.firefoxWin));
    expect(outcome).toMatchObject({
      status: 'manual',
      message: 'windows_ambiguous',
      evidence: { release: '10-or-11', source: 'user-agent' },
    });
    expect(outcome.fixes?.[0]?.key).toBe('fix_winver');
  });

  it('warns on macOS and Linux, not validated for the web app', async () => {
    expect(await runCheck(osCheck, withUa(UA.firefoxMac))).toMatchObject({ status: 'warn', message: 'macos' });
    expect(await runCheck(osCheck, withUa(UA.headlessChromiumLinux))).toMatchObject({
      status: 'warn',
      message: 'not_validated',
      params: { os: 'linux' },
    });
  });

  it('maps platformVersion to Windows releases at the edges', () => {
    expect(windowsFromPlatformVersion('13.0.0').release).toBe('11');
    expect(windowsFromPlatformVersion('12.0.0')).toEqual({ release: '10', windowsBuild: '2004-22H2' });
    expect(windowsFromPlatformVersion('8.0.0').windowsBuild).toBe('1903-1909');
    expect(windowsFromPlatformVersion('0.0.0').release).toBe('older');
  });
});
