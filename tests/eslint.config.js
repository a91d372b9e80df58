// Run as `eslint -c tests/eslint.config.js .` (the project's top level is kept to the files the design fixes).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Browser and host APIs that only utils/platform may touch (the gateway, as in Bitwarden's BrowserApi). */
const GATEWAY_ONLY = [
  'browser',
  'chrome',
  'navigator',
  'screen',
  'devicePixelRatio',
  'RTCPeerConnection',
  'fetch',
  'indexedDB',
  'IDBKeyRange',
  'localStorage',
];
const gatewayMessage = (name) => `Reach ${name} through utils/platform (the only code that touches browser APIs).`;

/** The same names reached through the global object (`globalThis.navigator`, `window.fetch`, `self.indexedDB`). */
const GLOBAL_OBJECTS = ['globalThis', 'window', 'self'];

/** Modules only the gateway imports: the browser API wrapper and IndexedDB's. */
const GATEWAY_IMPORTS = [
  { name: 'wxt/browser', message: 'Only utils/platform imports wxt/browser.' },
  { name: 'idb', message: 'Only utils/platform opens IndexedDB (idb).' },
];

/**
 * Outside the gateway: no browser API by its bare name, through the global object, or by
 * import. `allow`: names one file is still allowed (see its block below).
 */
const gatewayRules = ({ patterns = [], allow = [] } = {}) => {
  const names = GATEWAY_ONLY.filter((name) => !allow.includes(name));
  return {
    'no-restricted-globals': ['error', ...names.map((name) => ({ name, message: gatewayMessage(name) }))],
    'no-restricted-properties': [
      'error',
      ...GLOBAL_OBJECTS.flatMap((object) =>
        names.map((property) => ({ object, property, message: gatewayMessage(property) })),
      ),
    ],
    'no-restricted-imports': [
      'error',
      { paths: GATEWAY_IMPORTS.filter((p) => !allow.includes(p.name)), ...(patterns.length && { patterns }) },
    ],
  };
};
const UTILS_PATTERNS = ['**/components/**', '**/entrypoints/**'];

export default tseslint.config(
  { ignores: ['**/.output/**', '**/.wxt/**', '**/node_modules/**', '**/coverage/**', '**/.artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    basePath: ROOT,
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    basePath: ROOT,
    files: ['utils/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'entrypoints/**/*.{ts,tsx}'],
    ignores: ['utils/platform/**'],
    rules: gatewayRules(),
  },
  {
    basePath: ROOT,
    files: ['utils/**/*.{ts,tsx}'],
    ignores: ['utils/platform/**'],
    rules: gatewayRules({ patterns: UTILS_PATTERNS }),
  },
  {
    basePath: ROOT,
    files: ['utils/platform/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/components/**', '**/entrypoints/**'] }] },
  },
);
