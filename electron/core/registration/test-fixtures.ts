import type { ChannelInput } from '../../contract';
import { mod11_2CheckCharacter } from '../identity';

/**
 * A synthetic MyKad-shaped number whose (unconfirmed) check digit is right and whose last digit
 * gives `sex`. A first sequence digit of 5–9 puts the birth year in the 1900s.
 */
export function syntheticMyKad(
  yymmdd: string,
  placeCode: string,
  sex: 'M' | 'F',
  firstSeq = 5,
): string {
  for (let seq = firstSeq * 100; seq < firstSeq * 100 + 100; seq += 1) {
    const body = `${yymmdd}${placeCode}${String(seq).padStart(3, '0')}`;
    const check = mod11_2CheckCharacter(body);
    if (check !== 'X' && (Number(check) % 2 === 1) === (sex === 'M')) return `${body}${check}`;
  }
  throw new Error('no synthetic number found');
}

export function dashed(number: string): string {
  return `${number.slice(0, 6)}-${number.slice(6, 8)}-${number.slice(8)}`;
}

export type RegisterInput = ChannelInput<'recipient.register'>;

/** A walk-in MyKad holder born 1990-01-01 (female). */
export function newRecipient(overrides: Partial<RegisterInput> = {}): RegisterInput {
  return {
    document: {
      docType: 'MYKAD',
      docNumber: dashed(syntheticMyKad('900101', '14', 'F')),
      docCountry: null,
    },
    fullName: 'Siti Aminah binti Ujian',
    birthDate: '1990-01-01',
    sex: 'F',
    nationality: 'MYS',
    addressLine: null,
    postcode: '52100',
    state: 'W.P. Kuala Lumpur',
    phone: '+60123456789',
    consent: true,
    duplicateApproval: null,
    ...overrides,
  };
}

/** A distinct MyKad holder per index (male, born in January 1985). */
export function nthRecipient(index: number, overrides: Partial<RegisterInput> = {}): RegisterInput {
  const day = String(index + 1).padStart(2, '0');
  return newRecipient({
    document: {
      docType: 'MYKAD',
      docNumber: syntheticMyKad(`8501${day}`, '10', 'M'),
      docCountry: null,
    },
    fullName: `Penerima Ujian ${index}`,
    birthDate: `1985-01-${day}`,
    sex: 'M',
    ...overrides,
  });
}
