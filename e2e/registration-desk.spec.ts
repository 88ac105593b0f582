/**
 * The registration desk as a busy PPV runs it, at 1366×768 in a browser whose locale is en-US (the
 * desk must not follow it), in Malay and in English: a returning recipient queued with one scan and
 * one key, a new walk-in by MyKad read with at most three keys, dates read and written as dd/mm/yyyy,
 * the century asked for, Malaysian phone forms, errors by field in the screen's language, a clean desk
 * after saving, the day's absence said at once, one screen without scrolling, and a slip that prints
 * on one page of 80 mm thermal paper or A4.
 */
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import type { PpvApi } from '../electron/contract';
import type { MyKadIdentity } from '../electron/contract/devices';
import { localise, type ErrorCode } from '../electron/contract/errors';
import { dashed, syntheticMyKad } from '../electron/core/testing/synthetic';
import { en, ms, type MessageKey } from '../renderer/i18n/messages';
import { startConsoleStation, type ConsoleStation } from './console-station';
import { checkScreen, openInLanguage, ppvWithStaff, printedPages } from './screens';

test.use({
  viewport: { width: 1366, height: 768 },
  locale: 'en-US',
  timezoneId: 'America/New_York',
});

const SECRET = 'kata-laluan-2026';
const STAFF = [
  { staffId: 'CLERK01', fullName: 'Kerani Ujian', roles: ['clerk' as const] },
  { staffId: 'VAX01', fullName: 'Vaksinator Ujian', roles: ['vaccinator' as const] },
  { staffId: 'MGR01', fullName: 'Pengurus Ujian', roles: ['manager' as const] },
];
/** Comirnaty's synthetic GTIN in the shipped catalogue. */
const COMIRNATY_GTIN = '00200000000011';
const SCREENS = path.resolve(import.meta.dirname, '..', 'test-results', 'screens');

/** Synthetic people: they pass the identity checks and belong to nobody. */
const AMINAH = {
  name: 'Aminah binti Ujian',
  mykad: syntheticMyKad({ birthDate: '1990-08-14', sex: 'F' }),
};
const RAZAK = {
  name: 'Razak bin Ujian',
  mykad: syntheticMyKad({ birthDate: '1988-02-03', sex: 'M', nth: 1 }),
};
/** Born 1 March 1925: the number allows 1925 and 2025. */
const ELDER = syntheticMyKad({ birthDate: '1925-03-01', sex: 'F' });

let station: ConsoleStation;
test.beforeEach(async () => {
  station = await startConsoleStation();
});
test.afterEach(async () => station.close());

for (const language of ['ms', 'en'] as const) {
  const table = language === 'ms' ? ms : en;
  const t = (key: MessageKey, params: Record<string, string | number> = {}) =>
    table[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  const refusal = (code: ErrorCode, params: Record<string, string> = {}) =>
    localise(code, params)[language];

  /** The keys a person presses (not the characters of a scan, a card or a phone typed). */
  function keyCounter(page: Page) {
    let count = 0;
    return {
      async press(key: string) {
        count += 1;
        await page.keyboard.press(key);
      },
      get count() {
        return count;
      },
    };
  }

  /** A keyboard-wedge scanner: the code at scanner speed, then its Enter terminator. */
  async function scan(page: Page, text: string): Promise<void> {
    await page.keyboard.type(text, { delay: 5 });
    await page.keyboard.press('Enter');
  }

  async function openPage(page: Page, options: { openDay: boolean }): Promise<void> {
    await openInLanguage(page, station.url, language);
    await ppvWithStaff(page, STAFF, { secret: SECRET, openDay: options.openDay });
    await page.reload();
  }

  async function signInClerk(page: Page): Promise<void> {
    await page.getByLabel(t('signIn.staffId')).fill('CLERK01');
    await page.getByLabel(t('signIn.secret')).fill(SECRET);
    await page.getByLabel(t('signIn.secret')).press('Enter');
    await expect(page.getByRole('heading', { name: t('desk.title'), level: 2 })).toBeAttached();
  }

  /** The whole page fits the window: nothing to scroll to, the status bar in sight. */
  async function fitsTheWindow(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(SCREENS, `${name}.png`) });
    const { scrollHeight, innerHeight } = await page.evaluate(() => {
      const { document, innerHeight } = globalThis as unknown as {
        document: { documentElement: { scrollHeight: number } };
        innerHeight: number;
      };
      return { scrollHeight: document.documentElement.scrollHeight, innerHeight };
    });
    expect(scrollHeight).toBeLessThanOrEqual(innerHeight);
    // Nothing of the desk hides behind the status bar or inside a scrolled area.
    const desk = await page.locator('section.desk').boundingBox();
    const statusBar = await page.getByRole('contentinfo').boundingBox();
    expect(desk && statusBar && desk.y + desk.height <= statusBar.y).toBe(true);
    await expect(page.getByRole('contentinfo')).toBeInViewport();
    await checkScreen(page, name);
  }

  /**
   * Aminah came on an earlier day of this PPV (phone 012-345 6789) and left before her dose: the
   * clerk registers her, the manager records that she left, closes that day and opens today's.
   */
  async function aminahCameBefore(
    page: Page,
    options: { vaccinated: boolean } = { vaccinated: false },
  ): Promise<void> {
    await page.evaluate(
      async ({ person, secret, vaccinated, gtin }) => {
        const ppv = (globalThis as unknown as { ppv: PpvApi }).ppv;
        const ok = async <T>(
          result: Promise<{ ok: true; value: T } | { ok: false; error: { code: string } }>,
        ) => {
          const settled = await result;
          if (!settled.ok) throw new Error(settled.error.code);
          return settled.value;
        };
        await ok(ppv.invoke('auth.signIn', { staffId: 'CLERK01', secret }));
        const { registration } = await ok(
          ppv.invoke('recipient.register', {
            document: { docType: 'MYKAD', docNumber: person.mykad, docCountry: null },
            fullName: person.name,
            birthDate: '1990-08-14',
            sex: 'F',
            nationality: 'MYS',
            addressLine: null,
            postcode: '50000',
            state: 'W.P. Kuala Lumpur',
            phone: '012-345 6789',
            consent: true,
          }),
        );
        await ok(ppv.invoke('auth.signOut', {}));
        let vialId: string | null = null;
        if (vaccinated) {
          await ok(ppv.invoke('auth.signIn', { staffId: 'VAX01', secret }));
          await ok(
            ppv.invoke('presence.confirm', {
              registrationId: registration.registrationId,
              method: 'MYKAD_TYPED',
              scanned: person.mykad,
              reason: 'Setting up a returning recipient',
            }),
          );
          const vial = await ok(
            ppv.invoke('vial.open', {
              gtin,
              lot: 'LOT-E2E-1',
              expiry: '2030-12-31',
              serial: null,
              lotConfirmed: true,
            }),
          );
          vialId = vial.vialId;
          const now = (await ok(ppv.invoke('clock.status', {}))).correctedNow;
          const dose = await ok(
            ppv.invoke('dose.record', {
              registrationId: registration.registrationId,
              vialId,
              administeredAt: now,
              site: 'L_DELTOID',
            }),
          );
          await ok(
            ppv.invoke('observation.release', { doseId: dose.doseId, adverseEventNote: null }),
          );
          await ok(ppv.invoke('auth.signOut', {}));
        }
        await ok(ppv.invoke('auth.signIn', { staffId: 'MGR01', secret }));
        if (vialId === null) {
          await ok(
            ppv.invoke('registration.setOutcome', {
              registrationId: registration.registrationId,
              outcome: 'left',
              reason: 'Pulang sebelum dipanggil',
            }),
          );
        } else {
          await ok(ppv.invoke('vial.reconcile', { vialId, dosesWasted: 5 }));
        }
        await ok(ppv.invoke('day.close', {}));
        const clock = await ok(ppv.invoke('clock.status', {}));
        await ok(ppv.invoke('day.open', { channel: 'walk-in', confirmedTime: clock.correctedNow }));
        await ok(ppv.invoke('auth.signOut', {}));
      },
      { person: AMINAH, secret: SECRET, vaccinated: options.vaccinated, gtin: COMIRNATY_GTIN },
    );
  }

  test(`${language}: a returning recipient is queued with one scan and one key`, async ({
    page,
  }) => {
    await openPage(page, { openDay: true });
    await aminahCameBefore(page);
    await page.reload();
    await signInClerk(page);
    const keys = keyCounter(page);

    await expect(page.getByLabel(t('desk.find.docNumber'))).toBeFocused();
    await scan(page, AMINAH.mykad);
    const person = page.getByRole('form', { name: t('desk.existing.title') });
    await expect(person.getByTestId('existing-recipient')).toContainText(AMINAH.name);
    await expect(person.getByTestId('existing-recipient')).toContainText('14/08/1990');
    await expect(person.getByTestId('dose-history')).toContainText(t('desk.existing.noDoses'));
    await expect(person.getByTestId('next-dose')).toContainText(t('desk.next.eligible'));
    await expect(person.getByLabel(t('desk.visit.phone'))).toHaveValue('+60123456789');
    await fitsTheWindow(page, `registration-${language}-1-returning`);

    await keys.press('Enter');
    await expect(page.getByText(t('desk.registered', { name: AMINAH.name }))).toBeVisible();
    await expect(
      page.getByRole('heading', { name: t('desk.queue.title', { count: 1 }) }),
    ).toBeVisible();
    expect(keys.count).toBeLessThanOrEqual(1);
  });

  test(`${language}: a returning recipient not yet due is told when, and not queued by a stray Enter`, async ({
    page,
  }) => {
    await openPage(page, { openDay: true });
    await aminahCameBefore(page, { vaccinated: true });
    await page.reload();
    await signInClerk(page);
    await scan(page, AMINAH.mykad);
    const person = page.getByRole('form', { name: t('desk.existing.title') });
    // Malaysia's dates, day first, written here apart from the screen's own formatting.
    const malaysianDay = (at: number) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Asia/Kuala_Lumpur',
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
      }).format(at);
    const now = Date.now();
    await expect(person.getByTestId('dose-history')).toContainText(
      t('desk.existing.dose', { number: 1, product: 'Comirnaty', date: malaysianDay(now) }),
    );
    await expect(person.getByTestId('next-dose')).toContainText(
      t('desk.next.notYet', { number: 2, date: malaysianDay(now + 21 * 86_400_000) }),
    );
    const register = person.getByRole('button', { name: t('desk.existing.register') });
    await expect(register).not.toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByText(t('desk.registered', { name: AMINAH.name }))).toHaveCount(0);
  });

  test(`${language}: a serial or HID scanner's document number opens the person`, async ({
    page,
  }) => {
    await openPage(page, { openDay: true });
    await aminahCameBefore(page);
    await page.reload();
    await signInClerk(page);
    station.scan(dashed(AMINAH.mykad));
    const person = page.getByRole('form', { name: t('desk.existing.title') });
    await expect(person.getByTestId('existing-recipient')).toContainText(AMINAH.name);
    await expect(person.getByRole('button', { name: t('desk.existing.register') })).toBeFocused();
  });

  test(`${language}: a new walk-in by MyKad read, the phone and at most three keys`, async ({
    page,
  }) => {
    await openPage(page, { openDay: true });
    await signInClerk(page);
    const keys = keyCounter(page);
    const card: MyKadIdentity = {
      name: RAZAK.name.toUpperCase(),
      docNumber: RAZAK.mykad,
      sex: 'M',
      birthDate: '1988-02-03',
      citizenship: 'WARGANEGARA',
      address: {
        lines: ['NO 1 JALAN UJIAN'],
        postcode: '43000',
        city: 'KAJANG',
        state: 'SELANGOR',
      },
    };
    station.readCard(card);

    const form = page.getByRole('form', { name: /MyKad/ });
    await expect(form.getByLabel(t('desk.new.fullName'))).toHaveValue(card.name);
    await expect(form.getByRole('group', { name: t('desk.new.birthDate') })).toContainText(
      '03/02/1988',
    );
    await expect(form.getByLabel(t('desk.visit.phone'))).toBeFocused();
    await fitsTheWindow(page, `registration-${language}-2-card-read`);

    await page.keyboard.type('011-2345 6789');
    await keys.press('Enter');
    await expect(
      page.getByRole('heading', { name: t('desk.queue.title', { count: 1 }) }),
    ).toBeVisible();
    expect(keys.count).toBeLessThanOrEqual(3);
  });

  test(`${language}: the birth date is dd/mm/yyyy under an en-US browser, with the age; the century is asked`, async ({
    page,
  }) => {
    await openPage(page, { openDay: true });
    await signInClerk(page);
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { navigator: { language: string } }).navigator.language,
      ),
    ).toBe('en-US');

    // A passport holder: nothing suggests a birth date; 14081990 typed is 14 August 1990.
    await page
      .getByLabel(t('desk.find.docType'))
      .selectOption({ label: t('desk.docType.PASSPORT') });
    await page.getByLabel(t('desk.find.docNumber')).fill('K1234567');
    await page.getByLabel(t('desk.find.docCountry')).fill('IDN');
    await page.keyboard.press('Enter');
    const birthDate = page.getByRole('group', { name: t('desk.new.birthDate') });
    // A day the month does not have is said in words, never moved to another day.
    await birthDate.getByRole('spinbutton').first().click();
    await page.keyboard.type('31021991');
    await expect(page.locator('#desk-birth-date-error')).toHaveText(
      t('dateField.noSuchDate', { date: '31/02/1991' }),
    );
    await page.getByLabel(t('desk.new.fullName')).click();
    await expect(birthDate).not.toContainText('28/02/1991');
    await expect(page.locator('.date-note')).toHaveCount(0);
    await birthDate.getByRole('spinbutton').first().click();
    await page.keyboard.type('14');
    await expect(birthDate).toContainText('14/02/1991');
    await expect(page.locator('#desk-birth-date-error')).toHaveCount(0);
    // Typed as digits, read day first: 14081990 is 14 August 1990.
    await birthDate.getByRole('spinbutton').first().click();
    await page.keyboard.type('14081990');
    await expect(birthDate).toContainText('14/08/1990');
    await expect(page.locator('.date-note')).toHaveText(/^3\d /);
    await page.getByLabel(t('desk.new.fullName')).fill('Siti Ujian');
    await page.getByLabel(t('desk.sex.F'), { exact: true }).check();
    await page.getByLabel(t('desk.new.nationality')).fill('IDN');
    await page.getByLabel(t('desk.new.postcode')).fill('50000');
    await page.getByLabel(t('desk.new.state')).fill('W.P. Kuala Lumpur');
    await page.getByLabel(t('desk.visit.phone')).fill('0123456789');
    await page.getByRole('button', { name: t('desk.new.submit') }).click();
    await expect(page.getByText(t('desk.registered', { name: 'Siti Ujian' }))).toBeVisible();
    const saved = await page.evaluate(async () => {
      const ppv = (globalThis as unknown as { ppv: PpvApi }).ppv;
      const found = await ppv.invoke('recipient.findByDocument', {
        docType: 'PASSPORT',
        docNumber: 'K1234567',
        docCountry: 'IDN',
      });
      return found.ok ? found.value?.birthDate : null;
    });
    expect(saved).toBe('1990-08-14');

    // A number of 1925 or 2025: no date is chosen for the clerk; the recipient confirms one.
    await page.getByLabel(t('desk.find.docType')).selectOption({ label: t('desk.docType.MYKAD') });
    await page.getByLabel(t('desk.find.docNumber')).fill(dashed(ELDER));
    await page.keyboard.press('Enter');
    const century = page.getByRole('radiogroup', { name: t('desk.new.birthDate') });
    await expect(century).toContainText(t('desk.new.century'));
    await expect(century.getByRole('radio')).toHaveCount(2);
    for (const radio of await century.getByRole('radio').all())
      await expect(radio).not.toBeChecked();
    await page.getByRole('button', { name: t('desk.new.submit') }).click();
    await expect(century).toContainText(t('desk.new.centuryRequired'));
    await century.getByText(/^01\/03\/1925/).click();
    await expect(page.getByRole('group', { name: t('desk.new.birthDate') })).toContainText(
      '01/03/1925',
    );
    await expect(page.locator('.date-note')).toHaveText(t('desk.age', { years: 101 }));
  });

  test(`${language}: Malaysian phone forms are taken; a wrong one is refused at the phone, in the screen's language`, async ({
    page,
  }) => {
    await openPage(page, { openDay: true });
    await signInClerk(page);
    for (const [person, phone] of [
      [AMINAH, '0123456789'],
      [RAZAK, '011-2345 6789'],
    ] as const) {
      await page.getByLabel(t('desk.find.docNumber')).fill(person.mykad);
      await page.keyboard.press('Enter');
      await page.getByLabel(t('desk.new.fullName')).fill(person.name);
      await page.getByLabel(t('desk.new.postcode')).fill('50000');
      await page.getByLabel(t('desk.new.state')).fill('W.P. Kuala Lumpur');
      await page.getByLabel(t('desk.visit.phone')).fill(phone === '0123456789' ? '12345' : phone);
      if (phone === '0123456789') {
        // Refused where it belongs, in words of this screen's language, before anything else.
        await page.getByRole('button', { name: t('desk.new.submit') }).click();
        const phoneField = page.getByLabel(t('desk.visit.phone'));
        await expect(phoneField).toBeFocused();
        await expect(phoneField).toHaveAttribute('aria-invalid', 'true');
        // The message names the forms a Malaysian types, in this screen's language.
        const howToType = refusal('PHONE_INVALID').split('. ').at(-1) ?? '';
        await expect(page.locator('#desk-phone-error')).toContainText(howToType);
        await expect(page.getByText('E.164')).toHaveCount(0);
        await phoneField.fill(phone);
        await expect(page.locator('#desk-phone-error')).toHaveCount(0);
      }
      await page.getByRole('button', { name: t('desk.new.submit') }).click();
      await expect(page.getByText(t('desk.registered', { name: person.name }))).toBeVisible();
    }
  });

  test(`${language}: after saving the desk is clean for the next person`, async ({ page }) => {
    await openPage(page, { openDay: true });
    await signInClerk(page);
    const documentField = page.getByLabel(t('desk.find.docNumber'));
    await documentField.fill(AMINAH.mykad);
    await page.keyboard.press('Enter');
    await page.getByLabel(t('desk.new.fullName')).fill(AMINAH.name);
    await page.getByLabel(t('desk.new.postcode')).fill('50000');
    await page.getByLabel(t('desk.new.state')).fill('W.P. Kuala Lumpur');
    await page.getByLabel(t('desk.visit.phone')).fill('012-345 6789');
    await page.getByRole('button', { name: t('desk.new.submit') }).click();

    const slip = page.getByRole('region', { name: t('desk.slip.title') });
    await expect(slip).toContainText(AMINAH.name);
    await expect(documentField).toBeFocused();
    await expect(documentField).toHaveValue('');
    await expect(page.getByRole('form', { name: /MyKad/ })).toHaveCount(0);

    // The next person's number: Aminah's slip leaves the desk before anything of theirs shows.
    await page.keyboard.type(RAZAK.mykad.slice(0, 1));
    await expect(slip).toHaveCount(0);
    await expect(page.getByText(t('desk.registered', { name: AMINAH.name }))).toHaveCount(0);
    await page.keyboard.type(RAZAK.mykad.slice(1));
    await page.keyboard.press('Enter');
    await expect(page.getByLabel(t('desk.new.fullName'))).toHaveValue('');
    await expect(page.getByLabel(t('desk.visit.phone'))).toHaveValue('');
    await expect(page.getByTestId('slip-paper')).toHaveCount(0);
  });

  test(`${language}: with no day open the desk says so before any field is filled`, async ({
    page,
  }) => {
    await openPage(page, { openDay: false });
    await signInClerk(page);
    await expect(page.getByTestId('desk-day-problem')).toHaveText(t('desk.day.none'));
    await page.getByLabel(t('desk.find.docNumber')).fill(AMINAH.mykad);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: t('desk.new.submit') })).toBeDisabled();
  });

  test(`${language}: the slip prints on one page, 80 mm thermal and A4`, async ({ page }) => {
    await openPage(page, { openDay: true });
    await signInClerk(page);
    await page.getByLabel(t('desk.find.docNumber')).fill(AMINAH.mykad);
    await page.keyboard.press('Enter');
    await page.getByLabel(t('desk.new.fullName')).fill(AMINAH.name);
    await page.getByLabel(t('desk.new.postcode')).fill('50000');
    await page.getByLabel(t('desk.new.state')).fill('W.P. Kuala Lumpur');
    await page.getByLabel(t('desk.visit.phone')).fill('012-345 6789');
    await page.getByRole('button', { name: t('desk.new.submit') }).click();
    const slip = page.getByRole('region', { name: t('desk.slip.title') });
    await expect(slip.getByRole('img', { name: t('desk.slip.qr') })).toBeVisible();
    await expect(slip).toContainText('PPV Dewan Ujian');
    await expect(slip).toContainText(`${t('desk.slip.queueNumber')} 1`);
    await expect(slip).toContainText(
      t('desk.next.dose', { number: 1, series: t('desk.series.primary') }),
    );

    // The print dialog itself is the browser's; the page's print CSS is what is checked here.
    await page.evaluate(() => {
      (globalThis as unknown as { print(): void }).print = () => undefined;
    });
    // Page widths in PDF points: 80 mm and A4's 210 mm.
    for (const [paper, widthPt] of [
      ['paper80', (80 / 25.4) * 72],
      ['paperA4', (210 / 25.4) * 72],
    ] as const) {
      await slip
        .getByRole('button', { name: `${t('desk.slip.print')} (${t(`desk.slip.${paper}`)})` })
        .click();
      const printed = await printedPages(page);
      expect(printed.pages, paper).toBe(1);
      expect(printed.widthPt, paper).toBeCloseTo(widthPt, 0);
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({
        path: path.join(SCREENS, `registration-${language}-3-${paper}.png`),
      });
      // Back to no emulation: page.pdf() then prints with print CSS, as a print dialog does.
      await page.emulateMedia({ media: null });
    }
  });
}
