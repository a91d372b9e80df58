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
    expect(result).toMatchObject({ ok: false, issues: [{ path: '', key: 'schema_not_json' }] });
  });

  it('reports unknown fields (typos) and missing ones', () => {
    const profile = clone();
    profile.dispaly = profile.display;
    delete profile.display;
    const result = validateProfile(profile);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual({ path: 'dispaly', key: 'schema_unknown_field' });
    expect(result.issues).toContainEqual({ path: 'display', key: 'schema_missing' });
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

  it('accepts optional TURN credentials', () => {
    const profile = clone();
    profile.network.media.credentials = { username: 'u', credential: 'p' };
    expect(validateProfile(profile).ok).toBe(true);
  });
});
