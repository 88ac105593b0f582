/** What every end-to-end screen check does: a screenshot to look at, and an accessibility scan. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import path from 'node:path';
import type { ChannelInput, ChannelName, ChannelOutput, PpvApi } from '../electron/contract';

const SCREENS = path.resolve(import.meta.dirname, '..', 'test-results', 'screens');

/** Saves the screen and fails on any serious or critical accessibility violation. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true });
  const scan = await new AxeBuilder({ page }).analyze();
  const serious = scan.violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  expect(serious.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
}

/** One channel call, typed by the contract. */
export type ChannelCall = { [C in ChannelName]: readonly [C, ChannelInput<C>] }[ChannelName];

/**
 * Runs calls in order on the page's own station connection (the same dispatcher the screens use),
 * to set up what a test needs quickly; a refusal fails the test with its code.
 */
export async function invokeInPage(page: Page, calls: readonly ChannelCall[]): Promise<void> {
  await page.evaluate(async (list) => {
    const { ppv } = globalThis as unknown as {
      ppv: {
        invoke(channel: string, input: unknown): Promise<{ ok: boolean; error?: { code: string } }>;
      };
    };
    for (const [channel, given] of list) {
      // A day opened here confirms the time the console shows, as the manager does on the screen.
      const input =
        channel === 'day.open'
          ? {
              ...(given as object),
              confirmedTime: (
                (await ppv.invoke('clock.status', {})) as { value?: { correctedNow: number } }
              ).value?.correctedNow,
            }
          : given;
      const result = await ppv.invoke(channel, input);
      if (!result.ok) throw new Error(`${channel}: ${result.error?.code ?? 'refused'}`);
    }
  }, calls);
}

export interface StaffMember {
  staffId: string;
  fullName: string;
  roles: Array<'clerk' | 'vaccinator' | 'manager' | 'admin'>;
}

/**
 * On the page's own station connection: sets up the PPV with admin ADM01 (`secret`), creates
 * `staff` (the first manager among them needs no approval), and has each sign in with the first PIN
 * the console generated and change it to `secret`; a manager opens a walk-in day when `openDay` is
 * set. Everyone is signed out at the end.
 */
export async function ppvWithStaff(
  page: Page,
  staff: readonly StaffMember[],
  options: { secret: string; openDay: boolean },
): Promise<void> {
  await page.evaluate(
    async ({ staff, secret, openDay }) => {
      const { ppv } = globalThis as unknown as { ppv: PpvApi };
      const ok = async <C extends ChannelName>(
        channel: C,
        input: ChannelInput<C>,
      ): Promise<ChannelOutput<C>> => {
        const result = await ppv.invoke(channel, input);
        if (!result.ok) throw new Error(`${channel}: ${result.error.code}`);
        return result.value;
      };
      await ok('ppv.setUp', {
        ppvCode: 'PPV-WPKL-0001',
        name: 'PPV Dewan Ujian',
        state: 'W.P. Kuala Lumpur',
        district: 'Kuala Lumpur',
        admin: { staffId: 'ADM01', fullName: 'Pentadbir Ujian', secret },
      });
      await ok('auth.signIn', { staffId: 'ADM01', secret });
      const firstPins = new Map<string, string>();
      for (const person of staff) {
        firstPins.set(person.staffId, (await ok('user.create', person)).firstPin);
      }
      await ok('auth.signOut', {});
      for (const person of staff) {
        const firstPin = firstPins.get(person.staffId) ?? '';
        await ok('auth.signIn', { staffId: person.staffId, secret: firstPin });
        await ok('auth.changeSecret', { currentSecret: firstPin, newSecret: secret });
        if (openDay && person.roles.includes('manager')) {
          // Confirming the time the console shows, as the manager does on the screen.
          const { correctedNow } = await ok('clock.status', {});
          await ok('day.open', { channel: 'walk-in', confirmedTime: correctedNow });
        }
        await ok('auth.signOut', {});
      }
    },
    { staff, secret: options.secret, openDay: options.openDay },
  );
}

/**
 * What Chromium prints of the page (`page.pdf()` with the page's print CSS and @page size, as a
 * print dialog does): how many pages, and the first page's width in PDF points.
 */
export async function printedPages(page: Page): Promise<{ pages: number; widthPt: number }> {
  const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString(
    'latin1',
  );
  const mediaBox = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)/.exec(pdf);
  return {
    pages: (pdf.match(/\/Type\s*\/Page\b/g) ?? []).length,
    widthPt: Number(mediaBox?.[1]),
  };
}
