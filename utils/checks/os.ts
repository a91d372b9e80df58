import { defineCheck } from '../engine/check';
import type { CheckContext } from '../engine/types';
import type { SystemFacts } from '../platform/types';
import { detectOs, WINDOWS10_RELEASES } from './lib/detect-os';

/**
 * WEB-OS and DSK-OS. The web app is validated on Windows 10 (Pro 1809, Enterprise 20H2):
 * those releases, not a minimum; the desktop app also on Windows 11 and, standalone only,
 * macOS 11/12. A browser never shows the edition (Pro, Enterprise, "N"), Windows Server or
 * a Citrix session, which report the builds of client releases: so this check never passes
 * by itself. A validated release seen (or possible) is a question for the user (winver);
 * a release seen that is not validated is a warning.
 */
export const osCheck = defineCheck({
  id: 'os',
  covers: ['WEB-OS', 'DSK-OS'],
  category: 'system',
  messages: [
    'windows10_edition_unseen',
    'windows10_release_unseen',
    'windows10_not_validated',
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
  async run({ platform, profile }: CheckContext<SystemFacts>) {
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
    const editionFix = { key: 'fix_edition' as const, params };
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
      case '10': {
        // The browser sees a range of feature updates at best, and never the edition.
        const seen = WINDOWS10_RELEASES[os.windowsBuild ?? '2004-22H2'];
        const validatedSeen = seen.filter((r) => profile.os.windows10Validated.includes(r));
        const seenParams = { ...params, seen: seen.join(' / '), validatedSeen: validatedSeen.join(' / ') };
        if (validatedSeen.length === 0)
          return {
            status: 'warn',
            message: os.windowsBuild === 'before-1809' ? 'windows10_old' : 'windows10_not_validated',
            params: seenParams,
            evidence,
            fixes: [{ key: 'fix_winver' }, { key: 'fix_windows10', params }],
          };
        return {
          status: 'manual',
          message: validatedSeen.length === seen.length ? 'windows10_edition_unseen' : 'windows10_release_unseen',
          params: seenParams,
          evidence,
          fixes: [{ key: 'fix_winver' }, editionFix],
          manual: { unmetStatus: 'warn' },
        };
      }
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
});
