import { CHROMIUM_EXTENSION_ID, GECKO_ID } from '../extension-ids';

/**
 * The administrator's kit: ready-to-deploy policy files that force-install the extension and
 * hand it its managed settings, for Chrome/Chromium/Edge on Linux (JSON), Chrome and Edge on
 * Windows (.reg) and Firefox (policies.json). Pure: the command line (`npm run admin`) and the
 * options page's downloads both call it.
 */
export interface KitOptions {
  /** The managed settings, written as they are (the profile as JSON text, as the schema says). */
  settings: Record<string, unknown>;
  /** Chromium extension id: a store listing's id, or the one of your own packing key. */
  chromiumId?: string;
  /** Update manifest URL of the Chromium build (self-hosted `updates.xml`, or a store's). */
  updateUrl?: string;
  /** Where Firefox downloads the signed XPI from; without it, Firefox gets settings only. */
  xpiUrl?: string;
}

export interface KitFile {
  name: string;
  /** Text; `.reg` files are written as UTF-16LE with a byte-order mark (what regedit reads). */
  content: string;
  encoding: 'utf8' | 'utf16le';
}

/** The Chrome Web Store's update service: the default for an extension installed from the store. */
export const CHROME_STORE_UPDATE_URL = 'https://clients2.google.com/service/update2/crx';

/** Windows registry roots of each browser's machine policies. */
export const REGISTRY_ROOTS = {
  chrome: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Google\\Chrome',
  edge: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Edge',
} as const;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Chrome/Chromium/Edge policy JSON for Linux (`/etc/…/policies/managed/`). */
export function chromiumPolicy(options: KitOptions): Record<string, unknown> {
  const id = options.chromiumId ?? CHROMIUM_EXTENSION_ID;
  return {
    ExtensionInstallForcelist: [`${id};${options.updateUrl ?? CHROME_STORE_UPDATE_URL}`],
    '3rdparty': { extensions: { [id]: options.settings } },
  };
}

/** Firefox `policies.json`: force-install from `xpiUrl` (when given) and the managed settings. */
export function firefoxPolicies(options: KitOptions): Record<string, unknown> {
  return {
    policies: {
      ...(options.xpiUrl && {
        ExtensionSettings: { [GECKO_ID]: { installation_mode: 'force_installed', install_url: options.xpiUrl } },
      }),
      '3rdparty': { Extensions: { [GECKO_ID]: options.settings } },
    },
  };
}

/** A .reg string value: backslashes and quotes escaped; no line breaks (JSON text has none). */
const regString = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * A registry value as Chrome reads policy: booleans and integers as REG_DWORD, text as REG_SZ,
 * lists and objects as REG_SZ holding JSON (Chrome's registry form of a dictionary policy).
 */
function regValue(value: unknown): string {
  if (typeof value === 'boolean') return `dword:${value ? '00000001' : '00000000'}`;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff)
    return `dword:${value.toString(16).padStart(8, '0')}`;
  return regString(typeof value === 'string' ? value : JSON.stringify(value));
}

/** A Windows .reg file for Chrome or Edge: the force-install entry and the managed settings. */
export function registryFile(browser: keyof typeof REGISTRY_ROOTS, options: KitOptions): string {
  const root = REGISTRY_ROOTS[browser];
  const id = options.chromiumId ?? CHROMIUM_EXTENSION_ID;
  const lines = [
    'Windows Registry Editor Version 5.00',
    '',
    `[${root}\\ExtensionInstallForcelist]`,
    `"1"=${regString(`${id};${options.updateUrl ?? CHROME_STORE_UPDATE_URL}`)}`,
    '',
    `[${root}\\3rdparty\\extensions\\${id}\\policy]`,
    ...Object.entries(options.settings).map(([name, value]) => `${regString(name)}=${regValue(value)}`),
    '',
  ];
  return `\ufeff${lines.join('\r\n')}`;
}

function readme(options: KitOptions): string {
  const id = options.chromiumId ?? CHROMIUM_EXTENSION_ID;
  return [
    'Therap-e readiness: deployment kit',
    '',
    `Chromium extension id: ${id}`,
    `Update URL: ${options.updateUrl ?? CHROME_STORE_UPDATE_URL}`,
    `Firefox add-on id: ${GECKO_ID}`,
    '',
    'chromium-linux.json   Linux. Chromium: /etc/chromium/policies/managed/therape-readiness.json',
    '                      Google Chrome: /etc/opt/chrome/policies/managed/therape-readiness.json',
    '                      Microsoft Edge: /etc/opt/edge/policies/managed/therape-readiness.json',
    'chrome.reg            Windows, Google Chrome: double-click as an administrator, or import',
    '                      with `reg import chrome.reg` (or set the same values by GPO).',
    'edge.reg              Windows, Microsoft Edge: the same, under Microsoft\\Edge.',
    '                      Both write value "1" of ExtensionInstallForcelist: if that list',
    '                      already has entries, renumber ours to the next free number.',
    'firefox-policies.json Firefox: <install folder>/distribution/policies.json (merge with',
    '                      an existing one), or the same settings by GPO.',
    options.xpiUrl
      ? `                      Installs the add-on from ${options.xpiUrl} (a signed XPI).`
      : '                      No XPI URL was given: it configures the add-on but does not install it.',
    ...(options.settings.reporting === undefined
      ? []
      : [
          '',
          'Reporting and Firefox 140+: Firefox sends nothing to your collector until the user of',
          'each Firefox profile allows it once (options page, "Allow sending to my organisation");',
          'a policy install does not give that consent. Until then runs wait in the outbox.',
        ]),
    '',
    'Restart the browsers, then open chrome://policy (edge://policy, about:policies) to see',
    'the policies applied. The extension shows "installed by your organisation" and uses the',
    'profile. A malformed profile is reported in the popup and the built-in profile is used.',
    '',
  ].join('\n');
}

/** Every file of the kit, named as the README of the kit says. */
export function adminKit(options: KitOptions): KitFile[] {
  return [
    { name: 'chromium-linux.json', content: json(chromiumPolicy(options)), encoding: 'utf8' },
    { name: 'chrome.reg', content: registryFile('chrome', options), encoding: 'utf16le' },
    { name: 'edge.reg', content: registryFile('edge', options), encoding: 'utf16le' },
    { name: 'firefox-policies.json', content: json(firefoxPolicies(options)), encoding: 'utf8' },
    { name: 'README.txt', content: readme(options), encoding: 'utf8' },
  ];
}
