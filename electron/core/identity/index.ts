/**
 * Identity documents: normalisation, validation and the facts a MyKad-shaped number carries.
 * Pure: no I/O and no clock; the current Malaysia date is passed in where it matters.
 *
 * See SPEC.md "Identity documents" and MYVAS-API.md "Formats".
 */
import { refuse } from '../shared/errors';
import { isCalendarDate } from '../shared/time';
import { isoAlpha3Codes } from './countries';

export { isoAlpha3Codes } from './countries';

export const docTypes = ['MYKAD', 'MYPR', 'MYKAS', 'MYTENTERA', 'PASSPORT', 'BIRTH_CERT'] as const;
export type DocType = (typeof docTypes)[number];
export type Sex = 'M' | 'F';

/** A recipient's identity key, normalised. `docCountry` is `'MYS'` for Malaysian documents. */
export interface IdentityKey {
  docType: DocType;
  docNumber: string;
  docCountry: string;
}

/**
 * `CHECK_DIGIT`: the unconfirmed ISO 7064 MOD 11-2 check failed. A warning to re-check, never a
 * refusal.
 */
export type IdentityWarning = 'CHECK_DIGIT';

/** What a 12-digit MyKad-shaped number (MyKad, MyPR, MyKAS) tells about its holder. */
export interface MyKadFacts {
  /** YYYY-MM-DD by the century rule, for the clerk to confirm (a chip's date wins when read). */
  birthDate: string;
  /** The other century when it is also a real date not after today (a centenarian); else `null`. */
  birthDateAlternative: string | null;
  sex: Sex;
  /** The place-of-birth code `PB` (digits 7 and 8). */
  placeCode: string;
}

export interface NormalisedDocument {
  key: IdentityKey;
  warnings: IdentityWarning[];
  /** Set for MyKad, MyPR and MyKAS; `null` for other types. */
  myKad: MyKadFacts | null;
}

const MALAYSIA = 'MYS';

/** Types with the 12-digit `YYMMDD-PB-###G` shape. */
const myKadShaped: ReadonlySet<DocType> = new Set<DocType>(['MYKAD', 'MYPR', 'MYKAS']);

/** Types whose YYMMDD and sex digit MyVAS checks against the recipient's birth date and sex. */
const personChecked: ReadonlySet<DocType> = new Set<DocType>(['MYKAD', 'MYPR']);

/** White space and dashes (hyphen-minus and the Unicode hyphens, dashes and minus). */
/** White space and every dash a keyboard, a scanner or a pasted text may bring. */
export const SPACES_AND_DASHES = /[\s\u2010-\u2015\u2212-]/g;
const WHITESPACE = /\s/g;

const sexText: Record<Sex, { ms: string; en: string }> = {
  M: { ms: 'lelaki', en: 'male' },
  F: { ms: 'perempuan', en: 'female' },
};

const alpha3 = new Set<string>(isoAlpha3Codes);

/** True when `code` is an officially assigned ISO 3166-1 alpha-3 code (exact, upper-case). */
export function isIsoAlpha3(code: string): boolean {
  return alpha3.has(code);
}

/**
 * Place-of-birth codes: states 01–16 and 21–59; countries or unknown 60–68, 71–72, 74–79, 82–93 and
 * 98–99.
 */
export function isPlaceCode(code: string): boolean {
  if (!/^\d{2}$/.test(code)) return false;
  const n = Number(code);
  return (
    (n >= 1 && n <= 16) ||
    (n >= 21 && n <= 68) ||
    (n >= 71 && n <= 72) ||
    (n >= 74 && n <= 79) ||
    (n >= 82 && n <= 93) ||
    (n >= 98 && n <= 99)
  );
}

/**
 * ISO 7064 MOD 11-2 check character over a string of digits: `'0'`–`'9'` or `'X'`.
 * Observed by the community on MyKad numbers, never confirmed by JPN.
 */
export function mod11_2CheckCharacter(digits: string): string {
  let p = 0;
  for (const ch of digits) p = ((p + Number(ch)) * 2) % 11;
  const check = (12 - p) % 11;
  return check === 10 ? 'X' : String(check);
}

function formatRefusal(expected: string, expectedEn: string): never {
  return refuse('IDENTITY_FORMAT', { expected, expectedEn });
}

/** Upper-cases ASCII letters only, so that no non-ASCII letter can turn into an ASCII one. */
function asciiUpper(text: string): string {
  return text.replace(/[a-z]+/g, (run) => run.toUpperCase());
}

function normaliseMalaysianCountry(docCountry: string | null | undefined): string {
  const given = (docCountry ?? '').trim();
  if (given !== '' && asciiUpper(given) !== MALAYSIA) refuse('IDENTITY_COUNTRY');
  return MALAYSIA;
}

function normaliseForeignCountry(docCountry: string | null | undefined): string {
  const country = asciiUpper((docCountry ?? '').trim());
  if (!isIsoAlpha3(country)) refuse('IDENTITY_COUNTRY');
  return country;
}

/** Strips `strip`, requires `min`–`max` ASCII letters or digits, upper-cases. */
function normaliseAlphanumeric(raw: string, strip: RegExp, min: number, max: number): string {
  const stripped = raw.replace(strip, '');
  if (!new RegExp(`^[A-Za-z0-9]{${min},${max}}$`).test(stripped)) {
    formatRefusal(`${min} hingga ${max} huruf atau digit`, `${min} to ${max} letters or digits`);
  }
  return asciiUpper(stripped);
}

function normaliseTwelveDigits(raw: string): string {
  const digits = raw.replace(SPACES_AND_DASHES, '');
  if (!/^\d{12}$/.test(digits)) formatRefusal('12 digit', '12 digits');
  return digits;
}

/**
 * The birth date by the community rule: the sequence's first digit 0–4 means 2000s, 5–9 1900s;
 * a 2000s date after `today` falls back to the 1900s. The alternative is the other century when it
 * is also a real date not after `today`. Refuses when no century gives a real date not after
 * `today`.
 */
function birthDates(
  yymmdd: string,
  sequenceFirstDigit: number,
  today: string,
): { birthDate: string; birthDateAlternative: string | null } {
  const yy = yymmdd.slice(0, 2);
  const monthDay = `${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
  const in1900s = `19${yy}-${monthDay}`;
  const in2000s = `20${yy}-${monthDay}`;
  const usable = (date: string): boolean => isCalendarDate(date) && date <= today;
  const byRule = sequenceFirstDigit <= 4 ? [in2000s, in1900s] : [in1900s, in2000s];
  const birthDate = byRule.find(usable);
  if (birthDate === undefined) return refuse('IDENTITY_BIRTH_DATE', { part: yymmdd });
  const other = birthDate === in2000s ? in1900s : in2000s;
  return { birthDate, birthDateAlternative: usable(other) ? other : null };
}

function myKadFacts(digits: string, today: string): MyKadFacts {
  const yymmdd = digits.slice(0, 6);
  const placeCode = digits.slice(6, 8);
  const { birthDate, birthDateAlternative } = birthDates(yymmdd, Number(digits[8]), today);
  if (!isPlaceCode(placeCode)) refuse('IDENTITY_PLACE_CODE', { part: placeCode });
  return { birthDate, birthDateAlternative, sex: sexOfLastDigit(digits), placeCode };
}

function sexOfLastDigit(digits: string): Sex {
  return Number(digits.slice(-1)) % 2 === 1 ? 'M' : 'F';
}

/**
 * Normalises and validates a document as typed or scanned. Refuses (DomainError) with the part
 * that is wrong: IDENTITY_FORMAT, IDENTITY_BIRTH_DATE, IDENTITY_PLACE_CODE or IDENTITY_COUNTRY.
 *
 * @param today the current date in Malaysia, YYYY-MM-DD
 */
export function normaliseDocument(
  input: { docType: DocType; docNumber: string; docCountry?: string | null },
  today: string,
): NormalisedDocument {
  if (!isCalendarDate(today)) throw new Error(`normaliseDocument: today is not a date: ${today}`);
  const { docType, docNumber, docCountry } = input;
  switch (docType) {
    case 'MYKAD':
    case 'MYPR':
    case 'MYKAS': {
      const digits = normaliseTwelveDigits(docNumber);
      const myKad = myKadFacts(digits, today);
      const country = normaliseMalaysianCountry(docCountry);
      const warnings: IdentityWarning[] =
        mod11_2CheckCharacter(digits.slice(0, 11)) === digits.slice(11) ? [] : ['CHECK_DIGIT'];
      return { key: { docType, docNumber: digits, docCountry: country }, warnings, myKad };
    }
    case 'MYTENTERA': {
      const number = normaliseAlphanumeric(docNumber, SPACES_AND_DASHES, 5, 12);
      const country = normaliseMalaysianCountry(docCountry);
      return {
        key: { docType, docNumber: number, docCountry: country },
        warnings: [],
        myKad: null,
      };
    }
    case 'BIRTH_CERT': {
      const number = normaliseAlphanumeric(docNumber, SPACES_AND_DASHES, 5, 15);
      const country = normaliseMalaysianCountry(docCountry);
      return {
        key: { docType, docNumber: number, docCountry: country },
        warnings: [],
        myKad: null,
      };
    }
    case 'PASSPORT': {
      const number = normaliseAlphanumeric(docNumber, WHITESPACE, 5, 20);
      const country = normaliseForeignCountry(docCountry);
      return {
        key: { docType, docNumber: number, docCountry: country },
        warnings: [],
        myKad: null,
      };
    }
    default: {
      const unknown: never = docType;
      throw new Error(`normaliseDocument: unknown document type ${String(unknown)}`);
    }
  }
}

/**
 * MyKad and MyPR (as MyVAS checks them): the number's YYMMDD must equal the birth date's, and the
 * last digit's parity must match the sex. Refuses with IDENTITY_BIRTH_DATE_MISMATCH or
 * IDENTITY_SEX_MISMATCH.
 * Other document types carry nothing to check.
 */
export function checkDocumentAgainstPerson(
  doc: NormalisedDocument,
  person: { birthDate: string; sex: Sex },
): void {
  const { docType, docNumber } = doc.key;
  if (!personChecked.has(docType)) return;
  if (!/^\d{12}$/.test(docNumber)) formatRefusal('12 digit', '12 digits');

  const numberYymmdd = docNumber.slice(0, 6);
  const birthYymmdd = /^\d{4}-\d{2}-\d{2}$/.test(person.birthDate)
    ? person.birthDate.slice(2).replaceAll('-', '')
    : null;
  if (birthYymmdd !== numberYymmdd) {
    refuse('IDENTITY_BIRTH_DATE_MISMATCH', { birthDate: person.birthDate, part: numberYymmdd });
  }

  const numberSex = sexOfLastDigit(docNumber);
  if (numberSex !== person.sex) {
    refuse('IDENTITY_SEX_MISMATCH', {
      part: docNumber.slice(-1),
      numberSexMs: sexText[numberSex].ms,
      givenSexMs: sexText[person.sex].ms,
      numberSexEn: sexText[numberSex].en,
      givenSexEn: sexText[person.sex].en,
    });
  }
}

/** MyKad, MyPR and MyKAS as `YYMMDD-PB-###G`; other types (or anything not 12 digits) as stored. */
export function displayDocNumber(key: IdentityKey): string {
  const { docType, docNumber } = key;
  if (myKadShaped.has(docType) && /^\d{12}$/.test(docNumber)) {
    return `${docNumber.slice(0, 6)}-${docNumber.slice(6, 8)}-${docNumber.slice(8)}`;
  }
  return docNumber;
}

/**
 * For logs: every character but the last 4 becomes `*` ('********1234'). A value of 4 characters or
 * fewer is masked entirely, so a log never holds a whole number.
 */
export function maskDocNumber(docNumber: string): string {
  const chars = [...docNumber];
  if (chars.length <= 4) return '*'.repeat(chars.length);
  return '*'.repeat(chars.length - 4) + chars.slice(-4).join('');
}

/** Apostrophes join (NUR'AIN → NURAIN); other punctuation and symbols separate words. */
const APOSTROPHES = /['`\u2018\u2019\u02BC\u00B4]/g;
const PUNCTUATION_EXCEPT_SLASH_AT = /(?![/@])[\p{P}\p{S}]/gu;

/**
 * For duplicate detection: Unicode NFKC, upper-case, punctuation stripped except `/` (A/L, A/P) and
 * `@` (aliases), white space collapsed to single spaces and trimmed.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKC')
    .toUpperCase()
    .replace(APOSTROPHES, '')
    .replace(PUNCTUATION_EXCEPT_SLASH_AT, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
