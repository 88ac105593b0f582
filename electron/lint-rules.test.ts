// Proves the layout in ARCHITECTURE.md is enforced: each wrong arrow below fails `eslint`, and the
// right ones pass. The imports point at files that exist, so the rules see resolved paths.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

/** The rule ids of the errors ESLint reports for `code` as if it were the file at `filePath`. */
async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (result === undefined) throw new Error('ESLint returned no result.');
  return result.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

const wrongArrows: [string, string, string, string][] = [
  // [file, import, what it uses, rule that must fire]
  ['electron/core/x.ts', '../main/index', '', 'import-x/no-restricted-paths'],
  ['electron/core/x.ts', '../preload/api', 'type', 'import-x/no-restricted-paths'],
  ['electron/core/x.ts', 'electron', 'app', 'no-restricted-imports'],
  ['electron/contract/x.ts', '../core/shared/clock', 'systemClock', 'import-x/no-restricted-paths'],
  ['electron/contract/x.ts', 'node:path', 'path', 'no-restricted-imports'],
  ['electron/contract/x.ts', 'uuid', 'v7', 'no-restricted-imports'],
  [
    'electron/contract/x.test.ts',
    '../core/shared/clock',
    'systemClock',
    'import-x/no-restricted-paths',
  ],
  ['electron/devices/x.ts', '../core/shared/clock', 'systemClock', 'import-x/no-restricted-paths'],
  ['electron/devices/x.ts', 'electron', 'app', 'no-restricted-imports'],
  ['electron/preload/x.ts', '../core/shared/clock', 'systemClock', 'import-x/no-restricted-paths'],
  ['electron/preload/x.ts', 'node:fs', 'fs', 'import-x/no-nodejs-modules'],
  ['electron/station/x.ts', '../../db/open', 'openDatabase', 'import-x/no-restricted-paths'],
  ['electron/station/x.ts', '../main/index', '', 'import-x/no-restricted-paths'],
  ['renderer/x.ts', '../db/open', 'openDatabase', 'import-x/no-restricted-paths'],
  ['renderer/x.ts', '../electron/core/shared/clock', 'systemClock', 'import-x/no-restricted-paths'],
  ['renderer/x.ts', '../electron/contract/errors', 'localise', 'no-restricted-imports'],
  ['renderer/x.ts', '../electron/contract', 'channels', 'no-restricted-imports'],
  ['renderer/x.ts', '../electron/contract/vocabulary.test', 'x', 'no-restricted-imports'],
  ['electron/contract/vocabulary.ts', 'zod', 'z', 'no-restricted-imports'],
  ['electron/contract/vocabulary.ts', './formats', 'isCalendarDate', 'no-restricted-imports'],
  ['renderer/x.ts', '../electron/preload/index', 'type', 'import-x/no-restricted-paths'],
  ['renderer/x.ts', 'node:fs', 'fs', 'import-x/no-nodejs-modules'],
  ['renderer/x.ts', 'electron', 'ipcRenderer', 'no-restricted-imports'],
  ['db/x.ts', '../electron/contract/errors', 'localise', 'import-x/no-restricted-paths'],
  ['db/x.ts', '../renderer/App', 'App', 'import-x/no-restricted-paths'],
];

const rightArrows: [string, string, string][] = [
  // [file, import, what it uses]
  ['electron/core/x.ts', '../contract/errors', 'localise'],
  ['electron/core/x.ts', '../../db/open', 'openDatabase'],
  ['electron/core/x.ts', './shared/clock', 'systemClock'],
  ['electron/core/x.ts', 'node:path', 'path'],
  ['electron/station/x.ts', '../core/shared/clock', 'systemClock'],
  ['electron/station/x.ts', '../contract/errors', 'localise'],
  ['electron/contract/x.ts', 'zod', 'z'],
  ['electron/contract/x.ts', './errors', 'localise'],
  ['electron/contract/x.test.ts', 'vitest', 'expect'],
  ['electron/devices/x.ts', '../contract/errors', 'localise'],
  ['electron/preload/x.ts', 'electron', 'ipcRenderer'],
  ['electron/preload/x.ts', '../contract/errors', 'localise'],
  ['electron/main/x.ts', 'electron', 'app'],
  ['electron/main/x.ts', '../../db/open', 'openDatabase'],
  ['electron/main/x.ts', '../core/shared/clock', 'systemClock'],
  ['renderer/x.ts', '../electron/contract/errors', 'type'],
  ['renderer/x.ts', '../electron/contract/vocabulary', 'DOC_TYPES'],
  ['renderer/x.ts', '../electron/preload/api', 'type'],
];

/** A module that imports `source` and uses it, so only the import rules can object. */
function importing(source: string, binding: string): string {
  if (binding === '') return `import '${source}';\n`;
  if (binding === 'type')
    return `import type * as T from '${source}';\nexport type X = typeof T;\n`;
  const isNamespace = source.startsWith('node:');
  const clause = isNamespace ? `* as ${binding}` : `{ ${binding} }`;
  return `import ${clause} from '${source}';\nexport const x = ${binding};\n`;
}

describe('the import rules (ARCHITECTURE.md, Layout)', () => {
  it.each(wrongArrows)('%s importing %s fails', async (file, source, binding, rule) => {
    expect(await errorsFor(file, importing(source, binding))).toContain(rule);
  });

  it.each(rightArrows)('%s importing %s passes', async (file, source, binding) => {
    expect(await errorsFor(file, importing(source, binding))).toEqual([]);
  });

  it('forbids `any`', async () => {
    expect(await errorsFor('electron/core/x.ts', 'export const x: any = 1;\n')).toContain(
      '@typescript-eslint/no-explicit-any',
    );
  });

  it('ignores build output and migrations', async () => {
    expect(await eslint.isPathIgnored('out/main/index.js')).toBe(true);
    expect(await eslint.isPathIgnored('db/migrations/x.ts')).toBe(true);
  });
});
