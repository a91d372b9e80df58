import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { BUILTIN_PROFILE } from '../../utils/profile/builtin';
import type { RunRecord } from '../../utils/run/types';
import { importProfile, launch, readLastRun, runOnce, waitForFinishedRun, type BrowserName } from './browsers';
import { writeManagedSettings } from './policy-files';
import { startHttp } from './servers';

let removePolicy: (() => void) | undefined;
function writePolicy(name: BrowserName, profile: string | Record<string, unknown>) {
  removePolicy = writeManagedSettings(name, typeof profile === 'string' ? { profile } : profile);
}
afterEach(() => {
  removePolicy?.();
  removePolicy = undefined;
});

/** Sets the policy profile, starts the browser, and hands the finished run and the popup to `check`. */
async function withPolicyRun(
  name: BrowserName,
  profile: string | Record<string, unknown>,
  check: (run: RunRecord, popup: Page) => Promise<void>,
): Promise<void> {
  writePolicy(name, profile);
  const harness = await launch(name);
  try {
    const page = await harness.openExtensionPage('popup.html');
    await waitForFinishedRun(page);
    await check((await readLastRun(page))!, page);
  } finally {
    await harness.close();
  }
}

describe.each<BrowserName>(['chromium', 'firefox'])('enterprise policy in %s', (name) => {
  it('uses the profile set by policy and says it comes from the organisation', async () => {
    const managed = { ...structuredClone(BUILTIN_PROFILE), id: 'hospital-policy', name: 'Hospital policy' };
    await withPolicyRun(name, JSON.stringify(managed), async (run, page) => {
      expect(run.profile).toMatchObject({ id: 'hospital-policy', source: 'managed' });
      expect(await page.$eval('.profile', (el) => el.getAttribute('data-source'))).toBe('managed');
      expect(await page.$eval('.profile', (el) => el.textContent)).toContain('Hospital policy');
    });
  });

  it('reports a malformed policy field by field and falls back to the built-in profile', async () => {
    const broken = structuredClone(BUILTIN_PROFILE) as unknown as { timeouts: { checkMs: unknown } };
    broken.timeouts.checkMs = 'fast';
    await withPolicyRun(name, JSON.stringify(broken), async (run, page) => {
      expect(run.profile.source).toBe('builtin');
      expect(run.profileProblems).toEqual([
        { source: 'managed', path: 'timeouts.checkMs', key: 'schema_expected_number', params: { got: 'string' } },
      ]);
      expect(await page.$eval('.profile-problems', (el) => el.textContent)).toContain('timeouts.checkMs');
      expect(run.diagnostics.length).toBe(run.planned);
    });
  });

  it('keeps using a policy written for an earlier version, and only warns about a field it does not know', async () => {
    const older = JSON.parse(readFileSync(join(__dirname, '../unit/profile/fixtures/4dfb512.json'), 'utf8'));
    older.id = 'policy-0.0.1';
    older.attestations = { 'WEB-JAVA': { answer: 'yes' } };
    await withPolicyRun(name, JSON.stringify(older), async (run, page) => {
      expect(run.profile).toMatchObject({ id: 'policy-0.0.1', source: 'managed' });
      expect(run.profileProblems).toEqual([
        { source: 'managed', path: 'attestations', key: 'schema_unknown_field', severity: 'warning' },
      ]);
      expect(await page.$('.profile-problems')).toBeNull();
      expect(await page.$eval('.profile-warnings', (el) => el.textContent)).toContain('attestations');
    });
  });

  it('refuses a policy whose app origin is a wildcard (it would allow pop-ups on every site)', async () => {
    const wild = structuredClone(BUILTIN_PROFILE);
    wild.app.origins = ['https://*'];
    await withPolicyRun(name, JSON.stringify(wild), async (run) => {
      expect(run.profile.source).toBe('builtin');
      expect(run.profileProblems).toEqual([
        { source: 'managed', path: 'app.origins[0]', key: 'schema_expected_origin', params: { value: 'https://*' } },
      ]);
    });
  });
});

describe.each<BrowserName>(['chromium', 'firefox'])('managed settings in %s', (name) => {
  it('labels the workstation in the popup and the run; allowUserProfiles false ignores an imported profile', async () => {
    const settings = { labels: { site: 'CHU Nord', room: 'B12' }, allowUserProfiles: false };
    writePolicy(name, settings);
    const harness = await launch(name);
    try {
      // A profile the user imported before the organisation locked imports.
      const options = await harness.openExtensionPage('options.html');
      await options.waitForSelector('#import-locked');
      expect(await options.$('#profile-text')).toBeNull();
      await options.evaluate(
        async (profile) => {
          type Storage = { storage: { local: { set(items: Record<string, unknown>): Promise<void> } } };
          const scope = globalThis as unknown as { browser?: Storage; chrome?: Storage };
          await (scope.browser ?? scope.chrome)!.storage.local.set({ importedProfile: profile });
        },
        { ...structuredClone(BUILTIN_PROFILE), id: 'mine', name: 'Mine' },
      );

      const page = await harness.openExtensionPage('popup.html');
      await waitForFinishedRun(page);
      const run = (await readLastRun(page))!;
      expect(run.profile).toMatchObject({ id: BUILTIN_PROFILE.id, source: 'builtin' });
      expect(run.labels).toEqual({ site: 'CHU Nord', room: 'B12' });
      expect(run.profileProblems).toEqual([]);
      expect(await page.$eval('[data-labels]', (el) => el.textContent)).toContain('room: B12, site: CHU Nord');
    } finally {
      await harness.close();
    }
  });
});

describe.each<BrowserName>(['chromium', 'firefox'])('profile from a URL (profileUrl) in %s', (name) => {
  it('fetches the profile from the URL the policy names, then keeps using the last good copy, with its age, when the server is gone', async () => {
    const served = { ...structuredClone(BUILTIN_PROFILE), id: 'url-profile', name: 'Profile from URL' };
    const origins: (string | undefined)[] = [];
    const server = await startHttp((req, res) => {
      origins.push(req.headers.origin);
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify(served));
    });
    const url = `http://127.0.0.1:${server.port}/profile.json`;
    writePolicy(name, { profileUrl: url });
    const harness = await launch(name);
    try {
      const first = await runOnce(harness);
      expect(first.profile).toMatchObject({ id: 'url-profile', source: 'managed' });
      expect(first.profileProblems).toEqual([]);
      // The request came from the extension (cross-origin, so the CORS header is what let it through).
      expect(origins.length).toBeGreaterThan(0);
      expect(origins[0]).toMatch(/^(chrome|moz)-extension:\/\//);

      await server.stop();
      // The cached copy, aged by three hours (as if fetched this morning), so the age shown is one a test can name.
      const options = await harness.openExtensionPage('options.html');
      const cached = await options.evaluate(async () => {
        type Local = {
          get(key: string): Promise<Record<string, unknown>>;
          set(items: Record<string, unknown>): Promise<void>;
        };
        const scope = globalThis as unknown as {
          browser?: { storage: { local: Local } };
          chrome?: { storage: { local: Local } };
        };
        const local = (scope.browser ?? scope.chrome)!.storage.local;
        const copy = (await local.get('profileUrlCache')).profileUrlCache as {
          url: string;
          text: string;
          fetchedAt: number;
        };
        await local.set({ profileUrlCache: { ...copy, fetchedAt: copy.fetchedAt - 3 * 3_600_000 - 60_000 } });
        return { url: copy.url, id: (JSON.parse(copy.text) as { id: string }).id };
      });
      expect(cached).toEqual({ url, id: 'url-profile' });
      await options.close();

      const second = await runOnce(harness);
      expect(second.profile).toMatchObject({ id: 'url-profile', source: 'managed' });
      expect(second.profileProblems).toEqual([
        {
          source: 'managed',
          path: 'profileUrl',
          key: 'profile_url_cached_hours',
          params: { url, age: 3 },
          severity: 'warning',
        },
        {
          source: 'managed',
          path: 'profileUrl',
          key: 'profile_url_unreachable',
          params: { url, seconds: 5 },
          severity: 'warning',
        },
      ]);

      const popup = await harness.openExtensionPage('popup.html');
      await waitForFinishedRun(popup);
      expect(await popup.$eval('.profile', (el) => el.getAttribute('data-source'))).toBe('managed');
      const stale = await popup.$eval('[data-profile-url="profile_url_cached_hours"]', (el) => el.textContent);
      expect(stale).toContain(url);
      expect(stale).toMatch(/ 3 (hours|heures) /);
      expect(await popup.$('.profile-problems')).toBeNull();
    } finally {
      await harness.close();
      await server.stop();
    }
  });

  it('stops reading a document over 1 MB, says it is not a profile, and keeps the last good copy', async () => {
    const served = { ...structuredClone(BUILTIN_PROFILE), id: 'url-profile', name: 'Profile from URL' };
    let huge = false;
    let hugeSent = 0;
    let hugeDone = false;
    const server = await startHttp((_req, res) => {
      res.setHeader('access-control-allow-origin', '*');
      if (!huge) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(served));
        return;
      }
      // 64 MB in 64 KB chunks, no Content-Length (chunked): the extension must give up on its own.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20); // whitespace: as a whole it would not even be JSON
      let closed = false;
      res.on('close', () => (closed = true));
      const pump = () => {
        while (!closed && hugeSent < 64 * 1024 * 1024) {
          hugeSent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!closed) {
          hugeDone = true;
          res.end();
        }
      };
      pump();
    });
    const url = `http://127.0.0.1:${server.port}/profile.json`;
    writePolicy(name, { profileUrl: url });
    const harness = await launch(name);
    try {
      expect((await runOnce(harness)).profile).toMatchObject({ id: 'url-profile', source: 'managed' });
      huge = true;
      const second = await runOnce(harness);
      expect(second.profile).toMatchObject({ id: 'url-profile', source: 'managed' });
      expect(second.profileProblems.map((p) => [p.key, p.params])).toEqual([
        ['profile_url_cached_minutes', { url, age: expect.any(Number) }],
        ['profile_url_too_large', { url, megabytes: 1 }],
      ]);
      // The extension closed the connection instead of reading the 64 MB to the end.
      expect(hugeDone).toBe(false);
    } finally {
      await harness.close();
      await server.stop();
    }
  });
});

describe.each<BrowserName>(['chromium', 'firefox'])('attestations and audiences in %s', (name) => {
  it('shows a blocking item IT attested as confirmed by IT with no buttons, stores it as policy, and folds IT questions into one line', async () => {
    const by = 'IT image W10-2026-03';
    const settings = { attestations: { 'WEB-JAVA': { answer: 'yes', by, at: '2026-03-02' } } };
    await withPolicyRun(name, settings, async (run, page) => {
      expect(run.profileProblems).toEqual([]);
      const java = run.diagnostics.find((d) => d.checkId === 'manual-java');
      expect(java?.manual?.confirmation).toEqual({ answer: 'yes', at: Date.parse('2026-03-02'), source: 'policy', by });

      // The attested row sits with the passes; opened, it names IT and offers no answer.
      await page.click('[data-group="passed"] > details > summary');
      await page.click('[data-check="manual-java"] summary');
      await page.waitForSelector('[data-check="manual-java"] [data-attested]');
      expect(await page.$eval('[data-check="manual-java"] [data-attested]', (el) => el.textContent)).toContain(by);
      expect(await page.$$('[data-check="manual-java"] button')).toHaveLength(0);

      // Unanswered IT questions: one line with their count, opening to the rows (Java no longer among them).
      const forIt = run.diagnostics
        .filter((d) => d.status === 'manual' && !d.manual?.confirmation && d.manual?.audience === 'it')
        .map((d) => d.checkId);
      expect(forIt).toEqual(expect.arrayContaining(['manual-os-updates', 'manual-antivirus', 'manual-proxy-ntlm']));
      expect(forIt).not.toContain('manual-java');
      const fold = await page.$eval('[data-it-items]', (el) => ({
        count: el.getAttribute('data-it-items'),
        summary: el.querySelector('summary')?.textContent,
        rows: [...el.querySelectorAll('[data-check]')].map((row) => row.getAttribute('data-check')),
        open: (el as HTMLDetailsElement).open,
      }));
      expect(fold).toEqual({
        count: String(forIt.length),
        summary: expect.stringContaining(String(forIt.length)),
        rows: forIt,
        open: false,
      });
      // The user's own questions stay asked outside the fold.
      const asked = await page.$$eval('[data-group="manual"] > ul [data-check]', (rows) =>
        rows.map((row) => row.getAttribute('data-check')),
      );
      expect(asked).toEqual(expect.arrayContaining(['manual-flow-test', 'manual-video-test']));
      expect(asked.some((id) => forIt.includes(id!))).toBe(false);
    });
  });
});

describe.each<BrowserName>(['chromium', 'firefox'])('profile import in %s', (name) => {
  it('shows the local addresses an imported profile points at before accepting it', async () => {
    const local = { ...structuredClone(BUILTIN_PROFILE), id: 'lan-profile', name: 'LAN profile' };
    local.network.tcp[0]!.host = '192.168.1.10';
    local.network.media.environments[0]!.servers[0]!.host = '127.0.0.1';
    const harness = await launch(name);
    try {
      const options = await importProfile(harness, JSON.stringify(local), false);
      expect(await options.$$eval('#import-local li', (items) => items.map((li) => li.textContent))).toEqual([
        '192.168.1.10',
        '127.0.0.1',
      ]);
      await options.click('#import-local-cancel');
      await options.waitForFunction(() => !document.querySelector('#import-local'));
      await options.waitForSelector('#active-profile');
      expect(await options.$eval('#active-profile', (el) => el.getAttribute('data-source'))).toBe('builtin');

      await options.click('#import');
      await options.waitForSelector('#import-local-confirm');
      await options.click('#import-local-confirm');
      await options.waitForFunction(
        () => document.querySelector('#active-profile')?.getAttribute('data-profile-id') === 'lan-profile',
      );
      expect(await options.$eval('#active-profile', (el) => el.getAttribute('data-source'))).toBe('imported');
    } finally {
      await harness.close();
    }
  });
});
