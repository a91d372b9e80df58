import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CHROMIUM_EXTENSION_ID, GECKO_ID } from '../../utils/extension-ids';
import type { BrowserName } from './browsers';

/**
 * Enterprise policy as the browsers really read it: Chromium from
 * /etc/chromium/policies/managed/*.json, Firefox from distribution/policies.json. These are
 * machine-wide files: each test writes its own and removes it afterwards. Nothing is restored:
 * a file found there is a leftover of a killed run (no real policy lives on a test machine),
 * and putting it back would hand it to the next test.
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

/** Writes a machine-wide policy file; the returned function removes it, whatever was there before. */
export function writePolicyFile(file: string, document: unknown): () => void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(document));
  return () => rmSync(file, { force: true });
}

/** Writes the managed settings (and other `policies`) for `name`; returns what removes the file. */
export function writeManagedSettings(
  name: BrowserName,
  settings: Record<string, unknown>,
  policies?: Record<string, unknown>,
): () => void {
  return writePolicyFile(POLICY_FILES[name], policyDocument(name, settings, policies));
}
