import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { adminKit } from '../../utils/admin/kit';
import { BUILTIN_PROFILE } from '../../utils/profile/builtin';
import { launch, readLastRun, waitForFinishedRun, type BrowserName } from './browsers';

/**
 * The kit `npm run admin` writes, deployed as it is: its policies.json into Firefox's
 * distribution folder, the extension loaded as in the other tests; the extension must run on
 * the kit's profile. Chromium's Linux JSON force-installs from its update URL, which takes
 * the policy-installed extension, not an unpacked one: it is deployed in the force-install
 * tests.
 */
const dir = mkdtempSync(join(tmpdir(), 'admin-kit-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const profile = { ...structuredClone(BUILTIN_PROFILE), id: 'kit-profile', name: 'Kit profile' };
writeFileSync(join(dir, 'profile.json'), JSON.stringify(profile, null, 2));
writeFileSync(join(dir, 'settings.json'), JSON.stringify({ labels: { site: 'Kit site' } }));
const made = spawnSync(
  'npx',
  [
    'tsx',
    'tests/tools/admin.ts',
    '--profile',
    join(dir, 'profile.json'),
    '--settings',
    join(dir, 'settings.json'),
    '--out',
    join(dir, 'kit'),
  ],
  {
    encoding: 'utf8',
  },
);

const DEPLOY: Partial<Record<BrowserName, { from: string; to: string }>> = {
  firefox: { from: 'firefox-policies.json', to: '/usr/lib/firefox-esr/distribution/policies.json' },
};

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe.each<BrowserName>(['firefox'])('admin kit deployed as is in %s', (name) => {
  it('runs on the profile the kit carries, shown as set by the organisation', async () => {
    expect(made.status, made.stderr).toBe(0);
    const { from, to } = DEPLOY[name]!;
    const previous = existsSync(to) ? readFileSync(to) : undefined;
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(dir, 'kit', from), to);
    restore = () => (previous ? writeFileSync(to, previous) : rmSync(to, { force: true }));
    const harness = await launch(name);
    try {
      const page = await harness.openExtensionPage('popup.html');
      await waitForFinishedRun(page);
      const run = (await readLastRun(page))!;
      expect(run.profile).toMatchObject({ id: 'kit-profile', name: 'Kit profile', source: 'managed' });
      expect(run.profileProblems).toEqual([]);
      expect(run.labels).toEqual({ site: 'Kit site' });
      expect(await page.$eval('.profile', (el) => el.getAttribute('data-source'))).toBe('managed');
    } finally {
      await harness.close();
    }
  });
});

describe.each<BrowserName>(['chromium', 'firefox'])('admin kit on the options page in %s', (name) => {
  it('offers the kit files for the active profile, the .reg files in UTF-16', async () => {
    const harness = await launch(name);
    try {
      const options = await harness.openExtensionPage('options.html');
      await options.waitForSelector('#admin-kit a');
      const files = await options.$$eval('#admin-kit a', async (links) =>
        Promise.all(
          links.map(async (link) => {
            const bytes = new Uint8Array(await (await fetch((link as HTMLAnchorElement).href)).arrayBuffer());
            return {
              name: link.getAttribute('download'),
              head: [bytes[0], bytes[1]],
              text: new TextDecoder().decode(bytes),
            };
          }),
        ),
      );
      // The same files as `npm run admin` writes (their names are pinned by the unit tests).
      expect(files.map((f) => f.name)).toEqual(adminKit({ settings: {} }).map((f) => f.name));
      expect(files.find((f) => f.name === 'chrome.reg')!.head).toEqual([0xff, 0xfe]);
      const linux = JSON.parse(files.find((f) => f.name === 'chromium-linux.json')!.text);
      const settings = Object.values(linux['3rdparty'].extensions)[0] as { profile: string };
      expect(JSON.parse(settings.profile).id).toBe(BUILTIN_PROFILE.id);
    } finally {
      await harness.close();
    }
  });
});
