import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fill } from '../../../utils/i18n/format';
import { BUILTIN_PROFILE } from '../../../utils/profile/builtin';
import { validateProfile, type SchemaIssue } from '../../../utils/profile/schema';

/**
 * Thousands of broken profiles, reproducible from the seed: the validator never throws, and
 * every rejection names the field (the whole document only when the whole document is wrong)
 * with a message that exists in both languages.
 */
const SEED = 20261129;
const CASES = 3000;

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const ROOT = resolve(__dirname, '../../..');
const locale = (lang: string): Record<string, { message: string }> =>
  JSON.parse(readFileSync(join(ROOT, 'public/_locales', lang, 'messages.json'), 'utf8'));
const LOCALES = [locale('en'), locale('fr')];

/** Every path of the document, containers included. */
function paths(value: Json, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...children.flatMap(([key, child]) => paths(child, [...prefix, key]))];
}

const dotted = (path: Path) =>
  path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key), '');

describe('profile validator fuzz', () => {
  it(`survives ${CASES} mutated profiles (seed ${SEED}): no exception, every rejection names a field`, () => {
    const random = mulberry32(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const nasty = (): Json => {
      const word = Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
        String.fromCharCode(32 + Math.floor(random() * 0x2ff)),
      ).join('');
      return pick<() => Json>([
        () => null,
        () => true,
        () => 0,
        () => -1,
        () => 1e308,
        () => 0.5,
        () => '',
        () => '   ',
        () => 'x'.repeat(3000),
        () => ({ toString: 1 }),
        () => ({ toString: 1, valueOf: 1 }),
        () => ({ __proto__: { polluted: true } }) as unknown as Json,
        () => [],
        () => [null],
        () => ({}),
        () => 'https://*',
        () => 'javascript:alert(1)',
        () => 'https://user:pass@host.example/path\nline',
        () => ({ a: { b: { c: { d: [1, 'two', { e: null }] } } } }),
        () => word,
        () => Math.floor(random() * 200_000) - 100_000,
        () => Array.from({ length: 60 }, () => word),
      ])();
    };
    const base = paths(BUILTIN_PROFILE as unknown as Json).filter((p) => p.length > 0);
    let rejected = 0;
    let accepted = 0;
    for (let n = 0; n < CASES; n++) {
      const profile = structuredClone(BUILTIN_PROFILE) as unknown as Json;
      const mutated: Path[] = [];
      const count = 1 + Math.floor(random() * 3);
      for (let m = 0; m < count; m++) {
        const path = pick(base);
        let parent = profile as Record<string | number, Json>;
        for (const key of path.slice(0, -1)) parent = (parent?.[key] ?? null) as Record<string | number, Json>;
        if (parent === null || typeof parent !== 'object') continue;
        const last = path[path.length - 1]!;
        const kind = random();
        if (kind < 0.6) parent[last] = nasty();
        else if (kind < 0.8 && !Array.isArray(parent)) delete parent[last];
        else if (!Array.isArray(parent)) parent[`extra${n}`] = nasty();
        else parent[last] = nasty();
        mutated.push(path);
      }
      const asText = random() < 0.5;
      let input: unknown = asText ? JSON.stringify(profile) : profile;
      if (asText && random() < 0.05)
        input = (input as string).slice(0, Math.floor(random() * (input as string).length));
      let result: ReturnType<typeof validateProfile>;
      try {
        result = validateProfile(input);
      } catch (error) {
        throw new Error(`case ${n} (seed ${SEED}) threw: ${String(error)}; mutated ${mutated.map(dotted).join(', ')}`, {
          cause: error,
        });
      }
      const issues: SchemaIssue[] = result.ok ? result.warnings : result.issues;
      for (const issue of issues) {
        for (const catalogue of LOCALES) {
          const template = catalogue[issue.key]?.message;
          expect(template, `case ${n}: ${issue.key} has no message`).toBeTypeOf('string');
          expect(fill(template!, issue.params), `case ${n}: ${issue.key} keeps a placeholder`).not.toMatch(/\{\w+\}/);
        }
      }
      if (result.ok) {
        accepted++;
        continue;
      }
      rejected++;
      const notJson = result.issues.length === 1 && result.issues[0]!.key === 'schema_not_json';
      if (notJson) continue;
      const errors = result.issues.filter((i) => i.severity !== 'warning');
      expect(errors.length, `case ${n}: rejected without an error`).toBeGreaterThan(0);
      for (const error of errors) expect(error.path, `case ${n}: ${error.key} names no field`).not.toBe('');
      // At least one error is at, inside, above or beside a mutated field (a refinement such
      // as "probe timeout above the suite bound" names the sibling it compares).
      const near = mutated.map((p) => dotted(p.slice(0, -1)));
      expect(
        errors.some((e) => near.some((parent) => parent === '' || e.path.startsWith(parent))),
        `case ${n}: errors ${errors.map((e) => e.path).join(', ')} unrelated to ${mutated.map(dotted).join(', ')}`,
      ).toBe(true);
    }
    expect(rejected).toBeGreaterThan(CASES / 2);
    expect(accepted).toBeGreaterThan(0);
  }, 60_000);
});
