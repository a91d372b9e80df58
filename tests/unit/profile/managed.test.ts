import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILE } from '../../../utils/profile/builtin';
import { formatLabels, parseManagedSettings } from '../../../utils/profile/managed';
import { resolveProfile } from '../../../utils/profile/resolve';

const named = (name: string) => ({ ...structuredClone(BUILTIN_PROFILE), id: name, name });

describe('managed settings other than the profile', () => {
  it('defaults: imports allowed, no labels, nothing to report', () => {
    expect(parseManagedSettings({})).toEqual({ settings: { allowUserProfiles: true }, problems: [] });
  });

  it('reads labels as an object or as JSON text (Windows registry), spaces folded', () => {
    expect(parseManagedSettings({ labels: { site: 'CHU  Nord', room: 'B12\n' } }).settings.labels).toEqual({
      site: 'CHU Nord',
      room: 'B12',
    });
    expect(parseManagedSettings({ labels: '{"site":"CHU Nord"}' }).settings.labels).toEqual({ site: 'CHU Nord' });
    expect(formatLabels({ site: 'CHU Nord', room: 'B12' })).toBe('room: B12, site: CHU Nord');
  });

  it('keeps the good labels and warns about each bad one', () => {
    const { settings, problems } = parseManagedSettings({
      labels: { site: 'CHU Nord', room: 12, note: 'x'.repeat(101), '': 'empty name is data too' },
    });
    expect(settings.labels).toEqual({ site: 'CHU Nord', '': 'empty name is data too' });
    expect(problems).toEqual([
      {
        source: 'managed',
        path: 'labels.room',
        key: 'schema_expected_string',
        params: { got: 'number' },
        severity: 'warning',
      },
      {
        source: 'managed',
        path: 'labels.note',
        key: 'schema_too_long',
        params: { length: 101, max: 100 },
        severity: 'warning',
      },
    ]);
    expect(parseManagedSettings({ labels: ['a'] }).problems[0]).toMatchObject({
      path: 'labels',
      key: 'schema_expected_object',
    });
    expect(parseManagedSettings({ labels: 'not json' }).problems[0]).toMatchObject({ path: 'labels' });
    expect(
      parseManagedSettings({ labels: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, 'v'])) }),
    ).toMatchObject({ problems: [{ path: 'labels', key: 'schema_too_many_items', params: { count: 12, max: 10 } }] });
  });

  it('allowUserProfiles: false locks; a non-boolean is reported and locks too (the admin meant to set it)', () => {
    expect(parseManagedSettings({ allowUserProfiles: false }).settings.allowUserProfiles).toBe(false);
    expect(parseManagedSettings({ allowUserProfiles: true }).settings.allowUserProfiles).toBe(true);
    const { settings, problems } = parseManagedSettings({ allowUserProfiles: 'false' });
    expect(settings.allowUserProfiles).toBe(false);
    expect(problems).toEqual([
      {
        source: 'managed',
        path: 'allowUserProfiles',
        key: 'schema_expected_boolean',
        params: { got: 'string' },
        severity: 'warning',
      },
    ]);
  });

  it('a locked workstation ignores the imported profile, keeps the policy one, and carries the labels', () => {
    const locked = resolveProfile({
      imported: named('mine'),
      settings: { allowUserProfiles: false, labels: { site: 'Nord' } },
    });
    expect(locked).toMatchObject({
      source: 'builtin',
      userProfilesAllowed: false,
      labels: { site: 'Nord' },
      problems: [],
    });
    const open = resolveProfile({ imported: named('mine') });
    expect(open).toMatchObject({ source: 'imported', userProfilesAllowed: true });
    const policy = resolveProfile({
      managed: named('policy'),
      imported: named('mine'),
      settings: { allowUserProfiles: false },
    });
    expect(policy).toMatchObject({ source: 'managed', profile: { id: 'policy' } });
  });
});
