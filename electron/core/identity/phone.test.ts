import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/errors';
import { normalisePhone } from './phone';

function refusalOf(typed: string): DomainError {
  try {
    normalisePhone(typed);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`${typed} was not refused`);
}

describe('normalisePhone', () => {
  it.each([
    ['012-345 6789', '+60123456789'],
    ['0123456789', '+60123456789'],
    ['012 3456 789', '+60123456789'],
    ['(012) 345-6789', '+60123456789'],
    ['011-2345 6789', '+601123456789'],
    ['+60 12-345 6789', '+60123456789'],
    ['+60123456789', '+60123456789'],
    ['60123456789', '+60123456789'],
    ['6012-345 6789', '+60123456789'],
    ['0060123456789', '+60123456789'],
    ['０１２３４５６７８９', '+60123456789'],
    ['+65 9123 4567', '+6591234567'],
  ])('takes %j as %s', (typed, e164) => {
    expect(normalisePhone(typed)).toBe(e164);
  });

  it.each([
    ['0123', 'is too short', 'terlalu pendek'],
    ['01234567890123', 'is too long', 'terlalu panjang'],
    ['012-345 678', 'is not in its country’s numbering plan', 'tiada dalam pelan penomboran'],
    ['+999 1234 5678', 'has no such country code', 'kod negara yang tidak wujud'],
    ['abc', 'is not a phone number', 'bukan nombor telefon'],
    ['call 0123456789', 'is not a phone number', 'bukan nombor telefon'],
    ['0123456789 ext 5', 'has an extension', 'sambungan'],
  ])('refuses %j in words', (typed, english, malay) => {
    const error = refusalOf(typed);
    expect(error.code).toBe('PHONE_INVALID');
    const message = error.toBody().message;
    expect(message.en).toContain(`This phone number ${english}`);
    expect(message.ms).toContain(malay);
  });

  it('gives E.164 or a refusal, never anything else, whatever is typed (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (typed) => {
        try {
          expect(normalisePhone(typed)).toMatch(/^\+[1-9]\d{6,14}$/);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe('PHONE_INVALID');
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('reads every spacing of one Malaysian mobile number the same (property)', () => {
    const separators = fc.constantFrom('', ' ', '-', '.');
    fc.assert(
      fc.property(separators, separators, fc.constantFrom('0', '+60', '60', '+60 '), (a, b, p) => {
        expect(normalisePhone(`${p}12${a}345${b}6789`)).toBe('+60123456789');
      }),
    );
  });
});
