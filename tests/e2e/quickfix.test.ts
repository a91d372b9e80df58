import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../utils/engine/types';
import {
  importProfile,
  removeAfterwards,
  launch,
  readLastRun,
  waitForFinishedRun,
  type BrowserName,
  type Harness,
} from './browsers';
import { settingsProfile, TEST_HOSTS } from './profiles';
import { startHttps, startRawTcp, type Http } from './servers';

/**
 * Quick Fixes in the real browsers: the setting is wrong for real (default, pref, policy),
 * the user clicks the row's Quick Fix in the popup, the browser's setting is read back by the
 * test through the extension API, and the stored verdict follows.
 */

/** The app page over HTTPS (fixture chain, trusted by the test browsers): app origins are https only. */
let app: Http;
let tcp: Http;
beforeAll(async () => {
  const page = (_req: unknown, res: { end(body: string): void }) =>
    res.end('<!doctype html><title>app</title><p>app</p>');
  app = await startHttps(page);
  tcp = await startRawTcp('answer');
});
afterAll(async () => {
  await app?.stop();
  await tcp?.stop();
});

async function start(name: BrowserName, options: Parameters<typeof launch>[1] = {}): Promise<Harness> {
  const harness = await launch(name, { loopbackHosts: Object.values(TEST_HOSTS), ...options });
  await (await importProfile(harness, settingsProfile(app.port, tcp.port))).close();
  return harness;
}

/** Evaluates a WebExtension call in an extension page (`api` is `browser` in Firefox, `chrome` in Chromium). */
function ext<T>(page: Page, body: string): Promise<T> {
  return page.evaluate(
    (code) => new Function('api', `return (async () => { ${code} })()`)(globalThis.browser ?? globalThis.chrome),
    body,
  ) as Promise<T>;
}
declare global {
  var browser: unknown;
  var chrome: unknown;
}

/** Opens the popup, waits for its run, and returns one check's stored diagnostic. */
async function diagnosticOf(harness: Harness, checkId: string): Promise<Diagnostic> {
  const popup = await harness.openExtensionPage('popup.html');
  await waitForFinishedRun(popup, 60_000);
  return (await readLastRun(popup))!.diagnostics.find((d) => d.checkId === checkId)!;
}

/** Opens the popup, waits for its run, clicks the row's Quick Fix and waits for the outcome. */
async function clickQuickFix(
  harness: Harness,
  checkId: string,
): Promise<{ before: Diagnostic; after: Diagnostic; note: string }> {
  const popup = await harness.openExtensionPage('popup.html');
  await waitForFinishedRun(popup, 60_000);
  const before = (await readLastRun(popup))!.diagnostics.find((d) => d.checkId === checkId)!;
  await popup.bringToFront();
  await popup.click(`li.row[data-check="${checkId}"] summary`);
  const button = await popup.waitForSelector(`li.row[data-check="${checkId}"] button[data-quick-fix]`);
  await button!.click();
  const outcome = await popup.waitForSelector(`.quick-fix-outcome[data-quick-fix-check="${checkId}"] .quick-fix-note`, {
    timeout: 20_000,
  });
  const note = await outcome!.evaluate((el) => el.textContent ?? '');
  const after = (await readLastRun(popup))!.diagnostics.find((d) => d.checkId === checkId)!;
  await popup.close();
  return { before, after, note };
}

describe('Quick Fix: password saving', () => {
  it.each<[BrowserName, Parameters<typeof launch>[1]]>([
    ['chromium', {}],
    ['firefox', { firefoxPrefs: { 'signon.rememberSignons': true } }],
  ])('%s: on → click → the browser setting reads false and the check passes', async (name, options) => {
    const harness = await start(name, options);
    try {
      const { before, after, note } = await clickQuickFix(harness, 'passwords');
      expect(before).toMatchObject({ status: 'warn', evidence: { passwordSavingEnabled: true } });
      expect(after).toMatchObject({ status: 'pass', quickFix: { id: 'passwords-off', ok: true } });
      expect(note).toMatch(/read back|relu/);
      const page = await harness.openExtensionPage('options.html');
      const setting = await ext<{ value: boolean }>(page, 'return api.privacy.services.passwordSavingEnabled.get({});');
      expect(setting.value).toBe(false);
    } finally {
      await harness.close();
    }
  });
});

describe('Quick Fix: browser zoom of the app tab', () => {
  it.each<BrowserName>(['chromium', 'firefox'])('%s: an app tab at 150 % → click → 100 % and pass', async (name) => {
    const harness = await start(name);
    try {
      const tab = await harness.browser.newPage();
      await tab.goto(`https://${TEST_HOSTS.portal}:${app.port}/`);
      const page = await harness.openExtensionPage('options.html');
      const zoomOf = () =>
        ext<number[]>(
          page,
          `const tabs = await api.tabs.query({ url: 'https://${TEST_HOSTS.portal}/*' });
           return Promise.all(tabs.map((t) => api.tabs.getZoom(t.id)));`,
        );
      await ext(
        page,
        `const [t] = await api.tabs.query({ url: 'https://${TEST_HOSTS.portal}/*' }); await api.tabs.setZoom(t.id, 1.5);`,
      );
      expect(await zoomOf()).toEqual([1.5]);
      const { before, after } = await clickQuickFix(harness, 'zoom');
      expect(before).toMatchObject({ status: 'warn', message: { key: 'check_zoom_zoomed' } });
      expect(String(before.evidence.appTabs)).toContain('150 %');
      expect(after).toMatchObject({ status: 'pass', quickFix: { id: 'zoom-reset', ok: true } });
      expect(await zoomOf()).toEqual([1]);
    } finally {
      await harness.close();
    }
  });
});

describe('pop-ups (Chromium content settings)', () => {
  const POLICY = '/etc/chromium/policies/managed/therape-readiness-e2e-popups.json';
  afterAll(() => rmSync(POLICY, { force: true }));
  const popupSettings = (page: Page) =>
    ext<string[]>(
      page,
      `return Promise.all(['https://www.norm-uni.fr/', 'https://visioplex.maincare.com/', 'https://visioplex2.maincare.com/']
         .map(async (u) => (await api.contentSettings.popups.get({ primaryUrl: u })).setting));`,
    );

  it('blocked by default → click → allowed for the three app origins, and pass', async () => {
    const harness = await start('chromium');
    try {
      const { before, after } = await clickQuickFix(harness, 'popups');
      expect(before).toMatchObject({ status: 'fail', evidence: { 'https://www.norm-uni.fr': 'block' } });
      expect(after).toMatchObject({ status: 'pass', quickFix: { id: 'popups-allow', ok: true } });
      expect(await popupSettings(await harness.openExtensionPage('options.html'))).toEqual(['allow', 'allow', 'allow']);
    } finally {
      await harness.close();
    }
  });

  it('a policy allowing the app passes; a policy blocking it survives the Quick Fix and the row says so', async () => {
    mkdirSync('/etc/chromium/policies/managed', { recursive: true });
    writeFileSync(
      POLICY,
      JSON.stringify({
        PopupsAllowedForUrls: [
          'https://www.norm-uni.fr',
          'https://visioplex.maincare.com',
          'https://visioplex2.maincare.com',
        ],
      }),
    );
    let harness = await start('chromium');
    try {
      expect(await diagnosticOf(harness, 'popups')).toMatchObject({
        status: 'pass',
      });
    } finally {
      await harness.close();
    }
    writeFileSync(
      POLICY,
      JSON.stringify({ DefaultPopupsSetting: 2, PopupsBlockedForUrls: ['https://www.norm-uni.fr'] }),
    );
    harness = await start('chromium');
    try {
      const { after, note } = await clickQuickFix(harness, 'popups');
      expect(after).toMatchObject({
        status: 'fail',
        quickFix: { ok: false },
        evidence: { 'https://www.norm-uni.fr': 'block' },
      });
      expect(note).toMatch(/policy|stratégie/);
    } finally {
      await harness.close();
    }
  });

  // Firefox reads one machine-wide policies.json: the tests write it, then remove it.
  const FIREFOX_POLICIES = '/usr/lib/firefox-esr/distribution/policies.json';
  let restorePolicies: (() => void) | undefined;
  beforeAll(() => void (restorePolicies = removeAfterwards(FIREFOX_POLICIES)));
  afterAll(() => restorePolicies?.());

  it.each([
    ['blocks (blocker on, as shipped)', {}, 'fail', 'check_popups_blocked_tested', 'blocked'],
    [
      'allows (dom.disable_open_during_load off)',
      { 'dom.disable_open_during_load': false },
      'pass',
      'check_popups_pass_tested',
      'allowed',
    ],
    // The hospital case: blocker on, the app's origins excepted by the PopupBlocking policy.
    ['allows (blocker on, origins excepted by policy)', {}, 'pass', 'check_popups_pass_tested', 'allowed'],
  ] as const)(
    'firefox: manual until the user clicks “Test now”; the test then %s pop-ups on the app origins',
    async (how, prefs, verdict, key, result) => {
      // The app's origins are the loopback HTTPS server here, so the test tabs really load an app page.
      const origins = [TEST_HOSTS.portal, TEST_HOSTS.sig1].map((host) => `https://${host}:${app.port}`);
      const profile = settingsProfile(app.port, tcp.port, (p) => (p.app.origins = origins));
      // The policy case excepts the app's origins from the pop-up blocker; the others have no policy.
      mkdirSync(dirname(FIREFOX_POLICIES), { recursive: true });
      writeFileSync(
        FIREFOX_POLICIES,
        JSON.stringify({ policies: how.includes('policy') ? { PopupBlocking: { Allow: origins } } : {} }),
      );
      const harness = await launch('firefox', { loopbackHosts: Object.values(TEST_HOSTS), firefoxPrefs: prefs });
      try {
        await (await importProfile(harness, profile)).close();
        const { before, after, note } = await clickQuickFix(harness, 'popups');
        expect(before).toMatchObject({ status: 'manual', message: { key: 'check_popups_unseen' } });
        expect(before.fixes.map((f) => f.key)).toEqual(['check_popups_fix_test', 'check_popups_fix_firefox']);
        expect(after).toMatchObject({
          status: verdict,
          message: { key },
          evidence: { [origins[0]!]: result, [origins[1]!]: result },
          quickFix: { id: 'popups-probe' },
        });
        expect(note).toMatch(/Tested at|Testé à/);
        // The test tabs are gone: only the extension's own pages remain.
        const open = await harness.browser.pages();
        expect(open.map((p) => p.url()).filter((u) => u.includes(TEST_HOSTS.portal))).toEqual([]);
      } finally {
        await harness.close();
      }
    },
  );
});
