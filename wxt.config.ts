import { defineConfig } from 'wxt';
import { CHROMIUM_PUBLIC_KEY, GECKO_ID } from './utils/extension-ids';
import { BUILTIN_PROFILE } from './utils/profile/builtin';
import { DECLARED_CATEGORIES } from './utils/reporting/consent';

/**
 * Host permissions: exactly the hosts of the built-in profile's web endpoints (any port,
 * HTTPS only: every origin and endpoint there is HTTPS and the fixed-room probe starts TLS;
 * no check needs plain HTTP), so probes can read statuses and the browser's own network errors.
 */
const HOSTS = [
  ...new Set(
    [...BUILTIN_PROFILE.app.origins, ...BUILTIN_PROFILE.network.https.map((e) => e.url)]
      .map((url) => new URL(url).hostname)
      .concat(BUILTIN_PROFILE.network.tcp.map((t) => t.host)),
  ),
].map((host) => `https://${host}/*`);

/**
 * Test-only build (`READINESS_TEST_NO_ICE_ERROR_EVENT=1 wxt build -b firefox`): the extension
 * behaves as if RTCPeerConnection had no `icecandidateerror` event, as in every Firefox ESR
 * before 150, so end-to-end tests can prove that path in the Firefox here. It builds into
 * its own folder (`.output/firefox-mv2-no-ice-error-event`): the normal build stays untouched.
 */
const NO_ICE_ERROR_EVENT = process.env.READINESS_TEST_NO_ICE_ERROR_EVENT === '1';

/**
 * Build-time overrides for administrators who self-host the Chromium package (see
 * tests/tools/pack.ts, `npm run pack`); unset, the build is the default one:
 * - READINESS_MANIFEST_KEY: base64 SubjectPublicKeyInfo of the admin's own signing key (the
 *   manifest `key`, hence the extension id, must match the key the CRX is signed with);
 * - READINESS_UPDATE_URL: where Chromium looks for updates of the self-hosted package;
 * - READINESS_VERSION: the version (a higher one to roll out an update).
 */
const OVERRIDES = {
  key: process.env.READINESS_MANIFEST_KEY || CHROMIUM_PUBLIC_KEY,
  updateUrl: process.env.READINESS_UPDATE_URL || undefined,
  version: process.env.READINESS_VERSION || undefined,
};

/**
 * One codebase, two manifests:
 * - Chrome / Edge: Manifest V3, service-worker background, minimum 116.
 * - Firefox ESR: Manifest V2 (ESR 102 has no MV3), background page, minimum 102.
 * Every permission is justified in docs/permissions.md.
 */
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  ...(NO_ICE_ERROR_EVENT && { outDirTemplate: '{{browser}}-mv{{manifestVersion}}-no-ice-error-event' }),
  manifest: ({ browser }) => {
    const firefox = browser === 'firefox';
    return {
      name: '__MSG_extName__',
      ...(OVERRIDES.version && { version: OVERRIDES.version }),
      description: '__MSG_extDescription__',
      default_locale: 'fr',
      action: { default_title: '__MSG_extName__' },
      permissions: firefox
        ? [
            'storage',
            'webRequest',
            'webRequestBlocking',
            'privacy',
            'proxy',
            'browserSettings',
            'alarms',
            'notifications',
            ...HOSTS,
          ]
        : [
            'storage',
            'alarms',
            'notifications',
            'webRequest',
            'privacy',
            'contentSettings',
            'proxy',
            'offscreen',
            'system.cpu',
            'system.memory',
            'system.display',
          ],
      ...(!firefox && { host_permissions: HOSTS }),
      ...(firefox
        ? {
            browser_specific_settings: {
              gecko: {
                id: GECKO_ID,
                strict_min_version: '102.0',
                // Firefox 140+'s data consent (older versions ignore the key). The checks need no
                // data to leave the browser (`none` required); reporting to the organisation's
                // collector (managed `reporting`) sends only what the user allowed, and waits
                // until then (utils/reporting/consent.ts, docs/permissions.md).
                data_collection_permissions: { required: ['none'], optional: [...DECLARED_CATEGORIES] },
              },
            },
          }
        : {
            key: OVERRIDES.key,
            ...(OVERRIDES.updateUrl && { update_url: OVERRIDES.updateUrl }),
            minimum_chrome_version: '116',
            storage: { managed_schema: 'managed_schema.json' },
          }),
    };
  },
  vite: ({ browser }) => ({
    build: { target: browser === 'firefox' ? 'firefox102' : 'chrome116' },
    define: { 'import.meta.env.TEST_NO_ICE_ERROR_EVENT': JSON.stringify(NO_ICE_ERROR_EVENT) },
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  }),
  zip: { artifactTemplate: '{{name}}-{{version}}-{{browser}}.zip' },
});
