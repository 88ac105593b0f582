import { describe, expect, it } from 'vitest';
import { maskForSlip, slipQrText } from './slip';

describe('the recipient slip', () => {
  it('carries the slip token behind the PPVSLIP1 prefix the scanner knows', () => {
    expect(slipQrText('AAAAAAAAAAAAAAAAAAAAAA')).toBe('PPVSLIP1:AAAAAAAAAAAAAAAAAAAAAA');
  });

  it('shows only the last four characters of the document number', () => {
    expect(maskForSlip('900514145001')).toBe('********5001');
  });

  it('hides a number of four characters or fewer entirely', () => {
    expect(maskForSlip('A123')).toBe('****');
  });
});
