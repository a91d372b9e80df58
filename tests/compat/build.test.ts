import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PROFILE } from '../../utils/profile/builtin';
import { analyse } from './analyse';

const ROOT = resolve(__dirname, '../..');
const BUILDS = ['chrome-mv3', 'firefox-mv2'];

const jsFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : [],
  );

const manifest = (build: string) => JSON.parse(readFileSync(join(ROOT, '.output', build, 'manifest.json'), 'utf8'));

describe.each(BUILDS)('built output %s', (build) => {
  const dir = join(ROOT, '.output', build);

  it('exists (run `npm run build` first)', () => {
    expect(existsSync(join(dir, 'manifest.json'))).toBe(true);
  });

  it('has only JavaScript that parses and calls APIs available in Chrome 116 and Firefox 102', () => {
    const files = jsFiles(dir);
    expect(files.length).toBeGreaterThan(2);
    const findings = files.flatMap((file) =>
      analyse(readFileSync(file, 'utf8')).map((f) => `${relative(dir, file)}: ${f.kind} ${f.name} (${f.detail})`),
    );
    expect(findings).toEqual([]);
  });

  it('really sees the bundle’s API calls (against Chrome 30 / Firefox 40 they are flagged)', () => {
    const names = new Set(
      jsFiles(dir).flatMap((file) =>
        analyse(readFileSync(file, 'utf8'), { chrome: 30, firefox: 40 }).map((f) => f.name),
      ),
    );
    for (const expected of ['storage.local', 'runtime.connect', 'structuredClone']) expect(names).toContain(expected);
  });
});

describe('event check on a real bundle', () => {
  // The test-only build (npm run build:no-ice-error-event) compiles the feature test to `false`:
  // the same icecandidateerror listener is then unguarded, and the gate must say so.
  const dir = join(ROOT, '.output', 'firefox-mv2-no-ice-error-event');
  const events = (build: string) =>
    jsFiles(build).flatMap((file) => analyse(readFileSync(file, 'utf8')).filter((f) => f.kind === 'event'));

  it('flags the icecandidateerror listener once its feature test is gone, and passes the shipped build', () => {
    expect(existsSync(dir), 'run `npm run build:no-ice-error-event` first').toBe(true);
    // One finding per bundle holding a listener (the background, and the device test page's call).
    const found = events(dir);
    expect(found.length).toBeGreaterThan(0);
    expect(found).toEqual(
      found.map(() => ({
        kind: 'event',
        name: 'icecandidateerror',
        detail: 'missing in firefox 102 (RTCPeerConnection)',
      })),
    );
    expect(events(join(ROOT, '.output', 'firefox-mv2'))).toEqual([]);
  });
});

describe('manifests', () => {
  it('Chromium: Manifest V3, minimum 116, fixed key, managed storage schema, Chromium-only permissions', () => {
    const m = manifest('chrome-mv3');
    expect(m).toMatchObject({
      manifest_version: 3,
      minimum_chrome_version: '116',
      storage: { managed_schema: 'managed_schema.json' },
    });
    expect(typeof m.key).toBe('string');
    expect(m.background.service_worker).toBeDefined();
  });

  it('Firefox: Manifest V2, fixed gecko id, minimum 102.0, no permission Firefox rejects', () => {
    const m = manifest('firefox-mv2');
    expect(m).toMatchObject({
      manifest_version: 2,
      browser_specific_settings: { gecko: { id: 'therape-readiness@readiness-check', strict_min_version: '102.0' } },
    });
    expect(
      m.permissions.filter((p: string) => p === 'contentSettings' || p.startsWith('system.') || p === 'offscreen'),
    ).toEqual([]);
    expect(m.key).toBeUndefined();
  });

  it('asks host access over HTTPS only, for exactly the built-in profile’s hosts', () => {
    const builtInHosts = [
      ...BUILTIN_PROFILE.app.origins,
      ...BUILTIN_PROFILE.network.https.map((e) => e.url),
      ...BUILTIN_PROFILE.network.tcp.map((t) => `https://${t.host}`),
    ].map((url) => `https://${new URL(url).hostname}/*`);
    const chromium: string[] = manifest('chrome-mv3').host_permissions;
    // Firefox MV2 lists host patterns among its permissions; every other entry is an API name.
    const firefox = (manifest('firefox-mv2').permissions as string[]).filter(
      (p) => p.includes('://') || p === '<all_urls>',
    );
    for (const patterns of [chromium, firefox]) {
      expect(patterns.filter((p) => !p.startsWith('https://'))).toEqual([]);
      expect([...patterns].sort()).toEqual([...new Set(builtInHosts)].sort());
    }
  });

  it('declares every permission with a written reason in docs/permissions.md', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'permissions.md'), 'utf8');
    const permissions = new Set([...manifest('chrome-mv3').permissions, ...manifest('firefox-mv2').permissions]);
    const hosts = new Set<string>(manifest('chrome-mv3').host_permissions);
    // One list item per permission: "- `name` (browsers): why."; host patterns share one item.
    const items = doc.split('\n').filter((line) => line.startsWith('- '));
    for (const permission of permissions) {
      const explained = permission.includes('://')
        ? items.some((item) => item.includes(`\`${permission}\``) && /\): \S/.test(item))
        : items.some((item) => item.startsWith(`- \`${permission}\` (`) && /\): \S/.test(item));
      expect(explained, `docs/permissions.md has no item for ${permission}`).toBe(true);
    }
    for (const host of hosts) expect(doc, host).toContain(`\`${host}\``);
    // Firefox's data collection categories (required and optional) are explained the same way.
    const { required = [], optional = [] } =
      manifest('firefox-mv2').browser_specific_settings.gecko.data_collection_permissions ?? {};
    for (const category of [...required, ...optional])
      expect(
        items.some((item) => item.startsWith(`- \`${category}\` (Firefox`) && /\): \S/.test(item)),
        `docs/permissions.md has no item for the data collection category ${category}`,
      ).toBe(true);
  });
});
