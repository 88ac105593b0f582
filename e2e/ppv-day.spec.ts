/**
 * A whole PPV day at four desks, in Chromium through the station server on a fresh database: the
 * admin sets up the PPV and creates the staff; the manager opens the day; the clerk registers a
 * walk-in by typed MyKad number and is refused the same person again, shown the existing recipient;
 * the vaccinator confirms presence, is refused an expired vial, opens a vial scanned at scanner speed
 * and records dose 1; the manager sees the close-out blockers, settles them, closes and seals; a dose
 * after the close-out is refused; the batch waits to upload. Every step asserts what the screen
 * shows, once in Malay and once in English; every screen is saved and scanned for accessibility.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { localise, type ErrorCode } from '../electron/contract/errors';
import { startConsoleStation, type ConsoleStation } from './console-station';
import {
  addStaffOnScreen,
  checkScreen,
  DAY_STAFF,
  setUpPpvOnScreen,
  signInOnScreen,
  wordsIn,
} from './screens';

/** Synthetic: born 14 May 1990, Selangor (14), male (odd last digit). */
const AHMAD = { mykad: '900514145001', shown: '900514-14-5001', name: 'Ahmad bin Ujian' };
/** Synthetic: born 20 February 1985, Selangor (10), female (even last digit). */
const SITI = { mykad: '850220105002', shown: '850220-10-5002', name: 'Siti binti Ujian' };
/** Comirnaty's synthetic GTIN, expiry 31 December 2030, lot LOT-HARI-1. */
const VIAL = '0100200000000011' + '17301231' + '10LOT-HARI-1';
/** The same product, a lot that expired on 31 January 2024. */
const EXPIRED_VIAL = '0100200000000011' + '17240131' + '10LOT-LAMA-9';
const ADMIN_SECRET = 'rahsia-pentadbir-2026';
const SECRET = 'kata-laluan-2026';

/** Text as a literal inside a regular expression. */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let station: ConsoleStation;
test.beforeEach(async () => {
  station = await startConsoleStation();
});
test.afterEach(async () => station.close());

for (const language of ['ms', 'en'] as const) {
  const t = wordsIn(language);
  /** A refusal's message in this pass's language, as the console sends it. */
  const refusal = (code: ErrorCode, params: Record<string, string | number> = {}) =>
    localise(code, params)[language];

  /** A desk of its own (its own browser context), in this pass's language. */
  async function desk(browser: Browser): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(station.url);
    if (language === 'en') await page.getByRole('button', { name: 'English' }).click();
    return page;
  }

  /** The first PIN the console generated for each account, read off the admin's screen. */
  const firstPins = new Map<string, string>();

  async function signInFirstTime(page: Page, staffId: string): Promise<void> {
    const firstPin = firstPins.get(staffId) ?? '';
    await expect(page.getByRole('heading', { name: t('signIn.title') })).toBeVisible();
    await signInOnScreen(page, language, staffId, firstPin);
    await page.getByLabel(t('changeSecret.current')).fill(firstPin);
    await page.getByLabel(t('changeSecret.new')).fill(SECRET);
    await page.getByLabel(t('changeSecret.new')).press('Enter');
  }

  const screen = (name: string) => `day-${language}-${name}`;

  test(`a whole PPV day at four desks, in ${language === 'ms' ? 'Malay' : 'English'}`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);

    // --- the admin sets up the PPV and its staff -------------------------------------------------
    const admin = await desk(browser);
    await setUpPpvOnScreen(admin, language, ADMIN_SECRET);
    await expect(admin.getByRole('heading', { name: t('signIn.title') })).toBeVisible();
    await signInOnScreen(admin, language, 'ADM01', ADMIN_SECRET);
    await expect(admin.getByRole('heading', { name: t('users.title') })).toBeVisible();
    for (const member of DAY_STAFF) {
      firstPins.set(member.staffId, await addStaffOnScreen(admin, language, member));
    }
    await checkScreen(admin, screen('1-admin-staff'));

    // --- the manager opens the day ------------------------------------------------------------------
    const manager = await desk(browser);
    await signInFirstTime(manager, 'MGR01');
    await expect(manager.getByText(t('manager.day.none'))).toBeVisible();
    await manager.getByLabel(t('manager.clock.confirmShown')).check();
    await manager.getByRole('button', { name: t('manager.day.open') }).click();
    await expect(manager.getByTestId('status-day')).toHaveText(/\d{2}\/\d{2}\/\d{4}/);
    const today = (await manager.getByTestId('status-day').textContent())?.match(
      /\d{2}\/\d{2}\/\d{4}/,
    )?.[0];
    expect(today).toBeDefined();
    await expect(manager.getByTestId('status-day')).toHaveText(
      t('status.day.open', { date: today! }),
    );
    await manager.getByRole('tab', { name: t('manager.tabs.close-out') }).click();
    await expect(manager.getByText(t('manager.closeOut.noBlockers'))).toBeVisible();
    await checkScreen(manager, screen('2-day-open'));

    // --- the clerk registers a walk-in by typed MyKad number ----------------------------------------
    const clerk = await desk(browser);
    await signInFirstTime(clerk, 'CLERK01');
    await expect(clerk.getByText(t('desk.queue.empty'))).toBeVisible();
    const documentField = clerk.getByLabel(t('desk.find.docNumber'));
    await documentField.fill(AHMAD.mykad);
    await documentField.press('Enter');
    await expect(
      clerk.getByRole('heading', {
        name: t('desk.new.title', { document: `${t('desk.docType.MYKAD')} ${AHMAD.shown}` }),
      }),
    ).toBeVisible();
    await expect(clerk.getByRole('group', { name: t('desk.new.birthDate') })).toContainText(
      '14/05/1990',
    );
    await expect(clerk.getByLabel(t('desk.sex.M'), { exact: true })).toBeChecked();
    await clerk.getByLabel(t('desk.new.fullName')).fill(AHMAD.name);
    await clerk.getByLabel(t('desk.new.postcode')).fill('43000');
    await clerk.getByLabel(t('desk.new.state')).fill('Selangor');
    await clerk.getByLabel(t('desk.visit.phone')).fill('+60123456789');
    await checkScreen(clerk, screen('3-register'));
    await clerk.getByRole('button', { name: t('desk.new.submit') }).click();
    await expect(clerk.getByText(t('desk.registered', { name: AHMAD.name }))).toBeVisible();
    await expect(
      clerk.getByRole('heading', { name: t('desk.queue.title', { count: 1 }) }),
    ).toBeVisible();

    // The same person again: the existing recipient is shown, and a second registration refused.
    await documentField.fill(AHMAD.shown);
    await documentField.press('Enter');
    await expect(clerk.getByRole('heading', { name: t('desk.existing.title') })).toBeVisible();
    await expect(clerk.getByTestId('existing-recipient')).toContainText(AHMAD.name);
    await clerk.getByLabel(t('desk.visit.phone')).fill('+60123456789');
    await clerk.getByRole('button', { name: t('desk.existing.register') }).click();
    await expect(clerk.getByText(refusal('ALREADY_IN_QUEUE'))).toBeVisible();
    await checkScreen(clerk, screen('4-same-person-refused'));

    // A second walk-in, who will still be waiting at close-out.
    await documentField.fill(SITI.mykad);
    await documentField.press('Enter');
    await expect(clerk.getByLabel(t('desk.sex.F'), { exact: true })).toBeChecked();
    await clerk.getByLabel(t('desk.new.fullName')).fill(SITI.name);
    await clerk.getByLabel(t('desk.new.postcode')).fill('50000');
    await clerk.getByLabel(t('desk.new.state')).fill('W.P. Kuala Lumpur');
    await clerk.getByLabel(t('desk.visit.phone')).fill('+60129876543');
    await clerk.getByRole('button', { name: t('desk.new.submit') }).click();
    await expect(
      clerk.getByRole('heading', { name: t('desk.queue.title', { count: 2 }) }),
    ).toBeVisible();

    // --- the vaccinator: presence, an expired vial refused, a vial scanned, dose 1 -----------------
    const vaccinator = await desk(browser);
    await signInFirstTime(vaccinator, 'VAX01');
    await expect(
      vaccinator.getByRole('heading', { name: t('vaccinator.queue.title', { count: 2 }) }),
    ).toBeVisible();
    await vaccinator.getByRole('button', { name: new RegExp(`^${AHMAD.name} · `) }).focus();
    await vaccinator.keyboard.press('Enter');
    await expect(
      vaccinator.getByRole('heading', {
        name: t('vaccinator.recipient.title', { name: AHMAD.name }),
      }),
    ).toBeVisible();
    const scanField = vaccinator.getByLabel(t('vaccinator.scan.label'));
    await expect(scanField).toBeFocused();
    // No card reader at this desk: the number typed is no card read, so it asks why.
    await scanField.fill(AHMAD.mykad);
    await scanField.press('Enter');
    await vaccinator
      .getByLabel(t('vaccinator.presence.reason'))
      .fill('Tiada pembaca kad di meja ini');
    await vaccinator.getByLabel(t('vaccinator.presence.reason')).press('Enter');
    await expect(
      vaccinator.getByText(t('vaccinator.presence.confirmedFor', { name: AHMAD.name })),
    ).toBeVisible();

    await scanField.fill(EXPIRED_VIAL);
    await scanField.press('Enter');
    await expect(
      vaccinator.getByText(refusal('VIAL_EXPIRED', { lot: 'LOT-LAMA-9', expiry: '2024-01-31' })),
    ).toBeVisible();
    await checkScreen(vaccinator, screen('5-expired-vial'));

    await scanField.fill(VIAL);
    await scanField.press('Enter');
    // No lot was recorded as delivered at this PPV: the lot shown is confirmed against the label.
    await vaccinator
      .getByRole('alertdialog')
      .getByRole('button', { name: t('vaccinator.lot.confirm', { lot: 'LOT-HARI-1' }) })
      .click();
    await expect(
      vaccinator.getByText(
        t('vaccinator.vial.opened', {
          product: 'Comirnaty',
          lot: 'LOT-HARI-1',
          expiry: '31/12/2030',
        }),
      ),
    ).toBeVisible();
    await vaccinator
      .getByLabel(t('vaccinator.dose.site'))
      .selectOption({ label: t('vaccinator.site.L_DELTOID') });
    await vaccinator.getByRole('button', { name: t('vaccinator.dose.submit') }).click();
    const recorded = t('vaccinator.dose.recorded', {
      number: 1,
      product: 'COMIRNATY',
      name: AHMAD.name,
      time: '__TIME__',
      until: '__UNTIL__',
    });
    const [before, between, after] = recorded.split(/__TIME__|__UNTIL__/);
    await expect(
      vaccinator.getByText(
        new RegExp(
          `^${escape(before!)}\\d\\d:\\d\\d${escape(between!)}\\d\\d:\\d\\d${escape(after!)}$`,
        ),
      ),
    ).toBeVisible();
    await expect(
      vaccinator.getByRole('heading', { name: t('vaccinator.queue.title', { count: 1 }) }),
    ).toBeVisible();
    await checkScreen(vaccinator, screen('6-dose-recorded'));

    // Siti is called and present, but her dose will come too late.
    await vaccinator.getByRole('button', { name: new RegExp(`^${SITI.name} · `) }).click();
    // No card reader at this desk: the number typed is no card read, so it asks why.
    await scanField.fill(SITI.mykad);
    await scanField.press('Enter');
    await vaccinator
      .getByLabel(t('vaccinator.presence.reason'))
      .fill('Tiada pembaca kad di meja ini');
    await vaccinator.getByLabel(t('vaccinator.presence.reason')).press('Enter');
    await expect(
      vaccinator.getByText(t('vaccinator.presence.confirmedFor', { name: SITI.name })),
    ).toBeVisible();
    await expect(
      vaccinator.getByRole('button', { name: t('vaccinator.dose.submit') }),
    ).toBeFocused();

    // --- the manager: blockers, settled, the day closed and sealed ---------------------------------
    const sitiLabel = '********5002';
    const ahmadLabel = '********5001';
    const vialLabel = 'COMIRNATY lot LOT-HARI-1';
    await expect(
      manager.getByText(
        t('manager.blocker.incomplete-registration', { label: `${SITI.name} (${sitiLabel})` }),
      ),
    ).toBeVisible();
    await expect(
      manager.getByText(
        t('manager.blocker.in-observation', { label: `${AHMAD.name} (${ahmadLabel})` }),
      ),
    ).toBeVisible();
    await expect(
      manager.getByText(t('manager.blocker.unreconciled-vial', { label: vialLabel })),
    ).toBeVisible();
    await manager.getByRole('button', { name: t('manager.closeOut.close') }).click();
    await expect(
      manager.getByRole('alert').filter({ hasText: refusal('DAY_HAS_BLOCKERS', { count: 3 }) }),
    ).toBeVisible();
    await checkScreen(manager, screen('7-close-out-blockers'));

    const leftReason = manager.getByLabel(t('manager.blocker.allLeftReason', { count: 1 }));
    await leftReason.fill('Pulang sebelum dipanggil');
    await leftReason.press('Enter');
    await manager
      .getByRole('button', {
        name: t('manager.blocker.release', { label: `${AHMAD.name} (${ahmadLabel})` }),
      })
      .click();
    // The wastage proposed is what the vial still holds (six doses, one drawn), not zero.
    await expect(manager.getByLabel(t('manager.blocker.wasted', { label: vialLabel }))).toHaveValue(
      '5',
    );
    await manager
      .getByRole('button', { name: t('manager.blocker.reconcile', { label: vialLabel }) })
      .click();
    await expect(manager.getByText(t('manager.closeOut.noBlockers'))).toBeVisible();
    await manager.getByRole('button', { name: t('manager.closeOut.close') }).click();
    await expect(manager.getByTestId('manager-sealed')).toContainText(today!);
    await expect(manager.getByTestId('status-day')).toHaveText(t('status.day.none'));
    await manager.getByRole('tab', { name: t('manager.tabs.upload') }).click();
    await expect(manager.getByTestId('manager-myvas-not-configured')).toHaveText(
      t('manager.batches.notConfigured'),
    );
    const batch = manager.getByTestId('manager-batch');
    await expect(batch).toHaveCount(1);
    await expect(batch.getByRole('cell').nth(2)).toHaveText('1');
    await expect(batch.getByRole('cell').nth(3)).toHaveText(t('manager.upload.waiting'));
    await checkScreen(manager, screen('8-sealed-waiting-upload'));

    // --- a dose after the close-out is refused ------------------------------------------------------
    await vaccinator.getByRole('button', { name: t('vaccinator.dose.submit') }).click();
    const afterCloseOut = escape(refusal('DOSE_AFTER_CLOSE_OUT', { closedAt: '§' })).replace(
      '§',
      '.+',
    );
    await expect(vaccinator.getByText(new RegExp(`^${afterCloseOut}$`))).toBeVisible();
    await checkScreen(vaccinator, screen('9-dose-after-close-out'));
  });
}
