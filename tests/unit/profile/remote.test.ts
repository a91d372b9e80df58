import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILE } from '../../../utils/profile/builtin';
import { ageParts, chooseRemoteProfile, planProfileUrl, type CachedProfile } from '../../../utils/profile/remote';
import { resolveProfile } from '../../../utils/profile/resolve';

const named = (name: string) => JSON.stringify({ ...structuredClone(BUILTIN_PROFILE), id: name, name });
const URL_A = 'https://profiles.example/therape.json';
const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 29, 12);
const cachedA: CachedProfile = { url: URL_A, text: named('cached'), fetchedAt: NOW - 3 * HOUR };

describe('profileUrl: which URL', () => {
  it('accepts https anywhere and http only to this computer', () => {
    for (const url of [
      'https://profiles.example/p.json',
      'http://127.0.0.1:8080/p.json',
      'http://127.8.9.1/p.json',
      'http://[::1]:9/p.json',
      'http://localhost/p.json',
    ])
      expect(planProfileUrl(url, false)).toEqual({ url: new URL(url).href, problems: [] });
  });

  it('ignores anything else with a warning naming the key', () => {
    for (const raw of [
      'http://profiles.example/p.json',
      'http://10.0.0.1/p.json',
      'ftp://x/p',
      'not a url',
      42,
      'https://u:p@x/p',
    ])
      expect(planProfileUrl(raw, false)).toEqual({
        problems: [
          {
            source: 'managed',
            path: 'profileUrl',
            key: 'profile_url_not_https',
            params: { value: typeof raw === 'string' ? raw : '42' },
            severity: 'warning',
          },
        ],
      });
  });

  it('is not fetched when a profile key is set: the whole profile wins, and the UI says so', () => {
    expect(planProfileUrl(URL_A, true)).toEqual({
      problems: [
        {
          source: 'managed',
          path: 'profileUrl',
          key: 'profile_url_ignored',
          params: { url: URL_A },
          severity: 'warning',
        },
      ],
    });
    expect(planProfileUrl(undefined, true)).toEqual({ problems: [] });
  });
});

describe('profileUrl: age wording', () => {
  it('counts minutes under an hour, hours under two days, days beyond', () => {
    expect(ageParts(0)).toEqual({ unit: 'minutes', count: 0 });
    expect(ageParts(59 * 60_000 + 59_999)).toEqual({ unit: 'minutes', count: 59 });
    expect(ageParts(HOUR)).toEqual({ unit: 'hours', count: 1 });
    expect(ageParts(47 * HOUR + 59 * 60_000)).toEqual({ unit: 'hours', count: 47 });
    expect(ageParts(48 * HOUR)).toEqual({ unit: 'days', count: 2 });
    expect(ageParts(-5000)).toEqual({ unit: 'minutes', count: 0 });
  });
});

describe('profileUrl: fresh, cached or none', () => {
  it('uses and caches a fresh valid document', () => {
    const text = named('fresh');
    expect(chooseRemoteProfile(URL_A, { ok: true, text }, cachedA, NOW)).toEqual({
      document: text,
      save: { url: URL_A, text, fetchedAt: NOW },
      problems: [],
    });
  });

  it('uses the last good copy, with its age, when the server does not answer', () => {
    const chosen = chooseRemoteProfile(URL_A, { ok: false }, cachedA, NOW);
    expect(chosen.document).toBe(cachedA.text);
    expect(chosen.save).toBeUndefined();
    expect(chosen.problems).toEqual([
      {
        source: 'managed',
        path: 'profileUrl',
        key: 'profile_url_cached_hours',
        params: { url: URL_A, age: 3 },
        severity: 'warning',
      },
      {
        source: 'managed',
        path: 'profileUrl',
        key: 'profile_url_unreachable',
        params: { url: URL_A, seconds: 5 },
        severity: 'warning',
      },
    ]);
    expect(resolveProfile({ managed: chosen.document, remoteProblems: chosen.problems })).toMatchObject({
      source: 'managed',
      profile: { id: 'cached' },
      problems: chosen.problems,
    });
  });

  it('reports a bad fresh document field by field, does not cache it, and keeps the last good copy', () => {
    const broken = JSON.parse(named('broken'));
    broken.timeouts.checkMs = 'fast';
    const chosen = chooseRemoteProfile(URL_A, { ok: true, text: JSON.stringify(broken) }, cachedA, NOW);
    expect(chosen.save).toBeUndefined();
    expect(chosen.document).toBe(cachedA.text);
    expect(chosen.problems.map((p) => [p.path, p.key])).toEqual([
      ['timeouts.checkMs', 'schema_expected_number'],
      ['profileUrl', 'profile_url_cached_hours'],
      ['profileUrl', 'profile_url_invalid'],
    ]);
  });

  it('says a document over the size bound is not a profile, and keeps the last good copy', () => {
    const chosen = chooseRemoteProfile(URL_A, { ok: false, tooLarge: true }, cachedA, NOW);
    expect(chosen.document).toBe(cachedA.text);
    expect(chosen.save).toBeUndefined();
    expect(chosen.problems.map((p) => [p.key, p.params, p.severity])).toEqual([
      ['profile_url_cached_hours', expect.anything(), 'warning'],
      ['profile_url_too_large', { url: URL_A, megabytes: 1 }, 'warning'],
    ]);
  });

  it('never uses a copy fetched from another URL; with no copy the next source is used, as an error', () => {
    const chosen = chooseRemoteProfile('https://other.example/p.json', { ok: false, status: 503 }, cachedA, NOW);
    expect(chosen).toEqual({
      problems: [
        {
          source: 'managed',
          path: 'profileUrl',
          key: 'profile_url_http_error',
          params: { url: 'https://other.example/p.json', status: 503 },
        },
        {
          source: 'managed',
          path: 'profileUrl',
          key: 'profile_url_no_copy',
          params: { url: 'https://other.example/p.json' },
        },
      ],
    });
    expect(
      resolveProfile({
        managed: chosen.document,
        imported: JSON.parse(named('mine')),
        remoteProblems: chosen.problems,
      }),
    ).toMatchObject({
      source: 'imported',
      profile: { id: 'mine' },
      problems: chosen.problems,
    });
  });
});
