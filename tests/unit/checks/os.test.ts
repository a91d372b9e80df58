import { describe, expect, it } from 'vitest';
import { windowsFromPlatformVersion } from '../../../utils/checks/lib/detect-os';
import { osCheck } from '../../../utils/checks/os';
import { fakePlatform, runCheck, UA } from '../fakes';

const withUa = (ua: object) => fakePlatform({ userAgent: async () => ({ userAgent: '', ...ua }) });

describe('os check', () => {
  it('passes Windows 10 20H2-era builds (platformVersion 10)', async () => {
    const outcome = await runCheck(osCheck, withUa(UA.chrome116Win10));
    expect(outcome).toMatchObject({
      status: 'pass',
      evidence: { family: 'windows', release: '10', windowsBuild: '2004-22H2', platformVersion: '10.0.0' },
    });
    expect(outcome.fixes?.[0]?.key).toBe('fix_edition');
  });

  it('passes Windows 10 1809 (platformVersion 7)', async () => {
    expect(await runCheck(osCheck, withUa(UA.brave116))).toMatchObject({
      status: 'pass',
      evidence: { windowsBuild: '1809' },
    });
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
