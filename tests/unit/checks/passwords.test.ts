import { describe, expect, it } from 'vitest';
import { passwordsCheck } from '../../../utils/checks/passwords';
import { fakeSettings, runCheck } from '../fakes';

const saving = (value: boolean, levelOfControl: string) =>
  fakeSettings({ passwordSaving: async () => ({ value, levelOfControl }) });

describe('passwords check', () => {
  it('passes when password saving is off', async () => {
    expect(await runCheck(passwordsCheck, saving(false, 'controllable_by_this_extension'))).toMatchObject({
      status: 'pass',
      evidence: { passwordSavingEnabled: false },
    });
  });

  it('warns when it is on and the user can turn it off', async () => {
    const outcome = await runCheck(passwordsCheck, saving(true, 'controllable_by_this_extension'));
    expect(outcome).toMatchObject({
      status: 'warn',
      message: 'enabled',
      evidence: { levelOfControl: 'controllable_by_this_extension' },
    });
    expect(outcome.fixes?.[0]).toEqual({ key: 'fix_quick', action: { id: 'passwords-off' } });
    expect(outcome.fixes?.[1]?.key).toBe('fix_settings');
  });

  it('says “ask IT”, with the policy to set, when a policy forces it on', async () => {
    expect(await runCheck(passwordsCheck, saving(true, 'not_controllable'))).toMatchObject({
      status: 'warn',
      message: 'managed',
      fixes: [{ key: 'fix_ask_it' }],
    });
  });

  it('names another extension that controls it', async () => {
    expect((await runCheck(passwordsCheck, saving(true, 'controlled_by_other_extensions'))).message).toBe(
      'other_extension',
    );
  });

  it('is manual where the browser does not expose the setting', async () => {
    expect(await runCheck(passwordsCheck, fakeSettings())).toMatchObject({ status: 'manual', message: 'unseen' });
  });
});
