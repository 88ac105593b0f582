/**
 * Tells what a scan is, from its text alone, so it can be routed to the screen that needs it: a vial
 * code, a recipient slip, an appointment, a document number, or something the console refuses or
 * does not know. Pure; the services check what it finds (a known GTIN, a real MyKad number).
 */
import {
  APPOINTMENT_QR_PREFIX,
  appointmentReferencePattern,
  type ScanResult,
} from '../../contract/scan';
import { parseSlipQr } from '../../contract/slip';
import { normaliseGs1Text, parseVialCode } from './gs1';

const MYKAD_SHAPE = /^(\d{6})[-\s]?(\d{2})[-\s]?(\d{4})$/;
const PASSPORT_SHAPE = /^[A-Z]{1,2}\d{6,9}$/;

const MALAYSIA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Classifies a scan read now: two-digit GS1 years are read against this year in Malaysia. */
export function classifyScanNow(text: string, now: number = Date.now()): ScanResult {
  const referenceYear = new Date(now + MALAYSIA_OFFSET_MS).getUTCFullYear();
  return classifyScan(text, { referenceYear });
}

export interface ClassifyOptions {
  /** The year a two-digit GS1 year is read against (the current Malaysia year). */
  referenceYear: number;
}

export function classifyScan(text: string, options: ClassifyOptions): ScanResult {
  const trimmed = text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  if (trimmed === '') return { kind: 'unrecognised' };

  const slipToken = parseSlipQr(trimmed);
  if (slipToken !== null) return { kind: 'slip', token: slipToken };

  if (trimmed.startsWith(APPOINTMENT_QR_PREFIX)) {
    const reference = trimmed.slice(APPOINTMENT_QR_PREFIX.length);
    if (appointmentReferencePattern.test(reference)) return { kind: 'appointment', reference };
    return { kind: 'unrecognised' };
  }

  if (normaliseGs1Text(trimmed) !== null) {
    const vial = parseVialCode(trimmed, options.referenceYear);
    if (vial.ok) return { kind: 'vial', ...vial.vial };
    return { kind: 'refused', looksLike: 'vial', code: vial.code, params: vial.params };
  }

  const mykad = MYKAD_SHAPE.exec(trimmed);
  if (mykad) return { kind: 'document', shape: 'mykad', number: mykad.slice(1).join('') };
  const passport = trimmed.toUpperCase().replace(/\s+/g, '');
  if (PASSPORT_SHAPE.test(passport))
    return { kind: 'document', shape: 'passport', number: passport };

  return { kind: 'unrecognised' };
}
