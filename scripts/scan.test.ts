import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function scan(text: string) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/scan.ts', text], {
    encoding: 'utf8',
  });
  return { status: run.status, output: JSON.parse(run.stdout) as Record<string, unknown> };
}

describe('npm run scan', () => {
  it('says when it does not know a scan, and exits 1', () => {
    expect(scan('hello')).toMatchObject({
      status: 1,
      output: {
        kind: 'unrecognised',
        code: 'SCAN_UNRECOGNISED',
        message: { en: expect.stringContaining('not recognised') },
      },
    });
  });

  it('prints a vial code’s fields, reading \\x1d as GS', () => {
    expect(scan('0109506000134352172712311' + '0AB-1\\x1d21S9')).toEqual({
      status: 0,
      output: {
        kind: 'vial',
        gtin: '09506000134352',
        expiry: '2027-12-31',
        lot: 'AB-1',
        serial: 'S9',
      },
    });
  });

  it('prints why a scan is refused, in Malay and English, and exits 1', () => {
    const { status, output } = scan('0109506000134353172712311' + '0AB-1');
    expect(status).toBe(1);
    expect(output).toMatchObject({ kind: 'refused', code: 'GTIN_CHECK_DIGIT' });
    expect(output['message']).toEqual({
      ms: expect.stringContaining('09506000134353'),
      en: expect.stringContaining('09506000134353'),
    });
  });
});
