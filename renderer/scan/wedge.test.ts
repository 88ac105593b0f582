import { describe, expect, it } from 'vitest';
import {
  createWedgeDetector,
  CTRL_BRACKET,
  GROUP_SEPARATOR,
  keyName,
  stationWedgeOptions,
} from './wedge';

function press(text: string, gapMs: number, terminator = 'Enter', start = 1000) {
  const detector = createWedgeDetector();
  const verdicts = [...text].map((key, i) => detector.key(key, start + i * gapMs));
  verdicts.push(detector.key(terminator, start + text.length * gapMs));
  return verdicts.at(-1);
}

const vial = '0109506000134352172712311' + '0AB-1';

describe('the keyboard-wedge detector', () => {
  it('takes a burst ended by Enter or Tab as a scan', () => {
    expect(press(vial, 4)).toEqual({ kind: 'scan', text: vial });
    expect(press(vial, 20, 'Tab')).toEqual({ kind: 'scan', text: vial });
  });

  it('keeps a scan whole when one key comes late', () => {
    const detector = createWedgeDetector();
    const times = [...vial].map((_, i) => (i === 0 ? 0 : 60 + i * 4));
    [...vial].forEach((key, i) => detector.key(key, times[i]!));
    expect(detector.key('Enter', times.at(-1)! + 4)).toEqual({ kind: 'scan', text: vial });
  });

  it('takes the same text at a person’s speed as typing, even a fast typist’s', () => {
    expect(press(vial, 120)).toEqual({ kind: 'typing' });
    expect(press(vial, 45)).toEqual({ kind: 'typing' });
  });

  it('takes a short quick run as typing, and a pause mid-code as the start of another run', () => {
    expect(press('ab', 2)).toEqual({ kind: 'typing' });
    const detector = createWedgeDetector();
    [...'HELLO'].forEach((key, i) => detector.key(key, i * 200));
    [...'123456'].forEach((key, i) => detector.key(key, 2000 + i * 5));
    expect(detector.key('Enter', 2030)).toEqual({ kind: 'scan', text: '123456' });
  });

  it('drops a run broken by a non-printing key', () => {
    const detector = createWedgeDetector();
    [...'1234'].forEach((key, i) => detector.key(key, i * 5));
    detector.key('Backspace', 20);
    [...'56'].forEach((key, i) => detector.key(key, 25 + i * 5));
    expect(detector.key('Enter', 35)).toEqual({ kind: 'typing' });
  });
});

describe('the group separator a keyboard cannot type', () => {
  const gtinAndExpiry = '0109506000134352' + '17271231';
  const lotThenSerial = ['1', '0', 'A', 'B', '-', '1'];

  function scanWith(detector: ReturnType<typeof createWedgeDetector>, gs: string) {
    const keys = [...gtinAndExpiry, ...lotThenSerial, gs, ...'21SN9'];
    keys.forEach((key, i) => detector.key(key, 1000 + i * 4));
    return detector.key('Enter', 1000 + keys.length * 4);
  }

  it('takes Ctrl+] as GS, inside the scan', () => {
    expect(scanWith(createWedgeDetector(), keyName({ key: ']', ctrlKey: true }))).toEqual({
      kind: 'scan',
      text: `${gtinAndExpiry}10AB-1${GROUP_SEPARATOR}21SN9`,
    });
  });

  it('takes the key this station’s scanner is set to send, and no other, as GS', () => {
    const withF8 = createWedgeDetector(stationWedgeOptions('F8'));
    expect(scanWith(withF8, 'F8')).toEqual({
      kind: 'scan',
      text: `${gtinAndExpiry}10AB-1${GROUP_SEPARATOR}21SN9`,
    });
    // Without the setting, F8 breaks the run: what follows is too short to be a scan.
    expect(scanWith(createWedgeDetector(stationWedgeOptions(null)), 'F8')).toEqual({
      kind: 'typing',
    });
  });

  it('takes a scan whole with the Shift and Ctrl key-downs a wedge sends around capitals and GS', () => {
    const detector = createWedgeDetector();
    const keys = [
      ...gtinAndExpiry,
      ...['1', '0', 'Shift', 'A', 'Shift', 'B', '-', '1'],
      'Control',
      keyName({ key: ']', ctrlKey: true }),
      ...['2', '1', 'Shift', 'S', 'Shift', 'N', '9'],
    ];
    keys.forEach((key, i) => detector.key(key, 1000 + i * 4));
    expect(detector.key('Enter', 1000 + keys.length * 4)).toEqual({
      kind: 'scan',
      text: `${gtinAndExpiry}10AB-1${GROUP_SEPARATOR}21SN9`,
    });
  });

  it('names Ctrl with its key, and a plain key as itself', () => {
    expect(keyName({ key: ']', ctrlKey: true })).toBe(CTRL_BRACKET);
    expect(keyName({ key: ']', ctrlKey: false })).toBe(']');
    expect(keyName({ key: 'Control', ctrlKey: true })).toBe('Control');
  });
});
