import { addDays } from '../shared/time';

const BIRTH_DATES = 23_000;

/**
 * Synthetic recipients that pass every format check and belong to nobody: born between 1940 and
 * 2002, place-of-birth code 14, the century digit of the sequence set to match the birth year.
 * Unique for indexes below 2,300,000.
 */
export function syntheticRecipient(index: number) {
  const birthDate = addDays('1940-01-01', index % BIRTH_DATES);
  const sequence = Math.floor(index / BIRTH_DATES) % 100;
  const sex: 'M' | 'F' = index % 2 === 0 ? 'F' : 'M';
  const centuryDigit = birthDate >= '2000-01-01' ? 0 : 5;
  const yymmdd = birthDate.slice(2, 4) + birthDate.slice(5, 7) + birthDate.slice(8, 10);
  return {
    docNumber: `${yymmdd}14${centuryDigit}${String(sequence).padStart(2, '0')}${sex === 'M' ? 1 : 2}`,
    fullName: `PENERIMA UJIAN ${index}`,
    birthDate,
    sex,
  };
}
