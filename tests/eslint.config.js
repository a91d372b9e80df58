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
  'localStorage',
].map((name) => ({ name, message: `Reach ${name} through utils/platform (the only code that touches browser APIs).` }));

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
    rules: {
      'no-restricted-globals': ['error', ...GATEWAY_ONLY],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'wxt/browser', message: 'Only utils/platform imports wxt/browser.' }] },
      ],
    },
  },
  {
    basePath: ROOT,
    files: ['utils/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'wxt/browser', message: 'Only utils/platform imports wxt/browser.' }],
          patterns: ['**/components/**', '**/entrypoints/**'],
        },
      ],
    },
  },
  {
    basePath: ROOT,
    files: ['utils/platform/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/components/**', '**/entrypoints/**'] }] },
  },
);
