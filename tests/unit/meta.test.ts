import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../utils/checks';
import { checkMessageKey } from '../../utils/engine/keys';
import type { Check } from '../../utils/engine/types';
import { placeholderNames } from '../../utils/i18n/format';

const ROOT = resolve(__dirname, '../..');
const CHECKS_DIR = join(ROOT, 'utils/checks');
const catalogue = (lang: string): Record<string, { message: string }> =>
  JSON.parse(readFileSync(join(ROOT, 'public/_locales', lang, 'messages.json'), 'utf8'));
const LOCALES = { en: catalogue('en'), fr: catalogue('fr') };

/** Requirement IDs of the project's catalogue, docs/requirements.md: the first cell of each table row. */
function requirementIds(): string[] {
  const text = readFileSync(join(ROOT, 'docs/requirements.md'), 'utf8');
  return [...text.matchAll(/^\|\s*([A-Z]+(?:-[A-Z0-9]+)+)\s*\|/gm)].map((m) => m[1]!);
}

const checkFiles = () => readdirSync(CHECKS_DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts');

const isCheck = (value: unknown): value is Check =>
  typeof value === 'object' && value !== null && 'id' in value && 'run' in value;

describe('meta: every requirement, check, test and message is accounted for', () => {
  it('reads a plausible number of requirement IDs from docs/requirements.md', () => {
    const ids = requirementIds();
    expect(ids.length).toBeGreaterThan(40);
    expect(ids).toContain('WEB-BROWSER');
    expect(ids).toContain('NET-TURN-TCP');
  });

  it('covers every requirement ID with a check or a manual check', () => {
    const covered = new Set(CHECKS.flatMap((c) => c.covers));
    expect(requirementIds().filter((id) => !covered.has(id))).toEqual([]);
  });

  it('covers only IDs that exist (no typo in a check)', () => {
    const known = new Set(requirementIds());
    expect(CHECKS.flatMap((c) => c.covers).filter((id) => !known.has(id))).toEqual([]);
  });

  it('registers every check of every check file, and names single-check files after their check', async () => {
    const registered = new Set(CHECKS);
    for (const file of checkFiles()) {
      const module = (await import(join(CHECKS_DIR, file))) as Record<string, unknown>;
      const checks = Object.values(module)
        .flatMap((v) => (Array.isArray(v) ? v : [v]))
        .filter(isCheck);
      expect(checks.length, `${file} exports no check`).toBeGreaterThan(0);
      for (const check of checks)
        expect(registered.has(check), `${check.id} (${file}) is not in utils/checks/index.ts`).toBe(true);
      const stem = basename(file, '.ts');
      if (checks.length === 1) expect(checks[0]!.id).toBe(stem);
      else for (const check of checks) expect(check.id.startsWith(`${stem}-`)).toBe(true);
    }
  });

  it('has unique check IDs', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has a unit test file for every check file', () => {
    const tests = new Set(readdirSync(join(ROOT, 'tests/unit/checks')));
    expect(checkFiles().filter((f) => !tests.has(f.replace(/\.ts$/, '.test.ts')))).toEqual([]);
  });

  it('runs every check of the unit tests through runCheck, which requires a label for every evidence key, word and empty value', () => {
    // tests/unit/fakes.ts runCheck fails a test whose outcome carries evidence without its
    // labels in both languages (utils/i18n/evidence.ts): so no check may be run around it.
    const dir = join(ROOT, 'tests/unit/checks');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.test.ts'))) {
      const source = readFileSync(join(dir, file), 'utf8');
      expect(source, `${file} runs a check directly`).not.toMatch(/\.run\(/);
      expect(source, `${file} never calls runCheck`).toMatch(/\brunCheck\(/);
    }
  });

  it('labels evidence in both languages: every evidence_ message exists in French and English', () => {
    const labels = Object.keys(LOCALES.en).filter((key) => key.startsWith('evidence_'));
    expect(labels.length).toBeGreaterThan(100);
    expect(labels.filter((key) => !LOCALES.fr[key]?.message)).toEqual([]);
  });

  it('has every check message in French and English', () => {
    const missing: string[] = [];
    for (const check of CHECKS)
      for (const variant of check.messages)
        for (const [lang, messages] of Object.entries(LOCALES))
          if (!messages[checkMessageKey(check.id, variant)]?.message)
            missing.push(`${lang}:${checkMessageKey(check.id, variant)}`);
    expect(missing).toEqual([]);
  });

  it('has the same keys and the same placeholders in both languages', () => {
    expect(Object.keys(LOCALES.fr).sort()).toEqual(Object.keys(LOCALES.en).sort());
    const placeholders = (text: string) => placeholderNames(text).sort();
    for (const key of Object.keys(LOCALES.en))
      expect(placeholders(LOCALES.fr[key]!.message), key).toEqual(placeholders(LOCALES.en[key]!.message));
  });

  it('has every literal message key used by the code in the catalogue', () => {
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(entry.name)) sources.push(readFileSync(path, 'utf8'));
      }
    };
    ['components', 'entrypoints', 'utils'].forEach((d) => walk(join(ROOT, d)));
    const used = new Set(
      sources.flatMap((s) =>
        [...s.matchAll(/'((?:ui|options|schema|engine|status|verdict|source|report|badge)_[a-z_]+)'/g)].map(
          (m) => m[1]!,
        ),
      ),
    );
    // Built as `verdict_${overall}` (pending has its own counted keys) and `status_${status}`.
    for (const s of ['pass', 'warn', 'fail', 'error', 'running']) used.add(`verdict_${s}`);
    for (const s of ['pass', 'warn', 'pending', 'fail', 'error', 'running', 'manual']) used.add(`status_${s}`);
    for (const s of ['managed', 'imported', 'builtin']) used.add(`source_${s}`);
    expect([...used].filter((key) => !LOCALES.en[key] || !LOCALES.fr[key])).toEqual([]);
  });
});
