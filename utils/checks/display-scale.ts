import { defineCheck } from '../engine/check';
import type { CheckContext } from '../engine/types';
import type { SystemFacts } from '../platform/types';
import { readScreen } from './lib/screen';

/** WEB-SCALE, DSK-SCALE: the operating system's display scaling must be 100 %. */
export const displayScaleCheck = defineCheck({
  id: 'display-scale',
  covers: ['WEB-SCALE', 'DSK-SCALE'],
  category: 'display',
  messages: ['pass', 'scaled', 'unseen', 'fix_windows'],
  async run({ platform, profile }: CheckContext<SystemFacts>) {
    const expected = profile.display.scalePercent;
    const screen = await readScreen(platform);
    if (!screen)
      return {
        status: 'manual',
        message: 'unseen',
        params: { expected },
        evidence: {},
        fixes: [{ key: 'fix_windows', params: { expected } }],
        manual: { unmetStatus: 'warn' },
      };
    const percent = Math.round(screen.scaleFactor * 100);
    const page = platform.page();
    const evidence = {
      scalePercent: percent,
      source: screen.source,
      ...(page.devicePixelRatio !== undefined && { devicePixelRatio: page.devicePixelRatio }),
      ...(page.pageZoom !== undefined && { pageZoom: page.pageZoom }),
    };
    const params = { expected, seen: percent };
    if (percent !== expected)
      return { status: 'warn', message: 'scaled', params, evidence, fixes: [{ key: 'fix_windows', params }] };
    return { status: 'pass', message: 'pass', params, evidence };
  },
});
