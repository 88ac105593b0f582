/** Format checks shared by the contract's schemas and the core services. Pure, zod-free. */

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `date` (YYYY-MM-DD) names a real calendar day. */
export function isCalendarDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

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
