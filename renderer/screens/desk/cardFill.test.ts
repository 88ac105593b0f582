import { describe, expect, it } from 'vitest';
import { documentFromCard, personFromCard, type CardIdentity } from './cardFill';

/** Synthetic: born 3 January 2001 (the number alone could read 1901), Johor (01), female. */
const card: CardIdentity = {
  docType: 'MYKAD',
  docNumber: '010103015002',
  fullName: 'SITI BINTI UJIAN',
  birthDate: '2001-01-03',
  sex: 'F',
  nationality: 'MYS',
  addressLine: 'NO 2 JALAN CONTOH',
  postcode: '81100',
  state: 'JOHOR',
  warnings: [],
};

describe('a MyKad read fills the desk', () => {
  it('takes the chip’s birth date, sex and address as they are', () => {
    expect(personFromCard(card)).toEqual({
      fullName: 'SITI BINTI UJIAN',
      birthDate: '2001-01-03',
      sex: 'F',
      nationality: 'MYS',
      addressLine: 'NO 2 JALAN CONTOH',
      postcode: '81100',
      state: 'JOHOR',
    });
  });

  it('leaves what the chip does not hold blank for the clerk', () => {
    const sparse = { ...card, nationality: null, addressLine: null, postcode: null, state: null };
    expect(personFromCard(sparse)).toMatchObject({
      nationality: '',
      addressLine: '',
      postcode: '',
      state: '',
    });
  });

  it('puts the card’s number in the find step as a MyKad', () => {
    expect(documentFromCard(card)).toEqual({
      docType: 'MYKAD',
      docNumber: '010103015002',
      docCountry: '',
    });
  });
});
