import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CHROMIUM_EXTENSION_ID, GECKO_ID } from '../../utils/extension-ids';
import type { BrowserName } from './browsers';

/**
 * Enterprise policy as the browsers really read it: Chromium from
 * /etc/chromium/policies/managed/*.json, Firefox from distribution/policies.json. These are
 * machine-wide files: each test writes its own and removes it (or restores what was there).
 */
export const POLICY_FILES: Record<BrowserName, string> = {
  chromium: '/etc/chromium/policies/managed/therape-readiness-e2e.json',
  firefox: '/usr/lib/firefox-esr/distribution/policies.json',
};

/** The extension's managed settings as each browser's policy file carries them, next to other `policies`. */
export function policyDocument(
  name: BrowserName,
  settings: Record<string, unknown>,
  policies: Record<string, unknown> = {},
): unknown {
  return name === 'chromium'
    ? { ...policies, '3rdparty': { extensions: { [CHROMIUM_EXTENSION_ID]: settings } } }
    : { policies: { ...policies, '3rdparty': { Extensions: { [GECKO_ID]: settings } } } };
}

/** Writes the managed settings (and other `policies`) for `name`; returns what puts the file back as it was. */
export function writeManagedSettings(
  name: BrowserName,
  settings: Record<string, unknown>,
  policies?: Record<string, unknown>,
): () => void {
  const file = POLICY_FILES[name];
  const previous = existsSync(file) ? readFileSync(file) : undefined;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(policyDocument(name, settings, policies)));
  return () => (previous ? writeFileSync(file, previous) : rmSync(file, { force: true }));
}
