/**
 * The administrator's kit from a profile:
 *   npm run admin -- --profile FILE --out DIR [--settings FILE] [--update-url URL] [--id ID] [--xpi-url URL]
 * Validates the profile with the extension's own validator (field-level errors, exit 1 on a
 * bad profile) and the other managed settings (`--settings`: a JSON object with `labels`,
 * `allowUserProfiles`, `attestations`, `profileUrl`; exit 1 on any problem), then writes chromium-linux.json, chrome.reg, edge.reg, firefox-policies.json
 * and README.txt into DIR. With `profileUrl`, the profile FILE is what you host at that URL:
 * validated the same way, and not written into the policy (a `profile` key would win).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { adminKit } from '../../utils/admin/kit';
import { catalogueTranslator } from '../../utils/i18n/format';
import { parseManagedSettings } from '../../utils/profile/managed';
import { planProfileUrl } from '../../utils/profile/remote';
import { validateProfile } from '../../utils/profile/schema';

const ROOT = resolve(import.meta.dirname, '../..');
const t = catalogueTranslator(JSON.parse(readFileSync(join(ROOT, 'public/_locales/en/messages.json'), 'utf8')));

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function usage(problem: string): never {
  console.error(`admin: ${problem}`);
  console.error(
    'usage: npm run admin -- --profile FILE --out DIR [--settings FILE] [--update-url URL] [--id ID] [--xpi-url URL]',
  );
  process.exit(2);
}

const profileFile = arg('profile') ?? usage('--profile FILE is required');
const out = arg('out') ?? usage('--out DIR is required');
const updateUrl = arg('update-url');
const chromiumId = arg('id');
const xpiUrl = arg('xpi-url');
for (const [name, value] of [
  ['--update-url', updateUrl],
  ['--xpi-url', xpiUrl],
] as const) {
  if (value !== undefined && !/^https?:\/\/[^\s]+$/.test(value)) usage(`${name} must be an http(s) URL`);
}
if (chromiumId !== undefined && !/^[a-p]{32}$/.test(chromiumId)) usage('--id must be 32 letters a to p');

function read(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    usage(`cannot read ${file}: ${(error as Error).message}`);
  }
}
const text = read(profileFile);
const settingsFile = arg('settings');
let extra: Record<string, unknown> = {};
if (settingsFile) {
  try {
    extra = JSON.parse(read(settingsFile));
  } catch {
    usage(`${settingsFile} is not JSON`);
  }
  if (typeof extra !== 'object' || extra === null || Array.isArray(extra))
    usage(`${settingsFile} is not a JSON object`);
  const known = ['labels', 'allowUserProfiles', 'attestations', 'profileUrl', 'reporting', 'schedule'];
  const unknown = Object.keys(extra).filter((key) => !known.includes(key));
  const problems = [...parseManagedSettings(extra).problems, ...planProfileUrl(extra.profileUrl, false).problems];
  for (const key of unknown) console.error(`error: ${key}: not a setting (known: ${known.join(', ')})`);
  for (const problem of problems) console.error(`error: ${problem.path}: ${t(problem.key, problem.params)}`);
  if (unknown.length || problems.length) {
    console.error(`admin: ${settingsFile} has invalid settings; nothing written.`);
    process.exit(1);
  }
}
const result = validateProfile(text);
const issues = result.ok ? result.warnings : result.issues;
for (const issue of issues)
  console.error(
    `${issue.severity === 'warning' ? 'warning' : 'error'}: ${issue.path || '/'}: ${t(issue.key, issue.params)}`,
  );
if (!result.ok) {
  console.error(`admin: ${profileFile} is not a valid profile; nothing written.`);
  process.exit(1);
}

// The profile goes out as the admin wrote it (compact JSON text, what the managed schema says).
// With profileUrl, the profile is served from there: a `profile` key would win over it.
const settings = extra.profileUrl ? extra : { profile: JSON.stringify(JSON.parse(text)), ...extra };
mkdirSync(out, { recursive: true });
for (const file of adminKit({ settings, updateUrl, chromiumId, xpiUrl })) {
  const path = join(out, file.name);
  writeFileSync(path, file.content, file.encoding);
  console.log(path);
}
console.log(`admin: profile "${result.profile.name}" (${result.profile.id}) packed into ${out}`);
