import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHROMIUM_EXTENSION_ID, GECKO_ID } from '../../utils/extension-ids';
import { BUILTIN_PROFILE } from '../../utils/profile/builtin';
import { launch, readLastRun, waitForFinishedRun, type BrowserName } from './browsers';

/**
 * Enterprise policy as the browsers really read it: Chromium from
 * /etc/chromium/policies/managed/*.json, Firefox from distribution/policies.json. These are
 * machine-wide files: each test writes its own and removes it (or restores what was there).
 */
const POLICY_FILES: Record<BrowserName, string> = {
  chromium: '/etc/chromium/policies/managed/therape-readiness-e2e.json',
  firefox: '/usr/lib/firefox-esr/distribution/policies.json',
};

function policyDocument(name: BrowserName, profile: string): unknown {
  return name === 'chromium'
    ? { '3rdparty': { extensions: { [CHROMIUM_EXTENSION_ID]: { profile } } } }
    : { policies: { '3rdparty': { Extensions: { [GECKO_ID]: { profile } } } } };
}

let restore: (() => void) | undefined;
function writePolicy(name: BrowserName, profile: string) {
  const file = POLICY_FILES[name];
  const previous = existsSync(file) ? readFileSync(file) : undefined;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(policyDocument(name, profile)));
  restore = () => (previous ? writeFileSync(file, previous) : rmSync(file, { force: true }));
}
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe.each<BrowserName>(['chromium', 'firefox'])('enterprise policy in %s', (name) => {
  it('uses the profile set by policy and says it comes from the organisation', async () => {
    const managed = { ...structuredClone(BUILTIN_PROFILE), id: 'hospital-policy', name: 'Hospital policy' };
    writePolicy(name, JSON.stringify(managed));
    const harness = await launch(name);
    try {
      const page = await harness.openExtensionPage('popup.html');
      await waitForFinishedRun(page);
      expect((await readLastRun(page))?.profile).toMatchObject({ id: 'hospital-policy', source: 'managed' });
      expect(await page.$eval('.profile', (el) => el.getAttribute('data-source'))).toBe('managed');
      expect(await page.$eval('.profile', (el) => el.textContent)).toContain('Hospital policy');
    } finally {
      await harness.close();
    }
  });

  it('reports a malformed policy field by field and falls back to the built-in profile', async () => {
    const broken = structuredClone(BUILTIN_PROFILE) as unknown as { timeouts: { checkMs: unknown } };
    broken.timeouts.checkMs = 'fast';
    writePolicy(name, JSON.stringify(broken));
    const harness = await launch(name);
    try {
      const page = await harness.openExtensionPage('popup.html');
      await waitForFinishedRun(page);
      const run = (await readLastRun(page))!;
      expect(run.profile.source).toBe('builtin');
      expect(run.profileProblems).toEqual([
        { source: 'managed', path: 'timeouts.checkMs', key: 'schema_expected_number', params: { got: 'string' } },
      ]);
      expect(await page.$eval('.profile-problems', (el) => el.textContent)).toContain('timeouts.checkMs');
      expect(run.diagnostics.length).toBe(run.planned);
    } finally {
      await harness.close();
    }
  });
});
