import type { MyKadIdentity } from '../ports';
import { CardReadError } from './errors';
import { ADDRESS_FILE, IDENTITY_FILE, type Field } from './layout';

/** Turns the data of files 1 and 4 into the identity; impossible data is `CARD_DATA_INVALID`. */
export function parseMyKad(identityFile: Uint8Array, addressFile: Uint8Array): MyKadIdentity {
  if (identityFile.length < IDENTITY_FILE.length || addressFile.length < ADDRESS_FILE.length) {
    throw invalid('a file is shorter than its layout');
  }
  const id = IDENTITY_FILE.fields;
  const address = ADDRESS_FILE.fields;
  const text = (file: Uint8Array, field: Field): string => paddedText(slice(file, field));

  const docNumber = text(identityFile, id.docNumber);
  if (!/^\d{12}$/.test(docNumber)) throw invalid('the IC number is not 12 digits');

  return {
    name: text(identityFile, id.name),
    docNumber,
    sex: sexFromByte(slice(identityFile, id.sex)[0]),
    birthDate: bcdDate(slice(identityFile, id.birthDate)),
    citizenship: text(identityFile, id.citizenship),
    address: {
      lines: [address.line1, address.line2, address.line3]
        .map((field) => text(addressFile, field))
        .filter((line) => line !== ''),
      postcode: bcdPostcode(slice(addressFile, address.postcode)),
      city: text(addressFile, address.city),
      state: text(addressFile, address.state),
    },
  };
}

function slice(file: Uint8Array, field: Field): Uint8Array {
  return file.subarray(field.offset, field.offset + field.length);
}

/** ASCII padded with spaces or NULs, either side. */
function paddedText(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes).replace(/^[\s\0]+|[\s\0]+$/g, '');
}

function sexFromByte(byte: number | undefined): MyKadIdentity['sex'] {
  if (byte === 0x4c) return 'M'; // L, lelaki
  if (byte === 0x50) return 'F'; // P, perempuan
  throw invalid('the sex byte is neither L nor P');
}

function bcdDigits(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Packed BCD `YYYYMMDD` to `YYYY-MM-DD`, refusing a non-decimal nibble or a day that does not exist. */
function bcdDate(bytes: Uint8Array): string {
  const digits = bcdDigits(bytes);
  if (!/^\d{8}$/.test(digits)) throw invalid('the birth date is not packed BCD');
  const [year, month, day] = [digits.slice(0, 4), digits.slice(4, 6), digits.slice(6, 8)].map(
    Number,
  );
  const date = new Date(0);
  date.setUTCFullYear(year ?? 0, (month ?? 0) - 1, day);
  if (date.getUTCMonth() + 1 !== month || date.getUTCDate() !== day) {
    throw invalid('the birth date does not exist');
  }
  return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}`;
}

/** The first five hex digits of the packed BCD field. */
function bcdPostcode(bytes: Uint8Array): string {
  const postcode = bcdDigits(bytes).slice(0, 5);
  if (!/^\d{5}$/.test(postcode)) throw invalid('the postcode is not packed BCD');
  return postcode;
}

function invalid(reason: string): CardReadError {
  return new CardReadError('CARD_DATA_INVALID', reason);
}
