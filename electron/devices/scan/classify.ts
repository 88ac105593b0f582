/**
 * Tells what a scan is, from its text alone, so it can be routed to the screen that needs it: a vial
 * code, a recipient slip, an appointment, a document number, or something the console refuses or
 * does not know. Pure. A MyKad-shaped number meets the same JPN number rules as a typed one
 * (contract/documents.ts); the services check the rest (a known GTIN, a registered person).
 */
import { checkJpnNumber } from '../../contract/documents';
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

/** Classifies a scan read now: dates are read against today in Malaysia. */
export function classifyScanNow(text: string, now: number = Date.now()): ScanResult {
  const today = new Date(now + MALAYSIA_OFFSET_MS).toISOString().slice(0, 10);
  return classifyScan(text, { today });
}

export interface ClassifyOptions {
  /**
   * The current date in Malaysia, YYYY-MM-DD: a JPN number's birth date may not be after it, and a
   * two-digit GS1 year is read against its year.
   */
  today: string;
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
    const vial = parseVialCode(trimmed, Number(options.today.slice(0, 4)));
    if (vial.ok) return { kind: 'vial', ...vial.vial };
    return { kind: 'refused', looksLike: 'vial', code: vial.code, params: vial.params };
  }

  const mykad = MYKAD_SHAPE.exec(trimmed);
  if (mykad) {
    const number = mykad.slice(1).join('');
    const checked = checkJpnNumber(number, options.today);
    if (!checked.ok) {
      return { kind: 'refused', looksLike: 'document', code: checked.code, params: checked.params };
    }
    return { kind: 'document', shape: 'mykad', number };
  }
  const passport = trimmed.toUpperCase().replace(/\s+/g, '');
  if (PASSPORT_SHAPE.test(passport))
    return { kind: 'document', shape: 'passport', number: passport };

  return { kind: 'unrecognised' };
}
