import { describe, expect, it } from 'vitest';
import { CardReadError } from './errors';
import { IDENTITY_FILE } from './layout';
import { parseMyKad } from './parse';
import {
  SYNTHETIC_MYKAD,
  addressFileData,
  identityFileData,
  type SyntheticMyKad,
} from './testing/card-image';

function parse(changes: Partial<SyntheticMyKad> = {}): ReturnType<typeof parseMyKad> {
  const card = { ...SYNTHETIC_MYKAD, ...changes };
  return parseMyKad(identityFileData(card), addressFileData(card));
}

function failureOf(changes: Partial<SyntheticMyKad>): string {
  try {
    parse(changes);
  } catch (error) {
    if (error instanceof CardReadError) return error.code;
    throw error;
  }
  return 'parsed';
}

describe('parseMyKad', () => {
  it('takes name, number, sex, birth date, citizenship and address by offset', () => {
    expect(parse()).toEqual({
      name: 'NUR AISYAH BINTI CONTOH',
      docNumber: '900101145672',
      sex: 'F',
      birthDate: '1990-01-01',
      citizenship: 'WARGANEGARA',
      address: {
        lines: ['NO 1 JALAN CONTOH 1/2', 'TAMAN UJIAN'],
        postcode: '50480',
        city: 'KUALA LUMPUR',
        state: 'WILAYAH PERSEKUTUAN',
      },
    });
  });

  it('keeps a 150-character name whole and does not append the GMPC short form', () => {
    const name = `${'MUHAMMAD ALIF '.repeat(10)}BIN ABDULLAH`.slice(0, 150);
    expect(name).toHaveLength(150);
    const identity = parse({ name, gmpcName: 'MUHAMMAD ALIF MUHAMMAD ALIF' });
    expect(identity.name).toBe(name.trim());
  });

  it('trims NUL padding as well as spaces', () => {
    const identity = parse({ padding: '\0', docNumber: '900101145672' });
    expect(identity.name).toBe('NUR AISYAH BINTI CONTOH');
    expect(identity.docNumber).toBe('900101145672');
    expect(identity.address.city).toBe('KUALA LUMPUR');
  });

  it('reads L as male', () => {
    expect(parse({ sexByte: 'L' }).sex).toBe('M');
  });

  it('reads the postcode as the first five BCD digits', () => {
    expect(parse({ postcode: '09100' }).address.postcode).toBe('09100');
  });

  it('parses a number that breaks the identity rules: the core judges it, not the reader', () => {
    expect(parse({ docNumber: '900101005671', sexByte: 'P' }).docNumber).toBe('900101005671');
  });

  it.each<[string, Partial<SyntheticMyKad>]>([
    ['a number of 11 digits', { docNumber: '90010114567' }],
    ['a number with a letter', { docNumber: '90010114567A' }],
    ['a sex byte that is neither L nor P', { sexByte: 'M' }],
    [
      'a birth date with a non-decimal nibble',
      { birthDate: Uint8Array.of(0x19, 0x9a, 0x01, 0x01) },
    ],
    ['a birth date that does not exist', { birthDate: '1990-02-30' }],
    ['a birth date in month 13', { birthDate: '1990-13-01' }],
    ['a postcode that is not BCD', { postcode: '5A480' }],
  ])('refuses %s as CARD_DATA_INVALID', (_label, changes) => {
    expect(failureOf(changes)).toBe('CARD_DATA_INVALID');
  });

  it('refuses a file shorter than its layout', () => {
    const card = SYNTHETIC_MYKAD;
    const short = identityFileData(card).subarray(0, IDENTITY_FILE.length - 1);
    expect(() => parseMyKad(short, addressFileData(card))).toThrow(CardReadError);
  });
});
