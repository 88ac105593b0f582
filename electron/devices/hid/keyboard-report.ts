/**
 * Scanners set to keyboard mode "type" the barcode: boot keyboard input reports of 8 bytes (modifier
 * bits, a reserved byte, up to six key usage codes held down), one per key press and release, with
 * Enter after the barcode. Decoded here with the US layout. GS reaches a keyboard as Ctrl+], which
 * is how scanners in this mode send it.
 */

const leftCtrl = 0x01;
const leftShift = 0x02;
const rightCtrl = 0x10;
const rightShift = 0x20;
const enter = 0x28;
const keypadEnter = 0x58;
/** Every key slot holds this when too many keys are down at once. */
const rolloverError = 0x01;

/** Key usage → [unshifted, shifted] on a US keyboard. */
const usLayout = new Map<number, [string, string]>();
const letters = 'abcdefghijklmnopqrstuvwxyz';
for (let i = 0; i < letters.length; i += 1) {
  usLayout.set(0x04 + i, [letters[i]!, letters[i]!.toUpperCase()]);
}
const digits = '1234567890';
const shiftedDigits = '!@#$%^&*()';
for (let i = 0; i < digits.length; i += 1) {
  usLayout.set(0x1e + i, [digits[i]!, shiftedDigits[i]!]);
}
const punctuation: Array<[number, string, string]> = [
  [0x2b, '\t', '\t'],
  [0x2c, ' ', ' '],
  [0x2d, '-', '_'],
  [0x2e, '=', '+'],
  [0x2f, '[', '{'],
  [0x30, ']', '}'],
  [0x31, '\\', '|'],
  [0x33, ';', ':'],
  [0x34, "'", '"'],
  [0x35, '`', '~'],
  [0x36, ',', '<'],
  [0x37, '.', '>'],
  [0x38, '/', '?'],
  [0x54, '/', '/'],
  [0x55, '*', '*'],
  [0x56, '-', '-'],
  [0x57, '+', '+'],
  [0x63, '.', '.'],
];
for (const [usage, plain, shifted] of punctuation) usLayout.set(usage, [plain, shifted]);
const keypadDigits = '1234567890';
for (let i = 0; i < keypadDigits.length; i += 1) {
  usLayout.set(0x59 + i, [keypadDigits[i]!, keypadDigits[i]!]);
}

/** The character a key press types, or null for keys that type nothing (Esc, F-keys, arrows). */
export function typedCharacter(usage: number, modifiers: number): string | null {
  const keys = usLayout.get(usage);
  if (!keys) return null;
  const shift = (modifiers & (leftShift | rightShift)) !== 0;
  const ctrl = (modifiers & (leftCtrl | rightCtrl)) !== 0;
  const character = keys[shift ? 1 : 0];
  if (!ctrl) return character;
  const code = character.toUpperCase().charCodeAt(0);
  return code >= 0x40 && code <= 0x5f ? String.fromCharCode(code & 0x1f) : null;
}

/** Turns a stream of boot keyboard reports into scans, each ended by Enter. */
export class KeyboardScanDecoder {
  private held: number[] = [];
  private typed = '';

  /** Takes one report; returns the scans it completes (at most one, in practice). */
  push(report: Uint8Array): string[] {
    if (report.length < 8) return [];
    const modifiers = report[0]!;
    const keys = [...report.subarray(2, 8)].filter((usage) => usage !== 0);
    if (keys.includes(rolloverError)) return [];
    const pressed = keys.filter((usage) => !this.held.includes(usage));
    this.held = keys;
    const scans: string[] = [];
    for (const usage of pressed) {
      if (usage === enter || usage === keypadEnter) {
        if (this.typed.length > 0) scans.push(this.typed);
        this.typed = '';
        continue;
      }
      this.typed += typedCharacter(usage, modifiers) ?? '';
    }
    return scans;
  }
}
