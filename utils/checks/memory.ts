import { defineCheck } from '../engine/check';
import type { CheckContext } from '../engine/types';
import type { SystemFacts } from '../platform/types';

const GIB = 1024 ** 3;

/** WEB-RAM (minimum 6 GB) and DSK-RAM (6 GB recommended). */
export const memoryCheck = defineCheck({
  id: 'memory',
  covers: ['WEB-RAM', 'DSK-RAM'],
  category: 'system',
  messages: ['pass', 'below_minimum', 'unseen', 'fix_add_ram', 'fix_check'],
  async run({ platform, profile }: CheckContext<SystemFacts>) {
    const min = Math.max(profile.hardware.web.minRamGiB, profile.hardware.desktop.recommendedRamGiB);
    const capacity = await platform.memoryCapacity();
    if (capacity === undefined) {
      const hint = platform.page().deviceMemory;
      return {
        status: 'manual',
        message: 'unseen',
        params: { min },
        evidence: hint === undefined ? {} : { deviceMemoryHintGiB: hint },
        fixes: [{ key: 'fix_check', params: { min } }],
        manual: { unmetStatus: 'fail' },
      };
    }
    const gib = Math.round((capacity / GIB) * 10) / 10;
    const evidence = {
      capacityBytes: capacity,
      capacityGiB: gib,
      thresholdGiB: min,
      tolerance: profile.hardware.ramTolerance,
      source: 'system.memory',
    };
    const params = { min, seen: gib };
    // The OS shows a little less than what is installed: the profile's tolerance, stated in the evidence.
    if (capacity < min * GIB * profile.hardware.ramTolerance)
      return { status: 'fail', message: 'below_minimum', params, evidence, fixes: [{ key: 'fix_add_ram', params }] };
    return { status: 'pass', message: 'pass', params, evidence };
  },
});
