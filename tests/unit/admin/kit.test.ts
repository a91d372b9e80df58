import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminKit, CHROME_STORE_UPDATE_URL, type KitFile } from '../../../utils/admin/kit';
import { CHROMIUM_EXTENSION_ID, GECKO_ID } from '../../../utils/extension-ids';
import { BUILTIN_PROFILE } from '../../../utils/profile/builtin';

const profile = { ...structuredClone(BUILTIN_PROFILE), name: 'Hôpital « Nord » \\ site "A"' };
const settings = { profile: JSON.stringify(profile), allowUserProfiles: false, maxRuns: 300 };
const file = (files: KitFile[], name: string) => files.find((f) => f.name === name)!;

/**
 * A strict reader of the .reg format regedit imports (version 5): a header, blank lines,
 * `[key]` lines and `"name"=value` lines with value `"text"` (\\ and \" escaped) or
 * `dword:xxxxxxxx`. Throws on any other line; returns key → name → typed value.
 */
function parseReg(text: string): Record<string, Record<string, string | number>> {
  const lines = text.split('\r\n');
  if (lines[0] !== 'Windows Registry Editor Version 5.00') throw new Error(`header: ${lines[0]}`);
  const keys: Record<string, Record<string, string | number>> = {};
  let key: string | undefined;
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const section = /^\[([^\]]+)\]$/.exec(line);
    if (section) {
      key = section[1]!;
      keys[key] = {};
      continue;
    }
    const value = /^"((?:[^"\\]|\\.)*)"=(?:"((?:[^"\\]|\\.)*)"|dword:([0-9a-f]{8}))$/.exec(line);
    if (!value || !key) throw new Error(`not a .reg line: ${line.slice(0, 80)}`);
    const unescape = (s: string) => s.replace(/\\(.)/g, '$1');
    keys[key]![unescape(value[1]!)] = value[2] !== undefined ? unescape(value[2]) : parseInt(value[3]!, 16);
  }
  return keys;
}

describe('administrator kit', () => {
  const files = adminKit({
    settings,
    updateUrl: 'https://it.example/ext/updates.xml',
    xpiUrl: 'https://it.example/ext/r.xpi',
  });

  it('writes the five files the README of the kit names', () => {
    expect(files.map((f) => f.name)).toEqual([
      'chromium-linux.json',
      'chrome.reg',
      'edge.reg',
      'firefox-policies.json',
      'README.txt',
    ]);
  });

  it('Linux policy: force-install from the update URL, settings under 3rdparty for the extension id', () => {
    expect(JSON.parse(file(files, 'chromium-linux.json').content)).toEqual({
      ExtensionInstallForcelist: [`${CHROMIUM_EXTENSION_ID};https://it.example/ext/updates.xml`],
      '3rdparty': { extensions: { [CHROMIUM_EXTENSION_ID]: settings } },
    });
  });

  it.each([
    ['chrome.reg', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome'],
    ['edge.reg', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Edge'],
  ])('%s: UTF-16 with BOM, CRLF, the exact keys and value types %s reads', (name, root) => {
    const reg = file(files, name);
    expect(reg.encoding).toBe('utf16le');
    expect(reg.content.startsWith('\ufeff')).toBe(true);
    expect(reg.content.slice(1).replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(parseReg(reg.content.slice(1))).toEqual({
      [`${root}\\ExtensionInstallForcelist`]: { '1': `${CHROMIUM_EXTENSION_ID};https://it.example/ext/updates.xml` },
      [`${root}\\3rdparty\\extensions\\${CHROMIUM_EXTENSION_ID}\\policy`]: {
        profile: settings.profile,
        allowUserProfiles: 0,
        maxRuns: 300,
      },
    });
    // The profile survives the escaping: backslashes, quotes and accents read back the same.
    const value = parseReg(reg.content.slice(1))[`${root}\\3rdparty\\extensions\\${CHROMIUM_EXTENSION_ID}\\policy`]!;
    expect(JSON.parse(value.profile as string).name).toBe('Hôpital « Nord » \\ site "A"');
  });

  it('Firefox: force-installs from the XPI URL when given, and carries the settings', () => {
    expect(JSON.parse(file(files, 'firefox-policies.json').content)).toEqual({
      policies: {
        ExtensionSettings: {
          [GECKO_ID]: { installation_mode: 'force_installed', install_url: 'https://it.example/ext/r.xpi' },
        },
        '3rdparty': { Extensions: { [GECKO_ID]: settings } },
      },
    });
    const settingsOnly = adminKit({ settings });
    expect(JSON.parse(file(settingsOnly, 'firefox-policies.json').content).policies.ExtensionSettings).toBeUndefined();
    expect(file(settingsOnly, 'README.txt').content).toContain('does not install it');
    expect(file(settingsOnly, 'README.txt').content).not.toContain('Firefox 140+');
    expect(JSON.parse(file(settingsOnly, 'chromium-linux.json').content).ExtensionInstallForcelist).toEqual([
      `${CHROMIUM_EXTENSION_ID};${CHROME_STORE_UPDATE_URL}`,
    ]);
  });

  it("README: with reporting, says Firefox 140+ waits for each user's consent", () => {
    const kit = adminKit({ settings: { ...settings, reporting: { endpoint: 'https://otel.it.example:4318' } } });
    expect(file(kit, 'README.txt').content).toContain('a policy install does not give that consent');
  });
});

describe('npm run admin', () => {
  const ROOT = resolve(__dirname, '../../..');
  const admin = (...args: string[]) =>
    spawnSync('npx', ['tsx', 'tests/tools/admin.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

  it('writes the kit for a valid profile, and refuses a bad one field by field with nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'admin-kit-'));
    try {
      const good = join(dir, 'good.json');
      writeFileSync(good, JSON.stringify(profile));
      const ok = admin('--profile', good, '--out', join(dir, 'kit'), '--update-url', 'https://it.example/u.xml');
      expect(ok.status, ok.stderr).toBe(0);
      expect(readdirSync(join(dir, 'kit')).sort()).toEqual(
        ['README.txt', 'chrome.reg', 'chromium-linux.json', 'edge.reg', 'firefox-policies.json'].sort(),
      );
      const reg = readFileSync(join(dir, 'kit', 'edge.reg'));
      expect([...reg.subarray(0, 2)]).toEqual([0xff, 0xfe]);

      const bad = join(dir, 'bad.json');
      writeFileSync(
        bad,
        JSON.stringify({ ...profile, app: { origins: ['https://*'] }, clock: { maxOffsetSeconds: -1 } }),
      );
      const refused = admin('--profile', bad, '--out', join(dir, 'bad-kit'));
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain('error: app.origins[0]: “https://*” is not an origin');
      expect(refused.stderr).toContain('error: clock.maxOffsetSeconds: -1 is outside 0.1–86400');
      expect(existsSync(join(dir, 'bad-kit'))).toBe(false);

      const extra = join(dir, 'settings.json');
      writeFileSync(extra, JSON.stringify({ labels: { site: 'Nord' }, allowUserProfiles: false }));
      expect(admin('--profile', good, '--out', join(dir, 'kit2'), '--settings', extra).status).toBe(0);
      const linux = JSON.parse(readFileSync(join(dir, 'kit2', 'chromium-linux.json'), 'utf8'));
      expect(linux['3rdparty'].extensions[CHROMIUM_EXTENSION_ID]).toMatchObject({
        labels: { site: 'Nord' },
        allowUserProfiles: false,
      });
      // The reporting key: validated like the extension does (reporting off on any error), carried as it is.
      const reporting = { endpoint: 'https://otel.it.example:4318', headers: { Authorization: 'Bearer KITTOKEN' } };
      writeFileSync(extra, JSON.stringify({ reporting }));
      expect(admin('--profile', good, '--out', join(dir, 'kit4'), '--settings', extra).status).toBe(0);
      const withReporting = JSON.parse(readFileSync(join(dir, 'kit4', 'chromium-linux.json'), 'utf8'));
      expect(withReporting['3rdparty'].extensions[CHROMIUM_EXTENSION_ID].reporting).toEqual(reporting);
      writeFileSync(extra, JSON.stringify({ reporting: { ...reporting, endpoint: 'http://otel.it.example' } }));
      const plain = admin('--profile', good, '--out', join(dir, 'kit5'), '--settings', extra);
      expect(plain.status).toBe(1);
      expect(plain.stderr).toContain('error: reporting.endpoint:');
      expect(plain.stderr).not.toContain('KITTOKEN');
      writeFileSync(extra, JSON.stringify({ labels: { site: 5 }, colour: 'red' }));
      const badSettings = admin('--profile', good, '--out', join(dir, 'kit3'), '--settings', extra);
      expect(badSettings.status).toBe(1);
      expect(badSettings.stderr).toContain('error: colour: not a setting');
      expect(badSettings.stderr).toContain('error: labels.site:');
      expect(existsSync(join(dir, 'kit3'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
