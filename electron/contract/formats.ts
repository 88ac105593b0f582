/** Format checks shared by the contract's schemas and the core services. Pure, zod-free. */

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True when `date` (YYYY-MM-DD) names a real calendar day. */
export function isCalendarDate(date: string): boolean {
  const match = CALENDAR_DATE.exec(date);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1]!);
}

/** GS1 AI encodable character set 82: letters, digits and 20 marks; no space, no accent. */
const GS1_CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;

/** True when `text` holds only characters of GS1's character set 82 (what a lot or serial may hold). */
export function isGs1Cset82(text: string): boolean {
  return GS1_CSET82.test(text);
}

/** A GS1 batch/lot number (AI 10) is at most this long. */
export const GS1_LOT_MAX = 20;

/** A lot as GS1 writes it (AI 10): 1 to 20 characters of character set 82. */
export function isGs1Lot(lot: string): boolean {
  return lot.length >= 1 && lot.length <= GS1_LOT_MAX && isGs1Cset82(lot);
}

/** A serial as GS1 writes it (AI 21): the same shape as a lot. */
export const isGs1Serial: (serial: string) => boolean = isGs1Lot;

const GTIN_LENGTHS = new Set([8, 12, 13, 14]);

/** A GS1 GTIN (8, 12, 13 or 14 digits) whose mod-10 check digit is right. */
export function isValidGtin(gtin: string): boolean {
  if (!/^\d+$/.test(gtin) || !GTIN_LENGTHS.has(gtin.length)) return false;
  let sum = 0;
  // Weights alternate 3, 1, 3, … from the digit just left of the check digit.
  for (let i = gtin.length - 2, weight = 3; i >= 0; i--, weight = 4 - weight) {
    sum += Number(gtin[i]) * weight;
  }
  return (10 - (sum % 10)) % 10 === Number(gtin[gtin.length - 1]);
}
