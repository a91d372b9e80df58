import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarise } from '../../utils/history/summary';
import { BUILTIN_PROFILE } from '../../utils/profile/builtin';
import { BADGE_COLOURS } from '../../utils/report/badge';
import {
  importProfile,
  launch,
  readLastRun,
  removeImportedProfile,
  runOnce,
  storedRunIds,
  type BrowserName,
  type Harness,
} from './browsers';

const badge = (page: Page) =>
  page.evaluate(async () => {
    type Button = { getBadgeText(d: object): Promise<string>; getBadgeBackgroundColor(d: object): Promise<number[]> };
    const scope = globalThis as unknown as {
      browser?: { browserAction?: Button; action?: Button };
      chrome?: { action?: Button };
    };
    const button = (scope.browser?.browserAction ?? scope.browser?.action ?? scope.chrome?.action)!;
    return { text: await button.getBadgeText({}), colour: await button.getBadgeBackgroundColor({}) };
  });

const SECRET_URL = 'https://admin:S3cr3tPw@portal.example';

const hex = (rgba: number[]) =>
  `#${rgba
    .slice(0, 3)
    .map((n) => n.toString(16).padStart(2, '0'))
    .join('')}`;

describe.each<BrowserName>(['chromium', 'firefox'])('history, report and badge in %s', (name) => {
  let harness: Harness;
  const downloads = mkdtempSync(join(tmpdir(), 'readiness-downloads-'));
  const profileDir = mkdtempSync(join(tmpdir(), 'readiness-profile-'));

  beforeAll(async () => {
    harness = await launch(name, {
      userDataDir: profileDir,
      firefoxPrefs: {
        'browser.download.dir': downloads,
        'browser.download.folderList': 2,
        'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false,
        'browser.helperApps.neverAsk.saveToDisk': 'application/json',
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
    rmSync(profileDir, { recursive: true, force: true });
    rmSync(downloads, { recursive: true, force: true });
  });

  /** Reloads the extension (a new background: Firefox's page, Chromium's service worker), as an update or restart would. */
  async function reloadExtension() {
    if (name === 'firefox') {
      const page = await harness.openExtensionPage('options.html');
      await page.evaluate(() => {
        const scope = globalThis as unknown as { browser: { runtime: { reload(): void } } };
        setTimeout(() => scope.browser.runtime.reload(), 50);
      });
      await new Promise((resolve) => setTimeout(resolve, 1500));
    } else {
      // Chromium refuses to serve an unpacked extension's pages after runtime.reload() under
      // automation; restarting the browser on the same profile reloads the extension as well.
      await harness.close();
      harness = await launch(name, { userDataDir: profileDir });
    }
  }

  /** At least one run in the history, for a test that needs something to show. */
  async function someRun() {
    const page = await harness.openExtensionPage('options.html');
    if ((await storedRunIds(page)).length === 0) await runOnce(harness);
    await page.close();
  }

  it('stores every run in IndexedDB; the badge shows the verdict colour and problem count', async () => {
    await removeImportedProfile(harness);
    const page = await harness.openExtensionPage('options.html');
    const before = await storedRunIds(page);
    const first = (await runOnce(harness)).id;
    const second = (await runOnce(harness)).id;
    const ids = await storedRunIds(page);
    expect(ids).toEqual(expect.arrayContaining([first, second]));
    expect(ids).toHaveLength(before.length + 2);
    const last = (await readLastRun(page))!;
    const problems = last.diagnostics.filter((d) => ['fail', 'warn', 'error'].includes(d.status)).length;
    // Headless screens are below the built-in minimum: the verdict is fail.
    expect(last.overall).toBe('fail');
    expect(await badge(page)).toEqual({ text: String(problems), colour: expect.anything() });
    expect(hex((await badge(page)).colour)).toBe(BADGE_COLOURS.fail);
    await page.close();
  });

  it('names what changed after a setting is flipped, and the badge follows the new verdict', async () => {
    const lenient = structuredClone(BUILTIN_PROFILE);
    lenient.id = 'lenient';
    lenient.display.minimum = { width: 640, height: 480 };
    lenient.display.recommended = { width: 800, height: 600 };
    // Credentials where a careless admin might type them: the reports below must not show them.
    // (An app origin with user info is refused by the profile validator, so the name carries it.)
    lenient.name = `Lenient ${SECRET_URL}`;
    // A run under the built-in profile, then one under the lenient profile.
    await removeImportedProfile(harness);
    await runOnce(harness);
    await (await importProfile(harness, JSON.stringify(lenient))).close();
    await runOnce(harness);
    const report = await harness.openExtensionPage('report.html');
    await report.waitForSelector('.changes li');
    const changes = await report.$$eval('.changes li', (items) => items.map((li) => li.getAttribute('data-subject')));
    expect(changes).toContain('display-resolution');
    expect(await report.$eval('.changes li[data-subject="display-resolution"]', (li) => li.textContent)).toMatch(
      /Fail → (Pass|Warning)/,
    );
    const page = await harness.openExtensionPage('options.html');
    const last = (await readLastRun(page))!;
    expect(hex((await badge(page)).colour)).toBe(BADGE_COLOURS[last.overall]);
    await page.close();
    // The list is newest first, and the trend has a row per check.
    const listed = await report.$$eval('.history li[data-run]', (items) =>
      items.map((li) => li.getAttribute('data-run')),
    );
    expect(listed[0]).toBe(last.id);
    expect(await report.$$eval('table.trend tbody tr', (rows) => rows.length)).toBe(last.diagnostics.length);
    await report.close();
    await removeImportedProfile(harness);
  });

  it('keeps the history across an extension reload', async () => {
    await someRun();
    const page = await harness.openExtensionPage('options.html');
    const before = await storedRunIds(page);
    expect(before.length).toBeGreaterThan(0);
    await reloadExtension();
    const after = await harness.openExtensionPage('options.html');
    expect((await storedRunIds(after)).sort()).toEqual(before.sort());
    await after.close();
  });

  it('copies the ticket report to the clipboard and downloads a JSON export that parses', async () => {
    await someRun();
    const report = await harness.openExtensionPage('report.html');
    await report.waitForSelector('#copy-text');
    if (name === 'chromium') {
      // Node's URL gives extension URLs an opaque origin: build it by hand.
      const origin = report.url().split('/').slice(0, 3).join('/');
      await harness.browser
        .defaultBrowserContext()
        .overridePermissions(origin, ['clipboard-read', 'clipboard-sanitized-write']);
      const cdp = await report.createCDPSession();
      await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    }
    await report.bringToFront();
    await report.click('#copy-text');
    await report.waitForFunction(() => document.querySelector('#report-status')?.textContent?.trim());
    // Read the clipboard back by pasting into a field of the page.
    await report.evaluate(() => {
      const area = document.createElement('textarea');
      document.body.append(area);
      area.focus();
    });
    await report.keyboard.down('Control');
    await report.keyboard.press('KeyV');
    await report.keyboard.up('Control');
    const text = await report.$eval('textarea', (el) => (el as HTMLTextAreaElement).value);
    expect(text.split('\n')[0]).toBe('Therap-e workstation readiness report');
    expect(text).toMatch(/\nVerdict: /);
    expect(text).toContain('WEB-BROWSER');
    // The stored run holds the secret (profile name); the report does not, and keeps the host.
    const stored = JSON.stringify(await readLastRun(report));
    expect(stored).toContain('S3cr3tPw');
    expect(text).not.toContain('S3cr3tPw');
    expect(text).toContain('https://[redacted]@portal.example');

    await report.click('#download-json');
    const deadline = Date.now() + 10_000;
    let file: string | undefined;
    while (!file && Date.now() < deadline) {
      file = readdirSync(downloads).find((f) => f.startsWith('therape-readiness-') && f.endsWith('.json'));
      if (!file) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(file).toBeDefined();
    const json = readFileSync(join(downloads, file!), 'utf8');
    expect(json).not.toContain('S3cr3tPw');
    const parsed = JSON.parse(json);
    expect(parsed).toMatchObject({ format: 'therape-readiness-run', version: 2 });
    expect(parsed.run.diagnostics.length).toBe(parsed.run.planned);
    expect(existsSync(join(downloads, file!))).toBe(true);
    await report.close();
  });

  it('asks before clearing the history, then clears it; a restart of the extension does not bring the last run back', async () => {
    await someRun();
    const report = await harness.openExtensionPage('report.html');
    await report.waitForSelector('#clear');
    await report.click('#clear');
    await report.waitForSelector('#clear-confirm');
    const page = await harness.openExtensionPage('options.html');
    expect((await storedRunIds(page)).length).toBeGreaterThan(0);
    // A background tab paints no frame (headless): bring the report back before clicking.
    await report.bringToFront();
    await report.click('#clear-confirm');
    await report.waitForSelector('#history-empty');
    expect(await storedRunIds(page)).toEqual([]);
    expect(await readLastRun(page)).toBeUndefined();
    await page.close();
    await report.close();
    // A new background (the MV3 service worker restarts often) imports the last run at start-up.
    await reloadExtension();
    const reloaded = await harness.openExtensionPage('report.html');
    await reloaded.waitForSelector('#history-empty');
    expect(await storedRunIds(reloaded)).toEqual([]);
    expect(await readLastRun(reloaded)).toBeUndefined();
    await reloaded.close();
  });
});

describe.each<BrowserName>(['chromium', 'firefox'])('history view with 5,000 runs in %s', (name) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await launch(name);
  });
  afterAll(async () => harness?.close());

  it('paints its first screen from the recent index, then pages through all 5,000 runs newest first, none skipped', async () => {
    const keepMany = structuredClone(BUILTIN_PROFILE);
    keepMany.id = 'keep-many';
    keepMany.history = { maxRuns: 10_000, maxAgeDays: 365 };
    await (await importProfile(harness, JSON.stringify(keepMany))).close();
    const oldest = await runOnce(harness);
    // 4,998 older runs written straight into the database, as earlier weeks of use left them;
    // older-98 started when older-97 did, and the first page (100 rows) ends between the two.
    const tiedWithPrevious = 98;
    const minutesBefore = (i: number) => (i === tiedWithPrevious ? i : i + 1);
    const page = await harness.openExtensionPage('options.html');
    const template = { run: oldest, summary: summarise(oldest), tied: tiedWithPrevious };
    await page.evaluate(async ({ run, summary, tied }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('readiness-history');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (let start = 0; start < 4998; start += 500) {
        await new Promise((resolve, reject) => {
          const tx = db.transaction(['runs', 'summaries'], 'readwrite');
          for (let i = start; i < Math.min(4998, start + 500); i++) {
            const id = `older-${i}`;
            const startedAt = run.startedAt - (i === tied ? i : i + 1) * 60_000;
            tx.objectStore('runs').put({ ...run, id, startedAt, finishedAt: startedAt + 900 });
            tx.objectStore('summaries').put({ ...summary, id, startedAt, finishedAt: startedAt + 900 });
          }
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
      }
      db.close();
    }, template);
    expect(await storedRunIds(page)).toHaveLength(4999);
    await page.close();
    // …and one more run stored by the extension itself: 5,000.
    const newest = await runOnce(harness);
    expect([oldest.profile.id, newest.profile.id]).toEqual(['keep-many', 'keep-many']);
    // Newest first; runs started at the same moment by id, highest first (older-98, then older-97).
    const older = Array.from({ length: 4998 }, (_, i) => ({ id: `older-${i}`, minutes: minutesBefore(i) }));
    older.sort((a, b) => a.minutes - b.minutes || (a.id < b.id ? 1 : -1));
    const expected = [newest.id, oldest.id, ...older.map((r) => r.id)];
    expect(expected.slice(99, 101)).toEqual(['older-98', 'older-97']);

    const report = await harness.openExtensionPage('report.html');
    await report.bringToFront();
    await report.waitForFunction(() => performance.getEntriesByName('readiness:history-painted').length > 0);
    const painted = await report.evaluate(
      () => (performance.getEntriesByName('readiness:history-painted')[0] as PerformanceMark).detail,
    );
    expect(painted).toEqual({ runs: '5000', from: 'index' });
    expect(await report.$eval('#history-title', (h) => h.textContent)).toContain('5000');
    // The first page (100) follows the first screen; then "Show more" until every run is listed.
    const rows = () =>
      report.$$eval('.history li[data-run]', (items) => items.map((li) => li.getAttribute('data-run')));
    await report.waitForFunction(() => document.querySelectorAll('.history li[data-run]').length === 100);
    for (let shown = 100; shown < 5000; shown += 100) {
      await report.click('#show-more');
      await report.waitForFunction(
        (n) => document.querySelectorAll('.history li[data-run]').length === n,
        { timeout: 20_000 },
        Math.min(5000, shown + 100),
      );
    }
    expect(await rows()).toEqual(expected);
    expect(await report.$('#show-more')).toBeNull();
    await report.close();
    await removeImportedProfile(harness);
  });
});
