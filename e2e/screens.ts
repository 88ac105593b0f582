/** What every end-to-end screen check does: a screenshot to look at, and an accessibility scan. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import path from 'node:path';
import type { ChannelInput, ChannelName, ChannelOutput, PpvApi } from '../electron/contract';
import { newRecipient, type RegisterInput } from '../electron/core/testing/scenario';
import { en, ms, type MessageKey } from '../renderer/i18n/messages';

const SCREENS = path.resolve(import.meta.dirname, '..', 'test-results', 'screens');

/** Opens the console at `url` with its language already chosen, as a returning user's browser has it. */
export async function openInLanguage(page: Page, url: string, language: Language): Promise<void> {
  await page.addInitScript((lang) => {
    const { localStorage } = globalThis as unknown as {
      localStorage: { setItem(key: string, value: string): void };
    };
    localStorage.setItem('ppv.language', lang);
  }, language);
  await page.goto(url);
}

/** A synthetic person as the specs list them. */
export type Person = readonly [
  docNumber: string,
  fullName: string,
  birthDate: string,
  sex: 'M' | 'F',
];

/** `person` registered as a walk-in (the scenario's `newRecipient`), built here to pass into a page. */
export const registrationOf = ([docNumber, fullName, birthDate, sex]: Person): RegisterInput =>
  newRecipient({
    document: { docType: 'MYKAD', docNumber, docCountry: null },
    fullName,
    birthDate,
    sex,
  });

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

export type Language = 'ms' | 'en';

/** A screen string in `language`, its `{parameters}` filled in, as the screens say it. */
export function wordsIn(language: Language) {
  return (key: MessageKey, params: Record<string, string | number> = {}): string =>
    (language === 'ms' ? ms : en)[key].replace(/\{(\w+)\}/g, (_, name: string) =>
      String(params[name]),
    );
}

/** Signs in on the sign-in screen, whose labels are in `language`. */
export async function signInOnScreen(
  page: Page,
  language: Language,
  staffId: string,
  secret: string,
): Promise<void> {
  const t = wordsIn(language);
  await page.getByLabel(t('signIn.staffId'), { exact: true }).fill(staffId);
  await page.getByLabel(t('signIn.secret')).fill(secret);
  await page.getByLabel(t('signIn.secret')).press('Enter');
}

/** Sets up the PPV on the set-up screen as `ppvWithStaff` does, with admin ADM01 (`adminSecret`). */
export async function setUpPpvOnScreen(
  page: Page,
  language: Language,
  adminSecret: string,
): Promise<void> {
  const t = wordsIn(language);
  await page.getByLabel(t('setUp.ppvCode')).fill('PPV-WPKL-0001');
  await page.getByLabel(t('setUp.name')).fill('PPV Dewan Ujian');
  await page.getByLabel(t('setUp.state')).fill('W.P. Kuala Lumpur');
  await page.getByLabel(t('setUp.district')).fill('Kuala Lumpur');
  await page.getByLabel(t('setUp.adminStaffId')).fill('ADM01');
  await page.getByLabel(t('setUp.adminName')).fill('Pentadbir Ujian');
  await page.getByLabel(t('setUp.adminSecret')).fill(adminSecret);
  await page.getByRole('button', { name: t('setUp.submit') }).click();
}

/** On the admin's staff screen: adds `member`, and returns the first PIN the console shows once. */
export async function addStaffOnScreen(
  page: Page,
  language: Language,
  member: StaffMember,
): Promise<string> {
  const t = wordsIn(language);
  await page.getByLabel(t('users.staffId'), { exact: true }).fill(member.staffId);
  await page.getByLabel(t('users.fullName'), { exact: true }).fill(member.fullName);
  for (const role of member.roles) await page.getByLabel(t(`role.${role}`)).check();
  await page.getByRole('button', { name: t('users.create') }).click();
  await expect(page.getByText(t('users.created', { staffId: member.staffId }))).toBeVisible();
  const firstPin = (await page.getByTestId('first-pin').textContent()) ?? '';
  await expect(page.getByRole('cell', { name: member.fullName })).toBeVisible();
  return firstPin;
}

/** The staff of a day at the desks: a manager, a registration clerk and a vaccinator. */
export const DAY_STAFF = [
  { staffId: 'MGR01', fullName: 'Pengurus Ujian', roles: ['manager'] },
  { staffId: 'CLERK01', fullName: 'Kerani Ujian', roles: ['clerk'] },
  { staffId: 'VAX01', fullName: 'Vaksinator Ujian', roles: ['vaccinator'] },
] as const satisfies readonly StaffMember[];

/**
 * Opens the console at `url` set up with `staff` (`ppvWithStaff`) and reloads it, so the screens
 * start at the sign-in form.
 */
export async function consoleWithStaff(
  page: Page,
  url: string,
  staff: readonly StaffMember[],
  options: { secret: string; openDay: boolean },
): Promise<void> {
  await page.goto(url);
  await ppvWithStaff(page, staff, options);
  await page.reload();
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
