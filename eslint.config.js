// ESLint 9 flat config. The import rules below are the layout in ARCHITECTURE.md ("Layout"):
// a wrong arrow between folders fails `npm run lint`, and electron/lint-rules.test.ts proves it.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The project's folders ("layers"), relative to this file. */
const layers = {
  contract: 'electron/contract',
  core: 'electron/core',
  devices: 'electron/devices',
  main: 'electron/main',
  preload: 'electron/preload',
  station: 'electron/station',
  renderer: 'renderer',
  db: 'db',
  scripts: 'scripts',
};

/**
 * Which other layers each layer may import (its own files are always allowed).
 * Nobody lists `scripts`, so nothing imports scripts/.
 */
const mayImport = {
  contract: [], // zod only (see the contract block below)
  core: ['contract', 'db'],
  devices: ['contract'],
  main: ['contract', 'core', 'devices', 'preload', 'station', 'db'], // anything but renderer
  preload: ['contract'], // plus the 'electron' package
  station: ['contract', 'core'], // db goes through core
  renderer: ['contract', 'preload'], // types only, and of preload only api.ts (zone below)
  db: [], // drizzle and the SQLite driver only
};

/** One zone per layer: everything it may not import. */
const layerZones = Object.entries(mayImport).map(([layer, allowed]) => {
  const forbidden = Object.keys(layers).filter((l) => l !== layer && !allowed.includes(l));
  const allowedText =
    allowed.length > 0
      ? `may import only ${allowed.map((l) => `${layers[l]}/`).join(', ')} of the project`
      : 'imports no other project folder';
  return {
    target: `./${layers[layer]}`,
    from: forbidden.map((l) => `./${layers[l]}`),
    message: `${layers[layer]}/ ${allowedText} (ARCHITECTURE.md, Layout).`,
  };
});

const importZones = [
  ...layerZones,
  // The renderer may take the window.ppv type from preload/api.ts, nothing else of preload.
  {
    target: `./${layers.renderer}`,
    from: `./${layers.preload}`,
    except: ['./api.ts'],
    message: 'renderer/ may import only the PpvApi type from electron/preload/api.ts.',
  },
  // End-to-end tests drive the app from outside; they do not import scripts either.
  { target: './e2e', from: `./${layers.scripts}`, message: 'Nothing imports scripts/.' },
];

const tests = ['**/*.test.ts', '**/*.test.tsx'];

const electronOnlyInMainAndPreload = {
  regex: '^electron(/.*)?$',
  message:
    "The 'electron' package is for electron/main and electron/preload only; core, devices, station and renderer stay Electron-free.",
};

export default defineConfig(
  globalIgnores(['out/', 'dist/', 'node_modules/', 'db/migrations/', 'coverage/', 'test-results/']),

  js.configs.recommended,
  tseslint.configs.recommended,

  // Everything: Node globals, import resolution through the two TypeScript projects.
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: 'tsconfig.json', // references tsconfig.node.json and tsconfig.web.json
        }),
      ],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // The layout. An import that does not resolve is an error too, so no wrong arrow slips
      // past no-restricted-paths (which only checks imports it can resolve).
      'import-x/no-restricted-paths': [
        'error',
        { basePath: import.meta.dirname, zones: importZones },
      ],
      'import-x/no-unresolved': 'error',
      'import-x/no-self-import': 'error',
      'no-restricted-imports': ['error', { patterns: [electronOnlyInMainAndPreload] }],
    },
  },

  // Electron's own processes may use the electron package.
  {
    files: [`${layers.main}/**`, `${layers.preload}/**`],
    rules: { 'no-restricted-imports': 'off' },
  },

  // A sandboxed preload can require 'electron' and nothing of Node.
  {
    files: [`${layers.preload}/**`],
    rules: { 'import-x/no-nodejs-modules': 'error' },
  },

  // The contract imports zod and its own files, nothing else (its tests may also use vitest).
  {
    files: [`${layers.contract}/**`],
    ignores: tests,
    rules: {
      'import-x/no-nodejs-modules': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.|zod(/|$))',
              message: 'electron/contract imports zod only (ARCHITECTURE.md, Layout).',
            },
          ],
        },
      ],
    },
  },

  // The vocabulary the renderer imports as values: no zod, no other file.
  {
    files: [`${layers.contract}/vocabulary.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '.*',
              message:
                'electron/contract/vocabulary.ts imports nothing: the renderer bundles it as values.',
            },
          ],
        },
      ],
    },
  },

  // The renderer: a browser page that talks only to window.ppv and takes types from the contract.
  {
    files: [`${layers.renderer}/**`],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: [`${layers.renderer}/**`],
    ignores: tests, // tests run in Node and may read fixtures
    rules: {
      'import-x/no-nodejs-modules': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            electronOnlyInMainAndPreload,
            {
              // contract/vocabulary.ts is zod-free and imports nothing: its values are the renderer's too.
              regex: '(^|/)electron/(contract(/(?!vocabulary(\\.ts)?$)|$)|preload(/|$))',
              allowTypeImports: true,
              message:
                'renderer/ takes only types from electron/contract and electron/preload/api.ts (`import type`), and values from electron/contract/vocabulary.ts.',
            },
          ],
        },
      ],
    },
  },
);
