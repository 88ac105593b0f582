/** What every end-to-end screen check does: a screenshot to look at, and an accessibility scan. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import path from 'node:path';
import type { ChannelInput, ChannelName } from '../electron/contract';

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
 * The calls that set up the PPV with admin ADM01 (`secret`), create `staff` with `firstPin`, and
 * have each change it to `secret`; a manager among them opens a walk-in day when `openDay` is set.
 * Everyone is signed out at the end.
 */
export function ppvWithStaff(
  staff: readonly StaffMember[],
  options: { secret: string; firstPin: string; openDay: boolean },
): ChannelCall[] {
  const { secret, firstPin } = options;
  return [
    [
      'ppv.setUp',
      {
        ppvCode: 'PPV-WPKL-0001',
        name: 'PPV Dewan Ujian',
        state: 'W.P. Kuala Lumpur',
        district: 'Kuala Lumpur',
        admin: { staffId: 'ADM01', fullName: 'Pentadbir Ujian', secret },
      },
    ],
    ['auth.signIn', { staffId: 'ADM01', secret }],
    ...staff.map((person): ChannelCall => ['user.create', { ...person, secret: firstPin }]),
    ['auth.signOut', {}],
    ...staff.flatMap((person): ChannelCall[] => [
      ['auth.signIn', { staffId: person.staffId, secret: firstPin }],
      ['auth.changeSecret', { currentSecret: firstPin, newSecret: secret }],
      ...(options.openDay && person.roles.includes('manager')
        ? [['day.open', { channel: 'walk-in' }] as ChannelCall]
        : []),
      ['auth.signOut', {}],
    ]),
  ];
}
