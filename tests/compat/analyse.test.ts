import { describe, expect, it } from 'vitest';
import { analyse } from './analyse';

/** The gate must be able to fail: each snippet is what a careless change would ship. */
describe('compatibility analyser', () => {
  it('accepts ES2022 syntax both minimums run', () => {
    expect(
      analyse(
        'class A { static #n = 1; static { A.x = 1; } } let a = null; a ??= [1].at(-1); const m = /(?<y>\\d{4})/d;',
      ),
    ).toEqual([]);
  });

  it('rejects a v-flag regex literal (Firefox < 116)', () => {
    expect(analyse('const r = /[\\p{L}--\\p{N}]/v;')[0]?.kind).toBe('syntax');
  });

  it('rejects a v-flag RegExp built at run time, as Vite emits it', () => {
    expect(analyse("const r = new RegExp('[\\\\p{L}--\\\\p{N}]', 'v');")).toEqual([
      { kind: 'regexp-flag', name: "RegExp(…, 'v')", detail: 'the v flag needs Firefox 116' },
    ]);
  });

  it('rejects ES2025 import attributes', () => {
    expect(analyse("import data from './x.json' with { type: 'json' };")[0]?.kind).toBe('syntax');
  });

  it('flags Array.prototype.findLast (Firefox 104) and Object.groupBy (Chrome 117)', () => {
    const names = analyse('[1].findLast((x) => x); Object.groupBy([], (x) => x);').map((f) => f.name);
    expect(names).toEqual(['findLast', 'Object.groupBy']);
  });

  it('flags a Firefox-only extension API called without a feature test', () => {
    expect(analyse('e.runtime.getBrowserInfo();')).toEqual([
      { kind: 'extension-api', name: 'runtime.getBrowserInfo', detail: 'missing in chrome 116' },
    ]);
  });

  it('accepts the same API behind a feature test (optional call)', () => {
    expect(analyse('e.runtime.getBrowserInfo?.(); n.userAgentData?.getHighEntropyValues([]);')).toEqual([]);
  });

  it('flags a global missing in a minimum, unless the code declares that name itself', () => {
    expect(analyse('Iterator.from([]);').map((f) => f.kind)).toEqual(['global']);
    expect(analyse('function Iterator(){} Iterator.from([]);')).toEqual([]);
    expect(analyse('structuredClone({}); crypto.randomUUID(); new AbortController();')).toEqual([]);
  });
});
