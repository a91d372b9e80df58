import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countStatuses } from '../../utils/engine/rollup';
import { catalogueTranslator } from '../../utils/i18n/format';
import { verdictText } from '../../utils/report/verdict';
import { BUILTIN_PROFILE } from '../../utils/profile/builtin';
import {
  BUILD_DIRS,
  importProfile,
  launch,
  readLastRun,
  removeImportedProfile,
  runOnce,
  waitForFinishedRun,
  waitForNewRun,
  type BrowserName,
  type Harness,
} from './browsers';

const lastRun = readLastRun;

const rowStatus = (page: Page, check: string) =>
  page.$eval(`li.row[data-check="${check}"]`, (el) => el.getAttribute('data-status'));

describe.each<BrowserName>(['chromium', 'firefox'])('popup in %s', (name) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await launch(name);
  });
  afterAll(async () => harness?.close());

  it('runs every check and shows a verdict whose browser row matches the real browser', async () => {
    const page = await harness.openExtensionPage('popup.html');
    const overall = await waitForFinishedRun(page);
    expect(['pass', 'warn', 'pending', 'fail', 'error']).toContain(overall);
    const run = (await lastRun(page))!;
    expect(run.diagnostics.length).toBe(run.planned);
    expect(run.profile).toMatchObject({ id: BUILTIN_PROFILE.id, source: 'builtin' });
    const browser = run.diagnostics.find((d) => d.checkId === 'browser')!;
    const realVersion = (await harness.browser.version()).replace(/^\D+\//, '');
    if (name === 'chromium') {
      // Debian's Chromium is Chromium-branded (no Chrome/Edge here): not a qualified browser.
      expect(browser).toMatchObject({ status: 'warn', evidence: { brand: 'chromium', source: 'client-hints' } });
    } else {
      // Debian's firefox-esr reports an ESR point release (minor > 0) of a later ESR than the
      // qualified 102: supported (at or above the minimum), never called qualified.
      expect(browser).toMatchObject({
        status: 'warn',
        message: { key: 'check_browser_supported', params: { qualifiedHere: 'Mozilla Firefox ESR 102' } },
        evidence: { brand: 'firefox', channel: 'esr' },
      });
    }
    expect(String(browser.evidence.version)).toBe(realVersion);
    // Every stored message and fix has the parameters its text needs (none lost in storage).
    const catalogue = JSON.parse(readFileSync(join(BUILD_DIRS[name], '_locales/en/messages.json'), 'utf8'));
    const t = catalogueTranslator(catalogue);
    const unfilled = run.diagnostics.flatMap((d) =>
      [d.message, ...d.fixes].map((m) => `${d.checkId}: ${t(m.key, m.params)}`).filter((text) => /\{\w+\}/.test(text)),
    );
    expect(unfilled).toEqual([]);
    expect(await rowStatus(page, 'browser')).toBe(browser.status);
    // What the UI shows is what was stored.
    expect(await page.$eval('header.verdict', (el) => el.getAttribute('data-overall'))).toBe(run.overall);
    await page.close();
  });

  it('paints the last known verdict first, from the snapshot before any module runs, then the fresh run replaces it', async () => {
    const before = await runOnce(harness);
    const probe = await harness.openExtensionPage('options.html');
    const page = await harness.browser.newPage();
    // Chromium: what the page shows when its parsing ends (readyState "interactive"), read by a
    // script of the test injected before the page's own: module scripts, the popup's code
    // included, run only after that, so anything on screen then was painted without Preact,
    // the polyfill or the messages. (Firefox runs no preload script in moz-extension pages.)
    if (name === 'chromium')
      await page.evaluateOnNewDocument(() => {
        const seen: Record<string, unknown> = {};
        const record = (moment: string) => {
          const header = document.querySelector('header.verdict');
          seen[moment] = {
            source: header?.getAttribute('data-source') ?? null,
            run: header?.getAttribute('data-run') ?? null,
            overall: header?.getAttribute('data-overall') ?? null,
            verdict: header?.querySelector('h1')?.textContent ?? null,
            age: header?.querySelector('[data-stale]')?.textContent ?? null,
            app: document.getElementById('app')?.childElementCount ?? null,
          };
          document.documentElement.setAttribute('data-seen-early', JSON.stringify(seen));
        };
        document.addEventListener('readystatechange', () => {
          if (document.readyState === 'interactive') record('interactive');
        });
        document.addEventListener('DOMContentLoaded', () => record('domContentLoaded'));
      });
    await page.goto(harness.extensionUrl('popup.html'), {
      waitUntil: name === 'firefox' ? 'networkidle0' : 'domcontentloaded',
    });
    const fresh = await waitForNewRun(page, before.id);
    await waitForFinishedRun(page);
    if (name === 'chromium') {
      const catalogue = JSON.parse(readFileSync(join(BUILD_DIRS[name], '_locales/en/messages.json'), 'utf8'));
      const seen = JSON.parse((await page.$eval('html', (html) => html.getAttribute('data-seen-early'))) ?? 'null');
      const expected = {
        source: 'snapshot',
        run: before.id,
        overall: before.overall,
        verdict: verdictText(before.overall, countStatuses(before.diagnostics), catalogueTranslator(catalogue)),
        // Its age is said ("Last run <date> (this minute) — updating…").
        age: expect.stringMatching(/^Last run .+ \((this minute|\d+ minutes? ago)\) — updating…$/),
        app: 0,
      };
      expect(seen).toEqual({ interactive: expected, domContentLoaded: { ...expected, app: expect.any(Number) } });
    }
    // The popup marks each verdict once painted (the benchmark reads the same marks).
    const marks = await page.evaluate(() =>
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('readiness:'))
        .map((m) => ({ name: m.name, at: m.startTime, ...(m as PerformanceMark).detail })),
    );
    expect(marks.map((m) => [m.name, m.runId])).toEqual([
      ['readiness:snapshot-painted', before.id],
      ['readiness:last-verdict-painted', before.id],
      ['readiness:fresh-verdict-painted', fresh.id],
    ]);
    expect(marks[0]).toMatchObject({ overall: before.overall, readyState: 'loading' });
    expect(marks[1]!.overall).toBe(before.overall);
    // The popup's own view replaced the snapshot.
    expect(await page.$$eval('header.verdict', (headers) => headers.map((h) => h.getAttribute('data-source')))).toEqual(
      [null],
    );
    await page.close();
    await probe.close();
  });

  it('keeps a manual answer with the run, and the next run carries it', async () => {
    const page = await harness.openExtensionPage('popup.html');
    await waitForFinishedRun(page);
    // Windows updates are for IT: folded into one line, which opens to the question.
    await page.click('[data-it-items] > summary');
    await page.click('li.row[data-check="manual-os-updates"] summary');
    const yes = await page.waitForSelector('li.row[data-check="manual-os-updates"] .manual-answer button');
    await yes!.click();
    await page.waitForSelector('li.row[data-check="manual-os-updates"][data-status="pass"]');
    const answered = (await lastRun(page))!;
    expect(answered.diagnostics.find((d) => d.checkId === 'manual-os-updates')?.manual?.confirmation?.answer).toBe(
      'yes',
    );
    await page.click('footer button.primary');
    const next = await waitForNewRun(page, answered.id);
    await waitForFinishedRun(page);
    expect(next.diagnostics.find((d) => d.checkId === 'manual-os-updates')?.manual?.confirmation?.answer).toBe('yes');
    await page.close();
  });

  it('finishes and stores a run when the popup closes right after starting it', async () => {
    const probe = await harness.openExtensionPage('options.html');
    const before = await lastRun(probe);
    const page = await harness.openExtensionPage('popup.html');
    // The progress bar shows once the run's STUN/TURN probes have settled: close right then,
    // with the other checks and the media path still to run (closing during the probes:
    // network.test.ts).
    await page.waitForSelector('header.verdict progress');
    await page.close();
    const after = await waitForNewRun(probe, before?.id);
    expect(after.diagnostics.length).toBe(after.planned);
    await probe.close();
  });

  const lenient = structuredClone(BUILTIN_PROFILE);
  lenient.id = 'lenient';
  lenient.name = 'Lenient screens';
  lenient.display.minimum = { width: 640, height: 480 };
  lenient.display.recommended = { width: 800, height: 600 };

  it('changes verdicts when a profile with other thresholds is imported', async () => {
    await removeImportedProfile(harness);
    const page = await harness.openExtensionPage('popup.html');
    await waitForFinishedRun(page);
    // Headless screens are 800×600 (Chromium) or 1366×768 (Firefox): below the built-in minimum.
    expect(await rowStatus(page, 'display-resolution')).toBe('fail');
    await page.close();

    const options = await importProfile(harness, JSON.stringify(lenient));
    expect(await options.$eval('#active-profile', (el) => el.getAttribute('data-profile-id'))).toBe('lenient');

    const again = await harness.openExtensionPage('popup.html');
    await waitForFinishedRun(again);
    expect(await rowStatus(again, 'display-resolution')).toBe('pass');
    expect(await again.$eval('.profile', (el) => el.getAttribute('data-source'))).toBe('imported');
    await again.close();
    await options.close();
    await removeImportedProfile(harness);
  });

  it('rejects a malformed import, names the field, and keeps the previous profile', async () => {
    await (await importProfile(harness, JSON.stringify(lenient))).close();
    const broken = structuredClone(BUILTIN_PROFILE) as unknown as { display: { minimum: { width: unknown } } };
    broken.display.minimum.width = 'wide';
    const options = await importProfile(harness, JSON.stringify(broken));
    const problems = await options.$eval('.profile-problems', (el) => el.textContent ?? '');
    expect(problems).toContain('display.minimum.width');
    // The active profile is read after the page loads: the import's status can come first.
    await options.waitForSelector('#active-profile');
    expect(await options.$eval('#active-profile', (el) => el.getAttribute('data-profile-id'))).toBe('lenient');

    const page = await harness.openExtensionPage('popup.html');
    await waitForFinishedRun(page);
    expect((await lastRun(page))!.profile.id).toBe('lenient');
    await page.close();

    await options.click('#remove');
    await options.waitForFunction(
      () => document.querySelector('#active-profile')?.getAttribute('data-source') === 'builtin',
    );
    await options.close();
  });

  it('is usable from the keyboard and fits its width at 100 % and 150 % scaling', async () => {
    const page = await harness.openExtensionPage('popup.html');
    await waitForFinishedRun(page);
    for (const deviceScaleFactor of [1, 1.5]) {
      await page.setViewport({ width: 448, height: 700, deviceScaleFactor });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `horizontal overflow at ${deviceScaleFactor}`).toBeLessThanOrEqual(0);
    }
    // Tab to the first problem row and open it with Enter.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('li.row')?.getAttribute('data-check'))).toBe(
      await page.$eval('li.row', (el) => el.getAttribute('data-check')),
    );
    await page.keyboard.press('Enter');
    expect(await page.$eval('li.row details', (el) => (el as HTMLDetailsElement).open)).toBe(true);
    await page.close();
  });
});

describe.each<BrowserName>(['chromium', 'firefox'])('French browser (%s)', (name) => {
  it('shows the popup in French, with the page language set, and the evidence labelled in French with French numbers', async () => {
    const harness = await launch(name, { language: 'fr' });
    try {
      const page = await harness.openExtensionPage('popup.html');
      await waitForFinishedRun(page);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
      expect(await page.$eval('footer button.primary', (el) => el.textContent)).toBe('Relancer');
      const resolution = await page.$eval('li.row[data-check="display-resolution"] .message', (el) => el.textContent);
      expect(resolution).toMatch(/^Écran \d+×\d+ : en dessous du minimum 1366×1024\.$/);

      // « Ce qui a été constaté »: every row opened, every evidence table read as the user sees it.
      await page.$$eval('li.row details', (all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      await page.waitForFunction(
        () => document.querySelectorAll('li.row .row-body').length === document.querySelectorAll('li.row').length,
      );
      const tables = await page.$$eval('li.row', (rows) =>
        rows.map((row) => ({
          check: row.getAttribute('data-check')!,
          message: row.querySelector('.message')!.textContent!,
          caption: row.querySelector('table.evidence caption')?.textContent,
          cells: [...row.querySelectorAll('table.evidence tr')].map((tr) => ({
            key: tr.getAttribute('data-key')!,
            label: tr.querySelector('th')!.textContent!,
            value: tr.querySelector('td')!.textContent!,
          })),
        })),
      );
      const cells = tables.flatMap((table) => table.cells.map((cell) => ({ check: table.check, ...cell })));
      const row = (check: string) => tables.find((table) => table.check === check)!;
      const cell = (check: string, key: string) => cells.find((c) => c.check === check && c.key === key);
      expect(cells.length).toBeGreaterThan(40);
      expect(tables.filter((table) => table.caption).every((table) => table.caption === 'Ce qui a été constaté')).toBe(
        true,
      );
      // No raw key (camelCase identifier, environment id) as a label; no English word or bare empty as a value.
      expect(cells.filter((c) => /^[a-z]+[A-Z]\w*$|^env\d$/.test(c.label))).toEqual([]);
      expect(
        cells.filter((c) => /^(true|false|system|pac|auto|direct|fixed|not readable|none|)$/.test(c.value.trim())),
      ).toEqual([]);
      expect(cells.filter((c) => /controllable|controlled_by|^[a-z]+_[a-z_]+$/.test(c.value))).toEqual([]);
      // Environments by their profile name, in the panel and in the sentence.
      expect(cell('stun', 'Environnement 1')).toMatchObject({
        label: 'Environnement 1',
        value: expect.stringMatching(/^\d\/4$/),
      });
      expect(tables.map((table) => table.message).join(' ')).not.toMatch(/\benv[12]\b/);
      // Words inside evidence lines in French, hosts and ports as data.
      expect(cell('stun', 'probes')?.value).toMatch(
        /^mediaserver1-1\.maincare\.com:3478 STUN\/UDP: (pas de réponse|bloqué|a répondu)/,
      );
      expect(cells.filter((c) => /\b(no-answer|blocked|errors|after|answered|not made)\b/.test(c.value))).toEqual([]);
      // Keys labelled in French, empty values said in words.
      expect(cell('passwords', 'passwordSavingEnabled')).toMatchObject({
        label: 'Enregistrement des mots de passe',
        value: expect.stringMatching(/^(activé|désactivé)$/),
      });
      expect(cell('media-ports', 'udp3478Reached')?.label).toBe('Serveurs média atteints en UDP 3478');
      expect(cell('media-ports', 'rangeTested')).toMatchObject({
        label: 'Plage média testée',
        value: 'non (impossible depuis un navigateur)',
      });
      expect(cell('zoom', 'appTabs')).toMatchObject({
        label: 'Onglets de l’application',
        value: 'aucun onglet ouvert',
      });
      // French numbers: 0,5 Mb/s in the sentence; 0,94 and the memory in Go in the panel (Chromium reads it).
      expect(row('media-path').message).toContain('0,5 Mb/s en asynchrone');
      if (name === 'chromium') {
        expect(cell('memory', 'tolerance')?.value).toBe('0,94');
        expect(cell('memory', 'capacityGiB')).toMatchObject({
          label: 'Mémoire vue (Go)',
          value: expect.stringMatching(/^\d+(,\d)?$/),
        });
        expect(row('memory').message).toMatch(/^\d+(,\d)? Go de mémoire vive/);
      }
    } finally {
      await harness.close();
    }
  });
});
