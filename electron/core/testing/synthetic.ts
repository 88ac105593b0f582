import { mod11_2CheckCharacter } from '../identity';
import { addDays } from '../shared/time';

/**
 * Synthetic identities for tests and the benchmark: they pass every identity check and belong to
 * nobody. Every synthetic MyKad number comes from `syntheticMyKad`.
 */

/** Birth date of synthetic recipient `index`: distinct for 336 recipients, all born in 1985. */
export function birthDateOf(index: number): string {
  const month = String((Math.floor(index / 28) % 12) + 1).padStart(2, '0');
  return `1985-${month}-${String((index % 28) + 1).padStart(2, '0')}`;
}

export interface SyntheticMyKadOptions {
  /** YYYY-MM-DD: gives the number's first six digits and, by its century, the sequence's. */
  birthDate: string;
  /** Place-of-birth code: '14' (W.P. Kuala Lumpur) unless given. */
  placeCode?: string;
  /** 'M' (odd last digit) unless given; 'F' gives an even last digit. */
  sex?: 'M' | 'F';
  /** Which of the 50 numbers of this birth date, place and sex: 0 (the first) to 49. */
  nth?: number;
}

/**
 * A synthetic MyKad-shaped number (12 digits, no dashes): YYMMDD of the birth date, the place code,
 * a sequence whose first digit gives the century (5–9 for the 1900s, 0–4 for the 2000s) and whose
 * first two digits count `nth`, and a last digit that is the (unconfirmed) ISO 7064 MOD 11-2 check
 * digit and odd for a man, even for a woman.
 *
 * `syntheticMyKad(index)` is synthetic recipient `index`: born per `birthDateOf`, W.P. Kuala Lumpur,
 * male.
 */
export function syntheticMyKad(of: number | SyntheticMyKadOptions): string {
  const {
    birthDate,
    placeCode = '14',
    sex = 'M',
    nth = 0,
  } = typeof of === 'number' ? { birthDate: birthDateOf(of) } : of;
  if (!Number.isInteger(nth) || nth < 0 || nth > 49) throw new Error(`nth ${nth} is not 0–49`);
  const prefix = (birthDate < '2000-01-01' ? 50 : 0) + nth;
  const body = `${birthDate.slice(2).replaceAll('-', '')}${placeCode}${String(prefix).padStart(2, '0')}`;
  // Ten last sequence digits give ten distinct check characters: at least four odd and four even.
  for (let digit = 0; digit < 10; digit += 1) {
    const check = mod11_2CheckCharacter(`${body}${digit}`);
    if (check !== 'X' && (Number(check) % 2 === 1) === (sex === 'M')) {
      return `${body}${digit}${check}`;
    }
  }
  throw new Error('no synthetic number found');
}

/** A 12-digit MyKad number as typed with dashes: YYMMDD-PB-###G. */
export function dashed(number: string): string {
  return `${number.slice(0, 6)}-${number.slice(6, 8)}-${number.slice(8)}`;
}

/**
 * Letters with no look-alike among them (no I, L or O) and no B, so no synthetic name's last word
 * reads as a patronymic (B, BN, BT, BTE): every synthetic name keys apart.
 */
const NAME_LETTERS = 'ACDEFGHJKMNPQRSTUVWXYZ';

/**
 * The name of synthetic person `index`: 'Penerima Ujian' and a word of letters unique to the index
 * (a name holds letters only: 'Penerima Ujian A', 'Penerima Ujian C', … 'Penerima Ujian Z',
 * 'Penerima Ujian Aa', …).
 */
export function syntheticName(index: number): string {
  let word = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / NAME_LETTERS.length)) {
    word = NAME_LETTERS[(n - 1) % NAME_LETTERS.length]! + word;
  }
  return `Penerima Ujian ${word[0]}${word.slice(1).toLowerCase()}`;
}

const BIRTH_DATES = 23_000;

/**
 * Synthetic recipients for the benchmark: born between 1940 and 2002, place-of-birth code 14.
 * Unique for indexes below 2,300,000.
 */
export function syntheticRecipient(index: number) {
  const birthDate = addDays('1940-01-01', index % BIRTH_DATES);
  const sequence = Math.floor(index / BIRTH_DATES) % 100;
  const sex: 'M' | 'F' = sequence % 2 === 0 ? 'F' : 'M';
  return {
    docNumber: syntheticMyKad({ birthDate, sex, nth: Math.floor(sequence / 2) }),
    fullName: syntheticName(index).toUpperCase(),
    birthDate,
    sex,
  };
}
