import { SLIP_QR_PREFIX } from '../../../electron/contract/vocabulary';

/** The text of the recipient slip's QR code, as the vaccinator's scanner reads it. */
export function slipQrText(slipToken: string): string {
  return `${SLIP_QR_PREFIX}${slipToken}`;
}
