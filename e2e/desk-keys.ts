/**
 * Keys and scans for the desk tests, counted. A scan is sent as a keyboard-wedge scanner sends it:
 * real key events (Shift held for capitals, Ctrl+] or another key for GS, Enter at the end), each
 * stamped 4 ms after the one before, so the wedge detector sees a scanner's pace however late a busy
 * machine delivers them (Playwright's typing delay is only a wait between keys, at the mercy of CI).
 */
import type { CDPSession, Page } from '@playwright/test';

export const GS = '\u001d';

/** A wedge scanner's pace: the time between its keys. */
const SCANNER_KEY_GAP_MS = 4;

/** A key as Chromium's DevTools protocol takes it (`Input.dispatchKeyEvent`). */
interface KeyDefinition {
  key: string;
  code?: string;
  windowsVirtualKeyCode?: number;
  /** What the key types, if anything. */
  text?: string;
}

/** A modifier key a scanner holds, and its bit in the protocol's `modifiers`. */
interface Modifier {
  key: KeyDefinition;
  bit: number;
}

/** One key a scanner presses, and the modifier it holds down around it. */
interface ScannerKey {
  key: KeyDefinition;
  hold: Modifier | null;
}

const SHIFT: Modifier = {
  key: { key: 'Shift', code: 'ShiftLeft', windowsVirtualKeyCode: 16 },
  bit: 8,
};
const CONTROL: Modifier = {
  key: { key: 'Control', code: 'ControlLeft', windowsVirtualKeyCode: 17 },
  bit: 2,
};
const ENTER: ScannerKey = {
  key: { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' },
  hold: null,
};
/** The characters a US keyboard types with Shift held: a wedge scanner holds it for them too. */
const SHIFTED = /^[A-Z~!@#$%^&*()_+{}|:"<>?]$/;

/** The key a scanner presses for `character`: GS as `gsKey` (Ctrl+] or a function key). */
function scannerKey(character: string, gsKey: string): ScannerKey {
  if (character !== GS) {
    return {
      key: { key: character, text: character },
      hold: SHIFTED.test(character) ? SHIFT : null,
    };
  }
  if (gsKey === 'Control+]') {
    return { key: { key: ']', code: 'BracketRight', windowsVirtualKeyCode: 221 }, hold: CONTROL };
  }
  const functionKey = /^F([1-9]|1[0-2])$/.exec(gsKey);
  if (!functionKey) throw new Error(`no key definition for the GS key ${gsKey}`);
  return {
    key: { key: gsKey, code: gsKey, windowsVirtualKeyCode: 111 + Number(functionKey[1]) },
    hold: null,
  };
}

/** Presses `keys` in order, stamped from `startMs` (epoch) on, `SCANNER_KEY_GAP_MS` apart. */
async function pressStamped(
  session: CDPSession,
  keys: readonly ScannerKey[],
  startMs: number,
): Promise<void> {
  const sent: Array<Promise<unknown>> = [];
  const send = (type: 'keyDown' | 'keyUp', key: KeyDefinition, modifiers: number, atMs: number) => {
    const { text: _typed, ...withoutText } = key;
    sent.push(
      session.send('Input.dispatchKeyEvent', {
        type,
        ...(type === 'keyDown' ? key : withoutText),
        modifiers,
        timestamp: atMs / 1000,
      }),
    );
  };
  keys.forEach(({ key, hold }, index) => {
    const at = startMs + index * SCANNER_KEY_GAP_MS;
    const modifiers = hold?.bit ?? 0;
    if (hold) send('keyDown', hold.key, modifiers, at);
    send('keyDown', key, modifiers, at);
    send('keyUp', key, modifiers, at);
    if (hold) send('keyUp', hold.key, 0, at);
  });
  // The protocol handles them in the order sent: their stamps, not their arrival, set the pace.
  await Promise.all(sent);
}

/** What these helpers use of the page's window (the e2e project is type-checked without the DOM). */
interface PageWindow {
  document: { documentElement: { scrollHeight: number } };
  innerHeight: number;
}

export interface KeyCounter {
  /** Keys pressed by the person (not a scanner's). */
  readonly keys: number;
  press(key: string): Promise<void>;
  /** A wedge scanner's burst into whatever has focus, GS sent as `gsKey` (with Ctrl for 'Control+]'). */
  scan(text: string, gsKey?: string): Promise<void>;
}

export function countKeys(page: Page): KeyCounter {
  let keys = 0;
  let session: CDPSession | null = null;
  return {
    get keys() {
      return keys;
    },
    async press(key) {
      keys += 1;
      await page.keyboard.press(key);
    },
    async scan(text, gsKey = 'Control+]') {
      session ??= await page.context().newCDPSession(page);
      const pressed = [...text].map((character) => scannerKey(character, gsKey));
      await pressStamped(session, [...pressed, ENTER], Date.now());
    },
  };
}

/** Fails when the page is taller than the window: the status bar must stay in sight. */
export async function fitsWindow(
  page: Page,
): Promise<{ scrollHeight: number; innerHeight: number }> {
  return page.evaluate(() => {
    const { document, innerHeight } = globalThis as unknown as PageWindow;
    return { scrollHeight: document.documentElement.scrollHeight, innerHeight };
  });
}
