/**
 * Identity documents: normalisation, validation and the facts a JPN number carries. Pure: no I/O
 * and no clock; the current Malaysia date is passed in where it matters. The rules of JPN's 12-digit
 * numbers live in the contract (`contract/documents.ts`), shared with the scan classifier.
 *
 * See SPEC.md "Identity documents" and MYVAS-API.md "Formats".
 */
import {
  checkJpnNumber,
  jpnDocTypes,
  sexOfJpnNumber,
  type JpnNumberFacts,
  type Sex,
} from '../../contract/documents';
import type { DocType } from '../../contract/vocabulary';
import { refuse } from '../shared/errors';
import { isCalendarDate } from '../shared/time';
import { isoAlpha3Codes } from './countries';

export { isoAlpha3Codes } from './countries';
export {
  earliestBirthDate,
  isPlaceCode,
  isPossibleBirthDate,
  mod11_2CheckCharacter,
  type Sex,
} from '../../contract/documents';
export { checkNameCharacters, nameKeys, NAME_KEY_VERSION, normaliseName } from './names';
export { normalisePhone } from './phone';
export { findState, resolveState } from './states';
export { DOC_TYPES as docTypes, maskDocNumber, type DocType } from '../../contract/vocabulary';

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

/** What a 12-digit JPN number tells about its holder. */
export type MyKadFacts = Omit<JpnNumberFacts, 'checkDigitHolds'>;

export interface NormalisedDocument {
  key: IdentityKey;
  warnings: IdentityWarning[];
  /** Set for a 12-digit JPN number (MyKad, MyPR, MyKAS, MyKid/birth certificate); else `null`. */
  myKad: MyKadFacts | null;
}

const MALAYSIA = 'MYS';

const jpnTypes: ReadonlySet<DocType> = new Set<DocType>(jpnDocTypes);

/** Types whose YYMMDD and sex digit MyVAS checks against the recipient's birth date and sex. */
const personChecked: ReadonlySet<DocType> = new Set<DocType>(['MYKAD', 'MYPR']);

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

/** True for a key in JPN's one number space: a JPN document type with 12 digits. */
export function isJpnKey(key: IdentityKey): boolean {
  return jpnTypes.has(key.docType) && /^\d{12}$/.test(key.docNumber);
}

/**
 * The identity key as one text, unique among recipients: `JPN:<12 digits>` for JPN's number space
 * (the same digits under MyKad, MyPR, MyKAS or birth certificate are one person), else
 * `<type>:<country>:<number>`. The database computes the same text (recipients.identity_key).
 */
export function identityKeyText(key: IdentityKey): string {
  return isJpnKey(key)
    ? `JPN:${key.docNumber}`
    : `${key.docType}:${key.docCountry}:${key.docNumber}`;
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

/** Checks a 12-digit JPN number against its own rules; refuses naming the part that is wrong. */
function jpnNumber(
  digits: string,
  today: string,
): { facts: MyKadFacts; warnings: IdentityWarning[] } {
  const checked = checkJpnNumber(digits, today);
  if (!checked.ok) return refuse(checked.code, checked.params);
  const { checkDigitHolds, ...facts } = checked.facts;
  return { facts, warnings: checkDigitHolds ? [] : ['CHECK_DIGIT'] };
}

/**
 * Normalises and validates a document as typed or scanned. Refuses (DomainError) with the part
 * that is wrong: IDENTITY_FORMAT, IDENTITY_BIRTH_DATE, IDENTITY_PLACE_CODE or IDENTITY_COUNTRY.
 * A birth certificate is a MyKid number (12 digits, checked as one) or an older certificate's
 * letters and digits.
 *
 * @param today the current date in Malaysia, YYYY-MM-DD
 */
export function normaliseDocument(
  input: { docType: DocType; docNumber: string; docCountry?: string | null },
  today: string,
): NormalisedDocument {
  if (!isCalendarDate(today)) throw new Error(`normaliseDocument: today is not a date: ${today}`);
  const { docType, docNumber, docCountry } = input;
  const twelveDigits =
    docType === 'BIRTH_CERT' && /^\d{12}$/.test(docNumber.replace(SPACES_AND_DASHES, ''));
  switch (docType) {
    case 'MYKAD':
    case 'MYPR':
    case 'MYKAS':
    case 'BIRTH_CERT': {
      if (docType === 'BIRTH_CERT' && !twelveDigits) {
        const number = normaliseAlphanumeric(docNumber, SPACES_AND_DASHES, 5, 15);
        const country = normaliseMalaysianCountry(docCountry);
        return {
          key: { docType, docNumber: number, docCountry: country },
          warnings: [],
          myKad: null,
        };
      }
      const digits = normaliseTwelveDigits(docNumber);
      const { facts, warnings } = jpnNumber(digits, today);
      const country = normaliseMalaysianCountry(docCountry);
      return { key: { docType, docNumber: digits, docCountry: country }, warnings, myKad: facts };
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
  doc: Pick<NormalisedDocument, 'key'>,
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

  const numberSex = sexOfJpnNumber(docNumber);
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

/** JPN's 12-digit numbers as `YYMMDD-PB-###G`; other types (or anything not 12 digits) as stored. */
export function displayDocNumber(key: IdentityKey): string {
  const { docNumber } = key;
  if (isJpnKey(key)) {
    return `${docNumber.slice(0, 6)}-${docNumber.slice(6, 8)}-${docNumber.slice(8)}`;
  }
  return docNumber;
}
