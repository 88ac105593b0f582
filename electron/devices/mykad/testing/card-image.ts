import { ADDRESS_FILE, IDENTITY_FILE, type Field } from '../layout';

/**
 * What a synthetic MyKad holds, as the chip would hold it: the IC number and the sex byte are raw
 * text so a card can disagree with itself. For tests and the emulator; synthetic identities only.
 */
export interface SyntheticMyKad {
  name: string;
  gmpcName: string;
  kptName: string;
  docNumber: string;
  sexByte: string;
  /** `YYYY-MM-DD`, written as packed BCD; or the raw four bytes to write instead. */
  birthDate: string | Uint8Array;
  birthPlace: string;
  issuedDate: string;
  citizenship: string;
  race: string;
  religion: string;
  addressLines: [string, string, string];
  /** Five digits, written as packed BCD with a trailing zero nibble. */
  postcode: string;
  city: string;
  state: string;
  /** What fills the rest of each text field. */
  padding: ' ' | '\0';
}

/** The data of file 1 (identity), `0x1A5` bytes. */
export function identityFileData(card: SyntheticMyKad): Uint8Array {
  const file = new Uint8Array(IDENTITY_FILE.length).fill(card.padding.charCodeAt(0));
  const fields = IDENTITY_FILE.fields;
  writeText(file, fields.name, card.name);
  writeText(file, fields.gmpcName, card.gmpcName);
  writeText(file, fields.kptName, card.kptName);
  writeText(file, fields.docNumber, card.docNumber);
  writeText(file, fields.sex, card.sexByte);
  writeText(file, fields.oldDocNumber, '');
  const birth = typeof card.birthDate === 'string' ? bcd(card.birthDate) : card.birthDate;
  file.set(birth.subarray(0, fields.birthDate.length), fields.birthDate.offset);
  writeText(file, fields.birthPlace, card.birthPlace);
  file.set(bcd(card.issuedDate), fields.issuedDate.offset);
  writeText(file, fields.citizenship, card.citizenship);
  writeText(file, fields.race, card.race);
  writeText(file, fields.religion, card.religion);
  return file;
}

/** The data of file 4 (address), `0x94` bytes. */
export function addressFileData(card: SyntheticMyKad): Uint8Array {
  const file = new Uint8Array(ADDRESS_FILE.length).fill(card.padding.charCodeAt(0));
  const fields = ADDRESS_FILE.fields;
  writeText(file, fields.line1, card.addressLines[0]);
  writeText(file, fields.line2, card.addressLines[1]);
  writeText(file, fields.line3, card.addressLines[2]);
  file.set(bcd(`${card.postcode}0`), fields.postcode.offset);
  writeText(file, fields.city, card.city);
  writeText(file, fields.state, card.state);
  return file;
}

function writeText(file: Uint8Array, field: Field, text: string): void {
  if (text.length > field.length) throw new Error(`"${text}" is longer than ${field.length}`);
  file.set(
    Array.from(text, (char) => char.charCodeAt(0)),
    field.offset,
  );
}

/** Digits (dashes ignored) as packed BCD, two to a byte. */
function bcd(digits: string): Uint8Array {
  const hex = digits.replace(/-/g, '');
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

/** A well-formed synthetic card: a woman born 1990-01-01 in Kuala Lumpur (place code 14). */
export const SYNTHETIC_MYKAD: SyntheticMyKad = {
  name: 'NUR AISYAH BINTI CONTOH',
  gmpcName: 'NUR AISYAH BINTI CONTOH',
  kptName: 'NUR AISYAH BT CONTOH',
  docNumber: '900101145672',
  sexByte: 'P',
  birthDate: '1990-01-01',
  birthPlace: 'WILAYAH PERSEKUTUAN',
  issuedDate: '2015-06-01',
  citizenship: 'WARGANEGARA',
  race: 'MELAYU',
  religion: 'ISLAM',
  addressLines: ['NO 1 JALAN CONTOH 1/2', 'TAMAN UJIAN', ''],
  postcode: '50480',
  city: 'KUALA LUMPUR',
  state: 'WILAYAH PERSEKUTUAN',
  padding: ' ',
};
