import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILE } from '../../../utils/profile/builtin';
import { resolveProfile } from '../../../utils/profile/resolve';

/**
 * Every profile format this extension ever shipped (the built-in profile at each commit that
 * changed its shape; `0.1.0-builtin.json` is the one of release 0.1.0). An admin's policy
 * written against any of them must still be used after an upgrade, never dropped for the
 * built-in profile.
 */
const FIXTURES = join(__dirname, 'fixtures');
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));

describe('profiles of earlier versions stay valid', () => {
  it('keeps at least the four shipped formats', () => {
    expect(fixtures).toEqual(
      expect.arrayContaining(['0.1.0-builtin.json', '4dfb512.json', '240d421.json', 'a96ad9c.json']),
    );
  });

  it.each(fixtures)('%s resolves as the managed profile, with no problem', (file) => {
    const text = readFileSync(join(FIXTURES, file), 'utf8');
    const resolved = resolveProfile({ managed: text });
    expect(resolved.problems).toEqual([]);
    expect(resolved.source).toBe('managed');
    // Resolves to itself: every value it sets is kept (only fields it lacks take defaults).
    expect(resolved.profile).toMatchObject(JSON.parse(text));
  });

  it('fills the fields an older format lacks with the documented defaults', () => {
    const older = readFileSync(join(FIXTURES, '4dfb512.json'), 'utf8');
    expect(JSON.parse(older).history).toBeUndefined();
    const { profile } = resolveProfile({ managed: older });
    expect(profile.history).toEqual(BUILTIN_PROFILE.history);
    expect(profile.network.media.codecs).toEqual(BUILTIN_PROFILE.network.media.codecs);
    expect(profile.timeouts.probeMs).toBe(BUILTIN_PROFILE.timeouts.probeMs);
    expect(profile.bandwidth.measureMs).toBe(BUILTIN_PROFILE.bandwidth.measureMs);
    expect(profile.bandwidth.pings).toBe(BUILTIN_PROFILE.bandwidth.pings);
    expect(profile.hardware.ramTolerance).toBe(BUILTIN_PROFILE.hardware.ramTolerance);
    expect(profile.timeouts.popupTestMaxAgeHours).toBe(BUILTIN_PROFILE.timeouts.popupTestMaxAgeHours);
    expect(JSON.parse(older).devices).toBeUndefined();
    expect(profile.devices).toEqual({
      resolutions: [
        [640, 480],
        [320, 240],
        [160, 120],
      ],
      minFps: 15,
      call: { durationMs: 5000, minWidth: 320, minHeight: 240, minFps: 15, maxLossPct: 2 },
    });
  });

  it('completes a devices section written in part with the defaults of the missing fields', () => {
    const older = JSON.parse(readFileSync(join(FIXTURES, 'a96ad9c.json'), 'utf8'));
    older.devices = { minFps: 10, call: { maxLossPct: 5 } };
    const resolved = resolveProfile({ managed: older });
    expect(resolved.problems).toEqual([]);
    expect(resolved.profile.devices).toEqual({
      resolutions: BUILTIN_PROFILE.devices.resolutions,
      minFps: 10,
      call: { ...BUILTIN_PROFILE.devices.call, maxLossPct: 5 },
    });
  });

  it('uses the value an older profile sets over the default', () => {
    const older = JSON.parse(readFileSync(join(FIXTURES, '240d421.json'), 'utf8'));
    older.timeouts.probeMs = 2500;
    expect(resolveProfile({ managed: older }).profile.timeouts.probeMs).toBe(2500);
  });
});
