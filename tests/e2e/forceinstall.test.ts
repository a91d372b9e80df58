import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GECKO_ID } from '../../utils/extension-ids';
import { BUILTIN_PROFILE } from '../../utils/profile/builtin';
import { buildWith, pack, type Packed } from '../tools/pack';
import {
  launch,
  readLastRun,
  storedRunIds,
  waitForFinishedRun,
  waitForInstalledVersion,
  type Harness,
} from './browsers';
import { writePolicyFile as writePolicy } from './policy-files';
import { startHttp, type Http } from './servers';

/**
 * Enterprise force-install, end to end: the browser is started WITHOUT the test loading the
 * extension; a machine-wide policy file names it and where to download it (a loopback server),
 * and the browser installs it, as on a hospital's managed workstations. Then a higher version is
 * served and the browser's own update path installs it, keeping the stored runs.
 */

/** A loopback server for the packages: whatever is in `dir` at the time of the request. */
async function serveFolder(dir: string): Promise<Http & { requests: string[] }> {
  const requests: string[] = [];
  const server = await startHttp((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(path);
    const file = join(dir, path.slice(1));
    if (path.includes('..') || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const type = path.endsWith('.xml')
      ? 'text/xml'
      : path.endsWith('.xpi')
        ? 'application/x-xpinstall'
        : 'application/x-chrome-extension';
    res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
  });
  return { ...server, requests };
}

/** After the describe: closes the browser, removes the policy file, stops the server, removes the work folder. */
function cleanUpAfterAll(work: string, get: () => { harness?: Harness; removePolicy?: () => void; server?: Http }) {
  afterAll(async () => {
    const { harness, removePolicy, server } = get();
    await harness?.close();
    removePolicy?.();
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });
}

const managedProfile = { ...structuredClone(BUILTIN_PROFILE), id: 'hospital-policy', name: 'Hospital policy' };

/**
 * The administrator's kit as an admin makes it (`npm run admin`), for the managed profile and
 * these options; returns one of its files, parsed, to be deployed as it is.
 */
function adminKitFile(work: string, file: string, args: string[]): unknown {
  const profile = join(work, 'profile.json');
  const out = join(work, `kit-${args.join('-').replace(/\W+/g, '_').slice(-60)}`);
  writeFileSync(profile, JSON.stringify(managedProfile));
  execFileSync('npx', ['tsx', 'tests/tools/admin.ts', '--profile', profile, '--out', out, ...args]);
  return JSON.parse(readFileSync(join(out, file), 'utf8'));
}

const getSelf = (page: Page) =>
  page.evaluate(async () => {
    type Management = { management: { getSelf(): Promise<{ installType: string; version: string; id: string }> } };
    const scope = globalThis as unknown as { browser?: Management; chrome?: Management };
    const { installType, version, id } = await (scope.browser ?? scope.chrome)!.management.getSelf();
    return { installType, version, id };
  });

/**
 * Chromium hands the policy's 3rdparty data to a newly installed extension a few seconds after
 * installing it (once its managed_schema is registered): wait for it before the first run.
 */
async function waitForManagedProfile(harness: Harness) {
  const page = await harness.openExtensionPage('options.html');
  await page.waitForFunction(
    async () => {
      type Managed = { storage: { managed: { get(key: string): Promise<Record<string, unknown>> } } };
      const scope = globalThis as unknown as { browser?: Managed; chrome?: Managed };
      const managed = await (scope.browser ?? scope.chrome)!.storage.managed.get('profile').catch(() => ({}));
      return typeof (managed as { profile?: unknown }).profile !== 'undefined';
    },
    { polling: 250, timeout: 30_000 },
  );
  await page.close();
}

/** Opens the popup, waits for its run to finish and returns the stored run. */
async function runFromPopup(harness: Harness) {
  const popup = await harness.openExtensionPage('popup.html');
  await waitForFinishedRun(popup);
  const run = (await readLastRun(popup))!;
  return { popup, run };
}

describe('Chromium force-install (ExtensionInstallForcelist, self-hosted CRX3)', () => {
  // Created by beforeAll (a describe filtered out by -t leaves nothing behind).
  const work = join(tmpdir(), `readiness-forceinstall-${process.pid}`);
  const served = join(work, 'served');
  const userDataDir = join(work, 'browser');
  const key = join(work, 'key.pem');
  let server: Awaited<ReturnType<typeof serveFolder>>;
  let removePolicy: (() => void) | undefined;
  let harness: Harness | undefined;
  let first: Packed;
  let updateUrl: string;
  const runsBeforeUpdate: string[] = [];
  // The kit `npm run admin` writes, deployed as it is; beside it, a test-only file: Chromium's
  // default DeveloperToolsAvailability (0) refuses DevTools, hence any automation, on
  // policy-installed extensions, so their pages detach from the test at once (docs/testing.md, "Testing notes").
  const policyFile = '/etc/chromium/policies/managed/therape-readiness-forceinstall-e2e.json';
  const devToolsFile = '/etc/chromium/policies/managed/therape-readiness-forceinstall-e2e-devtools.json';
  let removeDevTools: (() => void) | undefined;

  beforeAll(async () => {
    mkdirSync(work, { recursive: true });
    // A throwaway signing key for this run only, never written anywhere else.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(key, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    server = await serveFolder(served);
    updateUrl = `http://127.0.0.1:${server.port}/updates.xml`;
    first = await pack({ key, out: served, updateUrl });
    removePolicy = writePolicy(
      policyFile,
      adminKitFile(work, 'chromium-linux.json', ['--update-url', updateUrl, '--id', first.id]),
    );
    removeDevTools = writePolicy(devToolsFile, { DeveloperToolsAvailability: 1 });
  }, 120_000);

  cleanUpAfterAll(work, () => ({ harness, removePolicy, server }));
  afterAll(() => removeDevTools?.());

  it('deploys the admin kit as it is: its force-install entry and managed profile are the policy', () => {
    expect(JSON.parse(readFileSync(policyFile, 'utf8'))).toEqual({
      ExtensionInstallForcelist: [`${first.id};${updateUrl}`],
      '3rdparty': { extensions: { [first.id]: { profile: JSON.stringify(managedProfile) } } },
    });
  });

  it("with Chromium's default DeveloperToolsAvailability, installs it but refuses automation on its pages", async () => {
    rmSync(devToolsFile, { force: true });
    const fresh = await launch('chromium', {
      userDataDir: join(work, 'default-policy'),
      policyInstalled: { id: first.id },
    });
    try {
      const internals = await fresh.browser.newPage();
      // chrome://extensions-internals lists every installed extension with where it came from.
      await expect
        .poll(
          async () => {
            await internals.goto('chrome://extensions-internals', { waitUntil: 'domcontentloaded' });
            const text = await internals.evaluate(() => document.body.innerText);
            return text.includes(first.id) && text.includes('EXTERNAL_POLICY_DOWNLOAD');
          },
          { timeout: 30_000, interval: 500 },
        )
        .toBe(true);
      expect(server.requests).toContain(`/therape-readiness-${first.version}.crx`);
      const page = await fresh.browser.newPage();
      await expect(page.goto(fresh.extensionUrl('popup.html'))).rejects.toThrow(/detached/);
    } finally {
      await fresh.close();
      writeFileSync(devToolsFile, JSON.stringify({ DeveloperToolsAvailability: 1 }));
    }
  });

  it('installs the package named by the policy, which runs on the managed profile and says it is managed', async () => {
    harness = await launch('chromium', { userDataDir, policyInstalled: { id: first.id } });
    await waitForInstalledVersion(harness, first.version);
    await waitForManagedProfile(harness);
    // The browser itself asked the update server, then downloaded the CRX.
    expect(server.requests).toEqual(
      expect.arrayContaining(['/updates.xml', `/therape-readiness-${first.version}.crx`]),
    );
    const { popup, run } = await runFromPopup(harness);
    expect(await getSelf(popup)).toEqual({ installType: 'admin', version: first.version, id: first.id });
    expect(run.extensionVersion).toBe(first.version);
    expect(run.managedInstall).toBe(true);
    expect(run.profile).toMatchObject({ id: 'hospital-policy', source: 'managed' });
    expect(await popup.$eval('.managed-install', (el) => el.textContent)).toContain('installed by your organisation');
    expect(await storedRunIds(popup)).toContain(run.id);
    runsBeforeUpdate.push(...(await storedRunIds(popup)));
    await popup.close();
    for (const path of ['options.html', 'report.html']) {
      const page = await harness.openExtensionPage(path);
      const line = await page.waitForSelector('.managed-install');
      expect(await line!.evaluate((el) => el.textContent)).toContain('installed by your organisation');
      await page.close();
    }
  });

  it('installs a higher version served later through the policy update path, keeping the history', async () => {
    const next = first.version.replace(/\d+$/, (n) => String(Number(n) + 1));
    await pack({ key, out: served, updateUrl, version: next });
    // Chromium's own updater asks the policy's update server (every few hours; here at once, by
    // the extension's update check). A running extension gets the new version once idle or when
    // the browser restarts: Chromium announces it with runtime.onUpdateAvailable when it is ready.
    const page = await harness!.openExtensionPage('options.html');
    const pending = await page.evaluate(async () => {
      type Runtime = {
        runtime: {
          requestUpdateCheck(): Promise<{ status: string; version?: string }>;
          onUpdateAvailable: { addListener(f: (details: { version: string }) => void): void };
        };
      };
      const { runtime } = (globalThis as unknown as { chrome: Runtime }).chrome;
      const ready = new Promise<string>((resolve) => runtime.onUpdateAvailable.addListener((d) => resolve(d.version)));
      const check = await runtime.requestUpdateCheck();
      return { check, ready: await ready };
    });
    expect(pending).toEqual({ check: { status: 'update_available', version: next }, ready: next });
    expect(server.requests).toContain(`/therape-readiness-${next}.crx`);
    // The next morning: the browser restarts on the same profile and finishes the update.
    await harness!.close();
    harness = await launch('chromium', { userDataDir, policyInstalled: { id: first.id } });
    expect(await waitForInstalledVersion(harness, next)).toBe(next);
    const { popup, run } = await runFromPopup(harness!);
    expect(await getSelf(popup)).toMatchObject({ installType: 'admin', version: next });
    expect(run.extensionVersion).toBe(next);
    const after = await storedRunIds(popup);
    expect(after).toEqual(expect.arrayContaining([...runsBeforeUpdate, run.id]));
    expect(after).toHaveLength(runsBeforeUpdate.length + 1);
    await popup.close();
  });
});

describe('Firefox ESR force-install (ExtensionSettings force_installed, install_url)', () => {
  const work = join(tmpdir(), `readiness-forceinstall-ff-${process.pid}`);
  const served = join(work, 'served');
  const profileDir = join(work, 'profile');
  let server: Awaited<ReturnType<typeof serveFolder>>;
  let removePolicy: (() => void) | undefined;
  let harness: Harness | undefined;
  let firstVersion = '';
  const runsBeforeUpdate: string[] = [];

  /** Builds the Firefox package (an XPI is the zip of the build) at `version`; returns its URL. */
  async function servePackage(version?: string): Promise<{ url: string; version: string }> {
    const dir = await buildWith('firefox', join(work, 'build'), { version });
    const built = (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { version: string }).version;
    mkdirSync(served, { recursive: true });
    const name = `therape-readiness-${built}.xpi`;
    execFileSync('zip', ['-qr', join(served, name), '.'], { cwd: dir });
    return { url: `http://127.0.0.1:${server.port}/${name}`, version: built };
  }

  /** The admin kit's policies.json for the package at `installUrl`, deployed as it is. */
  const policy = (installUrl: string) => {
    const kit = adminKitFile(work, 'firefox-policies.json', ['--xpi-url', installUrl]);
    expect(kit).toEqual({
      policies: {
        ExtensionSettings: { [GECKO_ID]: { installation_mode: 'force_installed', install_url: installUrl } },
        '3rdparty': { Extensions: { [GECKO_ID]: { profile: JSON.stringify(managedProfile) } } },
      },
    });
    return kit;
  };
  const policyFile = '/usr/lib/firefox-esr/distribution/policies.json';
  // Test only: the packages here are unsigned. Production uses an AMO-signed XPI (docs/admin.md).
  const launchFirefox = () =>
    launch('firefox', {
      userDataDir: profileDir,
      policyInstalled: { id: GECKO_ID },
      firefoxPrefs: { 'xpinstall.signatures.required': false },
    });

  beforeAll(async () => {
    mkdirSync(work, { recursive: true });
    server = await serveFolder(served);
    const first = await servePackage();
    firstVersion = first.version;
    removePolicy = writePolicy(policyFile, policy(first.url));
  }, 120_000);

  cleanUpAfterAll(work, () => ({ harness, removePolicy, server }));

  it('installs the XPI named by the policy, which runs on the managed profile and says it is managed', async () => {
    harness = await launchFirefox();
    await waitForInstalledVersion(harness, firstVersion);
    expect(server.requests).toContain(`/therape-readiness-${firstVersion}.xpi`);
    const { popup, run } = await runFromPopup(harness);
    expect(await getSelf(popup)).toEqual({ installType: 'admin', version: firstVersion, id: GECKO_ID });
    expect(run.profile).toMatchObject({ id: 'hospital-policy', source: 'managed' });
    expect(run.managedInstall).toBe(true);
    expect(await popup.$eval('.managed-install', (el) => el.textContent)).toContain('installed by your organisation');
    runsBeforeUpdate.push(...(await storedRunIds(popup)));
    expect(runsBeforeUpdate).toContain(run.id);
    await popup.close();
  });

  it('installs a higher version when the policy names its package, keeping the history', async () => {
    const next = await servePackage(firstVersion.replace(/\d+$/, (n) => String(Number(n) + 1)));
    // Firefox reinstalls a force-installed add-on at startup when install_url changed.
    removePolicy?.();
    removePolicy = writePolicy(policyFile, policy(next.url));
    await harness!.close();
    harness = await launchFirefox();
    expect(await waitForInstalledVersion(harness, next.version)).toBe(next.version);
    expect(server.requests).toContain(`/therape-readiness-${next.version}.xpi`);
    const { popup, run } = await runFromPopup(harness);
    expect(await getSelf(popup)).toMatchObject({ installType: 'admin', version: next.version });
    const after = await storedRunIds(popup);
    expect(after).toEqual(expect.arrayContaining([...runsBeforeUpdate, run.id]));
    expect(after).toHaveLength(runsBeforeUpdate.length + 1);
    await popup.close();
  });
});
