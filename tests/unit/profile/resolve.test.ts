import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILE } from '../../../utils/profile/builtin';
import { resolveProfile } from '../../../utils/profile/resolve';

const named = (name: string) => ({ ...structuredClone(BUILTIN_PROFILE), id: name, name });

describe('profile resolution', () => {
  it('uses the built-in profile when nothing else exists', () => {
    expect(resolveProfile({})).toEqual({
      profile: BUILTIN_PROFILE,
      source: 'builtin',
      problems: [],
      userProfilesAllowed: true,
    });
  });

  it('prefers the managed policy over an imported profile', () => {
    const resolved = resolveProfile({ managed: JSON.stringify(named('policy')), imported: named('mine') });
    expect(resolved).toMatchObject({ source: 'managed', profile: { id: 'policy' }, problems: [] });
  });

  it('skips a malformed policy, says which field, and uses the imported profile', () => {
    const broken = named('policy') as unknown as Record<string, unknown>;
    broken.clock = { maxOffsetSeconds: -1 };
    const resolved = resolveProfile({ managed: broken, imported: named('mine') });
    expect(resolved.source).toBe('imported');
    expect(resolved.problems).toEqual([
      {
        source: 'managed',
        path: 'clock.maxOffsetSeconds',
        key: 'schema_out_of_range',
        params: { value: -1, min: 0.1, max: 86400 },
      },
    ]);
  });

  it('falls back to built-in when both sources are malformed, reporting both', () => {
    const resolved = resolveProfile({ managed: '{oops', imported: { schemaVersion: 2 } });
    expect(resolved.source).toBe('builtin');
    expect(resolved.problems.map((p) => p.source)).toContain('managed');
    expect(resolved.problems.map((p) => p.source)).toContain('imported');
  });

  it('treats an empty policy string as no policy', () => {
    expect(resolveProfile({ managed: '' }).problems).toEqual([]);
  });
});
