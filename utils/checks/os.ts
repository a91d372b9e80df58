import type { Check, Outcome } from '../engine/types';
import { detectOs } from './lib/detect-os';

/**
 * WEB-OS and DSK-OS. The web app is validated on Windows 10 (Pro 1809, Enterprise 20H2);
 * the desktop app also on Windows 11 and, standalone only, macOS 11/12. A browser never
 * shows the edition (Pro, Enterprise, "N"), Windows Server, or a Citrix session.
 */
export const osCheck: Check = {
  id: 'os',
  covers: ['WEB-OS', 'DSK-OS'],
  category: 'system',
  messages: [
    'pass',
    'windows11',
    'windows10_old',
    'windows_ambiguous',
    'windows_unsupported',
    'macos',
    'not_validated',
    'fix_winver',
    'fix_edition',
    'fix_windows10',
  ],
  async run({ platform, profile }): Promise<Outcome> {
    const ua = await platform.userAgent();
    const os = detectOs(ua);
    const evidence = {
      family: os.family,
      ...(os.release && { release: os.release }),
      ...(os.windowsBuild && { windowsBuild: os.windowsBuild }),
      ...(os.platformVersion && { platformVersion: os.platformVersion }),
      source: os.source,
      userAgent: ua.userAgent,
    };
    const validated = profile.os.windows10Validated.join(', ');
    const params = { validated };
    const editionFix = { key: 'fix_edition', params };
    if (os.family !== 'windows') {
      if (os.family === 'macos')
        return {
          status: 'warn',
          message: 'macos',
          params: { ...params, mac: profile.os.desktopMacOs.join(', ') },
          evidence,
          fixes: [{ key: 'fix_windows10', params }],
        };
      return {
        status: 'warn',
        message: 'not_validated',
        params: { ...params, os: os.family },
        evidence,
        fixes: [{ key: 'fix_windows10', params }],
      };
    }
    switch (os.release) {
      case '10':
        if (os.windowsBuild === 'before-1809')
          return {
            status: 'warn',
            message: 'windows10_old',
            params,
            evidence,
            fixes: [{ key: 'fix_winver' }, editionFix],
          };
        return {
          status: 'pass',
          message: 'pass',
          params: { ...params, build: os.windowsBuild ?? '' },
          evidence,
          fixes: [editionFix],
        };
      case '11':
        return { status: 'warn', message: 'windows11', params, evidence, fixes: [editionFix] };
      case '10-or-11':
        return {
          status: 'manual',
          message: 'windows_ambiguous',
          params,
          evidence,
          fixes: [{ key: 'fix_winver' }, editionFix],
          manual: { unmetStatus: 'warn' },
        };
      default:
        return {
          status: 'fail',
          message: 'windows_unsupported',
          params: { ...params, release: os.release ?? '?' },
          evidence,
          fixes: [{ key: 'fix_windows10', params }],
        };
    }
  },
};
