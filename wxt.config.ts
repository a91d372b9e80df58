import { defineConfig } from 'wxt';
import { CHROMIUM_PUBLIC_KEY, GECKO_ID } from './utils/extension-ids';

/**
 * One codebase, two manifests:
 * - Chrome / Edge: Manifest V3, service-worker background, minimum 116.
 * - Firefox ESR: Manifest V2 (ESR 102 has no MV3), background page, minimum 102.
 * Every permission is justified in README.md ("Permissions").
 */
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  imports: false,
  manifest: ({ browser }) => {
    const firefox = browser === 'firefox';
    return {
      name: '__MSG_extName__',
      description: '__MSG_extDescription__',
      default_locale: 'fr',
      action: { default_title: '__MSG_extName__' },
      permissions: firefox ? ['storage'] : ['storage', 'system.cpu', 'system.memory', 'system.display'],
      ...(firefox
        ? {
            browser_specific_settings: {
              gecko: {
                id: GECKO_ID,
                strict_min_version: '102.0',
                // The extension collects and transmits nothing (AMO asks new add-ons to say so).
                data_collection_permissions: { required: ['none'] },
              },
            },
          }
        : {
            key: CHROMIUM_PUBLIC_KEY,
            minimum_chrome_version: '116',
            storage: { managed_schema: 'managed_schema.json' },
          }),
    };
  },
  vite: ({ browser }) => ({
    build: { target: browser === 'firefox' ? 'firefox102' : 'chrome116' },
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  }),
  zip: { artifactTemplate: '{{name}}-{{version}}-{{browser}}.zip' },
});
