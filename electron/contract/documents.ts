/**
 * The rules of JPN's 12-digit numbers (`YYMMDD-PB-###G`: MyKad, MyPR, MyKAS, MyKid and the birth
 * certificate), written once: the core checks typed and read numbers with them, the scan classifier
 * checks scanned ones. Pure and zod-free; "today" is passed in. See SPEC.md "Identity documents".
 */
import type { ErrorCode } from './errors';
import { isCalendarDate } from './formats';
import { LIMITS } from './vocabulary';

/** Document types whose numbers JPN issues in one 12-digit number space. */
export const jpnDocTypes = ['MYKAD', 'MYPR', 'MYKAS', 'BIRTH_CERT'] as const;

/** The oldest a recipient can be, in years. */
export const MAX_AGE_YEARS = LIMITS.maxAgeYears;

export type Sex = 'M' | 'F';

/** What a 12-digit JPN number tells about its holder. */
export interface JpnNumberFacts {
  /** YYYY-MM-DD by the century rule, for the clerk to confirm (a chip's date wins when read). */
  birthDate: string;
  /** The other century when it is also a possible birth date (a centenarian); else `null`. */
  birthDateAlternative: string | null;
  sex: Sex;
  /** The place-of-birth code `PB` (digits 7 and 8). */
  placeCode: string;
  /** The unconfirmed ISO 7064 MOD 11-2 check digit holds: a warning to re-check when it does not. */
  checkDigitHolds: boolean;
}

export type JpnNumberCheck =
  | { ok: true; facts: JpnNumberFacts }
  | {
      ok: false;
      code: Extract<ErrorCode, 'IDENTITY_BIRTH_DATE' | 'IDENTITY_PLACE_CODE'>;
      /** The wrong part of the number, as it stands in it. */
      params: { part: string };
    };

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

/** The earliest birth date a person alive on `today` can have: `MAX_AGE_YEARS` years before. */
export function earliestBirthDate(today: string): string {
  return `${String(Number(today.slice(0, 4)) - MAX_AGE_YEARS).padStart(4, '0')}${today.slice(4)}`;
}

/** A real calendar date, not after `today` and not more than `MAX_AGE_YEARS` years before it. */
export function isPossibleBirthDate(date: string, today: string): boolean {
  return isCalendarDate(date) && date <= today && date >= earliestBirthDate(today);
}

/** The sex the last digit gives: odd for male, even for female. */
export function sexOfJpnNumber(digits: string): Sex {
  return Number(digits.slice(-1)) % 2 === 1 ? 'M' : 'F';
}

/**
 * Checks a 12-digit number's own rules and reads its facts. The birth date follows the community
 * rule (the sequence's first digit 0–4 means 2000s, 5–9 1900s; a century that gives no possible
 * birth date falls back to the other); a `YYMMDD` no century makes a possible birth date is refused,
 * and so is an unknown place code, each naming the part.
 *
 * @param digits exactly 12 ASCII digits
 * @param today the current date in Malaysia, YYYY-MM-DD
 */
export function checkJpnNumber(digits: string, today: string): JpnNumberCheck {
  if (!/^\d{12}$/.test(digits)) throw new Error('checkJpnNumber: not 12 digits');
  const yymmdd = digits.slice(0, 6);
  const placeCode = digits.slice(6, 8);
  const monthDay = `${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
  const in1900s = `19${yymmdd.slice(0, 2)}-${monthDay}`;
  const in2000s = `20${yymmdd.slice(0, 2)}-${monthDay}`;
  const byRule = Number(digits[8]) <= 4 ? [in2000s, in1900s] : [in1900s, in2000s];
  const birthDate = byRule.find((date) => isPossibleBirthDate(date, today));
  if (birthDate === undefined) {
    return { ok: false, code: 'IDENTITY_BIRTH_DATE', params: { part: yymmdd } };
  }
  if (!isPlaceCode(placeCode)) {
    return { ok: false, code: 'IDENTITY_PLACE_CODE', params: { part: placeCode } };
  }
  const other = birthDate === in2000s ? in1900s : in2000s;
  return {
    ok: true,
    facts: {
      birthDate,
      birthDateAlternative: isPossibleBirthDate(other, today) ? other : null,
      sex: sexOfJpnNumber(digits),
      placeCode,
      checkDigitHolds: mod11_2CheckCharacter(digits.slice(0, 11)) === digits.slice(11),
    },
  };
}
