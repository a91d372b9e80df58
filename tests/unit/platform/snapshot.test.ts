// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rollup } from '../../../utils/engine/rollup';
import { catalogueTranslator } from '../../../utils/i18n/format';
import { clearSnapshot, paintSnapshot, readSnapshot, storeSnapshot } from '../../../utils/platform/snapshot';
import {
  buildSnapshot,
  parseSnapshot,
  SNAPSHOT_KEY,
  SNAPSHOT_MAX_AGE_MS,
  type VerdictSnapshot,
} from '../../../utils/report/snapshot';
import type { RunRecord } from '../../../utils/run/types';
import { makeRun } from '../runs';

const catalogue = (lang: 'en' | 'fr') => JSON.parse(readFileSync(`public/_locales/${lang}/messages.json`, 'utf8'));
const en = catalogueTranslator(catalogue('en'));
const fr = catalogueTranslator(catalogue('fr'));
const NOW = 1_800_000_000_000;
const HOUR = 3_600_000;

/** A finished run: one blocking problem (turn-udp), the Java question answered yes. */
function finishedRun(at = NOW - 3 * HOUR): RunRecord {
  const run = makeRun('run-1', at - 900, { 'turn-udp': 'fail' });
  run.finishedAt = at;
  run.overall = rollup(run.diagnostics, true, run.planned);
  return run;
}

/** What the page's own browser APIs answer: the language of the messages in use and the version. */
function fakeBrowser(lang: string, version = '0.1.0') {
  (globalThis as { chrome?: unknown }).chrome = {
    i18n: { getMessage: (name: string) => (name === 'lang' ? lang : '') },
    runtime: { getManifest: () => ({ version }) },
  };
}

describe('verdict snapshot (pure)', () => {
  it('carries the verdict header already in the reader language, with a {when} to fill', () => {
    const snapshot = buildSnapshot(finishedRun(), fr, '0.1.0')!;
    expect(snapshot).toMatchObject({
      format: 1,
      lang: 'fr',
      version: '0.1.0',
      runId: 'run-1',
      overall: 'fail',
      at: NOW - 3 * HOUR,
      glyph: '✕',
      verdict: 'Pas prêt : problèmes bloquants',
    });
    expect(snapshot.counts).toMatch(/^1 bloquant, /);
    expect(snapshot.lastRun).toBe('Dernière vérification {when} — mise à jour…');
    expect(buildSnapshot(finishedRun(), en, '0.1.0')!.verdict).toBe('Not ready: blocking problems');
  });

  it('makes no snapshot of a run that has not finished', () => {
    const running = finishedRun();
    delete running.finishedAt;
    expect(buildSnapshot(running, en, '0.1.0')).toBeUndefined();
  });

  const expected = { lang: 'en', version: '0.1.0', now: NOW };
  const good = () => buildSnapshot(finishedRun(), en, '0.1.0')!;

  it('reads back what it wrote', () => {
    expect(parseSnapshot(JSON.stringify(good()), expected)).toEqual(good());
  });

  it.each<[string, string | null]>([
    ['nothing stored', null],
    ['not JSON', '{"format":1,"lang":'],
    ['JSON null', 'null'],
    ['another format', JSON.stringify({ ...good(), format: 2 })],
    ['a verdict that does not exist', JSON.stringify({ ...good(), overall: 'running' })],
    ['a missing text', JSON.stringify({ ...good(), verdict: undefined })],
    ['a text that is not a string', JSON.stringify({ ...good(), counts: 3 })],
    ['a last-run line without its {when}', JSON.stringify({ ...good(), lastRun: 'Last run' })],
    ['a date that is not a number', JSON.stringify({ ...good(), at: '2027-01-15' })],
  ])('ignores a corrupt snapshot: %s', (_, raw) => {
    expect(parseSnapshot(raw, expected)).toBeUndefined();
  });

  it('ignores a snapshot in another language than the popup messages', () => {
    expect(parseSnapshot(JSON.stringify(good()), { ...expected, lang: 'fr' })).toBeUndefined();
  });

  it('ignores a snapshot written by another version of the extension', () => {
    expect(parseSnapshot(JSON.stringify(good()), { ...expected, version: '0.2.0' })).toBeUndefined();
  });

  it('ignores a stale snapshot, and one from the future (clock set back)', () => {
    const raw = (at: number) => JSON.stringify({ ...good(), at } satisfies VerdictSnapshot);
    expect(parseSnapshot(raw(NOW - SNAPSHOT_MAX_AGE_MS + 1000), expected)).toBeDefined();
    expect(parseSnapshot(raw(NOW - SNAPSHOT_MAX_AGE_MS - 1000), expected)).toBeUndefined();
    expect(parseSnapshot(raw(NOW + 60 * HOUR), expected)).toBeUndefined();
  });
});

describe('verdict snapshot in the page', () => {
  beforeEach(() => {
    localStorage.clear();
    document.body.innerHTML = '<div id="snapshot"></div>';
  });
  afterEach(() => delete (globalThis as { chrome?: unknown }).chrome);

  it('is written to localStorage and painted as the verdict header, with its age, before any module', () => {
    fakeBrowser('fr');
    storeSnapshot(() => buildSnapshot(finishedRun(), fr, '0.1.0'));
    expect(JSON.parse(localStorage.getItem(SNAPSHOT_KEY)!)).toMatchObject({ runId: 'run-1', lang: 'fr' });
    const painted = paintSnapshot(document.getElementById('snapshot'), NOW);
    expect(painted?.runId).toBe('run-1');
    const header = document.querySelector('#snapshot header.verdict')!;
    expect(header.getAttribute('data-overall')).toBe('fail');
    expect(header.getAttribute('data-source')).toBe('snapshot');
    expect(header.querySelector('h1')?.textContent).toBe('Pas prêt : problèmes bloquants');
    expect(header.querySelector('.status-icon')?.getAttribute('aria-label')).toBe(fr('status_fail'));
    const line = header.querySelector('[data-stale="true"]')?.textContent ?? '';
    expect(line).toMatch(/^Dernière vérification .+ \(il y a 3 heures\) — mise à jour…$/);
    expect(document.documentElement.lang).toBe('fr');
  });

  it('paints nothing when the popup messages are in another language than the snapshot', () => {
    fakeBrowser('en');
    storeSnapshot(() => buildSnapshot(finishedRun(), fr, '0.1.0'));
    expect(paintSnapshot(document.getElementById('snapshot'), NOW)).toBeUndefined();
    expect(document.getElementById('snapshot')?.childElementCount).toBe(0);
  });

  it('paints nothing from a corrupt or stale snapshot', () => {
    fakeBrowser('en');
    localStorage.setItem(SNAPSHOT_KEY, '<header>not json');
    expect(paintSnapshot(document.getElementById('snapshot'), NOW)).toBeUndefined();
    storeSnapshot(() => buildSnapshot(finishedRun(NOW - SNAPSHOT_MAX_AGE_MS - HOUR), en, '0.1.0'));
    expect(paintSnapshot(document.getElementById('snapshot'), NOW)).toBeUndefined();
    expect(document.getElementById('snapshot')?.childElementCount).toBe(0);
  });

  it('writes texts as text, never as markup', () => {
    fakeBrowser('en');
    const snapshot = { ...buildSnapshot(finishedRun(), en, '0.1.0')!, verdict: '<img src=x onerror=alert(1)>' };
    storeSnapshot(() => snapshot);
    paintSnapshot(document.getElementById('snapshot'), NOW);
    expect(document.querySelector('#snapshot img')).toBeNull();
    expect(document.querySelector('#snapshot h1')?.textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('is removed when the last run is cleared, and replaced by a run with no verdict yet', () => {
    fakeBrowser('en');
    storeSnapshot(() => buildSnapshot(finishedRun(), en, '0.1.0'));
    clearSnapshot();
    expect(readSnapshot(NOW)).toBeUndefined();
    storeSnapshot(() => buildSnapshot(finishedRun(), en, '0.1.0'));
    storeSnapshot(() => undefined);
    expect(localStorage.getItem(SNAPSHOT_KEY)).toBeNull();
  });
});
