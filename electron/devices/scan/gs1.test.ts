import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GS, gs1Date, parseVialCode } from './gs1';

/** GS1's own example GTIN (GTIN-13 9506000134352 as a GTIN-14). */
const GTIN = '09506000134352';
const YEAR = 2026;

describe('parseVialCode: known vectors', () => {
  it.each([
    ['with GS', `01${GTIN}17271231${'10'}AB-123${GS}21S0001`],
    ['with the ]d2 prefix', `]d201${GTIN}1727123110AB-123${GS}21S0001`],
    ['with ]d2 and a leading FNC1', `]d2${GS}01${GTIN}1727123110AB-123${GS}21S0001`],
    ['lot last, no GS needed', `01${GTIN}172712312${'1'}S0001${GS}10AB-123`],
    ['GS typed as <GS>', `01${GTIN}1727123110AB-123<GS>21S0001`],
    ['GS typed as {GS}', `01${GTIN}1727123110AB-123{GS}21S0001`],
    ['GS typed as ^]', `01${GTIN}1727123110AB-123^]21S0001`],
    ['GS typed as \\x1d', `01${GTIN}1727123110AB-123\\x1d21S0001`],
    ['GS as the Unicode symbol', `01${GTIN}1727123110AB-123\u241d21S0001`],
    ['the human-readable form', `(01)${GTIN}(17)271231(10)AB-123(21)S0001`],
    ['a trailing carriage return', `01${GTIN}1727123110AB-123${GS}21S0001\r\n`],
  ])('%s', (_name, text) => {
    expect(parseVialCode(text, YEAR)).toMatchObject({
      ok: true,
      vial: { gtin: GTIN, expiry: '2027-12-31', lot: 'AB-123', serial: 'S0001' },
    });
  });

  it('reads a code without a serial, and other AIs without keeping them', () => {
    const text = `01${GTIN}11260115172706001${'0'}LOT9${GS}30${'12'}`;
    expect(parseVialCode(text, YEAR)).toMatchObject({
      ok: true,
      vial: { gtin: GTIN, expiry: '2027-06-30', lot: 'LOT9', serial: null },
    });
  });

  it('refuses a GTIN whose check digit is wrong', () => {
    expect(parseVialCode(`01095060001343531727123110A`, YEAR)).toEqual({
      ok: false,
      code: 'GTIN_CHECK_DIGIT',
      params: { gtin: '09506000134353' },
    });
  });

  it.each([
    ['no lot', `01${GTIN}17271231`, 'GS1_MISSING_FIELD'],
    ['no expiry', `01${GTIN}10LOT1`, 'GS1_MISSING_FIELD'],
    ['no GTIN', `]d21727123110LOT1`, 'GS1_MISSING_FIELD'],
    ['month 13', `01${GTIN}1727133110LOT1`, 'GS1_EXPIRY_INVALID'],
    ['31 February', `01${GTIN}1727023110LOT1`, 'GS1_EXPIRY_INVALID'],
    ['an unknown AI', `01${GTIN}1727123188X`, 'GS1_MALFORMED'],
    [
      'a lot too long: the GS was lost',
      `01${GTIN}1727123110ABCDEFGHIJ21SERIAL00001`,
      'GS1_MALFORMED',
    ],
    ['an empty lot', `01${GTIN}1727123110${GS}21S1`, 'GS1_MALFORMED'],
    ['a short expiry', `01${GTIN}172712`, 'GS1_MALFORMED'],
    ['a letter in the expiry', `01${GTIN}17271A3110LOT1`, 'GS1_MALFORMED'],
    ['a lot with a character GS1 does not allow', `01${GTIN}1727123110LOT#1`, 'GS1_MALFORMED'],
    ['the lot twice', `01${GTIN}1727123110A${GS}10B`, 'GS1_MALFORMED'],
    ['no GS1 data at all', `hello`, 'GS1_MALFORMED'],
  ])('refuses %s', (_name, text, code) => {
    expect(parseVialCode(text, YEAR)).toMatchObject({ ok: false, code });
  });
});

describe('gs1Date', () => {
  it('reads day 00 as the last day of the month, leap years included', () => {
    expect(gs1Date('270200', YEAR)).toBe('2027-02-28');
    expect(gs1Date('280200', YEAR)).toBe('2028-02-29');
    expect(gs1Date('261100', YEAR)).toBe('2026-11-30');
  });

  it('puts the year within 49 years before and 50 after the reference year', () => {
    expect(gs1Date('760101', YEAR)).toBe('2076-01-01');
    expect(gs1Date('770101', YEAR)).toBe('1977-01-01');
    expect(gs1Date('990101', 2060)).toBe('2099-01-01');
    expect(gs1Date('100101', 2060)).toBe('2110-01-01');
  });

  it('refuses what is no date', () => {
    for (const text of ['270001', '271301', '270431', '2704', 'abcdef']) {
      expect(gs1Date(text, YEAR)).toBeNull();
    }
  });
});

/** A GTIN-14 with its check digit computed. */
const gtinArbitrary = fc.stringMatching(/^\d{13}$/).map((body) => {
  let sum = 0;
  for (let i = body.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
    sum += Number(body[i]) * weight;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
});
const cset82 = fc.stringMatching(/^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/);
const dateArbitrary = fc.date({
  min: new Date(Date.UTC(1980, 0, 1)),
  max: new Date(Date.UTC(2075, 11, 31)),
  noInvalidDate: true,
});

describe('parseVialCode: generated inputs', () => {
  it('never throws, whatever the text (100,000 inputs)', () => {
    const texty = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc
        .array(
          fc.constantFrom('01', '17', '10', '21', GS, ']d2', '(', ')', '0', '9', 'A', '<GS>'),
          {
            maxLength: 40,
          },
        )
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(texty, fc.integer({ min: 1900, max: 2200 }), (text, year) => {
        const result = parseVialCode(text, year);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 100_000 },
    );
  });

  it('reads back every valid code it is given, in every encoding a scanner may send', () => {
    fc.assert(
      fc.property(
        gtinArbitrary,
        dateArbitrary,
        cset82,
        fc.option(cset82, { nil: null }),
        fc.constantFrom('', ']d2', `]d2${GS}`, GS),
        fc.constantFrom(GS, '<GS>', '{GS}', '^]', '\u241d'),
        (gtin, date, lot, serial, prefix, separator) => {
          const iso = date.toISOString().slice(0, 10);
          const yymmdd = iso.slice(2).replaceAll('-', '');
          const text = `${prefix}01${gtin}17${yymmdd}10${lot}${serial === null ? '' : `${separator}21${serial}`}`;
          const hasSubstituteInside = [lot, serial ?? ''].some((v) => /<GS>|<FNC1>/.test(v));
          fc.pre(!hasSubstituteInside);
          expect(parseVialCode(text, 2026)).toEqual({
            ok: true,
            vial: { gtin, expiry: iso, lot, serial },
            fields: expect.any(Map),
          });
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
