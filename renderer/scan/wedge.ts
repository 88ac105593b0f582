/**
 * Tells a keyboard-wedge scanner from a person typing. A scanner "types" a whole code in a burst, a
 * few milliseconds between keys, and ends it with Enter or Tab; a person is slower. A run of keys
 * with no pause longer than `maxPauseMs`, at least `minLength` long, averaging at most
 * `maxAverageGapMs` between keys and ended by a terminator, is a scan: one late key (a busy machine)
 * does not spoil it, and no person keeps up that pace. Anything else is typing and is left alone.
 * A keyboard has no key for GS (the GS1 field separator): wedge scanners send it as Ctrl+] or as a
 * key set in their configuration, and the keys named in `groupSeparatorKeys` stand for it.
 * Pure: keys (named by `keyName`) and times in.
 */

export interface WedgeOptions {
  /** The fastest a scan averages between keys. */
  maxAverageGapMs: number;
  /** The longest pause inside one run of keys. */
  maxPauseMs: number;
  /** The shortest scan: anything shorter is typing (a person can tap two keys quickly). */
  minLength: number;
  terminators: readonly string[];
  /** Keys, as `keyName` names them, that a scanner sends for GS. */
  groupSeparatorKeys: readonly string[];
}

/** The GS1 group separator (ASCII 29). */
export const GROUP_SEPARATOR = '\u001d';

/** Ctrl+], the ASCII control-key spelling of GS, which most wedge scanners send by default. */
export const CTRL_BRACKET = 'Control+]';

export const defaultWedgeOptions: WedgeOptions = {
  maxAverageGapMs: 35,
  maxPauseMs: 100,
  minLength: 6,
  terminators: ['Enter', 'Tab'],
  groupSeparatorKeys: [CTRL_BRACKET],
};

/** A key press as the detector names it: `KeyboardEvent.key`, prefixed `Control+` when Ctrl is held. */
export function keyName(event: { key: string; ctrlKey: boolean }): string {
  return event.ctrlKey && event.key !== 'Control' ? `Control+${event.key}` : event.key;
}

/**
 * The station's wedge options: the defaults, plus the key this station's scanner is set to send
 * for GS (the device screen's setting), if any.
 */
export function stationWedgeOptions(extraGroupSeparatorKey: string | null): WedgeOptions {
  return extraGroupSeparatorKey === null || extraGroupSeparatorKey === ''
    ? defaultWedgeOptions
    : {
        ...defaultWedgeOptions,
        groupSeparatorKeys: [...defaultWedgeOptions.groupSeparatorKeys, extraGroupSeparatorKey],
      };
}

export type WedgeVerdict =
  /** A printable key, part of a run that may yet be a scan (or a modifier held for one). */
  | { kind: 'pending' }
  /** The terminator of a scan: `text` is what was scanned. */
  | { kind: 'scan'; text: string }
  /** A key a person typed (or a terminator ending typing). */
  | { kind: 'typing' };

/**
 * Keys a scanner holds down around others (Shift for a capital, Ctrl for GS): the browser reports
 * their own key-down, which neither breaks a run nor joins it.
 */
const MODIFIER_KEYS: ReadonlySet<string> = new Set(['Shift', 'Control', 'Alt', 'AltGraph']);

export function createWedgeDetector(options: WedgeOptions = defaultWedgeOptions) {
  let run = '';
  let runStartAt = 0;
  let lastAt = Number.NEGATIVE_INFINITY;

  return {
    /** One key press: `key` as KeyboardEvent.key, `at` in milliseconds. */
    key(key: string, at: number): WedgeVerdict {
      if (MODIFIER_KEYS.has(key)) return { kind: 'pending' };
      const paused = at - lastAt > options.maxPauseMs;
      lastAt = at;
      if (options.terminators.includes(key)) {
        const text = run;
        const gaps = text.length;
        run = '';
        const averageGap = gaps > 0 ? (at - runStartAt) / gaps : Number.POSITIVE_INFINITY;
        const scan = !paused && text.length >= options.minLength;
        return scan && averageGap <= options.maxAverageGapMs
          ? { kind: 'scan', text }
          : { kind: 'typing' };
      }
      const character = options.groupSeparatorKeys.includes(key) ? GROUP_SEPARATOR : key;
      if (character.length !== 1) {
        run = '';
        return { kind: 'typing' };
      }
      if (paused || run === '') {
        run = character;
        runStartAt = at;
      } else {
        run += character;
      }
      return { kind: 'pending' };
    },
    reset(): void {
      run = '';
      lastAt = Number.NEGATIVE_INFINITY;
    },
  };
}
