import type { SLIP_QR_PREFIX } from '../../../electron/contract/slip';

/** The contract's slip prefix; the type keeps this copy equal to it (the renderer takes only types). */
const slipPrefix: typeof SLIP_QR_PREFIX = 'PPVSLIP1:';

/** The text of the recipient slip's QR code, as the vaccinator's scanner reads it. */
export function slipQrText(slipToken: string): string {
  return `${slipPrefix}${slipToken}`;
}

/**
 * A document number for a printed slip: every character but the last four hidden, and all of a
 * number of four characters or fewer.
 */
export function maskForSlip(docNumber: string): string {
  const chars = [...docNumber];
  const hidden = chars.length <= 4 ? chars.length : chars.length - 4;
  return '*'.repeat(hidden) + chars.slice(hidden).join('');
}
