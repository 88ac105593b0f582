/**
 * Tells a keyboard-wedge scanner from a person typing. A scanner "types" a whole code in a burst,
 * a few milliseconds between keys, and ends it with Enter or Tab; a person is slower and uneven.
 * A run of keys each within `maxGapMs` of the one before, at least `minLength` long and ended by a
 * terminator, is a scan; anything else is typing and is left alone. Pure: keys and times in.
 */

export interface WedgeOptions {
  /** The longest pause between two keys of one scan. */
  maxGapMs: number;
  /** The shortest scan: anything shorter is typing (a person can tap two keys quickly). */
  minLength: number;
  terminators: readonly string[];
}

export const defaultWedgeOptions: WedgeOptions = {
  maxGapMs: 30,
  minLength: 6,
  terminators: ['Enter', 'Tab'],
};

export type WedgeVerdict =
  /** A printable key, part of a run that may yet be a scan. */
  | { kind: 'pending' }
  /** The terminator of a scan: `text` is the scan, which arrived in the field as `length` keys. */
  | { kind: 'scan'; text: string }
  /** A key a person typed (or a terminator ending typing). */
  | { kind: 'typing' };

export function createWedgeDetector(options: WedgeOptions = defaultWedgeOptions) {
  let run = '';
  let lastAt = Number.NEGATIVE_INFINITY;

  return {
    /** One key press: `key` as KeyboardEvent.key, `at` in milliseconds. */
    key(key: string, at: number): WedgeVerdict {
      const quick = at - lastAt <= options.maxGapMs;
      lastAt = at;
      if (options.terminators.includes(key)) {
        const text = run;
        run = '';
        return quick && text.length >= options.minLength
          ? { kind: 'scan', text }
          : { kind: 'typing' };
      }
      if (key.length !== 1) {
        run = '';
        return { kind: 'typing' };
      }
      run = quick ? run + key : key;
      return { kind: 'pending' };
    },
    reset(): void {
      run = '';
      lastAt = Number.NEGATIVE_INFINITY;
    },
  };
}
