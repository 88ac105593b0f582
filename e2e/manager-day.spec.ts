/**
 * The manager's view of the open day in Chromium through the station server, on a fresh database:
 * a dose seeded through the page's own station connection shows in the hour and product charts,
 * the manager voids it with a reason, then sets the PPV's closure date as dd/mm/yyyy in a browser
 * whose locale is en-US (a date before the open day refused in words first). Each screen is saved
 * and scanned for accessibility.
 */
import { expect, test, type Page } from '@playwright/test';
import type { PpvApi } from '../electron/contract';
import { startConsoleStation, type ConsoleStation } from './console-station';
import { checkScreen, DAY_STAFF, ppvWithStaff, signInOnScreen } from './screens';

/** Synthetic: born 14 May 1990, Selangor (14), male (odd last digit). */
const MYKAD = '900514145001';
const MYKAD_MASKED = '********5001';
const SECRET = 'kata-laluan-2026';

test.use({ locale: 'en-US', timezoneId: 'America/New_York' });

let station: ConsoleStation;
test.beforeEach(async () => {
  station = await startConsoleStation();
});
test.afterEach(async () => station.close());

/** Staff, an open walk-in day, one registered recipient and their first Comirnaty dose. */
async function seed(page: Page): Promise<void> {
  await page.goto(station.url);
  await ppvWithStaff(page, DAY_STAFF, { secret: SECRET, openDay: false });
  await page.evaluate(
    async ({ secret, docNumber }) => {
      const ppv = (globalThis as unknown as { ppv: PpvApi }).ppv;
      async function must<T>(
        result: Promise<{ ok: true; value: T } | { ok: false; error: { code: string } }>,
      ): Promise<T> {
        const settled = await result;
        if (!settled.ok) throw new Error(`seeding refused: ${settled.error.code}`);
        return settled.value;
      }
      const as = async (staffId: string, work: () => Promise<void>) => {
        await must(ppv.invoke('auth.signIn', { staffId, secret }));
        await work();
        await must(ppv.invoke('auth.signOut', {}));
      };
      await as('MGR01', async () => {
        const { correctedNow } = await must(ppv.invoke('clock.status', {}));
        await must(ppv.invoke('day.open', { channel: 'walk-in', confirmedTime: correctedNow }));
      });
      let registrationId = '';
      await as('CLERK01', async () => {
        const registered = await must(
          ppv.invoke('recipient.register', {
            document: { docType: 'MYKAD', docNumber, docCountry: null },
            fullName: 'Ahmad bin Ujian',
            birthDate: '1990-05-14',
            sex: 'M',
            nationality: 'MYS',
            addressLine: null,
            postcode: '43000',
            state: 'Selangor',
            phone: '+60123456789',
            consent: true,
            duplicateApproval: null,
          }),
        );
        registrationId = registered.registration.registrationId;
      });
      await as('VAX01', async () => {
        const vial = await must(
          ppv.invoke('vial.open', {
            gtin: '00200000000011',
            lot: 'LOT-E2E-1',
            expiry: '2030-12-31',
            serial: null,
            lotConfirmed: true,
          }),
        );
        await must(
          ppv.invoke('presence.confirm', {
            registrationId,
            method: 'MYKAD_TYPED',
            scanned: docNumber,
            reason: 'Ujian: tiada pembaca kad',
          }),
        );
        await must(
          ppv.invoke('dose.record', {
            registrationId,
            vialId: vial.vialId,
            administeredAt: Date.now(),
            site: 'L_DELTOID',
          }),
        );
      });
    },
    { secret: SECRET, docNumber: MYKAD },
  );
  await page.reload();
}

test('the manager sees the day in charts, voids a dose and sets the closure date', async ({
  page,
}) => {
  await seed(page);
  await signInOnScreen(page, 'ms', 'MGR01', SECRET);
  await expect(page.getByRole('heading', { name: 'Pengurus', level: 2 })).toBeVisible();

  // The charts: one bar for this hour, one for Comirnaty, each with a count of 1.
  const hours = page.getByRole('table', { name: 'Dos mengikut jam (waktu Malaysia)' });
  await expect(hours.getByRole('row')).toHaveCount(2);
  await expect(hours.getByRole('rowheader')).toHaveText(/^\d\d:00–\d\d:00$/);
  await expect(hours.getByRole('cell')).toHaveText('1');
  const hourBar = page.getByTestId('chart-hours-bar');
  await expect(hourBar).toHaveCount(1);
  await expect(hourBar).toHaveAttribute('data-count', '1');
  const products = page.getByRole('table', { name: 'Dos mengikut produk (carta)' });
  await expect(products.getByRole('rowheader')).toHaveText('COMIRNATY');
  await expect(products.getByRole('cell')).toHaveText('1');
  await expect(page.getByTestId('chart-products-bar')).toHaveAttribute('data-count', '1');
  await checkScreen(page, 'manager-day-1-charts');

  // Void the dose with a reason.
  const dose = page.getByTestId('manager-dose');
  await expect(dose).toContainText(`Ahmad bin Ujian (${MYKAD_MASKED}): COMIRNATY, dos ke-1`);
  await page
    .getByLabel(`Sebab membatalkan dos ${MYKAD_MASKED}`)
    .fill('Direkod pada penerima yang salah');
  await page.getByRole('button', { name: `Batal dos ${MYKAD_MASKED}` }).click();
  await expect(dose).toContainText('Dibatalkan');
  await expect(page.getByRole('heading', { name: 'Dos hari ini' })).toBeFocused();
  await expect(page.getByTestId('chart-hours')).toHaveCount(0);
  await checkScreen(page, 'manager-day-2-voided');
  await page.getByRole('tab', { name: 'Tutup hari' }).click();
  await expect(page.getByTestId('manager.closeOut.voids')).toHaveText('1');

  await page.getByRole('tab', { name: 'PPV' }).click();

  // The closure date, in a browser whose locale is en-US: none yet; typed as dd/mm/yyyy, whatever
  // the browser would read; one before the open day refused in words; then set.
  expect(
    await page.evaluate(
      () => (globalThis as unknown as { navigator: { language: string } }).navigator.language,
    ),
  ).toBe('en-US');
  const current = page.getByTestId('manager-closure-current');
  await expect(current).toHaveText('Tarikh penutupan belum ditetapkan.');
  const closureDate = page.getByRole('group', { name: 'Tarikh penutupan', exact: true });
  const setClosure = page.getByRole('button', { name: 'Tetapkan tarikh penutupan' });
  // Nothing typed: said at the field, nothing sent.
  await page.getByLabel('Sebab', { exact: true }).fill('Kontrak dewan tamat');
  await setClosure.click();
  await expect(page.locator('#closure-date-error')).toHaveText(
    'Taip tarikh penutupan: hari, bulan, tahun (hh/bb/tttt).',
  );
  await closureDate.getByRole('spinbutton').first().click();
  await page.keyboard.type('01012020');
  await expect(closureDate).toContainText('01/01/2020');
  await expect(page.locator('#closure-date-error')).toHaveCount(0);
  await setClosure.click();
  await expect(
    page.getByText(/Tarikh penutupan tidak boleh sebelum hari yang dibuka/),
  ).toBeVisible();
  // 04122030 is 4 December 2030 (en-US would read 12 April).
  await closureDate.getByRole('spinbutton').first().click();
  await page.keyboard.type('04122030');
  await expect(closureDate).toContainText('04/12/2030');
  await setClosure.click();
  await expect(current).toHaveText('Tarikh penutupan PPV: 04/12/2030.');
  await expect(current).toBeFocused();
  const saved = await page.evaluate(async () => {
    const ppv = (globalThis as unknown as { ppv: PpvApi }).ppv;
    const settings = await ppv.invoke('ppv.settings', {});
    return settings.ok ? settings.value.closureDate : null;
  });
  expect(saved).toBe('2030-12-04');
  await checkScreen(page, 'manager-day-3-closure');
});
