/**
 * Keys and scans for the desk tests, counted. A scan is sent as a keyboard-wedge scanner sends it:
 * every key inside one task of the page, so the detector sees a burst whatever the machine's load
 * (Playwright's typing delay is at the mercy of a busy CI); GS goes as Ctrl+] or another key.
 */
import type { Page } from '@playwright/test';

export const GS = '\u001d';

/** What these helpers use of the page's window (the e2e project is type-checked without the DOM). */
interface PageWindow {
  document: {
    activeElement: EventTarget | null;
    body: EventTarget;
    documentElement: { scrollHeight: number };
  };
  innerHeight: number;
  KeyboardEvent: new (
    type: string,
    init: { key: string; ctrlKey: boolean; bubbles: boolean; cancelable: boolean },
  ) => Event;
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
  return {
    get keys() {
      return keys;
    },
    async press(key) {
      keys += 1;
      await page.keyboard.press(key);
    },
    async scan(text, gsKey = 'Control+]') {
      await page.evaluate(
        ({ text, gs, gsKey }) => {
          const page = globalThis as unknown as PageWindow;
          const target = page.document.activeElement ?? page.document.body;
          const send = (key: string, ctrlKey: boolean) =>
            target.dispatchEvent(
              new page.KeyboardEvent('keydown', { key, ctrlKey, bubbles: true, cancelable: true }),
            );
          for (const character of text) {
            if (character !== gs) send(character, false);
            else if (gsKey === 'Control+]') send(']', true);
            else send(gsKey, false);
          }
          send('Enter', false);
        },
        { text, gs: GS, gsKey },
      );
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
