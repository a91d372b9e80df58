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

  describe('events (api.X.<name>_event)', () => {
    const ICE_ERROR = {
      kind: 'event',
      name: 'icecandidateerror',
      detail: 'missing in firefox 102 (RTCPeerConnection)',
    };

    it('flags an unguarded icecandidateerror listener (Firefox 150), by addEventListener or on… property', () => {
      expect(analyse("const pc = new RTCPeerConnection(); pc.addEventListener('icecandidateerror', f);")).toEqual([
        ICE_ERROR,
      ]);
      expect(analyse('pc.onicecandidateerror = (e) => codes.push(e.errorCode);')).toEqual([ICE_ERROR]);
      // As the minifier writes it: a template literal.
      expect(analyse('n.addEventListener(`icecandidateerror`, f);')).toEqual([ICE_ERROR]);
    });

    it('flags it against the version boundary: fine from Firefox 150', () => {
      expect(analyse("pc.addEventListener('icecandidateerror', f);", { chrome: 116, firefox: 150 })).toEqual([]);
    });

    it.each([
      [
        'events both minimums fire, and names that are no Web API event',
        "pc.addEventListener('icecandidate', f); pc.addEventListener('datachannel', f); w.onmessage = f; " +
          "el.addEventListener('click', f); x.addEventListener('my-own-event', f); o.onwhatever = 1;",
      ],
      [
        'a listener guarded by the feature test',
        "if ('onicecandidateerror' in RTCPeerConnection.prototype) pc.addEventListener('icecandidateerror', f);",
      ],
      ['the feature test joined by &&', "ok && 'onicecandidateerror' in pc && (pc.onicecandidateerror = f);"],
      [
        'the feature test through a const of an enclosing scope',
        "const events = 'onicecandidateerror' in RTCPeerConnection.prototype; " +
          "function probe(pc) { return new Promise(() => { if (events) pc.addEventListener('icecandidateerror', f); }); }",
      ],
      [
        'what the shipped bundle does (utils/platform/webrtc/ice.ts, minified): through a function',
        'function ln(){return`onicecandidateerror`in RTCPeerConnection.prototype}' +
          'async function un(e){let n=ln(),r=new RTCPeerConnection();await new Promise(t=>{n&&r.addEventListener(`icecandidateerror`,t)})}',
      ],
    ])('accepts %s', (_, code) => {
      expect(analyse(code)).toEqual([]);
    });

    it.each([
      ['the else branch', "if ('onicecandidateerror' in P) g(); else pc.addEventListener('icecandidateerror', f);"],
      ['a negation', "if (!('onicecandidateerror' in P)) pc.addEventListener('icecandidateerror', f);"],
      ['another event’s test', "if ('onicecandidate' in P) pc.addEventListener('icecandidateerror', f);"],
      ['a parameter', "function g(events) { if (events) pc.addEventListener('icecandidateerror', f); }"],
      [
        'a function that may return true without the test',
        "function ok() { if (x) return true; return 'onicecandidateerror' in P; } if (ok()) pc.onicecandidateerror = f;",
      ],
      [
        'an inner binding with the same name as the test (names resolve lexically)',
        "const n = 'onicecandidateerror' in P; function h() { const n = true; if (n) pc.addEventListener('icecandidateerror', f); }",
      ],
    ])('does not count %s as a guard', (_, code) => {
      expect(analyse(code)).toEqual([ICE_ERROR]);
    });
  });
});
