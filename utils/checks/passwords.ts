import { defineCheck } from '../engine/check';
import type { CheckContext } from '../engine/types';
import type { BrowserSettings } from '../platform/types';

/**
 * WEB-PASSWORDS (§1.3.5): in a high-security context the browser must not save passwords
 * (nor fill them in). The setting says who controls it: an enterprise policy or another
 * extension cannot be changed from here, and the user is told whom to ask.
 */
export const passwordsCheck = defineCheck({
  id: 'passwords',
  covers: ['WEB-PASSWORDS'],
  category: 'browser',
  messages: ['pass', 'enabled', 'managed', 'other_extension', 'unseen', 'fix_quick', 'fix_settings', 'fix_ask_it'],
  async run({ platform }: CheckContext<BrowserSettings>) {
    const setting = await platform.passwordSaving();
    const settingsFix = { key: 'fix_settings' as const };
    if (!setting)
      return {
        status: 'manual',
        message: 'unseen',
        evidence: {},
        fixes: [settingsFix],
        manual: { unmetStatus: 'warn' },
      };
    const evidence = { passwordSavingEnabled: setting.value, levelOfControl: setting.levelOfControl };
    if (!setting.value) return { status: 'pass', message: 'pass', evidence };
    if (setting.levelOfControl === 'not_controllable')
      return { status: 'warn', message: 'managed', evidence, fixes: [{ key: 'fix_ask_it' }] };
    if (setting.levelOfControl === 'controlled_by_other_extensions')
      return { status: 'warn', message: 'other_extension', evidence, fixes: [settingsFix] };
    return {
      status: 'warn',
      message: 'enabled',
      evidence,
      fixes: [{ key: 'fix_quick', action: { id: 'passwords-off' } }, settingsFix],
    };
  },
});
