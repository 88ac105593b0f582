import { describe, expect, it } from 'vitest';
import type { ErrorCode, Params } from '../../contract/errors';
import { DomainError } from '../shared/errors';
import {
  checkDocumentAgainstPerson,
  displayDocNumber,
  docTypes,
  isIsoAlpha3,
  isoAlpha3Codes,
  isPlaceCode,
  maskDocNumber,
  mod11_2CheckCharacter,
  normaliseDocument,
  identityKeyText,
  type DocType,
  type NormalisedDocument,
} from './index';

// All numbers below are synthetic.
const TODAY = '2025-06-15';

/** A 12-digit MyKad-shaped number whose ISO 7064 MOD 11-2 check digit is right (computed by hand). */
const VALID_CHECK_MALE = '850730101235'; // check over 85073010123 = 5, odd: male
const VALID_CHECK_FEMALE = '900101145676'; // check over 90010114567 = 6, even: female

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal, but nothing was thrown');
}

function expectRefusal(fn: () => unknown, code: ErrorCode, params?: Params): DomainError {
  const error = refusal(fn);
  expect(error.code).toBe(code);
  if (params) expect(error.params).toEqual(params);
  return error;
}

function myKad(docNumber: string, today = TODAY, docType: DocType = 'MYKAD'): NormalisedDocument {
  return normaliseDocument({ docType, docNumber }, today);
}

/** A valid number (1990-01-01, female) with the given place-of-birth code. */
function withPlace(placeCode: string): string {
  return `900101${placeCode}5676`;
}

const TWELVE_DIGITS = { expected: '12 digit', expectedEn: '12 digits' };

describe('docTypes', () => {
  it('lists the MyVAS document types', () => {
    expect(docTypes).toEqual(['MYKAD', 'MYPR', 'MYKAS', 'MYTENTERA', 'PASSPORT', 'BIRTH_CERT']);
  });
});

describe('MyKad format', () => {
  it('stores the 12 digits without dashes or spaces', () => {
    for (const typed of [
      '850730-10-1235',
      '850730101235',
      ' 850730 10 1235 ',
      '850730 - 10 - 1235',
      '8507-3010-1235',
      '850730\u201310\u20111235', // en dash, non-breaking hyphen
      '850730\t10\u00a01235',
    ]) {
      expect(myKad(typed).key).toEqual({
        docType: 'MYKAD',
        docNumber: '850730101235',
        docCountry: 'MYS',
      });
    }
  });

  it.each([
    ['11 digits', '85073010123'],
    ['13 digits', '8507301012351'],
    ['a letter', '850730-10-123A'],
    ['dots', '850730.10.1235'],
    ['slashes', '850730/10/1235'],
    ['empty', ''],
    ['only dashes', '------------'],
    ['full-width digits', '８５０７３０１０１２３５'],
  ])('refuses %s with IDENTITY_FORMAT saying 12 digits', (_label, typed) => {
    const error = expectRefusal(() => myKad(typed), 'IDENTITY_FORMAT', TWELVE_DIGITS);
    expect(error.toBody().message).toEqual({
      ms: 'Nombor dokumen mesti 12 digit.',
      en: 'The document number must be 12 digits.',
    });
  });

  it('checks the format before anything else', () => {
    expectRefusal(() => myKad('991399-00-000'), 'IDENTITY_FORMAT');
  });
});

describe('MyKad birth date (YYMMDD)', () => {
  it.each([
    ['month 13', '851301'],
    ['month 00', '850001'],
    ['day 00', '850700'],
    ['day 32', '850132'],
    ['30 February', '850230'],
    ['31 April', '850431'],
    ['29 February in a year that is not leap in either century', '010229'],
    ['29 February 1923 and 2023', '230229'],
  ])('refuses %s with IDENTITY_BIRTH_DATE naming the part', (_label, yymmdd) => {
    const error = expectRefusal(() => myKad(`${yymmdd}145676`), 'IDENTITY_BIRTH_DATE', {
      part: yymmdd,
    });
    expect(error.toBody().message.en).toContain(`(${yymmdd})`);
  });

  it('accepts 29 February 2000 (leap) although 1900 was not a leap year', () => {
    // Sequence 0–4: 2000s by the rule; 1900-02-29 does not exist so there is no alternative.
    expect(myKad('000229-14-0123').myKad).toMatchObject({
      birthDate: '2000-02-29',
      birthDateAlternative: null,
    });
    // Sequence 5–9: 1900s by the rule, but 1900-02-29 does not exist, so 2000-02-29.
    expect(myKad('000229-14-5012').myKad).toMatchObject({
      birthDate: '2000-02-29',
      birthDateAlternative: null,
    });
  });

  it('accepts 29 February of a year leap in both centuries when not in the future', () => {
    expect(myKad('960229-14-5012').myKad).toMatchObject({
      birthDate: '1996-02-29',
      birthDateAlternative: null, // 2096 is in the future
    });
    expect(myKad('240229-14-0123').myKad).toMatchObject({
      birthDate: '2024-02-29',
      birthDateAlternative: '1924-02-29',
    });
  });

  it('checks the birth date before the place code', () => {
    expectRefusal(() => myKad('851301-00-1235'), 'IDENTITY_BIRTH_DATE');
  });
});

describe('MyKad century rule', () => {
  it('sequence starting 0–4 suggests the 2000s, with the 1900s as the alternative', () => {
    for (const first of ['0', '1', '2', '3', '4']) {
      expect(myKad(`200515-14-${first}123`).myKad).toMatchObject({
        birthDate: '2020-05-15',
        birthDateAlternative: '1920-05-15', // a centenarian the clerk can confirm
      });
    }
  });

  it('sequence starting 5–9 suggests the 1900s, with the 2000s as the alternative when past', () => {
    for (const first of ['5', '6', '7', '8', '9']) {
      expect(myKad(`200515-14-${first}123`).myKad).toMatchObject({
        birthDate: '1920-05-15',
        birthDateAlternative: '2020-05-15',
      });
    }
  });

  it('a centenarian born 1920 with a 0–4 sequence: 2020 suggested only when not in the future', () => {
    // On the day itself 2020-05-15 is not after today: suggested, 1920 the alternative.
    expect(myKad('200515-14-0123', '2020-05-15').myKad).toMatchObject({
      birthDate: '2020-05-15',
      birthDateAlternative: '1920-05-15',
    });
    // The day before, 2020-05-15 would be in the future: 1920 is suggested, no alternative.
    expect(myKad('200515-14-0123', '2020-05-14').myKad).toMatchObject({
      birthDate: '1920-05-15',
      birthDateAlternative: null,
    });
  });

  it('a 0–4 sequence whose 2000s date is in the future falls back to the 1900s', () => {
    expect(myKad(VALID_CHECK_MALE).myKad).toMatchObject({
      birthDate: '1985-07-30', // 2085 would be in the future
      birthDateAlternative: null,
    });
  });

  it('a 5–9 sequence does not offer a future 2000s alternative', () => {
    expect(myKad('450101-14-5123').myKad).toMatchObject({
      birthDate: '1945-01-01',
      birthDateAlternative: null,
    });
  });

  it('a baby born this year', () => {
    expect(myKad('250601-14-0123').myKad).toMatchObject({
      birthDate: '2025-06-01',
      birthDateAlternative: '1925-06-01',
    });
    expect(myKad('250615-14-0123').myKad?.birthDate).toBe('2025-06-15');
    expect(myKad('250616-14-0123').myKad).toMatchObject({
      birthDate: '1925-06-16', // tomorrow in 2025 cannot be a birth date
      birthDateAlternative: null,
    });
  });

  it('refuses a YYMMDD that is after today in both centuries', () => {
    expectRefusal(() => myKad('600101-14-5123', '1950-01-01'), 'IDENTITY_BIRTH_DATE', {
      part: '600101',
    });
  });

  it('rejects a today that is not a date (a programming error, not a refusal)', () => {
    expect(() => myKad(VALID_CHECK_MALE, '2025-02-30')).toThrow(Error);
    expect(() => myKad(VALID_CHECK_MALE, '2025-02-30')).not.toThrow(DomainError);
  });
});

describe('MyKad place-of-birth code', () => {
  const allowed = (n: number): boolean =>
    (n >= 1 && n <= 16) ||
    (n >= 21 && n <= 59) ||
    (n >= 60 && n <= 68) ||
    (n >= 71 && n <= 72) ||
    (n >= 74 && n <= 79) ||
    (n >= 82 && n <= 93) ||
    (n >= 98 && n <= 99);

  it.each([
    ['00', false],
    ['01', true],
    ['16', true],
    ['17', false],
    ['18', false],
    ['19', false],
    ['20', false],
    ['21', true],
    ['59', true],
    ['60', true],
    ['68', true],
    ['69', false],
    ['70', false],
    ['71', true],
    ['72', true],
    ['73', false],
    ['74', true],
    ['79', true],
    ['80', false],
    ['81', false],
    ['82', true],
    ['93', true],
    ['94', false],
    ['95', false],
    ['96', false],
    ['97', false],
    ['98', true],
    ['99', true],
  ])('code %s allowed: %s', (code, ok) => {
    const number = withPlace(code);
    if (ok) {
      expect(myKad(number).myKad?.placeCode).toBe(code);
    } else {
      const error = expectRefusal(() => myKad(number), 'IDENTITY_PLACE_CODE', { part: code });
      expect(error.toBody().message.ms).toContain(`(${code})`);
    }
  });

  it('agrees with the SPEC ranges for every code 00–99', () => {
    for (let n = 0; n <= 99; n += 1) {
      const code = String(n).padStart(2, '0');
      expect(isPlaceCode(code), code).toBe(allowed(n));
      if (allowed(n)) {
        expect(myKad(withPlace(code)).myKad?.placeCode).toBe(code);
      } else {
        expect(refusal(() => myKad(withPlace(code))).code).toBe('IDENTITY_PLACE_CODE');
      }
    }
  });

  it('isPlaceCode wants exactly two digits', () => {
    expect(isPlaceCode('1')).toBe(false);
    expect(isPlaceCode('001')).toBe(false);
    expect(isPlaceCode('1a')).toBe(false);
  });
});

describe('MyKad sex', () => {
  it.each([
    ['0', 'F'],
    ['1', 'M'],
    ['2', 'F'],
    ['3', 'M'],
    ['4', 'F'],
    ['5', 'M'],
    ['6', 'F'],
    ['7', 'M'],
    ['8', 'F'],
    ['9', 'M'],
  ])('last digit %s is %s', (last, sex) => {
    expect(myKad(`90010114567${last}`).myKad?.sex).toBe(sex);
  });
});

describe('check digit (ISO 7064 MOD 11-2, unconfirmed: warning only)', () => {
  it('computes MOD 11-2 check characters', () => {
    expect(mod11_2CheckCharacter('079')).toBe('X'); // the standard's own example, 079X
    expect(mod11_2CheckCharacter('85073010123')).toBe('5');
    expect(mod11_2CheckCharacter('90010114567')).toBe('6');
    expect(mod11_2CheckCharacter('90010114506')).toBe('X');
  });

  it('gives no warning when the 12th digit matches', () => {
    expect(myKad(VALID_CHECK_MALE).warnings).toEqual([]);
    expect(myKad(VALID_CHECK_FEMALE).warnings).toEqual([]);
  });

  it('warns, never refuses, when the 12th digit does not match', () => {
    const doc = myKad('850730101237');
    expect(doc.warnings).toEqual(['CHECK_DIGIT']);
    expect(doc.key.docNumber).toBe('850730101237');
    expect(doc.myKad?.sex).toBe('M');
  });

  it('warns for every wrong last digit and for a computed X', () => {
    for (let d = 0; d <= 9; d += 1) {
      const expected = d === 6 ? [] : ['CHECK_DIGIT'];
      expect(myKad(`90010114567${d}`).warnings).toEqual(expected);
      expect(myKad(`90010114506${d}`).warnings).toEqual(['CHECK_DIGIT']);
    }
  });
});

describe('MyPR and MyKAS', () => {
  it.each(['MYPR', 'MYKAS'] as const)('%s has the MyKad shape and checks', (docType) => {
    const doc = myKad('850730-10-1235', TODAY, docType);
    expect(doc.key).toEqual({ docType, docNumber: '850730101235', docCountry: 'MYS' });
    expect(doc.myKad).toEqual({
      birthDate: '1985-07-30',
      birthDateAlternative: null,
      sex: 'M',
      placeCode: '10',
    });
    expect(myKad('850730101237', TODAY, docType).warnings).toEqual(['CHECK_DIGIT']);
    expectRefusal(() => myKad('85073010123', TODAY, docType), 'IDENTITY_FORMAT', TWELVE_DIGITS);
    expectRefusal(() => myKad('850230101235', TODAY, docType), 'IDENTITY_BIRTH_DATE');
    expectRefusal(() => myKad('850730171235', TODAY, docType), 'IDENTITY_PLACE_CODE');
  });
});

describe('issuing country of Malaysian documents', () => {
  const malaysian: DocType[] = ['MYKAD', 'MYPR', 'MYKAS', 'MYTENTERA', 'BIRTH_CERT'];

  it.each(malaysian)('%s is always MYS', (docType) => {
    const docNumber = '850730101235';
    for (const docCountry of [undefined, null, '', '  ', 'MYS', 'mys', ' Mys ']) {
      expect(normaliseDocument({ docType, docNumber, docCountry }, TODAY).key.docCountry).toBe(
        'MYS',
      );
    }
  });

  it.each(malaysian)('%s with another country is refused with IDENTITY_COUNTRY', (docType) => {
    for (const docCountry of ['IDN', 'SGP', 'MY', 'XYZ']) {
      expectRefusal(
        () => normaliseDocument({ docType, docNumber: '850730101235', docCountry }, TODAY),
        'IDENTITY_COUNTRY',
      );
    }
  });
});

describe('MyTentera', () => {
  const tentera = (docNumber: string): NormalisedDocument =>
    normaliseDocument({ docType: 'MYTENTERA', docNumber }, TODAY);
  const expected = {
    expected: '5 hingga 12 huruf atau digit',
    expectedEn: '5 to 12 letters or digits',
  };

  it('upper-cases and strips spaces and dashes', () => {
    expect(tentera(' t-123 456 ').key).toEqual({
      docType: 'MYTENTERA',
      docNumber: 'T123456',
      docCountry: 'MYS',
    });
    expect(tentera(' t-123 456 ').warnings).toEqual([]);
    expect(tentera(' t-123 456 ').myKad).toBeNull();
  });

  it('accepts 5 to 12 letters or digits', () => {
    expect(tentera('A1234').key.docNumber).toBe('A1234');
    expect(tentera('ab12-cd34-ef56').key.docNumber).toBe('AB12CD34EF56');
  });

  it.each([
    ['4 characters', 'A123'],
    ['13 characters', 'A123456789012'],
    ['punctuation', 'T12.3456'],
    ['a slash', 'T12/3456'],
    ['non-ASCII letters', 'TÉ123456'],
    ['empty', ''],
  ])('refuses %s with IDENTITY_FORMAT', (_label, typed) => {
    const error = expectRefusal(() => tentera(typed), 'IDENTITY_FORMAT', expected);
    expect(error.toBody().message.en).toBe(
      'The document number must be 5 to 12 letters or digits.',
    );
  });
});

describe('birth certificate', () => {
  const cert = (docNumber: string): NormalisedDocument =>
    normaliseDocument({ docType: 'BIRTH_CERT', docNumber }, TODAY);

  it('upper-cases and strips spaces and dashes', () => {
    expect(cert('ab 123-456').key).toEqual({
      docType: 'BIRTH_CERT',
      docNumber: 'AB123456',
      docCountry: 'MYS',
    });
    expect(cert('ab 123-456').myKad).toBeNull();
  });

  it('accepts 5 to 15 letters or digits and refuses others', () => {
    expect(cert('12345').key.docNumber).toBe('12345');
    expect(cert('AB1234567890123').key.docNumber).toBe('AB1234567890123');
    for (const typed of ['1234', 'AB12345678901234', 'AB12_3456']) {
      expectRefusal(() => cert(typed), 'IDENTITY_FORMAT', {
        expected: '5 hingga 15 huruf atau digit',
        expectedEn: '5 to 15 letters or digits',
      });
    }
  });
});

describe('MyKid: a birth certificate with a 12-digit JPN number', () => {
  const cert = (docNumber: string): NormalisedDocument =>
    normaliseDocument({ docType: 'BIRTH_CERT', docNumber }, TODAY);

  it('is checked and read like a MyKad, and shown with dashes', () => {
    const doc = cert('150615-10-0013');
    expect(doc.key).toEqual({
      docType: 'BIRTH_CERT',
      docNumber: '150615100013',
      docCountry: 'MYS',
    });
    expect(doc.myKad).toMatchObject({ birthDate: '2015-06-15', sex: 'M', placeCode: '10' });
    expect(displayDocNumber(doc.key)).toBe('150615-10-0013');
  });

  it('is refused, naming the part, when the number breaks its rules', () => {
    expectRefusal(() => cert('150231-10-0013'), 'IDENTITY_BIRTH_DATE', { part: '150231' });
    expectRefusal(() => cert('150615-00-0013'), 'IDENTITY_PLACE_CODE', { part: '00' });
  });
});

describe('identityKeyText', () => {
  it('is the 12 digits alone for every JPN card type: one number space', () => {
    const keys = (['MYKAD', 'MYPR', 'MYKAS', 'BIRTH_CERT'] as const).map((docType) =>
      identityKeyText({ docType, docNumber: VALID_CHECK_MALE, docCountry: 'MYS' }),
    );
    expect(new Set(keys)).toEqual(new Set([`JPN:${VALID_CHECK_MALE}`]));
  });

  it('is type, country and number for every other document', () => {
    expect(identityKeyText({ docType: 'PASSPORT', docNumber: 'A1234567', docCountry: 'IDN' })).toBe(
      'PASSPORT:IDN:A1234567',
    );
    expect(
      identityKeyText({ docType: 'MYTENTERA', docNumber: VALID_CHECK_MALE, docCountry: 'MYS' }),
    ).toBe(`MYTENTERA:MYS:${VALID_CHECK_MALE}`);
    expect(
      identityKeyText({ docType: 'BIRTH_CERT', docNumber: 'AB123456', docCountry: 'MYS' }),
    ).toBe('BIRTH_CERT:MYS:AB123456');
  });
});

describe('passport', () => {
  const passport = (docNumber: string, docCountry?: string | null): NormalisedDocument =>
    normaliseDocument({ docType: 'PASSPORT', docNumber, docCountry }, TODAY);

  it('upper-cases and strips all white space; upper-cases the country', () => {
    const doc = passport(' a 1234\t5678\n ', 'idn');
    expect(doc.key).toEqual({ docType: 'PASSPORT', docNumber: 'A12345678', docCountry: 'IDN' });
    expect(doc.warnings).toEqual([]);
    expect(doc.myKad).toBeNull();
    expect(passport('x0000001', ' Sgp ').key.docCountry).toBe('SGP');
  });

  it('accepts a Malaysian passport', () => {
    expect(passport('A00000001', 'MYS').key.docCountry).toBe('MYS');
  });

  it('accepts 5 to 20 letters or digits and refuses others', () => {
    expect(passport('AB123', 'IDN').key.docNumber).toBe('AB123');
    expect(passport('A'.repeat(20), 'IDN').key.docNumber).toBe('A'.repeat(20));
    const expected = {
      expected: '5 hingga 20 huruf atau digit',
      expectedEn: '5 to 20 letters or digits',
    };
    for (const typed of ['AB12', 'A'.repeat(21), 'A1234-5678', 'A1234.5678', '', 'ſ12345']) {
      expectRefusal(() => passport(typed, 'IDN'), 'IDENTITY_FORMAT', expected);
    }
  });

  it('requires an ISO 3166 alpha-3 issuing country', () => {
    for (const docCountry of [undefined, null, '', 'ID', 'INDO', 'XXX', 'XKX', 'ANT', 'I D N']) {
      const error = expectRefusal(() => passport('A12345678', docCountry), 'IDENTITY_COUNTRY');
      expect(error.toBody().message.en).toContain('ISO 3166');
    }
  });
});

describe('checkDocumentAgainstPerson', () => {
  it('accepts a MyKad whose YYMMDD and sex match', () => {
    expect(() =>
      checkDocumentAgainstPerson(myKad(VALID_CHECK_MALE), { birthDate: '1985-07-30', sex: 'M' }),
    ).not.toThrow();
    expect(() =>
      checkDocumentAgainstPerson(myKad(VALID_CHECK_FEMALE), { birthDate: '1990-01-01', sex: 'F' }),
    ).not.toThrow();
  });

  it('compares YYMMDD only: either century of a centenarian matches', () => {
    const doc = myKad('200515-14-0123');
    expect(() =>
      checkDocumentAgainstPerson(doc, { birthDate: '1920-05-15', sex: 'M' }),
    ).not.toThrow();
    expect(() =>
      checkDocumentAgainstPerson(doc, { birthDate: '2020-05-15', sex: 'M' }),
    ).not.toThrow();
  });

  it('refuses another birth date with IDENTITY_BIRTH_DATE_MISMATCH', () => {
    const error = expectRefusal(
      () =>
        checkDocumentAgainstPerson(myKad(VALID_CHECK_MALE), {
          birthDate: '1985-07-31',
          sex: 'M',
        }),
      'IDENTITY_BIRTH_DATE_MISMATCH',
      { birthDate: '1985-07-31', part: '850730' },
    );
    expect(error.toBody().message.en).toBe(
      'Birth date 31/07/1985 does not match the document number (850730).',
    );
    expectRefusal(
      () =>
        checkDocumentAgainstPerson(myKad(VALID_CHECK_MALE), { birthDate: 'not a date', sex: 'M' }),
      'IDENTITY_BIRTH_DATE_MISMATCH',
    );
  });

  it('refuses another sex with IDENTITY_SEX_MISMATCH in both languages', () => {
    const error = expectRefusal(
      () =>
        checkDocumentAgainstPerson(myKad(VALID_CHECK_MALE), {
          birthDate: '1985-07-30',
          sex: 'F',
        }),
      'IDENTITY_SEX_MISMATCH',
      {
        part: '5',
        numberSexMs: 'lelaki',
        givenSexMs: 'perempuan',
        numberSexEn: 'male',
        givenSexEn: 'female',
      },
    );
    expect(error.toBody().message).toEqual({
      ms: 'Digit terakhir (5) menunjukkan jantina lelaki, tetapi jantina yang diberi ialah perempuan.',
      en: 'The last digit (5) indicates male, but the sex given is female.',
    });
    expectRefusal(
      () =>
        checkDocumentAgainstPerson(myKad(VALID_CHECK_FEMALE), {
          birthDate: '1990-01-01',
          sex: 'M',
        }),
      'IDENTITY_SEX_MISMATCH',
      {
        part: '6',
        numberSexMs: 'perempuan',
        givenSexMs: 'lelaki',
        numberSexEn: 'female',
        givenSexEn: 'male',
      },
    );
  });

  it('reports the birth date before the sex', () => {
    expectRefusal(
      () =>
        checkDocumentAgainstPerson(myKad(VALID_CHECK_MALE), {
          birthDate: '1999-09-09',
          sex: 'F',
        }),
      'IDENTITY_BIRTH_DATE_MISMATCH',
    );
  });

  it('checks MyPR the same way', () => {
    const doc = myKad(VALID_CHECK_MALE, TODAY, 'MYPR');
    expectRefusal(
      () => checkDocumentAgainstPerson(doc, { birthDate: '1985-07-30', sex: 'F' }),
      'IDENTITY_SEX_MISMATCH',
    );
  });

  it('does not check other document types', () => {
    const person = { birthDate: '2001-01-01', sex: 'F' } as const;
    const docs = [
      myKad(VALID_CHECK_MALE, TODAY, 'MYKAS'),
      normaliseDocument({ docType: 'PASSPORT', docNumber: 'A1234567', docCountry: 'IDN' }, TODAY),
      normaliseDocument({ docType: 'MYTENTERA', docNumber: 'T123456' }, TODAY),
      normaliseDocument({ docType: 'BIRTH_CERT', docNumber: 'AB123456' }, TODAY),
    ];
    for (const doc of docs) expect(() => checkDocumentAgainstPerson(doc, person)).not.toThrow();
  });
});

describe('displayDocNumber', () => {
  it('shows MyKad, MyPR and MyKAS as YYMMDD-PB-###G', () => {
    for (const docType of ['MYKAD', 'MYPR', 'MYKAS'] as const) {
      expect(displayDocNumber({ docType, docNumber: '850730101235', docCountry: 'MYS' })).toBe(
        '850730-10-1235',
      );
    }
  });

  it('shows other types as stored', () => {
    expect(
      displayDocNumber({ docType: 'PASSPORT', docNumber: 'A12345678', docCountry: 'IDN' }),
    ).toBe('A12345678');
    expect(
      displayDocNumber({ docType: 'MYTENTERA', docNumber: '850730101235', docCountry: 'MYS' }),
    ).toBe('850730101235');
    expect(
      displayDocNumber({ docType: 'BIRTH_CERT', docNumber: 'AB123456', docCountry: 'MYS' }),
    ).toBe('AB123456');
  });

  it('round-trips through normaliseDocument', () => {
    const doc = myKad(displayDocNumber(myKad(VALID_CHECK_MALE).key));
    expect(doc.key.docNumber).toBe(VALID_CHECK_MALE);
  });
});

describe('maskDocNumber', () => {
  it('keeps only the last 4 characters', () => {
    expect(maskDocNumber('850730101235')).toBe('********1235');
    expect(maskDocNumber('A12345678')).toBe('*****5678');
    expect(maskDocNumber('12345')).toBe('*2345');
  });

  it('masks a value of 4 characters or fewer entirely', () => {
    expect(maskDocNumber('1234')).toBe('****');
    expect(maskDocNumber('12')).toBe('**');
    expect(maskDocNumber('')).toBe('');
  });
});

describe('isIsoAlpha3', () => {
  it('knows the assigned codes', () => {
    for (const code of ['MYS', 'IDN', 'SGP', 'BRN', 'THA', 'PHL', 'BGD', 'NPL', 'MMR', 'SSD'])
      expect(isIsoAlpha3(code), code).toBe(true);
  });

  it('refuses unassigned, withdrawn, lower-case or malformed codes', () => {
    for (const code of ['XXX', 'XKX', 'ANT', 'SCG', 'mys', 'MY', 'MYSS', '', 'EUE', 'UNO'])
      expect(isIsoAlpha3(code), code).toBe(false);
  });

  it('holds the full list: 249 unique, sorted, three upper-case letters', () => {
    expect(isoAlpha3Codes).toHaveLength(249);
    expect(new Set(isoAlpha3Codes).size).toBe(249);
    expect([...isoAlpha3Codes].sort()).toEqual(isoAlpha3Codes);
    for (const code of isoAlpha3Codes) expect(code).toMatch(/^[A-Z]{3}$/);
  });
});
