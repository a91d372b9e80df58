import { defineCheck } from '../engine/check';
import type { CheckContext } from '../engine/types';
import type { SystemFacts } from '../platform/types';

/** Reads the base clock an Intel-style model name carries ("… CPU @ 2.40GHz"). */
export function clockFromModelName(modelName: string): number | undefined {
  const match = /@\s*(\d+(?:\.\d+)?)\s*GHz/i.exec(modelName);
  return match?.[1] ? Number.parseFloat(match[1]) : undefined;
}

/**
 * WEB-CPU (≥ 2 GHz) and DSK-CPU (≥ 2.3 GHz). Browsers expose no clock speed: only the
 * model name on Chromium, which carries the base clock for most Intel processors and
 * none for AMD or Apple. Without it, the user checks by hand.
 */
export const cpuCheck = defineCheck({
  id: 'cpu',
  covers: ['WEB-CPU', 'DSK-CPU'],
  category: 'system',
  messages: ['pass', 'below_desktop', 'below_minimum', 'unseen', 'fix_check', 'fix_replace'],
  async run({ platform, profile }: CheckContext<SystemFacts>) {
    const web = profile.hardware.web.minCpuGHz;
    const desktop = profile.hardware.desktop.minCpuGHz;
    const cpu = await platform.cpu();
    const cores = cpu?.numOfProcessors ?? platform.page().hardwareConcurrency;
    const ghz = cpu ? clockFromModelName(cpu.modelName) : undefined;
    const evidence = {
      ...(cpu && { modelName: cpu.modelName, architecture: cpu.archName, source: 'system.cpu' }),
      ...(cores !== undefined && { logicalProcessors: cores }),
      ...(ghz !== undefined && { baseClockGHz: ghz }),
    };
    const params = { web, desktop, seen: ghz ?? '?', model: cpu?.modelName ?? '?' };
    if (ghz === undefined)
      return {
        status: 'manual',
        message: 'unseen',
        params,
        evidence,
        fixes: [{ key: 'fix_check', params }],
        manual: { unmetStatus: 'fail' },
      };
    if (ghz < web)
      return { status: 'fail', message: 'below_minimum', params, evidence, fixes: [{ key: 'fix_replace', params }] };
    if (ghz < desktop)
      return { status: 'warn', message: 'below_desktop', params, evidence, fixes: [{ key: 'fix_replace', params }] };
    return { status: 'pass', message: 'pass', params, evidence };
  },
});
