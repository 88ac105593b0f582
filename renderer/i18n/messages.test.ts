import { describe, expect, it } from 'vitest';
import { en, ms } from './messages';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('screen messages', () => {
  it('have the same keys in Malay and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ms).sort());
  });

  it.each(Object.keys(ms) as Array<keyof typeof ms>)(
    '%s: both languages, same placeholders',
    (key) => {
      expect(ms[key].trim()).not.toBe('');
      expect(en[key].trim()).not.toBe('');
      expect(placeholders(en[key])).toEqual(placeholders(ms[key]));
    },
  );
});
