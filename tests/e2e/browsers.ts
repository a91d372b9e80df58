import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_EXTENSION_ID, GECKO_ID } from '../../utils/extension-ids';
import type { RunRecord } from '../../utils/run/types';
import { TLS_FIXTURES } from './servers';

/** Real browsers with the built extension loaded (see ../shared/TESTBED.md). */
export type BrowserName = 'chromium' | 'firefox';

export const BUILD_DIRS: Record<BrowserName, string> = {
  chromium: resolve('.output/chrome-mv3'),
  firefox: resolve('.output/firefox-mv2'),
};

/**
 * The test-only Firefox build that behaves as if RTCPeerConnection had no `icecandidateerror`
 * (Firefox ESR < 150): `npm run build:no-ice-error-event`.
 */
export const FIREFOX_NO_ICE_ERROR_EVENT_BUILD = resolve('.output/firefox-mv2-no-ice-error-event');

/** Fixed moz-extension UUID so tests know the extension's URLs before it loads. */
export const FIREFOX_UUID = '6f1c0b7e-2d3a-4c5b-9e8f-a1b2c3d4e5f6';

export interface Harness {
  name: BrowserName;
  browser: Browser;
  /** URL of an extension page, e.g. extensionUrl('popup.html'). */
  extensionUrl(path: string): string;
  /** Opens an extension page as a tab and waits for it to render. */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Extra Firefox prefs (e.g. signon.rememberSignons) or Chromium flags. */
  firefoxPrefs?: Record<string, unknown>;
  chromiumArgs?: string[];
  language?: 'en' | 'fr';
  /** Host names the browser resolves to loopback (test servers behind the profile's real names). */
  loopbackHosts?: string[];
  /** A profile folder to use and keep (to restart the browser on the same data). */
  userDataDir?: string;
  /** Host names whose resolution fails (Chromium only: Firefox has no such switch). */
  unresolvableHosts?: string[];
  /** Firefox: another build of the extension (e.g. FIREFOX_NO_ICE_ERROR_EVENT_BUILD). */
  firefoxBuild?: string;
  /**
   * The extension is NOT loaded by the test: an enterprise policy the test wrote installs it
   * (Chromium `ExtensionInstallForcelist`, Firefox `ExtensionSettings`), with this id.
   */
  policyInstalled?: { id: string };
  /**
   * false: the browser does NOT trust the tests' TLS certificate (see trustTestCertificate), as
   * a workstation without that root: a handshake with the loopback HTTPS servers then fails.
   */
  trustTestCertificate?: boolean;
}

/**
 * The loopback HTTPS servers (servers.ts startHttps) present a leaf for the profile's host
 * names signed by a private root, tests/e2e/fixtures/tls. Each browser trusts it in that
 * launch only, never machine-wide (no policy file, no system store), so tests that write
 * policies cannot lose or change it:
 * - Chromium: `--ignore-certificate-errors-spki-list` with the base64 SHA-256 of the LEAF's
 *   SubjectPublicKeyInfo. Chromium honours it only with a user data dir (always given here);
 *   checked with Chromium 156: without it ERR_CERT_AUTHORITY_INVALID, with the leaf's hash the
 *   page loads; the root's hash is not enough (the servers send the leaf alone). Chromium shows
 *   extensions no certificate, so nothing a check reads depends on how the leaf is trusted.
 * - Firefox: the root is added as a trusted CA (`certutil -A -t C,,`, Debian package
 *   libnss3-tools, installed by .ci/setup) to the certificate database of a profile folder
 *   made for this launch. Firefox reads that database as a real one, so the https-inspection
 *   check truthfully sees a root that is not built in, as it would an antivirus's.
 */
const TEST_LEAF_SPKI = createHash('sha256')
  .update(new X509Certificate(readFileSync(TLS_FIXTURES.cert)).publicKey.export({ type: 'spki', format: 'der' }))
  .digest('base64');

/** Adds the tests' root to a Firefox profile folder's certificate database (made if missing). */
function trustTestRootInFirefoxProfile(profileDir: string): void {
  const db = `sql:${profileDir}`;
  mkdirSync(profileDir, { recursive: true });
  if (!existsSync(join(profileDir, 'cert9.db'))) execFileSync('certutil', ['-N', '--empty-password', '-d', db]);
  execFileSync('certutil', ['-A', '-n', 'Therap-e readiness e2e root', '-t', 'C,,', '-i', TLS_FIXTURES.ca, '-d', db]);
}

/** Fake camera and microphone, permission granted without a prompt (Chromium flags, Firefox prefs). */
export const FAKE_MEDIA: Pick<LaunchOptions, 'chromiumArgs' | 'firefoxPrefs'> = {
  chromiumArgs: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  firefoxPrefs: { 'media.navigator.streams.fake': true, 'media.navigator.permission.disabled': true },
};

const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function hostRules(options: LaunchOptions): string[] {
  const rules = [
    ...(options.loopbackHosts ?? []).map((h) => `MAP ${h} 127.0.0.1`),
    ...(options.unresolvableHosts ?? []).map((h) => `MAP ${h} ~NOTFOUND`),
  ];
  return rules.length ? [`--host-resolver-rules=${rules.join(',')}`] : [];
}

async function launchChromium(options: LaunchOptions): Promise<Harness> {
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'readiness-chromium-'));
  const dir = BUILD_DIRS.chromium;
  const id = options.policyInstalled?.id ?? CHROMIUM_EXTENSION_ID;
  // A policy install downloads the package: Chromium fetches nothing with background networking off.
  const noNetworking = '--disable-background-networking';
  const browser = await puppeteer.launch({
    executablePath: '/usr/lib/chromium/chromium',
    headless: true,
    pipe: true,
    userDataDir,
    // Puppeteer disables the pop-up blocker and extensions by default: the product needs both real.
    ignoreDefaultArgs: [
      '--disable-extensions',
      '--disable-popup-blocking',
      ...(options.policyInstalled ? [noNetworking] : []),
    ],
    args: [
      ...(options.policyInstalled
        ? CHROMIUM_FLAGS.filter((flag) => flag !== noNetworking)
        : [...CHROMIUM_FLAGS, `--load-extension=${dir}`, `--disable-extensions-except=${dir}`]),
      `--lang=${options.language ?? 'en'}`,
      ...(options.trustTestCertificate === false ? [] : [`--ignore-certificate-errors-spki-list=${TEST_LEAF_SPKI}`]),
      ...hostRules(options),
      ...(options.chromiumArgs ?? []),
    ],
    env: { ...process.env, LANGUAGE: options.language ?? 'en' },
  });
  // A policy-installed extension may be downloaded later, or already installed with its service
  // worker asleep: tests wait for it with waitForInstalledVersion.
  if (!options.policyInstalled) {
    await browser.waitForTarget(
      (t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${id}/`),
      { timeout: 15_000 },
    );
  }
  const extensionUrl = (path: string) => `chrome-extension://${id}/${path}`;
  return {
    name: 'chromium',
    browser,
    extensionUrl,
    async openExtensionPage(path) {
      const page = await browser.newPage();
      await page.goto(extensionUrl(path), { waitUntil: 'domcontentloaded' });
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
      if (!options.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

async function launchFirefox(options: LaunchOptions): Promise<Harness> {
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'readiness-firefox-'));
  if (options.trustTestCertificate !== false) trustTestRootInFirefoxProfile(userDataDir);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: '/usr/bin/firefox-esr',
    headless: true,
    userDataDir,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      'intl.locale.requested': options.language === 'fr' ? 'fr' : 'en-US',
      'intl.accept_languages': options.language ?? 'en',
      // WebRTC to loopback servers (TESTBED.md) and the test host names on loopback.
      'media.peerconnection.ice.loopback': true,
      // Puppeteer turns Firefox's pop-up blocker off; the product is tested with it on, as shipped.
      'dom.disable_open_during_load': true,
      ...(options.loopbackHosts?.length && { 'network.dns.localDomains': options.loopbackHosts.join(',') }),
      ...options.firefoxPrefs,
    },
  });
  if (!options.policyInstalled) await browser.installExtension(options.firefoxBuild ?? BUILD_DIRS.firefox);
  const extensionUrl = (path: string) => `moz-extension://${FIREFOX_UUID}/${path}`;
  return {
    name: 'firefox',
    browser,
    extensionUrl,
    async openExtensionPage(path) {
      const page = await browser.newPage();
      // 'load' can time out on moz-extension pages although they loaded (TESTBED.md).
      await page.goto(extensionUrl(path), { waitUntil: 'networkidle0' });
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
      if (!options.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export function launch(name: BrowserName, options: LaunchOptions = {}): Promise<Harness> {
  return name === 'chromium' ? launchChromium(options) : launchFirefox(options);
}

/**
 * Imports a profile the way a user does: pasted on the options page, "Check and import".
 * Returns the options page (still open), once it has said whether the import was accepted.
 * Test profiles point at loopback servers: the page lists them and asks first; the user's
 * "Import anyway" is clicked unless `confirmLocal` is false (then the question stays open).
 */
export async function importProfile(harness: Harness, json: string, confirmLocal = true): Promise<Page> {
  const options = await harness.openExtensionPage('options.html');
  await options.waitForSelector('#profile-text');
  await options.$eval(
    '#profile-text',
    (el, value) => {
      const area = el as HTMLTextAreaElement;
      area.value = value;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    },
    json,
  );
  await options.click('#import');
  await options.waitForFunction(() => document.querySelector('#import-status')?.textContent?.trim());
  if (confirmLocal && (await options.$('#import-local-confirm'))) {
    const asked = await options.$eval('#import-status', (el) => el.textContent);
    await options.click('#import-local-confirm');
    await options.waitForFunction(
      (before) => document.querySelector('#import-status')?.textContent !== before,
      {},
      asked,
    );
  }
  return options;
}

/**
 * A machine-wide file a test changes (a browser's policy file): returns what puts it back as
 * it was, or removes it when it did not exist.
 */
export function keepFile(path: string): () => void {
  const previous = existsSync(path) ? readFileSync(path) : undefined;
  return () => (previous ? writeFileSync(path, previous) : rmSync(path, { force: true }));
}

/** Back to the built-in profile (the options page's "Remove"), so a test does not inherit another's import. */
export async function removeImportedProfile(harness: Harness): Promise<void> {
  const options = await harness.openExtensionPage('options.html');
  await options.waitForSelector('#active-profile');
  if ((await options.$eval('#active-profile', (el) => el.getAttribute('data-source'))) === 'imported') {
    await options.click('#remove');
    await options.waitForFunction(
      () => document.querySelector('#active-profile')?.getAttribute('data-source') === 'builtin',
    );
  }
  await options.close();
}

/**
 * Firefox: `permissions.request` grants without showing Firefox's own prompt, as if the user
 * clicked "Allow" in it (a headless test cannot click the browser's doorhanger; with the prompt
 * on, the request waits for it). The request still needs a real click in the page.
 */
export const ACCEPT_PERMISSION_PROMPTS = { 'extensions.webextOptionalPermissionPrompts': false };

/**
 * Reporting in Firefox 140+ waits for the data consent: gives it as a user does, by clicking the
 * options page's button (launch with ACCEPT_PERMISSION_PROMPTS); returns once the page says it
 * is given. Nothing to do where the browser has no such consent (Chromium) or it was given before.
 */
export async function giveReportingConsent(harness: Harness): Promise<void> {
  const page = await harness.openExtensionPage('options.html');
  const state = await page.waitForSelector('#reporting[data-consent]', { timeout: 30_000 });
  if ((await state!.evaluate((el) => el.getAttribute('data-consent'))) === 'missing') {
    await page.click('#reporting-consent-button');
    await page.waitForSelector('#reporting[data-consent="granted"]', { timeout: 30_000 });
  }
  await page.close();
}

/** One whole run, started by opening the popup; returns the stored run once finished. */
export async function runOnce(harness: Harness): Promise<RunRecord> {
  const probe = await harness.openExtensionPage('options.html');
  const before = await readLastRun(probe);
  const popup = await harness.openExtensionPage('popup.html');
  const run = await waitForNewRun(probe, before?.id);
  await popup.close();
  await probe.close();
  return run;
}

/** Reads the stored last run through the extension's own storage, from any extension page. */
export function readLastRun(page: Page): Promise<RunRecord | undefined> {
  return page.evaluate(async () => {
    type Storage = { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
    const scope = globalThis as unknown as { browser?: Storage; chrome?: Storage };
    const api = (scope.browser ?? scope.chrome)!;
    return (await api.storage.local.get('lastRun')).lastRun as RunRecord | undefined;
  });
}

/**
 * Waits until the browser runs the extension at `version` (a policy install or update has
 * finished), by opening its options page and reading its manifest; returns the version seen.
 */
export async function waitForInstalledVersion(harness: Harness, version: string, timeout = 30_000): Promise<string> {
  const page = await harness.browser.newPage();
  const started = Date.now();
  let seen = 'none';
  try {
    for (;;) {
      const waitUntil = harness.name === 'firefox' ? 'networkidle0' : 'domcontentloaded';
      const loaded = await page.goto(harness.extensionUrl('options.html'), { waitUntil, timeout: 5000 }).then(
        () => true,
        () => false,
      );
      if (loaded) {
        seen = await page
          .evaluate(() => {
            type Runtime = { runtime: { getManifest(): { version: string } } };
            const scope = globalThis as unknown as { browser?: Runtime; chrome?: Runtime };
            return (scope.browser ?? scope.chrome)!.runtime.getManifest().version;
          })
          .catch(() => seen);
      }
      if (seen === version) return seen;
      if (Date.now() - started > timeout)
        throw new Error(`version ${version} not installed within ${timeout} ms (seen: ${seen})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await page.close();
  }
}

/** Reads the runs straight from the browser's own IndexedDB (not through extension code). */
export const storedRunIds = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('readiness-history');
        // No database yet (no run so far): none, and the empty database this open would
        // create is not kept (it would have no stores; the extension's upgrade expects its own).
        open.onupgradeneeded = () => {
          resolve([]);
          open.transaction?.abort();
        };
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('runs').objectStore('runs').getAllKeys();
          request.onsuccess = () => {
            resolve(request.result.map(String));
            open.result.close();
          };
        };
      }),
  );

/** Waits until a finished run other than `previousId` is stored, and returns it. */
export async function waitForNewRun(page: Page, previousId: string | undefined, timeout = 30_000): Promise<RunRecord> {
  const started = Date.now();
  for (;;) {
    const run = await readLastRun(page);
    if (run && run.id !== previousId && run.finishedAt) return run;
    if (Date.now() - started > timeout) throw new Error(`no new finished run within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the popup shows a finished run and returns its overall verdict. */
export async function waitForFinishedRun(page: Page, timeout = 30_000): Promise<string> {
  const handle = await page.waitForSelector('header.verdict:not([data-overall="running"]) [data-stale="false"]', {
    timeout,
  });
  await handle?.dispose();
  return page.$eval('header.verdict', (el) => el.getAttribute('data-overall') ?? '');
}
