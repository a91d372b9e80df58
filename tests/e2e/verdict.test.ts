import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../utils/run/types';
import { BADGE_COLOURS } from '../../utils/report/badge';
import { importProfile, launch, readLastRun, waitForFinishedRun, waitForNewRun, type Harness } from './browsers';
import { networkProfile, TEST_HOSTS } from './profiles';
import { startHttps, startRawTcp, startTurn, type Http, type Turn } from './servers';

/**
 * The overall verdict in a real Chromium: with every measured check passing or warning
 * (app hosts on loopback servers, a real coturn with valid credentials, screens allowed by
 * the profile, pop-ups allowed by the row's Quick Fix), the open blocking questions hold the
 * verdict at "pending", with their exact count in the popup and on the badge; answering them
 * moves it on. Headless Chromium on Linux keeps two true warnings (Chromium is not a
 * qualified browser, Linux not a validated OS), so the verdict it moves to is "warn", the
 * case where both must be said while questions are open.
 */

const badge = (page: Page) =>
  page.evaluate(async () => {
    type Button = {
      getBadgeText(d: object): Promise<string>;
      getBadgeBackgroundColor(d: object): Promise<number[]>;
      getTitle(d: object): Promise<string>;
    };
    const api = (globalThis as unknown as { chrome: { action: Button } }).chrome.action;
    const rgba = await api.getBadgeBackgroundColor({});
    const colour = `#${rgba
      .slice(0, 3)
      .map((n) => n.toString(16).padStart(2, '0'))
      .join('')}`;
    return { text: await api.getBadgeText({}), colour, title: await api.getTitle({}) };
  });

/** Unanswered manual items whose "no" would block, read from the stored run. */
const openBlocking = (run: RunRecord) =>
  run.diagnostics
    .filter((d) => d.status === 'manual' && d.manual?.unmetStatus === 'fail' && !d.manual.confirmation)
    .map((d) => d.checkId);

const headline = (page: Page) => page.$eval('header.verdict h1', (el) => el.textContent ?? '');

describe('pending verdict in Chromium', () => {
  let harness: Harness;
  let http: Http;
  let tlm: Http;
  let turn: Turn;

  beforeAll(async () => {
    http = await startHttps((req, res) => {
      if (req.url?.startsWith('/static'))
        res.writeHead(200, { 'content-type': 'text/css', 'cache-control': 'max-age=3600' });
      else res.writeHead(req.url?.startsWith('/sync') ? 404 : 200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
    tlm = await startRawTcp('answer');
    turn = await startTurn();
    harness = await launch('chromium', { loopbackHosts: Object.values(TEST_HOSTS) });
  });
  afterAll(async () => {
    await harness?.close();
    for (const server of [http, tlm, turn]) await server?.stop().catch(() => undefined);
  });

  it('shows "pending" with the exact count of blocking questions; answering them moves the verdict and the badge on', async () => {
    const profile = networkProfile({
      portal: http.port,
      sig1: http.port,
      sig2: http.port,
      tlm: tlm.port,
      tlm2: tlm.port,
      env1: [turn.port],
      env2: [turn.port],
      credentials: { username: 'test', credential: 'test' },
    });
    profile.id = 'e2e-pending';
    profile.display.minimum = { width: 640, height: 480 };
    profile.display.recommended = { width: 800, height: 600 };
    profile.app.cacheProbeUrl = `https://${TEST_HOSTS.portal}:${http.port}/static.css`;
    await (await importProfile(harness, JSON.stringify(profile))).close();

    const popup = await harness.openExtensionPage('popup.html');
    await waitForFinishedRun(popup, 60_000);
    // Chromium blocks pop-ups by default: the only measured failure, fixed from its row.
    const first = (await readLastRun(popup))!;
    expect(first.profile.id).toBe('e2e-pending');
    expect(first.diagnostics.filter((d) => d.status === 'fail').map((d) => d.checkId)).toEqual(['popups']);
    await popup.bringToFront();
    await popup.click('li.row[data-check="popups"] summary');
    await (await popup.waitForSelector('li.row[data-check="popups"] button[data-quick-fix="popups-allow"]'))!.click();
    await popup.waitForSelector('header.verdict[data-overall="pending"]', { timeout: 20_000 });

    const run = (await readLastRun(popup))!;
    expect(run.overall).toBe('pending');
    expect(run.diagnostics.filter((d) => ['fail', 'error'].includes(d.status))).toEqual([]);
    const blocking = openBlocking(run);
    // The publisher's §7 tests are among them, whatever this machine's processor shows.
    expect(blocking).toEqual(
      expect.arrayContaining([
        'media-ports',
        'https-inspection',
        'manual-antivirus',
        'manual-flow-test',
        'manual-video-test',
      ]),
    );
    const warnings = run.diagnostics.filter((d) => d.status === 'warn').map((d) => d.checkId);
    expect(warnings).toEqual(expect.arrayContaining(['browser', 'os']));
    const n = blocking.length;
    expect(await headline(popup)).toBe(`Usable with warnings, pending confirmation: ${n} blocking items to confirm`);
    expect(await popup.$$eval('li.row[data-blocking="true"]', (rows) => rows.length)).toBe(n);
    expect(await badge(popup)).toMatchObject({ text: `${n}?`, colour: BADGE_COLOURS.pending });
    expect((await badge(popup)).title).toContain(`pending confirmation: ${n} blocking items to confirm`);

    // Answer every blocking question "yes" in the popup, as a user does (IT's questions opened from their line).
    await popup.click('[data-it-items] > summary');
    for (const [index, checkId] of blocking.entries()) {
      const row = `li.row[data-check="${checkId}"]`;
      await popup.click(`${row} summary`);
      await (await popup.waitForSelector(`${row} .manual-answer button`))!.click();
      await popup.waitForSelector(`${row}[data-status="pass"]`);
      const left = n - index - 1;
      if (left === 1) {
        await popup.waitForFunction(() => document.querySelector('header.verdict h1')?.textContent?.includes(' 1 '));
        expect(await headline(popup)).toBe('Usable with warnings, pending confirmation: 1 blocking item to confirm');
        expect((await badge(popup)).text).toBe('1?');
      }
    }
    await popup.waitForSelector('header.verdict[data-overall="warn"]');
    expect(await headline(popup)).toBe('Usable, with warnings');
    const answered = (await readLastRun(popup))!;
    expect(answered).toMatchObject({ id: run.id, overall: 'warn' });
    expect(openBlocking(answered)).toEqual([]);
    expect(
      answered.diagnostics.filter((d) => blocking.includes(d.checkId)).map((d) => d.manual?.confirmation?.source),
    ).toEqual(blocking.map(() => 'user'));
    expect(await badge(popup)).toMatchObject({ text: String(warnings.length), colour: BADGE_COLOURS.warn });

    // Clearing one answer puts the question back: pending again, 1 to confirm.
    const reopened = `li.row[data-check="manual-flow-test"]`;
    await popup.click('li.row[data-check="manual-flow-test"] summary').catch(async () => {
      // Passed rows are folded away: open the group first.
      await popup.click('section[data-group="passed"] summary');
      await popup.click('li.row[data-check="manual-flow-test"] summary');
    });
    await (await popup.waitForSelector(`${reopened} .manual-answer button.link`))!.click();
    await popup.waitForSelector('header.verdict[data-overall="pending"]');
    expect(await headline(popup)).toBe('Usable with warnings, pending confirmation: 1 blocking item to confirm');
    expect(await badge(popup)).toMatchObject({ text: '1?', colour: BADGE_COLOURS.pending });
    await popup.close();
  });

  it('the next run carries the answers; the history page shows the verdicts in the trend and what changed', async () => {
    const probe = await harness.openExtensionPage('options.html');
    const before = (await readLastRun(probe))!;
    const popup = await harness.openExtensionPage('popup.html');
    const next = await waitForNewRun(probe, before.id, 60_000);
    await waitForFinishedRun(popup, 60_000);
    // Carried answers: only the flow test cleared above is still open.
    expect(openBlocking(next)).toEqual(['manual-flow-test']);
    expect(next.overall).toBe('pending');
    await popup.bringToFront();
    await popup.click('li.row[data-check="manual-flow-test"] summary');
    await (await popup.waitForSelector('li.row[data-check="manual-flow-test"] .manual-answer button'))!.click();
    await popup.waitForSelector('header.verdict[data-overall="warn"]');
    await popup.close();

    const report = await harness.openExtensionPage('report.html');
    await report.waitForSelector('.changes li');
    // The latest run (now warn) against the previous one, stored as it was left: pending.
    expect(await report.$eval('.changes li[data-subject="verdict"]', (li) => li.textContent)).toBe(
      'Verdict: Ready pending confirmation → Warning',
    );
    expect(await report.$eval('.changes li[data-subject="manual-flow-test"]', (li) => li.textContent)).toMatch(
      /To check by hand → Pass$/,
    );
    const verdicts = await report.$$eval('table.trend tr[data-verdict] td', (cells) =>
      cells.map((td) => [td.className, td.getAttribute('title')]),
    );
    expect(verdicts.slice(-2)).toEqual([
      ['cell status-pending', 'Ready pending confirmation'],
      ['cell status-warn', 'Warning'],
    ]);
    expect(
      await report.$$eval('.history li[data-run]', (rows) => rows.map((r) => r.getAttribute('data-overall'))),
    ).toEqual(['warn', 'pending']);
    await probe.close();
    await report.close();
  });

  it('re-judges a last run stored by an earlier version: its "ready" with a blocking question open paints as pending', async () => {
    const options = await harness.openExtensionPage('options.html');
    await options.evaluate(async () => {
      type Local = { get(k: string): Promise<{ lastRun: RunRecord }>; set(v: object): Promise<void> };
      const local = (globalThis as unknown as { chrome: { storage: { local: Local } } }).chrome.storage.local;
      const { lastRun } = await local.get('lastRun');
      // What the version before the pending verdict stored: "pass", the Java question unanswered.
      delete lastRun.diagnostics.find((d) => d.checkId === 'manual-java')!.manual!.confirmation;
      lastRun.overall = 'pass';
      await local.set({ lastRun });
    });
    const popup = await harness.openExtensionPage('popup.html');
    await waitForFinishedRun(popup, 60_000);
    const painted = await popup.evaluate(() =>
      performance
        .getEntriesByName('readiness:last-verdict-painted')
        .map((m) => ((m as PerformanceMark).detail as { overall: string }).overall),
    );
    expect(painted).toEqual(['pending']);
    await popup.close();
    await options.close();
  });
});
