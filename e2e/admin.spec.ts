/**
 * The admin tab in Chromium through the station server, on a fresh database: disable a clerk with a
 * reason, be refused disabling themselves, set MyVAS up (the status bar's upload text changes), set
 * this station's devices (a bad USB id refused in words first), and find all of it in the audit
 * log, whose chain the verifier says holds. Each screen is saved and scanned for accessibility.
 */
import { expect, test, type Page } from '@playwright/test';
import { startConsoleStation, type ConsoleStation } from './console-station';
import { checkScreen, invokeInPage } from './screens';

let station: ConsoleStation;
test.beforeEach(async () => {
  station = await startConsoleStation();
});
test.afterEach(async () => station.close());

const ADMIN = { staffId: 'ADM01', secret: 'rahsia-pentadbir-2026' };

const words = {
  disable: 'Nyahaktif',
  enable: 'Aktifkan',
  reason: 'Sebab (sekurang-kurangnya 5 aksara)',
  disabledCell: 'dinyahaktifkan',
  disabledNotice: 'CLERK01 dinyahaktifkan.',
  selfChange: 'Anda tidak boleh menukar peranan atau status akaun sendiri.',
  uploadNotConfigured: 'Muat naik: MyVAS belum ditetapkan',
  uploadIdle: 'Muat naik: semua sudah dihantar',
  endpoint: 'Alamat MyVAS (https://, atau http://127.0.0.1)',
  token: 'Token MyVAS baharu',
  tokenSet: 'Token MyVAS sudah ditetapkan. Biarkan kosong untuk mengekalkannya.',
  ppvSaved: 'Tetapan PPV disimpan.',
  cardReader: 'Nama pembaca kad (kosong: pembaca pertama yang ada)',
  baudRate: 'Kadar baud',
  terminator: 'Penamat imbasan',
  hidMode: 'Pengimbas USB HID',
  vendorId: 'ID vendor USB (heks, cth. 0c2e)',
  productId: 'ID produk USB (heks, cth. 0b61)',
  hexRefused: 'ID vendor USB (heks, cth. 0c2e) mesti 1 hingga 4 digit heks.',
  deviceSaved: 'Tetapan peranti disimpan; peranti dimulakan semula.',
  reloadLog: 'Muat semula log',
  verify: 'Sahkan rantaian audit',
  intact: /^Rantaian audit utuh: \d+ entri, tiada yang diubah atau dipadam\.$/,
  anchorsUnchecked:
    'Pengesahan MyVAS tidak dapat disemak: MyVAS belum dihubungi. Hanya rantaian tempatan disahkan.',
  auditUnanchored: 'Log audit: belum disahkan MyVAS',
} as const;

async function signIn(page: Page): Promise<void> {
  await page.getByLabel('ID staf').fill(ADMIN.staffId);
  await page.getByLabel('Kata laluan atau PIN').fill(ADMIN.secret);
  await page.getByLabel('Kata laluan atau PIN').press('Enter');
  await expect(page.getByRole('heading', { name: 'Pengguna staf' })).toBeVisible();
}

test('the admin disables a clerk, is refused their own account, sets MyVAS and devices, and audits it', async ({
  page,
}) => {
  await page.goto(station.url);
  await expect(page.getByRole('heading', { name: 'Sediakan PPV ini' })).toBeVisible();
  await invokeInPage(page, [
    [
      'ppv.setUp',
      {
        ppvCode: 'PPV-WPKL-0001',
        name: 'PPV Dewan Ujian',
        state: 'W.P. Kuala Lumpur',
        district: 'Kuala Lumpur',
        admin: { ...ADMIN, fullName: 'Pentadbir Ujian' },
      },
    ],
    ['auth.signIn', ADMIN],
    [
      'user.create',
      { staffId: 'CLERK01', fullName: 'Kerani Ujian', roles: ['clerk'], secret: 'pin-pertama-123' },
    ],
    ['auth.signOut', {}],
  ]);
  await page.reload();
  await signIn(page);
  await expect(page.getByTestId('status-upload')).toHaveText(words.uploadNotConfigured);
  await checkScreen(page, 'admin-1-users');

  const clerkRow = page.getByRole('row', { name: /CLERK01/ });
  await clerkRow.getByRole('button', { name: words.disable }).click();
  await expect(clerkRow.getByLabel(words.reason)).toBeFocused();
  await clerkRow.getByLabel(words.reason).fill('Bertukar ke PPV lain');
  await clerkRow.getByLabel(words.reason).press('Enter');
  await expect(clerkRow.getByRole('cell', { name: words.disabledCell })).toBeVisible();
  await expect(clerkRow.getByRole('status')).toHaveText(words.disabledNotice);
  await expect(clerkRow.getByRole('button', { name: words.enable })).toBeFocused();

  const adminRow = page.getByRole('row', { name: /ADM01/ });
  await adminRow.getByRole('button', { name: words.disable }).click();
  await adminRow.getByLabel(words.reason).fill('Cuba nyahaktif diri sendiri');
  await adminRow.getByLabel(words.reason).press('Enter');
  await expect(adminRow.getByRole('alert')).toHaveText(words.selfChange);
  await expect(adminRow.getByRole('cell', { name: 'aktif', exact: true })).toBeVisible();
  await checkScreen(page, 'admin-2-refused');

  await page.getByLabel(words.endpoint).fill('http://127.0.0.1:9/myvas');
  await page.getByLabel(words.token).fill('token-ujian-0123456789abcdef');
  await page.getByLabel(words.token).press('Enter');
  await expect(page.getByText(words.ppvSaved)).toBeVisible();
  await expect(page.getByText(words.tokenSet)).toBeVisible();
  await expect(page.getByLabel(words.token)).toHaveValue('');
  // This station runs no upload scheduler, whose run is what tells open screens; a fresh page reads it.
  await page.reload();
  await signIn(page);
  await expect(page.getByTestId('status-upload')).toHaveText(words.uploadIdle);
  await checkScreen(page, 'admin-3-ppv-settings');

  await page.getByLabel(words.cardReader).fill('Pembaca Ujian');
  await page.getByLabel(words.baudRate).fill('115200');
  await page.getByLabel(words.terminator).selectOption({ label: 'CRLF' });
  await page.getByLabel(words.hidMode).selectOption({ label: 'mod POS' });
  await page.getByLabel(words.vendorId).fill('zz12');
  await page.getByLabel(words.productId).fill('0b61');
  await page.getByLabel(words.productId).press('Enter');
  await expect(page.getByText(words.hexRefused)).toBeVisible();
  await expect(page.getByLabel(words.vendorId)).toBeFocused();
  await page.getByLabel(words.vendorId).fill('0C2E');
  await page.getByLabel(words.vendorId).press('Enter');
  await expect(page.getByText(words.deviceSaved)).toBeVisible();
  await expect(page.getByLabel(words.vendorId)).toHaveValue('0c2e');
  await checkScreen(page, 'admin-4-devices');

  await page.getByRole('button', { name: words.reloadLog }).click();
  const log = page.locator('table.audit');
  // In words, not action codes.
  for (const action of [
    'Pengguna diaktifkan atau dinyahaktifkan',
    'Tetapan PPV diubah',
    'Tetapan peranti diubah',
  ]) {
    await expect(log.getByRole('cell', { name: action, exact: true }).first()).toBeVisible();
  }
  await page.getByRole('button', { name: words.verify }).click();
  await expect(log.getByRole('cell', { name: 'user.setActive', exact: true })).toHaveCount(0);
  await expect(page.getByTestId('audit-verdict')).toHaveText(words.intact);
  // No MyVAS answers at that address: the verifier says what it could not check.
  await expect(page.getByTestId('audit-anchors')).toHaveText(words.anchorsUnchecked);
  await expect(page.getByTestId('status-audit')).toHaveText(words.auditUnanchored);
  await checkScreen(page, 'admin-5-audit');
});
