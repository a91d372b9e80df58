import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const FIXTURES = join(__dirname, 'fixtures');

/** Each way around the gateway rule (tests/eslint.config.js), and the rule that must stop it. */
const HOLES: Record<string, string> = {
  'global-this-navigator.ts': 'no-restricted-properties',
  'window-navigator.ts': 'no-restricted-properties',
  'self-navigator.ts': 'no-restricted-properties',
  'destructured-navigator.ts': 'no-restricted-properties',
  'window-fetch.ts': 'no-restricted-properties',
  'idb-import.ts': 'no-restricted-imports',
  'idb-key-range.ts': 'no-restricted-globals',
};

const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: join(ROOT, 'tests/eslint.config.js') });

/** The rules a fixture breaks when it is linted as the file at `path` (relative to the project). */
async function rulesBroken(fixture: string, path: string): Promise<string[]> {
  const [result] = await eslint.lintText(readFileSync(join(FIXTURES, fixture), 'utf8'), {
    filePath: join(ROOT, path),
  });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('the gateway lint rule has no way around it', () => {
  it('has a fixture for every hole, and nothing else', () => {
    expect(readdirSync(FIXTURES).sort()).toEqual(Object.keys(HOLES).sort());
  });

  it.each(Object.entries(HOLES))('%s is an error outside utils/platform (%s)', async (fixture, rule) => {
    for (const dir of ['utils/checks', 'utils/history', 'components', 'entrypoints/popup', 'entrypoints/report'])
      expect(await rulesBroken(fixture, `${dir}/${fixture}`), dir).toEqual([rule]);
  });

  it('no file outside utils/platform may open IndexedDB, not even the history store that once did (utils/history/db.ts)', async () => {
    for (const fixture of ['idb-import.ts', 'idb-key-range.ts'])
      expect(await rulesBroken(fixture, 'utils/history/db.ts'), fixture).toEqual([HOLES[fixture]]);
    expect(await rulesBroken('idb-import.ts', 'utils/platform/history.ts')).toEqual([]);
  });

  it.each(Object.keys(HOLES))('%s is allowed inside utils/platform (the gateway)', async (fixture) => {
    expect(await rulesBroken(fixture, `utils/platform/${fixture}`)).toEqual([]);
  });
});
