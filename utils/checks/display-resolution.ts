import { defineCheck } from '../engine/check';
import type { CheckContext } from '../engine/types';
import type { SystemFacts } from '../platform/types';
import { devicePixels, readScreen } from './lib/screen';

/** WEB-RES, DSK-RES: minimum 1366×1024, recommended 1920×1080, in device pixels. */
export const displayResolutionCheck = defineCheck({
  id: 'display-resolution',
  covers: ['WEB-RES', 'DSK-RES'],
  category: 'display',
  messages: ['pass', 'below_recommended', 'below_minimum', 'unseen', 'fix_resolution', 'fix_check'],
  async run({ platform, profile }: CheckContext<SystemFacts>) {
    const { minimum, recommended } = profile.display;
    const limits = {
      min: `${minimum.width}×${minimum.height}`,
      recommended: `${recommended.width}×${recommended.height}`,
    };
    const screen = await readScreen(platform);
    if (!screen)
      return {
        status: 'manual',
        message: 'unseen',
        params: limits,
        evidence: {},
        fixes: [{ key: 'fix_check', params: limits }],
        manual: { unmetStatus: 'fail' },
      };
    const size = devicePixels(screen);
    const seen = `${size.width}×${size.height}`;
    const evidence = {
      devicePixels: seen,
      cssPixels: `${screen.width}×${screen.height}`,
      scaleFactor: screen.scaleFactor,
      source: screen.source,
      ...(screen.displayCount !== undefined && { displays: screen.displayCount }),
    };
    const params = { ...limits, seen };
    const fixes = [{ key: 'fix_resolution' as const, params }];
    const fits = (s: { width: number; height: number }) => size.width >= s.width && size.height >= s.height;
    if (!fits(minimum)) return { status: 'fail', message: 'below_minimum', params, evidence, fixes };
    if (!fits(recommended)) return { status: 'warn', message: 'below_recommended', params, evidence, fixes };
    return { status: 'pass', message: 'pass', params, evidence };
  },
});
