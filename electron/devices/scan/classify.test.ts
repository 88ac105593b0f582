import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localise } from '../../contract/errors';
import { GS } from './gs1';
import { classifyScan, classifyScanNow } from './classify';

const options = { today: '2026-03-02' };
const classify = (text: string) => classifyScan(text, options);

describe('classifyScan', () => {
  it('knows a vial code, however the scanner sent its separators', () => {
    expect(classify(`]d20109506000134352172712311${'0'}AB-1${GS}21S9`)).toEqual({
      kind: 'vial',
      gtin: '09506000134352',
      expiry: '2027-12-31',
      lot: 'AB-1',
      serial: 'S9',
    });
  });

  it('refuses a vial code it cannot trust, and says why', () => {
    expect(classify('0109506000134353172712311' + '0AB-1')).toEqual({
      kind: 'refused',
      looksLike: 'vial',
      code: 'GTIN_CHECK_DIGIT',
      params: { gtin: '09506000134353' },
    });
  });

  it('knows a recipient slip and an appointment', () => {
    expect(classify('PPVSLIP1:AbCdEfGhIjKlMnOpQrStUv\r')).toEqual({
      kind: 'slip',
      token: 'AbCdEfGhIjKlMnOpQrStUv',
    });
    expect(classify('PPVAPPT1:KL-2026-000123')).toEqual({
      kind: 'appointment',
      reference: 'KL-2026-000123',
    });
    expect(classify('PPVAPPT1:x')).toEqual({ kind: 'unrecognised' });
  });

  it('knows a MyKad-shaped number, with or without dashes, and a passport number', () => {
    for (const text of ['900514145001', '900514-14-5001', '900514 14 5001']) {
      expect(classify(text)).toEqual({ kind: 'document', shape: 'mykad', number: '900514145001' });
    }
    expect(classify('a1234567')).toEqual({
      kind: 'document',
      shape: 'passport',
      number: 'A1234567',
    });
  });

  it('refuses a MyKad number that breaks its rules at the scan, saying which part', () => {
    expect(classify('900231-14-5001')).toEqual({
      kind: 'refused',
      looksLike: 'document',
      code: 'IDENTITY_BIRTH_DATE',
      params: { part: '900231' },
    });
    expect(classify('900514005001')).toEqual({
      kind: 'refused',
      looksLike: 'document',
      code: 'IDENTITY_PLACE_CODE',
      params: { part: '00' },
    });
    const refused = classify('900514-00-5001');
    if (refused.kind !== 'refused') throw new Error('not refused');
    expect(localise(refused.code, refused.params)).toEqual({
      ms: 'Kod tempat lahir (00) pada digit ke-7 dan ke-8 tidak sah.',
      en: 'The place-of-birth code (00) in digits 7 and 8 is not valid.',
    });
    // A birth date after today in both centuries is no birth date either.
    expect(classifyScan('991231145001', { today: '1999-06-01' })).toMatchObject({
      kind: 'refused',
      code: 'IDENTITY_BIRTH_DATE',
    });
  });

  it('says when it does not know a scan', () => {
    for (const text of ['', '   ', 'hello world', 'https://example.invalid/', '12345']) {
      expect(classify(text)).toEqual({ kind: 'unrecognised' });
    }
  });

  it('never throws, whatever the text (100,000 inputs)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (text) => {
        const result = classify(text);
        expect(['vial', 'slip', 'appointment', 'document', 'refused', 'unrecognised']).toContain(
          result.kind,
        );
      }),
      { numRuns: 100_000 },
    );
  });
});

describe('classifyScanNow', () => {
  it('reads two-digit years against the year in Malaysia, not UTC', () => {
    const code = '0109506000134352177712311' + '0AB-1';
    const newYearInMalaysia = Date.parse('2026-12-31T17:00:00Z');
    const lastEveningOf2026 = Date.parse('2026-12-31T15:00:00Z');
    expect(classifyScanNow(code, newYearInMalaysia)).toMatchObject({ expiry: '2077-12-31' });
    expect(classifyScanNow(code, lastEveningOf2026)).toMatchObject({ expiry: '1977-12-31' });
  });
});
