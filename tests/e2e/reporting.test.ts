import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { effectiveStatus } from '../../utils/engine/rollup';
import { SEVERITY } from '../../utils/reporting/otlp';
import type { RunRecord } from '../../utils/run/types';
import { attribute } from '../otlp-proto';
import { GECKO_ID } from '../../utils/extension-ids';
import {
  ACCEPT_PERMISSION_PROMPTS,
  BUILD_DIRS,
  giveReportingConsent,
  launch,
  readLastRun,
  runOnce,
  waitForNewRun,
  waitForInstalledVersion,
  type BrowserName,
  type Harness,
} from './browsers';
import { logRecords, runIdsOf, startReceiver, type Receiver } from './otlp-receiver';
import { writeManagedSettings } from './policy-files';
import { settingsProfile, TEST_HOSTS } from './profiles';
import { startHttp, startRawTcp, type Http } from './servers';

/**
 * Reporting to OpenTelemetry end to end: the real built extension in each browser, the
 * managed `reporting` key in the real policy file, and a local OTLP receiver on loopback that
 * decodes every request with the official protobuf definitions. The receiver allows the
 * extension origins by CORS, as the README's collector configuration does (no host permission).
 */
const TOKEN = 'e2e-otlp-token-7Qm2xZ9';
const LABELS = { site: 'CHU Nord', room: 'B12' };

let app: Http;
let tcp: Http;
beforeAll(async () => {
  app = await startHttp((_req, res) => res.end('ok'));
  tcp = await startRawTcp('answer');
});
afterAll(async () => {
  await app?.stop();
  await tcp?.stop();
});

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(
  what: string,
  read: () => T | undefined | false | Promise<T | undefined | false>,
  timeout = 60_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() - started > timeout) throw new Error(`${what}: not within ${timeout} ms`);
    await sleep(200);
  }
}

/** The policy: a fast local profile, labels, and `reporting` towards the receiver (and other `policies`). */
function policy(
  name: BrowserName,
  receiver: Receiver,
  reporting: Record<string, unknown> = {},
  policies?: Record<string, unknown>,
) {
  restore = writeManagedSettings(
    name,
    {
      profile: settingsProfile(app.port, tcp.port),
      labels: LABELS,
      reporting: { endpoint: receiver.url, headers: { Authorization: `Bearer ${TOKEN}` }, ...reporting },
    },
    policies,
  );
}

/**
 * The browser with the build loaded; in Firefox, the data consent given from the options page
 * (unless `consent` is false). With `userDataDir`, a profile kept for a restart: Firefox
 * installs the test's add-on as a temporary one, removed (with its data) when Firefox closes,
 * so these prefs keep its data for the next start, as an installed add-on's are kept.
 */
async function start(name: BrowserName, userDataDir?: string, consent = true): Promise<Harness> {
  const started = await launch(name, {
    loopbackHosts: Object.values(TEST_HOSTS),
    ...(userDataDir && { userDataDir }),
    firefoxPrefs: {
      ...ACCEPT_PERMISSION_PROMPTS,
      ...(userDataDir && {
        'extensions.webextensions.keepStorageOnUninstall': true,
        'extensions.webextensions.keepUuidOnUninstall': true,
      }),
    },
  });
  if (consent) await giveReportingConsent(started);
  return started;
}

/** Everything the extension keeps: storage.local and every record of every IndexedDB database. */
function dumpStorage(page: Page): Promise<string> {
  return page.evaluate(async () => {
    type Storage = { storage: { local: { get(): Promise<Record<string, unknown>> } } };
    const scope = globalThis as unknown as { browser?: Storage; chrome?: Storage };
    const local = await (scope.browser ?? scope.chrome)!.storage.local.get();
    const databases: Record<string, unknown> = {};
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of [...db.objectStoreNames]) {
        databases[`${info.name}/${store}`] = await new Promise((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
      }
      db.close();
    }
    return JSON.stringify({ local, databases });
  });
}

/** The options page's reporting rows, by row name. */
async function reportingRows(page: Page): Promise<Record<string, string>> {
  await page.waitForSelector('#reporting dl');
  return page.$$eval('#reporting [data-row]', (rows) =>
    Object.fromEntries(rows.map((row) => [row.getAttribute('data-row'), row.querySelector('dd')?.textContent ?? ''])),
  );
}

const count = (ids: string[], id: string) => ids.filter((x) => x === id).length;

/**
 * Three runs held in the outbox (the receiver answers 429 with Retry-After: 2 s until released),
 * so that the next attempt sends them in one batch; then `answer` decides.
 */
async function threeRunsInOneBatch(
  harness: Harness,
  receiver: Receiver,
  answer: Parameters<Receiver['respond']>[0],
): Promise<{ runs: RunRecord[]; options: Page; from: number }> {
  let held = true;
  receiver.respond((...request) => (held ? { status: 429, headers: { 'Retry-After': '2' } } : answer(...request)));
  const runs = [await runOnce(harness), await runOnce(harness), await runOnce(harness)];
  const options = await harness.openExtensionPage('options.html');
  await until('three runs queued', async () => (await reportingRows(options)).queued === '3');
  const from = receiver.received.length;
  held = false;
  return { runs, options, from };
}

describe.each<BrowserName>(['chromium', 'firefox'])('reporting to OpenTelemetry in %s', (name) => {
  let receiver: Receiver;
  let harness: Harness | undefined;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
    receiver.respond(() => ({ status: 200 }));
    expect(receiver.invalid).toEqual([]);
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it('sends each run as one OTLP LogRecord and metrics the official protos decode; the token goes only in the request header', async () => {
    policy(name, receiver, { include: 'full' });
    harness = await start(name);
    const run = await runOnce(harness);
    await until('the run delivered', () => receiver.deliveredRunIds().includes(run.id));
    await until('its metrics delivered', () =>
      receiver.received.some(
        (r) => r.path === '/v1/metrics' && JSON.stringify(r.body).includes('readiness.check.status'),
      ),
    );

    const logs = receiver.received.filter((r) => r.path === '/v1/logs');
    const record = logRecords(logs.at(-1)!.body).find((r) => attribute(r.attributes, 'readiness.run.id') === run.id)!;
    expect(logs.at(-1)!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(logs.at(-1)!.headers.origin).toMatch(name === 'chromium' ? /^chrome-extension:\/\// : /^moz-extension:\/\//);
    // Resource: service, version, browser, OS, labels, installation id.
    const resource = record.resource.attributes;
    expect(attribute(resource, 'service.name')).toBe('therape-readiness');
    expect(attribute(resource, 'service.version')).toBe(run.extensionVersion);
    expect(attribute(resource, 'service.instance.id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(attribute(resource, 'browser.name')).toBe(name === 'chromium' ? 'Chromium' : 'Mozilla Firefox');
    expect(attribute(resource, 'os.type')).toBe('linux');
    expect(attribute(resource, 'readiness.label.site')).toBe('CHU Nord');
    expect(attribute(resource, 'readiness.label.room')).toBe('B12');
    // Severity from the verdict; attributes per run and per check.
    expect(attribute(record.attributes, 'readiness.overall')).toBe(run.overall);
    expect(attribute(record.attributes, 'readiness.profile.id')).toBe('e2e-network');
    expect(Number(attribute(record.attributes, 'readiness.count.fail'))).toBe(
      run.diagnostics.filter((d) => d.status === 'fail').length,
    );
    for (const d of run.diagnostics)
      expect(attribute(record.attributes, `readiness.check.${d.checkId}`)).toBe(effectiveStatus(d));
    expect(record.severityNumber).toBe(SEVERITY[run.overall][0]);
    // Body: the redacted JSON export of the run.
    const body = JSON.parse(String((record.body as { stringValue: string }).stringValue)) as {
      format: string;
      run: RunRecord;
    };
    expect(body.format).toBe('therape-readiness-run');
    expect(body.run.id).toBe(run.id);

    // The options page shows the state, never the token.
    const options = await harness.openExtensionPage('options.html');
    const rows = await until('the options page to show the success', async () => {
      const r = await reportingRows(options);
      return r['last-success'] && r.queued === '0' ? r : undefined;
    });
    expect(rows.endpoint).toBe(receiver.url);
    expect(rows.headers).toContain('Authorization');
    // Chromium has no data consent: the admin's policy is the consent, and the page says nothing of it.
    if (name === 'chromium') expect(rows.consent).toBeUndefined();
    else expect(rows.consent).toBe('given');
    expect(await options.$eval('body', (el) => el.textContent)).not.toContain(TOKEN);
    // The token is in no storage, no stored run, no report: only in the request headers.
    const dump = await dumpStorage(options);
    expect(dump).toContain(run.id);
    expect(dump).toContain('readiness-outbox/state');
    expect(dump).not.toContain(TOKEN);
    expect(JSON.stringify(await readLastRun(options))).not.toContain(TOKEN);
    for (const r of receiver.received) expect(JSON.stringify(r.body)).not.toContain(TOKEN);
  });

  it('queues runs while the collector is down and delivers each exactly once when it is back, across a browser restart', async () => {
    policy(name, receiver);
    await receiver.down();
    const profileDir = mkdtempSync(join(tmpdir(), 'readiness-otlp-'));
    try {
      harness = await start(name, profileDir);
      const first = await runOnce(harness);
      const second = await runOnce(harness);
      const options = await harness.openExtensionPage('options.html');
      const rows = await until('two runs queued, with the error', async () => {
        const r = await reportingRows(options);
        return r.queued === '2' && r['last-error'] ? r : undefined;
      });
      expect(rows['last-error']).toMatch(/Error/);
      await options.close();

      // The browser closes with both runs queued; the collector comes back; the browser starts
      // again on the same profile and its background sends the queue by itself.
      await harness.close();
      await receiver.up();
      harness = await start(name, profileDir);
      await until('both queued runs delivered after the restart', () =>
        [first.id, second.id].every((id) => receiver.deliveredRunIds().includes(id)),
      );
      const third = await runOnce(harness);
      const ids = await until('all three delivered', () => {
        const delivered = receiver.deliveredRunIds();
        return [first.id, second.id, third.id].every((id) => delivered.includes(id)) ? delivered : undefined;
      });
      // A little longer: nothing is sent twice.
      await sleep(3000);
      const after = receiver.deliveredRunIds();
      for (const id of [first.id, second.id, third.id]) expect(count(after, id)).toBe(1);
      expect(after.length).toBe(ids.length);
      const page = await harness.openExtensionPage('options.html');
      await until('nothing queued', async () => (await reportingRows(page)).queued === '0');
    } finally {
      await harness?.close();
      harness = undefined;
      rmSync(profileDir, { recursive: true, force: true });
    }
  });

  it('waits as long as a 429 Retry-After says before sending again', async () => {
    policy(name, receiver);
    const from = receiver.received.length;
    let refused = false;
    receiver.respond((path) => {
      if (path !== '/v1/logs' || refused) return { status: 200 };
      refused = true;
      return { status: 429, headers: { 'Retry-After': '12' } };
    });
    harness = await start(name);
    const run = await runOnce(harness);
    await until('delivered after the wait', () => receiver.deliveredRunIds().includes(run.id), 45_000);
    const logs = receiver.received.slice(from).filter((r) => r.path === '/v1/logs');
    expect(logs.map((r) => r.status)).toEqual([429, 200]);
    // The backoff alone would have retried within 5 s: the 12 s are the server's.
    expect(logs[1]!.at - logs[0]!.at).toBeGreaterThanOrEqual(12_000);
  });

  it('stops on 401, says so in the options page, and sends nothing more with the same token', async () => {
    policy(name, receiver);
    receiver.respond(() => ({ status: 401 }));
    const from = receiver.received.length;
    harness = await start(name);
    await runOnce(harness);
    const options = await harness.openExtensionPage('options.html');
    await options.waitForSelector('#reporting-stopped[data-status="401"]', { timeout: 30_000 });
    expect(await options.$eval('#reporting-stopped', (el) => el.textContent)).toContain('401');
    expect((await reportingRows(options))['last-error']).toContain('HTTP 401');
    // Another run: queued, not sent (the backoff would have retried within 5 s).
    await runOnce(harness);
    await sleep(8000);
    expect(receiver.received.slice(from).map((r) => r.status)).toEqual([401]);
    expect((await reportingRows(options)).queued).toBe('2');
  });

  it('halves a batch the collector refuses as too large (413) until it fits: every run delivered exactly once', async () => {
    policy(name, receiver, { include: 'full' });
    harness = await start(name);
    // The collector's limit: one and a half of the first one-run logs request (a run's full report).
    const single = () => receiver.received.find((r) => r.path === '/v1/logs' && runIdsOf(r.body).length === 1)!.bytes;
    const { runs, options, from } = await threeRunsInOneBatch(harness, receiver, (path, _n, request) =>
      path === '/v1/logs' && request.bytes > 1.5 * single() ? { status: 413 } : { status: 200 },
    );
    await until('the three runs delivered', () => runs.every((r) => receiver.deliveredRunIds().includes(r.id)));
    await sleep(3000);
    const delivered = receiver.deliveredRunIds();
    for (const run of runs) expect(count(delivered, run.id)).toBe(1);
    const logs = receiver.received.slice(from).filter((r) => r.path === '/v1/logs');
    // The batch of three was refused, then its halves (two runs refused, one taken), then one by one.
    expect(logs[0]!.status).toBe(413);
    expect(runIdsOf(logs[0]!.body)).toEqual(runs.map((r) => r.id));
    for (const r of logs.filter((l) => l.status === 200)) expect(runIdsOf(r.body)).toHaveLength(1);
    expect(logs.filter((l) => l.status === 200)).toHaveLength(3);
    const rows = await until('nothing queued', async () => {
      const r = await reportingRows(options);
      return r.queued === '0' ? r : undefined;
    });
    expect(rows['set-aside']).toBeUndefined();
    expect(await options.$('#reporting-stopped')).toBeNull();
  });

  it('sets aside the one run the collector refuses (400), delivers the others, shows it, and does not send it again', async () => {
    policy(name, receiver);
    harness = await start(name);
    let refused = '';
    const { runs, options, from } = await threeRunsInOneBatch(harness, receiver, (_path, _n, request) =>
      request.runIds.includes(refused) ? { status: 400 } : { status: 200 },
    );
    refused = runs[1]!.id;
    await until('the two others delivered', () =>
      [runs[0]!.id, runs[2]!.id].every((id) => receiver.deliveredRunIds().includes(id)),
    );
    const rows = await until('the run shown as set aside', async () => {
      const r = await reportingRows(options);
      return r['set-aside'] && r.queued === '0' ? r : undefined;
    });
    // The receiver's own words come with the status.
    expect(rows['set-aside']).toBe('1 × HTTP 400: test receiver');
    expect(await options.$eval('#reporting-set-aside', (el) => el.getAttribute('data-count'))).toBe('1');
    expect(await options.$('#reporting-stopped')).toBeNull();
    const afterSetAside = receiver.received.length;
    // Reporting goes on: the next run is delivered; the refused one is never sent again.
    const fourth = await runOnce(harness);
    await until('the next run delivered', () => receiver.deliveredRunIds().includes(fourth.id));
    await sleep(3000);
    expect(receiver.received.slice(afterSetAside).filter((r) => runIdsOf(r.body).includes(refused))).toEqual([]);
    const delivered = receiver.deliveredRunIds();
    expect(count(delivered, refused)).toBe(0);
    for (const id of [runs[0]!.id, runs[2]!.id, fourth.id]) expect(count(delivered, id)).toBe(1);
    expect(receiver.received.slice(from).filter((r) => r.status === 400).length).toBeGreaterThan(0);
    expect((await reportingRows(options))['set-aside']).toBe('1 × HTTP 400: test receiver');
  });

  it('resumes when the organisation changes the token: the runs held by the 401 are delivered (Chromium applies the policy while it runs, Firefox at its next start)', async () => {
    const fixed = `${TOKEN}-renewed`;
    policy(name, receiver);
    receiver.respond((_path, _n, request) =>
      request.headers.authorization === `Bearer ${fixed}` ? { status: 200 } : { status: 401 },
    );
    const profileDir = mkdtempSync(join(tmpdir(), 'readiness-otlp-'));
    try {
      harness = await start(name, profileDir);
      const held = await runOnce(harness);
      let options = await harness.openExtensionPage('options.html');
      await options.waitForSelector('#reporting-stopped[data-status="401"]', { timeout: 30_000 });
      // The slow retry is hours away: only the new settings can bring it back now.
      expect(await options.$eval('#reporting-stopped', (el) => el.textContent)).toMatch(/tried again by itself at/);
      // The organisation renews the token in the policy.
      restore?.();
      policy(name, receiver, { headers: { Authorization: `Bearer ${fixed}` } });
      if (name === 'firefox') {
        await options.close();
        await harness.close();
        harness = await start(name, profileDir);
        options = await harness.openExtensionPage('options.html');
      }
      await until('the held run delivered with the new token', () => receiver.deliveredRunIds().includes(held.id));
      await until('the stop lifted', async () => (await options.$('#reporting-stopped')) === null);
      await until('nothing queued', async () => (await reportingRows(options)).queued === '0');
      expect(count(receiver.deliveredRunIds(), held.id)).toBe(1);
    } finally {
      await harness?.close();
      harness = undefined;
      rmSync(profileDir, { recursive: true, force: true });
    }
  });

  it('sends nothing to a collector whose CORS setting does not allow the extension, and says why', async () => {
    const closed = await startReceiver({ allowedOrigins: ['https://grafana.example'] });
    try {
      policy(name, closed);
      harness = await start(name);
      await runOnce(harness);
      const options = await harness.openExtensionPage('options.html');
      const rows = await until('the error shown', async () => {
        const r = await reportingRows(options);
        return r['last-error'] ? r : undefined;
      });
      expect(rows.queued).toBe('1');
      expect(closed.deliveredRunIds()).toEqual([]);
      // The browser asked (preflight, or the request itself) and refused the answer.
      expect(closed.requests.length).toBeGreaterThan(0);
    } finally {
      await closed.close();
    }
  });
});

/**
 * Firefox 140+'s data consent (the manifest's `data_collection_permissions.optional`): nothing
 * leaves the browser for the collector before the user allowed it; the runs wait in the outbox.
 */
describe("Firefox's data consent for reporting", () => {
  let harness: Harness | undefined;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await harness?.close();
    await receiver?.close();
    harness = receiver = undefined;
  });

  /** Waits for the options page to show `state`; returns its reporting rows. */
  async function consentShown(page: Page, state: string) {
    await page.waitForSelector(`#reporting[data-consent="${state}"]`, { timeout: 30_000 });
    return reportingRows(page);
  }

  /**
   * No consent: the run waits, nothing reaches the collector, the page says why; the user's
   * click on the page's button (Firefox's prompt accepted) sends it, exactly once.
   */
  async function sendsOnlyAfterConsent(run: RunRecord) {
    const options = await harness!.openExtensionPage('options.html');
    const rows = await until('the run queued', async () => {
      const r = await consentShown(options, 'missing');
      return r.queued === '1' ? r : undefined;
    });
    expect(rows.consent).toBe('missing: nothing is sent, the runs wait here');
    expect(await options.$eval('#reporting-consent', (el) => el.getAttribute('data-categories'))).toBe(
      'technicalAndInteraction',
    );
    // A little longer: nothing was sent (a run is sent right after it is queued).
    await sleep(3000);
    expect(receiver!.requests).toEqual([]);

    await options.click('#reporting-consent-button');
    await until('the run delivered', () => receiver!.deliveredRunIds().includes(run.id));
    const after = await until('the page says it', async () => {
      const r = await consentShown(options, 'granted');
      return r.queued === '0' ? r : undefined;
    });
    expect(after.consent).toBe('given');
    await sleep(3000);
    expect(count(receiver!.deliveredRunIds(), run.id)).toBe(1);
    expect(receiver!.invalid).toEqual([]);
    await options.close();
  }

  it('a temporary install has no consent: sends nothing until the user allows it on the options page, then once', async () => {
    receiver = await startReceiver();
    policy('firefox', receiver);
    harness = await start('firefox', undefined, false);
    // The run, from the popup as a user starts it: the popup says the consent is missing.
    const probe = await harness.openExtensionPage('options.html');
    const before = await readLastRun(probe);
    const popup = await harness.openExtensionPage('popup.html');
    const run = await waitForNewRun(probe, before?.id);
    const notice = await popup.waitForSelector('#reporting-consent-needed', { timeout: 15_000 });
    expect(await notice!.evaluate((el) => el.textContent)).toContain('Firefox sends nothing until you allow it');
    await popup.close();
    await probe.close();
    await sendsOnlyAfterConsent(run);
  });

  it('a policy install (ExtensionSettings force_installed) gets no consent from the policy either: same as a user install', async () => {
    // The build as an XPI (the zip of the build), served on loopback as an admin's install_url.
    const work = mkdtempSync(join(tmpdir(), 'readiness-consent-'));
    const xpi = join(work, 'readiness.xpi');
    execFileSync('zip', ['-qr', xpi, '.'], { cwd: BUILD_DIRS.firefox });
    const served = await startHttp((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/x-xpinstall' }).end(readFileSync(xpi)),
    );
    try {
      const installUrl = `http://127.0.0.1:${served.port}/readiness.xpi`;
      receiver = await startReceiver();
      policy(
        'firefox',
        receiver,
        {},
        {
          ExtensionSettings: { [GECKO_ID]: { installation_mode: 'force_installed', install_url: installUrl } },
        },
      );
      // Test only: the package here is unsigned (production: an AMO-signed XPI, docs/admin.md).
      harness = await launch('firefox', {
        userDataDir: join(work, 'profile'),
        policyInstalled: { id: GECKO_ID },
        loopbackHosts: Object.values(TEST_HOSTS),
        firefoxPrefs: { ...ACCEPT_PERMISSION_PROMPTS, 'xpinstall.signatures.required': false },
      });
      const version = (
        JSON.parse(readFileSync(join(BUILD_DIRS.firefox, 'manifest.json'), 'utf8')) as { version: string }
      ).version;
      await waitForInstalledVersion(harness, version);
      const run = await runOnce(harness);
      const page = await harness.openExtensionPage('options.html');
      expect(
        await page.evaluate(async () => {
          type Management = { management: { getSelf(): Promise<{ installType: string }> } };
          return (await (globalThis as unknown as { browser: Management }).browser.management.getSelf()).installType;
        }),
      ).toBe('admin');
      await page.close();
      await sendsOnlyAfterConsent(run);
    } finally {
      await harness?.close();
      harness = undefined;
      await served.stop();
      rmSync(work, { recursive: true, force: true });
    }
  });
});
