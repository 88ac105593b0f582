import { describe, expect, it } from 'vitest';
import { parseSlipQr } from './slip';
import { maskDocNumber, SLIP_QR_PREFIX } from './vocabulary';

describe('the vocabulary', () => {
  it('shows only the last four characters of a document number', () => {
    expect(maskDocNumber('900514145001')).toBe('********5001');
  });

  it('hides a number of four characters or fewer entirely', () => {
    expect(maskDocNumber('A123')).toBe('****');
  });

  it('names the prefix the slip QR parser reads', () => {
    expect(parseSlipQr(`${SLIP_QR_PREFIX}AAAAAAAAAAAAAAAAAAAAAA`)).toBe('AAAAAAAAAAAAAAAAAAAAAA');
  });
});
