import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The layer rules of DESIGN.md, enforced here rather than remembered: imports only go down.
const nodeBuiltins = ['node:*', 'fs', 'fs/promises', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'url', 'util', 'stream', 'worker_threads'];
const electronOnly = { regex: '^electron(/.*)?$', message: 'Only electron/main and electron/preload may import electron.' };

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'fixtures/**', '.bench/**', 'e2e/fixtures/fake-hub/repos/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-imports': ['error', { patterns: [electronOnly] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          electronOnly,
          { group: nodeBuiltins, message: 'shared/ is pure: no Node modules (do I/O in electron/services).' },
          { group: ['react', 'react-dom', 'zustand', 'monaco-editor', 'monaco-editor/*'], message: 'shared/ is pure: no UI libraries.' },
          { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ sits below electron/ and renderer/.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          electronOnly,
          { group: nodeBuiltins, message: 'The renderer has no Node: reach the services through platform/bridge.' },
          { group: ['**/electron/**'], message: 'The renderer reaches the services only through platform/bridge.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/src/platform/**'],
    rules: { 'no-restricted-properties': ['error', { object: 'window', property: 'bringup', message: 'Reach the services through renderer/src/platform/bridge.ts.' }] },
  },
  {
    files: ['electron/services/**/*.ts', 'electron/cli/**/*.ts', 'electron/web/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [electronOnly, { group: ['**/renderer/**', 'react', 'react-dom'], message: 'Node faces and services never import the UI.' }],
      }],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: 'The main process never imports the UI.' }] }] },
  },
  {
    files: ['e2e/fixtures/**/*.mjs', 'scripts/**/*.mjs', 'bin/**/*.js'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
