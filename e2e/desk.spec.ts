/**
 * The essential path through the registration desk and the vaccinator station, in Chromium through
 * the station server on a fresh database. Staff and an open walk-in day are seeded through the
 * page's own `window.ppv` (the same dispatcher the screens use); the clerk and the vaccinator then
 * work through the screens only, in Malay. Each screen is saved and scanned with axe.
 */
import { expect, test, type Page } from '@playwright/test';
import type { PpvApi } from '../electron/contract';
import { startConsoleStation, type ConsoleStation } from './console-station';
import { checkScreen, consoleWithStaff, DAY_STAFF, signInOnScreen } from './screens';

/** Synthetic: born 14 May 1990, Selangor (14), male (odd last digit). */
const MYKAD = '900514145001';
const MYKAD_SHOWN = '900514-14-5001';
/** Synthetic: born 20 February 1985, Selangor (10), female (even last digit). */
const OTHER_MYKAD = '850220105002';
/** Comirnaty's synthetic GTIN, expiry 31 December 2030, lot LOT-E2E-1. */
const VIAL = '0100200000000011' + '17301231' + '10LOT-E2E-1';
/** The same product, a lot that expired on 31 January 2024. */
const EXPIRED_VIAL = '0100200000000011' + '17240131' + '10LOT-OLD-9';

const SECRET = 'kata-laluan-2026';

let station: ConsoleStation;
test.beforeEach(async () => {
  station = await startConsoleStation();
});
test.afterEach(async () => station.close());

/** Sets up the PPV, its staff (first PIN already changed) and an open walk-in day. */
async function seed(page: Page): Promise<void> {
  await consoleWithStaff(page, station.url, DAY_STAFF, { secret: SECRET, openDay: true });
}

test('the clerk registers a walk-in, the vaccinator opens a vial and records dose 1', async ({
  page,
}) => {
  await seed(page);
  await signInOnScreen(page, 'ms', 'CLERK01', SECRET);

  // The desk: a MyKad number typed, not found, a form prefilled from the number.
  await expect(page.getByRole('heading', { name: 'Kaunter pendaftaran', level: 2 })).toBeVisible();
  await expect(page.getByText('Tiada sesiapa menunggu.')).toBeVisible();
  await expect(page.getByLabel('Nombor dokumen (taip atau imbas)')).toBeFocused();
  await page.keyboard.type(MYKAD);
  await page.keyboard.press('Enter');
  await expect(
    page.getByRole('heading', { name: `Pendaftaran baharu: MyKad ${MYKAD_SHOWN}` }),
  ).toBeVisible();
  await expect(page.getByRole('group', { name: 'Tarikh lahir' })).toContainText('14/05/1990');
  await expect(page.getByLabel('Lelaki')).toBeChecked();
  await expect(page.getByLabel('Warganegara (kod tiga huruf)')).toHaveValue('MYS');
  await expect(page.getByLabel('Nama penuh')).toBeFocused();
  await page.keyboard.type('Ahmad bin Ujian');
  await page.getByLabel('Alamat').fill('No. 1, Jalan Ujian');
  await page.getByLabel('Poskod').fill('43000');
  await page.getByLabel('Negeri').fill('Selangor');
  await page.getByLabel('Telefon (contoh 012-345 6789)').fill('+60123456789');
  await checkScreen(page, 'desk-1-new-recipient');
  await page.getByRole('button', { name: 'Penerima bersetuju: daftar penerima' }).click();

  await expect(
    page.getByText('Ahmad bin Ujian didaftarkan dan menunggu dalam giliran.'),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Giliran menunggu (1)' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Ahmad bin Ujian' })).toBeVisible();
  await expect(page.getByLabel('Nombor dokumen (taip atau imbas)')).toBeFocused();
  await checkScreen(page, 'desk-2-queue');

  // The same number again is found: the existing recipient, not a second registration form.
  await page.getByLabel('Nombor dokumen (taip atau imbas)').fill(MYKAD_SHOWN);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Penerima sedia ada' })).toBeVisible();
  await expect(page.getByTestId('existing-recipient')).toContainText('Ahmad bin Ujian');
  await expect(page.getByTestId('existing-recipient')).toContainText(`MyKad ${MYKAD_SHOWN}`);
  // Registering them for today a second time is refused, in words.
  await page.getByLabel('Telefon (contoh 012-345 6789)').fill('+60123456789');
  await page.getByRole('button', { name: 'Penerima bersetuju: daftar untuk hari ini' }).click();
  await expect(page.getByText('Penerima ini sudah didaftarkan untuk hari ini.')).toBeVisible();
  await checkScreen(page, 'desk-3-existing');

  // Another desk registers a number while this one fills its form: the save is refused and the
  // recipient the other desk registered is shown instead.
  await page.getByLabel('Nombor dokumen (taip atau imbas)').fill(OTHER_MYKAD);
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Perempuan')).toBeChecked();
  await page.evaluate(
    async ({ docNumber }) => {
      const ppv = (globalThis as unknown as { ppv: PpvApi }).ppv;
      const result = await ppv.invoke('recipient.register', {
        document: { docType: 'MYKAD', docNumber, docCountry: null },
        fullName: 'Siti binti Ujian',
        birthDate: '1985-02-20',
        sex: 'F',
        nationality: 'MYS',
        addressLine: null,
        postcode: '50000',
        state: 'W.P. Kuala Lumpur',
        phone: '+60129876543',
        consent: true,
      });
      if (!result.ok) throw new Error(result.error.code);
    },
    { docNumber: OTHER_MYKAD },
  );
  await page.getByLabel('Nama penuh').fill('Siti binti Ujian');
  await page.getByLabel('Poskod').fill('50000');
  await page.getByLabel('Negeri').fill('W.P. Kuala Lumpur');
  await page.getByLabel('Telefon (contoh 012-345 6789)').fill('012-987 6543');
  await page.getByRole('button', { name: 'Penerima bersetuju: daftar penerima' }).click();
  await expect(
    page.getByText(
      'Penerima dengan nombor dokumen ini sudah berdaftar (nombor JPN yang sama di bawah mana-mana jenis kad ialah orang yang sama). Gunakan rekod sedia ada.',
    ),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Penerima sedia ada' })).toBeVisible();
  await expect(page.getByTestId('existing-recipient')).toContainText('Siti binti Ujian');
  await expect(page.getByRole('heading', { name: 'Giliran menunggu (2)' })).toBeVisible();
  await checkScreen(page, 'desk-4-recipient-exists');

  await page.getByRole('button', { name: 'Log keluar' }).click();
  await signInOnScreen(page, 'ms', 'VAX01', SECRET);

  // The station: the queue, a recipient chosen by keyboard, presence by the MyKad number typed.
  await expect(page.getByRole('heading', { name: 'Stesen vaksinator', level: 2 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Giliran (2)' })).toBeVisible();
  await page.getByRole('button', { name: /^Ahmad bin Ujian · / }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Penerima: Ahmad bin Ujian' })).toBeVisible();
  const scanField = page.getByLabel(
    'Imbas slip, MyKad atau vial (atau taip nombor MyKad dan tekan Enter)',
  );
  await expect(scanField).toBeFocused();
  // No card reader at this desk: a number typed is no card read, so it asks why.
  const reasonField = page.getByLabel('Sebab nombor ditaip (cth. cip kad rosak)');
  await scanField.fill('900514-14-5000');
  await scanField.press('Enter');
  await reasonField.fill('Tiada pembaca kad di meja ini');
  await reasonField.press('Enter');
  await expect(
    page.getByText(
      'Kad atau slip yang diimbas bukan milik sesiapa yang menunggu dalam barisan hari ini.',
    ),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Batal' }).click();
  await scanField.fill(MYKAD);
  await scanField.press('Enter');
  await reasonField.fill('Tiada pembaca kad di meja ini');
  await reasonField.press('Enter');
  await expect(page.getByText('Kehadiran Ahmad bin Ujian disahkan.')).toBeVisible();
  await checkScreen(page, 'vaccinator-1-present');

  // An expired vial: refused in words, nothing opened.
  await scanField.fill(EXPIRED_VIAL);
  await scanField.press('Enter');
  await expect(
    page.getByText('Lot LOT-OLD-9 telah tamat tempoh pada 31/01/2024. Jangan gunakan vial ini.'),
  ).toBeVisible();
  await expect(page.getByText('Tiada vial dibuka. Imbas vial dahulu.').first()).toBeVisible();
  await expect(scanField).toHaveValue('');
  await checkScreen(page, 'vaccinator-2-expired-vial');

  // A good vial: opened, in use, and Enter records.
  await scanField.fill(VIAL);
  await scanField.press('Enter');
  // No lot was recorded as delivered here: the lot shown is confirmed against the label.
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: 'Label vial menunjukkan lot LOT-E2E-1: buka vial' })
    .click();
  await expect(
    page.getByText('Vial dibuka: Comirnaty, lot LOT-E2E-1, luput 31/12/2030.'),
  ).toBeVisible();
  await expect(
    page.getByLabel('Comirnaty, lot LOT-E2E-1, luput 31/12/2030 (0/6 dos)'),
  ).toBeChecked();

  await page.getByLabel('Tempat suntikan').selectOption({ label: 'Lengan kiri (deltoid)' });
  await page.getByRole('button', { name: 'Ya, rekod dos' }).click();
  await expect(
    page.getByText(/^Dos 1 \(COMIRNATY\) direkodkan untuk Ahmad bin Ujian pada \d\d:\d\d\./),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Giliran (1)' })).toBeVisible();
  await expect(
    page.getByLabel('Comirnaty, lot LOT-E2E-1, luput 31/12/2030 (1/6 dos)'),
  ).toBeChecked();
  await checkScreen(page, 'vaccinator-3-dose-recorded');
});
