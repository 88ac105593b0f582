import { refuse } from '../shared/errors';

/**
 * A character that may be part of what is scanned: GS1's character set 82 (lots, serials), the space,
 * and so every digit and letter of document numbers and slip codes. Taken as GS, it would cut them.
 */
const DATA_CHARACTER = /^[ !"%&'()*+,\-./0-9:;<=>?A-Z_a-z]$/;
/** A named key as KeyboardEvent.key names it: `F8`, `Insert`, `Pause`. */
const NAMED_KEY = /^[A-Z][A-Za-z0-9]{1,19}$/;
/** Named keys that end a scan, edit the field or only modify another key: never GS. */
const NEVER_GS = new Set([
  'Enter',
  'Tab',
  'Backspace',
  'Delete',
  'Shift',
  'Control',
  'Alt',
  'AltGraph',
  'Meta',
  'CapsLock',
]);

/**
 * Whether a key may stand for GS at a station: a named key (F8), a character no scanned code holds
 * (`~`, `|`, `§`), or one held with Ctrl (`Control+\`); never a data character, a terminator or a
 * modifier, which would cut or end every scan.
 */
export function isGroupSeparatorKey(key: string): boolean {
  const bare = key.startsWith('Control+') ? key.slice('Control+'.length) : key;
  if (bare === '' || NEVER_GS.has(bare)) return false;
  if (key !== bare) return [...bare].length === 1 || NAMED_KEY.test(bare);
  if ([...bare].length === 1) return !DATA_CHARACTER.test(bare);
  return NAMED_KEY.test(bare);
}

export function assertGroupSeparatorKey(key: string | null): void {
  if (key !== null && !isGroupSeparatorKey(key)) refuse('GS_KEY_NOT_ALLOWED', { key });
}
