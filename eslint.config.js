// @ts-check
/**
 * ESLint (flat config): typescript-eslint's recommended rules, the React hooks rules for the UI,
 * and the architecture as rules (README, "What is in it"):
 *   - src/core, the engine, imports nothing of src/state, src/viz, src/ui or src/platform, no
 *     React/DOM-only package, no browser-only global; outside its tests, no Node builtin either
 *     (the engine runs in the page and in Node);
 *   - src/viz imports nothing of src/state or src/ui;
 *   - src/state imports nothing of src/ui or src/viz;
 *   - no import cycle anywhere in src (type-only imports are erased at run time and do not count).
 * src/lint-rules.test.ts shows each of these rules firing. `npm run lint` runs it; CI runs that
 * before the tests. No formatting rules: layout is left to the author.
 */
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

/** Globals that exist in the browser but not in Node: the engine must not reach for them. */
const browserOnlyGlobals = Object.keys(globals.browser).filter((name) => !(name in globals.node) && !(name in globals.builtin));

/** Packages that need React or a DOM, kept out of the engine. */
const domOnlyPackages = ['react', 'react-dom', 'react-dom/*', 'react/*', 'zustand', 'zustand/*', 'idb-keyval', 'd3-transition', 'd3-selection'];

/** Which layer may not import which (paths from the repository root). */
const layerZones = [
  {
    target: './src/core',
    from: ['./src/state', './src/viz', './src/ui', './src/platform'],
    message: 'src/core is the engine: it imports nothing of state, viz, ui or platform.',
  },
  { target: './src/viz', from: ['./src/state', './src/ui'], message: 'src/viz draws what it is given: no state, no ui.' },
  { target: './src/state', from: ['./src/ui', './src/viz'], message: 'src/state is below the views: no ui, no viz.' },
];

export default defineConfig(
  globalIgnores(['dist/', 'public/', 'test-results/', 'playwright-report/', '.cache/']),

  {
    files: ['**/*.{ts,tsx,js}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      parserOptions: { projectService: true, tsconfigRootDir: root },
      globals: { ...globals.browser, ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // tsc's noUnusedLocals/noUnusedParameters already report these (and are the ones CI runs).
      '@typescript-eslint/no-unused-vars': 'off',
      // The type-aware rules that catch real bugs in async code: a promise nobody awaits or catches,
      // a promise where a plain value is expected (an async handler on onClick), awaiting a non-promise.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },

  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // Parse .ts/.tsx imports (import-x reads only .js files by default) and resolve them as tsc does.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: `${root}/tsconfig.json` })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: layerZones }],
    },
  },

  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: domOnlyPackages, message: 'src/core runs in Node: no React or DOM-only packages.' }] },
      ],
      'no-restricted-globals': ['error', ...browserOnlyGlobals.map((name) => ({ name, message: 'src/core runs in Node: no browser-only globals.' }))],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'import-x/no-nodejs-modules': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: [...layerZones, { target: './src/core', from: './src/node', message: 'src/core also runs in the page: src/node is for its tests and the scripts.' }],
        },
      ],
    },
  },

  {
    files: ['src/**/*.tsx', 'src/ui/**/*.ts'],
    extends: [reactHooks.configs.flat.recommended],
  },
);
