import { describe, expect, it } from 'vitest';
import { KeyboardScanDecoder, typedCharacter } from './keyboard-report';

const shift = 0x02;
const rightShift = 0x20;
const ctrl = 0x01;
const release = [0, 0, 0, 0, 0, 0, 0, 0];

/** A boot keyboard report: modifier byte, reserved byte, six key slots. */
function keys(modifiers: number, ...usages: number[]): number[] {
  return [modifiers, 0, ...usages, ...Array<number>(6 - usages.length).fill(0)];
}

/** What a scanner in keyboard mode sends for one key: a press report, then a release report. */
function tap(usage: number, modifiers = 0): number[][] {
  return [keys(modifiers, usage), release];
}

function feed(decoder: KeyboardScanDecoder, reports: number[][]): string[] {
  return reports.flatMap((report) => decoder.push(Uint8Array.from(report)));
}

const usage = {
  a: 0x04,
  b: 0x05,
  one: 0x1e,
  zero: 0x27,
  enter: 0x28,
  minus: 0x2d,
  bracketRight: 0x30,
};

describe('typedCharacter (US layout)', () => {
  it('types letters, digits and punctuation, shifted by either Shift', () => {
    expect(typedCharacter(usage.a, 0)).toBe('a');
    expect(typedCharacter(usage.a, shift)).toBe('A');
    expect(typedCharacter(usage.a, rightShift)).toBe('A');
    expect(typedCharacter(usage.one, shift)).toBe('!');
    expect(typedCharacter(usage.minus, shift)).toBe('_');
    expect(typedCharacter(0x38, shift)).toBe('?');
    expect(typedCharacter(0x62, 0)).toBe('0');
  });

  it('turns Ctrl+] into GS and types nothing for keys without a character', () => {
    expect(typedCharacter(usage.bracketRight, ctrl)).toBe('\u001d');
    expect(typedCharacter(0x29, 0)).toBeNull();
    expect(typedCharacter(0x3a, 0)).toBeNull();
  });
});

describe('KeyboardScanDecoder', () => {
  it('collects typed characters into a scan that Enter ends', () => {
    const decoder = new KeyboardScanDecoder();
    const reports = [
      ...tap(usage.a, shift),
      ...tap(usage.b),
      ...tap(usage.one),
      ...tap(usage.enter),
    ];
    expect(feed(decoder, reports)).toEqual(['Ab1']);
  });

  it('types a repeated character once per press, not once per report', () => {
    const decoder = new KeyboardScanDecoder();
    const reports = [
      keys(0, usage.one),
      keys(0, usage.one),
      keys(0, usage.one, usage.zero),
      release,
      ...tap(usage.one),
      ...tap(usage.enter),
    ];
    expect(feed(decoder, reports)).toEqual(['101']);
  });

  it('keeps GS sent as Ctrl+] inside a GS1 code', () => {
    const decoder = new KeyboardScanDecoder();
    const lot = [...tap(0x1f), ...tap(0x1e), ...tap(usage.a, shift)]; // "21A"
    const reports = [...lot, ...tap(usage.bracketRight, ctrl), ...lot, ...tap(usage.enter)];
    expect(feed(decoder, reports)).toEqual(['21A\u001d21A']);
  });

  it('ends a scan at keypad Enter and ignores Enter with nothing typed', () => {
    const decoder = new KeyboardScanDecoder();
    expect(feed(decoder, tap(usage.enter))).toEqual([]);
    expect(feed(decoder, [...tap(0x59), ...tap(0x62), ...tap(0x58)])).toEqual(['10']);
  });

  it('ignores rollover-error reports and short reports', () => {
    const decoder = new KeyboardScanDecoder();
    const reports = [
      ...tap(usage.a),
      [0, 0, 1, 1, 1, 1, 1, 1],
      [0, 0, usage.b],
      ...tap(usage.b),
      ...tap(usage.enter),
    ];
    expect(feed(decoder, reports)).toEqual(['ab']);
  });
});
