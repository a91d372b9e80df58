import type { UserAgentFacts } from '../../platform/types';

export type OsFamily = 'windows' | 'macos' | 'linux' | 'chromeos' | 'android' | 'ios' | 'other';

export interface DetectedOs {
  family: OsFamily;
  /** Windows: '11', '10', '10-or-11' (Firefox cannot tell), '8.1', '8', '7', 'older'. */
  release?: string;
  /** Windows 10 feature update range read from the client-hint platformVersion. */
  windowsBuild?: WindowsBuild;
  platformVersion?: string;
  source: 'client-hints' | 'user-agent';
}

export type WindowsBuild = 'before-1809' | '1809' | '1903-1909' | '2004-22H2';

/**
 * The Windows 10 feature updates each platformVersion range can be: the browser sees no
 * finer. Windows Server and Citrix hosts report the same builds (Server 2019 is 1809's
 * 17763, Server 2016 is 1607's 14393), and no browser shows the edition.
 */
export const WINDOWS10_RELEASES: Record<WindowsBuild, string[]> = {
  'before-1809': ['1507', '1511', '1607', '1703', '1709', '1803'],
  '1809': ['1809'],
  '1903-1909': ['1903', '1909'],
  '2004-22H2': ['2004', '20H2', '21H1', '21H2', '22H2'],
};

const NT_RELEASES: Record<string, string> = { '10.0': '10-or-11', '6.3': '8.1', '6.2': '8', '6.1': '7' };

/**
 * On Windows, Chromium's client hint `platformVersion` is the Windows.Foundation
 * UniversalApiContract version: 0 = before Windows 10, 1–6 = Windows 10 before 1809,
 * 7 = 1809, 8 = 1903/1909, 10 = 2004 to 22H2, 13 and above = Windows 11.
 */
export function windowsFromPlatformVersion(platformVersion: string): Pick<DetectedOs, 'release' | 'windowsBuild'> {
  const major = Number.parseInt(platformVersion, 10);
  if (!Number.isFinite(major) || major <= 0) return { release: 'older' };
  if (major >= 13) return { release: '11' };
  if (major >= 10) return { release: '10', windowsBuild: '2004-22H2' };
  if (major >= 8) return { release: '10', windowsBuild: '1903-1909' };
  if (major === 7) return { release: '10', windowsBuild: '1809' };
  return { release: '10', windowsBuild: 'before-1809' };
}

export function detectOs(ua: UserAgentFacts): DetectedOs {
  const platform = ua.platform ?? '';
  if (platform === 'Windows' && ua.platformVersion)
    return {
      family: 'windows',
      ...windowsFromPlatformVersion(ua.platformVersion),
      platformVersion: ua.platformVersion,
      source: 'client-hints',
    };
  const nt = /Windows NT (\d+\.\d+)/.exec(ua.userAgent);
  if (nt?.[1]) return { family: 'windows', release: NT_RELEASES[nt[1]] ?? 'older', source: 'user-agent' };
  const source = platform ? 'client-hints' : 'user-agent';
  const version = ua.platformVersion ? { platformVersion: ua.platformVersion } : {};
  if (platform === 'macOS' || /Macintosh|Mac OS X/.test(ua.userAgent)) return { family: 'macos', ...version, source };
  if (platform === 'Android' || /Android/.test(ua.userAgent)) return { family: 'android', ...version, source };
  if (/iPhone|iPad/.test(ua.userAgent)) return { family: 'ios', source };
  if (platform === 'Chrome OS' || /CrOS/.test(ua.userAgent)) return { family: 'chromeos', source };
  if (platform === 'Linux' || /Linux|X11/.test(ua.userAgent)) return { family: 'linux', source };
  return { family: 'other', source };
}
