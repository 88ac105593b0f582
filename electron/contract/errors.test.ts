import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorMessages, localise, type ErrorCode } from './errors';

const codes = Object.keys(errorMessages) as ErrorCode[];

function testFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) return testFiles(full);
    return name.endsWith('.test.ts') && name !== 'errors.test.ts' ? [full] : [];
  });
}

describe('error messages', () => {
  it.each(codes)('%s has a Malay and an English message', (code) => {
    const { ms, en } = errorMessages[code];
    expect(ms.trim().length).toBeGreaterThan(10);
    expect(en.trim().length).toBeGreaterThan(10);
    expect(ms).not.toBe(en);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(localise('VIAL_EXPIRED', { lot: 'AB12', expiry: '2026-01-31' }).en).toBe(
      'Lot AB12 expired on 31/01/2026. Do not use this vial.',
    );
    expect(localise('VIAL_EXPIRED').ms).toContain('{lot}');
  });

  it('shows dates and times in messages as dd/mm/yyyy and 24-hour time, other values as given', () => {
    expect(localise('DAY_NOT_SEALED', { sessionDate: '2026-12-04' }).ms).toContain('04/12/2026');
    expect(localise('NOT_REGISTERED_BEFORE', { registeredAt: '2026-03-02 13:05' }).en).toContain(
      '02/03/2026 13:05',
    );
    expect(localise('VIAL_EXPIRED', { lot: '2026-01', expiry: '2026-01-31' }).en).toContain(
      'Lot 2026-01 expired on 31/01/2026',
    );
  });

  it('every error code is exercised by a test somewhere', () => {
    const root = path.resolve(import.meta.dirname, '..', '..');
    const corpus = ['electron', 'db', 'scripts']
      .flatMap((folder) => testFiles(path.join(root, folder)))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const untested = codes.filter((code) => !corpus.includes(`'${code}'`));
    expect(untested).toEqual([]);
  });
});
