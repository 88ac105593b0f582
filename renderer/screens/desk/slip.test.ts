import { describe, expect, it } from 'vitest';
import { slipQrText } from './slip';

describe('the recipient slip', () => {
  it('carries the slip token behind the PPVSLIP1 prefix the scanner knows', () => {
    expect(slipQrText('AAAAAAAAAAAAAAAAAAAAAA')).toBe('PPVSLIP1:AAAAAAAAAAAAAAAAAAAAAA');
  });
});
