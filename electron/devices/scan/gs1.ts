/**
 * GS1 element strings as vial DataMatrix codes carry them (GS1 General Specifications, section 3):
 * (01) GTIN, (17) expiry YYMMDD, (10) lot, (21) serial, and the other AIs a pharmaceutical code may
 * hold. Variable-length fields end at GS (ASCII 29) or at the end. Keyboard-mode scanners lose or
 * rename the GS and add a symbology prefix; both are undone here. Pure: text in, fields or a reason out.
 */
import type { ErrorCode } from '../../contract/errors';
import { isGs1Cset82, isValidGtin } from '../../contract/formats';

export const GS = '\u001d';

export interface Gs1Vial {
  gtin: string;
  /** YYYY-MM-DD; day `00` in the code means the month's last day. */
  expiry: string;
  lot: string;
  serial: string | null;
}

export type Gs1Result =
  | { ok: true; vial: Gs1Vial; fields: ReadonlyMap<string, string> }
  | { ok: false; code: ErrorCode; params: Record<string, string> };

/** Symbology identifiers (ISO/IEC 15424) of the symbols that carry GS1 data. */
const GS1_SYMBOLOGY_PREFIXES = [']d2', ']C1', ']Q3', ']e0', ']J1'];

/** What scanners and their configuration tools send in place of GS. */
const GS_SUBSTITUTES = ['<GS>', '{GS}', '[GS]', '^]', '\\x1d', '\\x1D', '\u241d', '<FNC1>'];

interface AiSpec {
  /** Fixed data length, or null for variable. */
  fixed: number | null;
  /** Maximum data length. */
  max: number;
  numeric: boolean;
}

const fixed = (length: number): AiSpec => ({ fixed: length, max: length, numeric: true });
const variable = (max: number, numeric = false): AiSpec => ({ fixed: null, max, numeric });

/** The AIs a medicine's code may hold (General Specifications, figure 3.2-1, in part). */
const AIS: ReadonlyMap<string, AiSpec> = new Map([
  ['00', fixed(18)],
  ['01', fixed(14)],
  ['02', fixed(14)],
  ['10', variable(20)],
  ['11', fixed(6)],
  ['12', fixed(6)],
  ['13', fixed(6)],
  ['15', fixed(6)],
  ['16', fixed(6)],
  ['17', fixed(6)],
  ['20', fixed(2)],
  ['21', variable(20)],
  ['22', variable(20)],
  ['235', variable(28)],
  ['240', variable(30)],
  ['241', variable(30)],
  ['250', variable(30)],
  ['30', variable(8, true)],
  ['37', variable(8, true)],
  ['710', variable(20)],
  ['711', variable(20)],
  ['712', variable(20)],
  ['713', variable(20)],
  ['714', variable(20)],
  ['715', variable(20)],
  ['7003', fixed(10)],
  ['90', variable(30)],
  ['91', variable(90)],
  ['92', variable(90)],
  ['93', variable(90)],
  ['94', variable(90)],
  ['95', variable(90)],
  ['96', variable(90)],
  ['97', variable(90)],
  ['98', variable(90)],
  ['99', variable(90)],
]);

function malformed(detail: string, detailEn: string): Gs1Result {
  return { ok: false, code: 'GS1_MALFORMED', params: { detail, detailEn } };
}

/** The element string with its prefix, FNC1 and GS substitutes undone; `null` if none is there. */
export function normaliseGs1Text(text: string): string | null {
  let data = text.replace(/[\r\n]+$/, '');
  let marked = false;
  for (const prefix of GS1_SYMBOLOGY_PREFIXES) {
    if (data.startsWith(prefix)) {
      data = data.slice(prefix.length);
      marked = true;
      break;
    }
  }
  for (const substitute of GS_SUBSTITUTES) data = data.split(substitute).join(GS);
  if (data.startsWith(GS)) {
    data = data.slice(1);
    marked = true;
  }
  const bracketed = /^\(\d{2,4}\)/.test(data);
  if (bracketed) return fromBrackets(data);
  if (marked || /^01\d{14}/.test(data)) return data;
  return null;
}

/** `(01)…(17)…(10)…`, the human-readable form, as an element string with GS after each field. */
function fromBrackets(data: string): string {
  return data
    .split(/\((\d{2,4})\)/)
    .slice(1)
    .reduce<string[]>((parts, piece, i, all) => {
      if (i % 2 === 0) parts.push(`${piece}${all[i + 1] ?? ''}`);
      return parts;
    }, [])
    .join(GS);
}

function findAi(data: string, at: number): string | null {
  for (const length of [2, 3, 4]) {
    const ai = data.slice(at, at + length);
    if (AIS.has(ai)) return ai;
  }
  return null;
}

/** Splits an element string into AI → value, or says where it cannot. */
export function parseElementString(data: string): Map<string, string> | Gs1Result {
  const fields = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    if (data[at] === GS) {
      at += 1;
      continue;
    }
    const ai = findAi(data, at);
    if (ai === null) {
      const near = data.slice(at, at + 4);
      return malformed(
        `pengenal aplikasi tidak dikenali "${near}"`,
        `unknown application identifier "${near}"`,
      );
    }
    const spec = AIS.get(ai)!;
    const start = at + ai.length;
    let end: number;
    if (spec.fixed !== null) {
      end = start + spec.fixed;
      if (end > data.length) {
        return malformed(`medan (${ai}) terlalu pendek`, `field (${ai}) is too short`);
      }
    } else {
      const gs = data.indexOf(GS, start);
      end = gs === -1 ? data.length : gs;
      if (end - start > spec.max) {
        return malformed(
          `medan (${ai}) lebih panjang daripada ${spec.max} aksara; pemisah GS mungkin hilang`,
          `field (${ai}) is longer than ${spec.max} characters; the GS separator may be lost`,
        );
      }
    }
    const value = data.slice(start, end);
    if (value.length === 0) {
      return malformed(`medan (${ai}) kosong`, `field (${ai}) is empty`);
    }
    const allowed = spec.numeric || spec.fixed !== null ? /^\d+$/.test(value) : isGs1Cset82(value);
    if (!allowed) {
      return malformed(
        `medan (${ai}) mengandungi aksara yang tidak dibenarkan`,
        `field (${ai}) holds characters it may not`,
      );
    }
    if (fields.has(ai)) {
      return malformed(`medan (${ai}) berulang`, `field (${ai}) appears twice`);
    }
    fields.set(ai, value);
    at = end;
  }
  return fields;
}

/**
 * YYMMDD as a date: the century puts the year within 49 years before and 50 after `referenceYear`
 * (General Specifications 7.12); day `00` is the month's last day. `null` when no such date exists.
 */
export function gs1Date(yymmdd: string, referenceYear: number): string | null {
  if (!/^\d{6}$/.test(yymmdd)) return null;
  const yy = Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  let day = Number(yymmdd.slice(4, 6));
  const century = Math.floor(referenceYear / 100) * 100;
  let year = century + yy;
  if (year - referenceYear > 50) year -= 100;
  else if (referenceYear - year > 49) year += 100;
  if (month < 1 || month > 12) return null;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day === 0) day = lastDay;
  if (day > lastDay) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A vial's GS1 code: GTIN (check digit verified), expiry and lot required, serial optional. */
export function parseVialCode(text: string, referenceYear: number): Gs1Result {
  const data = normaliseGs1Text(text);
  if (data === null) return malformed('bukan kod GS1', 'not a GS1 code');
  const parsed = parseElementString(data);
  if (!(parsed instanceof Map)) return parsed;
  const gtin = parsed.get('01');
  const expiryText = parsed.get('17');
  const lot = parsed.get('10');
  if (gtin === undefined) return missing('GTIN (01)', 'GTIN (01)');
  if (!isValidGtin(gtin)) return { ok: false, code: 'GTIN_CHECK_DIGIT', params: { gtin } };
  if (expiryText === undefined) return missing('tarikh luput (17)', 'expiry date (17)');
  if (lot === undefined) return missing('nombor lot (10)', 'lot number (10)');
  const expiry = gs1Date(expiryText, referenceYear);
  if (expiry === null) {
    return { ok: false, code: 'GS1_EXPIRY_INVALID', params: { expiry: expiryText } };
  }
  return {
    ok: true,
    vial: { gtin, expiry, lot, serial: parsed.get('21') ?? null },
    fields: parsed,
  };
}

function missing(field: string, fieldEn: string): Gs1Result {
  return { ok: false, code: 'GS1_MISSING_FIELD', params: { field, fieldEn } };
}
