import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../utils/checks';
import { PRODUCED } from './fakes';

/**
 * Every message and fix variant a check declares is produced by some unit test: a variant no
 * test reaches is a text no test has seen filled in (and a file `it('exists', () => undefined)`
 * proves nothing). This file runs every check test itself (they register their tests here),
 * so the count does not depend on which other files ran, then compares, last.
 */
const DIR = join(__dirname, 'checks');
const files = readdirSync(DIR).filter((f) => f.endsWith('.test.ts'));

describe('every check test, run again to record the variants it produces', async () => {
  for (const file of files) await import(join(DIR, file));
});

describe('meta: every declared message and fix variant is produced by a unit test', () => {
  it('finds the check tests', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('has every declared variant of every check produced by runCheck in some check test', () => {
    const unproduced = CHECKS.flatMap((check) =>
      check.messages.filter((v) => !PRODUCED.get(check.id)?.has(v)).map((v) => `${check.id}: ${v}`),
    );
    expect(unproduced).toEqual([]);
  });
});
