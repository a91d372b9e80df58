import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILE } from '../../../utils/profile/builtin';
import { validateProfile } from '../../../utils/profile/schema';

const clone = () => structuredClone(BUILTIN_PROFILE) as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests break the shape on purpose

describe('profile schema', () => {
  it('accepts the built-in Therap-e 6.1.0 profile, as an object and as JSON text', () => {
    expect(validateProfile(BUILTIN_PROFILE).ok).toBe(true);
    expect(validateProfile(JSON.stringify(BUILTIN_PROFILE)).ok).toBe(true);
  });

  it('gives only HTTPS links in the built-in profile (the user follows them from a hospital network)', () => {
    const { links } = BUILTIN_PROFILE;
    const urls = [links.flowTest, ...links.videoTests, links.adobeReader, links.vlcMac ?? ''];
    expect(urls.filter((u) => !u.startsWith('https://'))).toEqual([]);
  });

  it('names the exact field and the expectation', () => {
    const profile = clone();
    profile.display.minimum.width = 'wide';
    profile.network.media.environments[1].servers[2].port = 70000;
    const result = validateProfile(profile);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      { path: 'display.minimum.width', key: 'schema_expected_number', params: { got: 'string' } },
      {
        path: 'network.media.environments[1].servers[2].port',
        key: 'schema_out_of_range',
        params: { value: 70000, min: 1, max: 65535 },
      },
    ]);
  });

  it('reports text that is not JSON', () => {
    const result = validateProfile('{"name": ');
    expect(result).toMatchObject({
      ok: false,
      issues: [{ path: '', key: 'schema_not_json', params: { line: 1, column: 10 } }],
    });
  });

  it('says where JSON text breaks, never the text around it (it may hold a TURN credential)', () => {
    const text = '{\n  "network": {\n    "turn": {"credential":TURNSECRET, "username": "u"}\n  }\n}';
    const result = validateProfile(text);
    expect(JSON.stringify(result)).not.toContain('TURNSECRET');
    expect(result).toEqual({
      ok: false,
      issues: [{ path: '', key: 'schema_not_json', params: { line: 3, column: 27 } }],
    });
  });

  it.each([
    ['', 1, 1],
    ['{"a":1,}', 1, 8],
    ['[1 2]', 1, 4],
    ['{"a":"x\ty"}', 1, 8],
    ['{"a":"\\q"}', 1, 8],
    ['{"a":01}', 1, 7],
    ['{"a":tru}', 1, 6],
    ['{"a":1} x', 1, 9],
    ['\n\n  nul', 3, 3],
  ])('locates the first JSON error of %j at line %i, column %i', (text, line, column) => {
    expect(validateProfile(text)).toEqual({
      ok: false,
      issues: [{ path: '', key: 'schema_not_json', params: { line, column } }],
    });
  });

  it('reports unknown fields (typos) and missing ones', () => {
    const profile = clone();
    profile.dispaly = profile.display;
    delete profile.display;
    const result = validateProfile(profile);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual({ path: 'dispaly', key: 'schema_unknown_field', severity: 'warning' });
    expect(result.issues).toContainEqual({ path: 'display', key: 'schema_missing' });
  });

  it('accepts a profile with fields it does not know, and warns about each (a newer format)', () => {
    const profile = clone();
    profile.attestations = {};
    profile.network.media.environments[0].region = 'nord';
    const result = validateProfile(profile);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.warnings).toEqual([
      { path: 'attestations', key: 'schema_unknown_field', severity: 'warning' },
      { path: 'network.media.environments[0].region', key: 'schema_unknown_field', severity: 'warning' },
    ]);
  });

  it('reports, never throws on, values whose toString is not callable or that shadow Object.prototype', () => {
    const profile = clone();
    profile.name = { toString: 1 };
    profile.browsers[0].brand = { toString: 1, valueOf: 1 };
    profile.links.flowTest = { toString: 1 };
    Object.assign(profile, { constructor: 'x' });
    const result = validateProfile(JSON.stringify(profile));
    if (result.ok) throw new Error('accepted');
    expect(result.issues.map((i) => `${i.path} ${i.key} ${JSON.stringify(i.params ?? {})}`)).toEqual([
      'constructor schema_unknown_field {}',
      'name schema_expected_string {"got":"object"}',
      'browsers[0].brand schema_expected_one_of {"value":"object","allowed":"chrome, edge, firefox"}',
      'links.flowTest schema_expected_string {"got":"object"}',
    ]);
  });

  it.each([
    ['https://*', false],
    ['https://*.norm-uni.fr', false],
    ['https://www.norm-uni.fr/', false],
    ['https://www.norm-uni.fr/app', false],
    ['https://admin:pw@www.norm-uni.fr', false],
    ['https://www.norm-uni.fr?x=1', false],
    ['http://www.norm-uni.fr', false],
    ['https://WWW.norm-uni.fr', false],
    ['https://www.norm-uni.fr:443', false],
    ['https://www.norm-uni.fr', true],
    ['https://www.norm-uni.fr:8443', true],
    ['https://[::1]:8443', true],
  ])('app origin %s accepted: %s (exact https origins only: they feed the pop-up Quick Fix)', (origin, accepted) => {
    const profile = clone();
    profile.app.origins = [origin];
    const result = validateProfile(profile);
    expect(result.ok).toBe(accepted);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toEqual(['app.origins[0]']);
  });

  it('bounds list sizes and text lengths, naming the field and the bound', () => {
    const profile = clone();
    profile.network.https = Array.from({ length: 100_000 }, () => profile.network.https[0]);
    profile.name = 'x'.repeat(10_000);
    const result = validateProfile(profile);
    if (result.ok) throw new Error('accepted');
    expect(result.issues).toEqual([
      { path: 'name', key: 'schema_too_long', params: { length: 10_000, max: 500 } },
      { path: 'network.https', key: 'schema_too_many_items', params: { count: 100_000, max: 50 } },
    ]);
  });

  it('quotes a long wrong value cut short, not whole', () => {
    const profile = clone();
    profile.network.tcp[0].host = `${'a b'.repeat(80)}`;
    const result = validateProfile(profile);
    if (result.ok) throw new Error('accepted');
    const value = String(result.issues[0]?.params?.value);
    expect(value.length).toBe(121);
    expect(value.endsWith('…')).toBe(true);
  });

  it('rejects a recommended size below the minimum and an inverted port range', () => {
    const profile = clone();
    profile.display.recommended = { width: 1024, height: 768 };
    profile.network.media.portRange = { min: 60000, max: 50000 };
    const result = validateProfile(profile);
    if (result.ok) throw new Error('accepted');
    expect(result.issues.map((i) => i.key)).toEqual(['schema_recommended_below_minimum', 'schema_range_inverted']);
  });

  it('rejects non-HTTP URLs, bad hosts and unknown brands', () => {
    const profile = clone();
    profile.links.flowTest = 'javascript:alert(1)';
    profile.network.tcp[0].host = 'tlm norm-uni.fr';
    profile.browsers[0].brand = 'safari';
    const result = validateProfile(profile);
    if (result.ok) throw new Error('accepted');
    expect(result.issues.map((i) => `${i.path} ${i.key}`)).toEqual([
      'browsers[0].brand schema_expected_one_of',
      'network.tcp[0].host schema_expected_hostname',
      'links.flowTest schema_expected_protocol',
    ]);
  });

  it('names a wrong devices field: a size that is not [width, height], a frame rate or a loss out of range', () => {
    const profile = clone();
    profile.devices.resolutions = [[640, 480], [320]];
    profile.devices.minFps = 0;
    profile.devices.call.maxLossPct = 150;
    const result = validateProfile(profile);
    expect(result).toMatchObject({
      ok: false,
      issues: [
        { path: 'devices.resolutions[1]', key: 'schema_too_few_items', params: { min: 2 } },
        { path: 'devices.minFps', key: 'schema_out_of_range' },
        { path: 'devices.call.maxLossPct', key: 'schema_out_of_range' },
      ],
    });
  });

  it('accepts optional TURN credentials', () => {
    const profile = clone();
    profile.network.media.credentials = { username: 'u', credential: 'p' };
    expect(validateProfile(profile).ok).toBe(true);
  });

  it('accepts an optional manualAudience by check id, and names a wrong key or audience', () => {
    expect(validateProfile({ ...clone(), manualAudience: { 'manual-java': 'user' } }).ok).toBe(true);
    const result = validateProfile({ ...clone(), manualAudience: { 'manual-java': 'boss', java: 'it' } });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.issues.map((i) => [i.path, i.key])).toEqual([
        ['manualAudience.manual-java', 'schema_expected_one_of'],
        ['manualAudience.java', 'schema_expected_identifier'],
      ]);
  });

  it('bounds the thresholds moved out of check code: RAM tolerance, pings, pop-up test age', () => {
    const profile = clone();
    profile.hardware.ramTolerance = 1.5;
    profile.bandwidth.pings = 2.5;
    profile.timeouts.popupTestMaxAgeHours = 0;
    const result = validateProfile(profile);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([
      { path: 'hardware.ramTolerance', key: 'schema_out_of_range', params: { value: 1.5, min: 0.5, max: 1 } },
      { path: 'bandwidth.pings', key: 'schema_expected_integer', params: { value: 2.5 } },
      { path: 'timeouts.popupTestMaxAgeHours', key: 'schema_out_of_range', params: { value: 0, min: 0.1, max: 720 } },
    ]);
  });

  it('gives the thresholds moved out of check code their defaults when a profile leaves them out', () => {
    const profile = clone();
    delete profile.hardware.ramTolerance;
    delete profile.bandwidth.pings;
    delete profile.timeouts.popupTestMaxAgeHours;
    const result = validateProfile(profile);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.profile.hardware.ramTolerance).toBe(0.94);
    expect(result.profile.bandwidth.pings).toBe(40);
    expect(result.profile.timeouts.popupTestMaxAgeHours).toBe(24);
  });
});
