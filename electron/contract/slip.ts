/**
 * The recipient slip's QR code: `PPVSLIP1:<token>`, where the token is the registration's slip
 * token (16 random bytes, base64url). Pure, so the scanner classifier and the printed slip share it.
 */
import { SLIP_QR_PREFIX } from './vocabulary';

export { SLIP_QR_PREFIX };

/** 16 bytes in unpadded base64url. */
export const slipTokenPattern = /^[A-Za-z0-9_-]{22}$/;

export function slipQrText(slipToken: string): string {
  return `${SLIP_QR_PREFIX}${slipToken}`;
}

/**
 * The slip token in a scanned QR text, or `null` when the text is not a slip QR. Surrounding white
 * space (a scanner's terminator) is ignored; the token itself is case-sensitive.
 */
export function parseSlipQr(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith(SLIP_QR_PREFIX)) return null;
  const token = trimmed.slice(SLIP_QR_PREFIX.length);
  return slipTokenPattern.test(token) ? token : null;
}
