/**
 * The JPN applet of the MyKad as MYKAD.md describes it: its AID, the files the console reads and
 * where each field sits. Offsets are from the start of a file's data, which begins at file offset
 * `0x0003` (after the 3-byte header).
 */

export const JPN_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x00, 0x74, 0x4a, 0x50, 0x4e, 0x00, 0x10);

/** File offsets count the 3-byte header, so a file's data starts here. */
export const FILE_DATA_OFFSET = 0x0003;

/** Older chips fail reads above this many bytes. */
export const MAX_CHUNK = 0xf0;

export interface Field {
  offset: number;
  length: number;
}

export const IDENTITY_FILE = {
  id: 1,
  length: 0x01a5,
  fields: {
    name: { offset: 0x000, length: 150 },
    gmpcName: { offset: 0x096, length: 80 },
    kptName: { offset: 0x0e6, length: 40 },
    docNumber: { offset: 0x10e, length: 13 },
    sex: { offset: 0x11b, length: 1 },
    oldDocNumber: { offset: 0x11c, length: 8 },
    birthDate: { offset: 0x124, length: 4 },
    birthPlace: { offset: 0x128, length: 25 },
    issuedDate: { offset: 0x141, length: 4 },
    citizenship: { offset: 0x145, length: 18 },
    race: { offset: 0x157, length: 25 },
    religion: { offset: 0x170, length: 11 },
  },
} as const satisfies { id: number; length: number; fields: Record<string, Field> };

export const ADDRESS_FILE = {
  id: 4,
  length: 0x0094,
  fields: {
    line1: { offset: 0x00, length: 30 },
    line2: { offset: 0x1e, length: 30 },
    line3: { offset: 0x3c, length: 30 },
    postcode: { offset: 0x5a, length: 3 },
    city: { offset: 0x5d, length: 25 },
    state: { offset: 0x76, length: 30 },
  },
} as const satisfies { id: number; length: number; fields: Record<string, Field> };

/** The photo: never read by the console (SPEC.md, "Data minimisation"). */
export const PHOTO_FILE_ID = 2;
