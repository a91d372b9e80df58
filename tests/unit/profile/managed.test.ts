import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILE } from '../../../utils/profile/builtin';
import { attestationFor, formatLabels, parseManagedSettings } from '../../../utils/profile/managed';
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

describe('attestations (IT answers manual items)', () => {
  const good = { answer: 'yes', by: 'IT image W10-2026-03', at: '2026-03-02' };

  it('reads them as an object or as JSON text, keyed by requirement ID or check id', () => {
    const expected = { answer: 'yes', by: 'IT image W10-2026-03', at: Date.parse('2026-03-02') };
    expect(parseManagedSettings({ attestations: { 'WEB-JAVA': good } })).toEqual({
      settings: { allowUserProfiles: true, attestations: { 'WEB-JAVA': expected } },
      problems: [],
    });
    expect(
      parseManagedSettings({ attestations: JSON.stringify({ 'manual-java': good }) }).settings.attestations,
    ).toEqual({ 'manual-java': expected });
  });

  it('ignores each malformed entry with a warning, keeping the good ones', () => {
    const { settings, problems } = parseManagedSettings({
      attestations: {
        'WEB-JAVA': good,
        'WEB-OS-UPDATES': { ...good, answer: 'maybe' },
        'WEB-DISK': { ...good, by: '' },
        'WEB-AV': { ...good, by: 'x'.repeat(101) },
        'WEB-CACHE': { ...good, at: 'yesterday' },
        'DSK-PROXY': { ...good, at: '2026-13-45' },
        'not an id': good,
        'DSK-SW': 'yes',
      },
    });
    expect(Object.keys(settings.attestations ?? {})).toEqual(['WEB-JAVA']);
    expect(problems.map((p) => [p.path, p.key, p.severity])).toEqual([
      ['attestations.WEB-OS-UPDATES.answer', 'schema_expected_one_of', 'warning'],
      ['attestations.WEB-DISK.by', 'schema_expected_string', 'warning'],
      ['attestations.WEB-AV.by', 'schema_too_long', 'warning'],
      ['attestations.WEB-CACHE.at', 'schema_bad_format', 'warning'],
      ['attestations.DSK-PROXY.at', 'schema_bad_format', 'warning'],
      ['attestations.not an id', 'schema_expected_requirement_id', 'warning'],
      ['attestations.DSK-SW', 'schema_expected_object', 'warning'],
    ]);
    expect(parseManagedSettings({ attestations: '{not json' }).problems[0]).toMatchObject({
      path: 'attestations',
      key: 'schema_expected_object',
    });
  });

  it('confirms an item by its check id, or only when every requirement it covers is attested', () => {
    const at = (date: string) => Date.parse(date);
    const attestations = {
      'WEB-AV': { answer: 'yes' as const, by: 'DSI', at: at('2026-03-01') },
      'AV-EXCL': { answer: 'no' as const, by: 'RSSI', at: at('2026-03-04') },
      'manual-java': { answer: 'yes' as const, by: 'DSI', at: at('2026-03-02') },
    };
    expect(attestationFor({ checkId: 'manual-java', covers: ['WEB-JAVA'] }, attestations)).toEqual({
      answer: 'yes',
      at: at('2026-03-02'),
      source: 'policy',
      by: 'DSI',
    });
    expect(
      attestationFor({ checkId: 'manual-antivirus', covers: ['WEB-AV', 'AV-EXCL', 'AV-HTTPS'] }, attestations),
    ).toBe(undefined);
    expect(attestationFor({ checkId: 'manual-antivirus', covers: ['WEB-AV', 'AV-EXCL'] }, attestations)).toEqual({
      answer: 'no',
      at: at('2026-03-04'),
      source: 'policy',
      by: 'DSI, RSSI',
    });
    expect(attestationFor({ checkId: 'manual-java', covers: ['WEB-JAVA'] }, undefined)).toBeUndefined();
  });

  it('reaches the resolved profile', () => {
    expect(resolveProfile({ settings: { attestations: { 'WEB-JAVA': good } } }).attestations).toEqual({
      'WEB-JAVA': { answer: 'yes', by: 'IT image W10-2026-03', at: Date.parse('2026-03-02') },
    });
  });
});
