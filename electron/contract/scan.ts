import { z } from 'zod';
import type { ErrorCode } from './errors';

/**
 * What the console makes of one scan, whatever the scanner: a vial's GS1 code, a recipient slip,
 * an appointment, a document number, a vial code or JPN number it refuses (with why), or nothing it
 * knows.
 */
export type ScanResult =
  | { kind: 'vial'; gtin: string; expiry: string; lot: string; serial: string | null }
  | { kind: 'slip'; token: string }
  | { kind: 'appointment'; reference: string }
  | { kind: 'document'; shape: 'mykad' | 'passport'; number: string }
  | {
      kind: 'refused';
      looksLike: 'vial' | 'document';
      code: ErrorCode;
      params: Record<string, string>;
    }
  | { kind: 'unrecognised' };

export type ScanKind = ScanResult['kind'];

/**
 * An appointment QR code: `PPVAPPT1:<reference>`. ASSUMPTION: no national appointment QR format is
 * published; this is the console's own, printed by whoever books the appointment.
 */
export const APPOINTMENT_QR_PREFIX = 'PPVAPPT1:';
export const appointmentReferencePattern = /^[A-Z0-9-]{6,32}$/;

export const scanResult: z.ZodType<ScanResult> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('vial'),
    gtin: z.string(),
    expiry: z.string(),
    lot: z.string(),
    serial: z.string().nullable(),
  }),
  z.object({ kind: z.literal('slip'), token: z.string() }),
  z.object({ kind: z.literal('appointment'), reference: z.string() }),
  z.object({
    kind: z.literal('document'),
    shape: z.enum(['mykad', 'passport']),
    number: z.string(),
  }),
  z.object({
    kind: z.literal('refused'),
    looksLike: z.enum(['vial', 'document']),
    code: z.custom<ErrorCode>((value) => typeof value === 'string'),
    params: z.record(z.string(), z.string()),
  }),
  z.object({ kind: z.literal('unrecognised') }),
]);
