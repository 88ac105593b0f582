/**
 * The admin tab in Chromium through the station server, on a fresh database: disable a clerk with a
 * reason, be refused disabling themselves, set MyVAS up (the status bar's upload text changes), set
 * this station's devices (a bad USB id refused in words first), and find all of it in the audit
 * log, whose chain the verifier says holds. Each screen is saved and scanned for accessibility.
 */
import { expect, test, type Page } from '@playwright/test';
import type { PpvApi } from '../electron/contract';
import { startConsoleStation, type ConsoleStation } from './console-station';
import { checkScreen, consoleWithStaff, signInOnScreen, type StaffMember } from './screens';

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
  managerApproval: 'Kelulusan pengurus',
  approverStaffId: 'ID staf',
  approverSecret: 'PIN atau kata laluan',
  myvasChangedBy: 'oleh ADM01, diluluskan oleh MGR01',
  resetPin: 'Set semula PIN',
  save: 'Simpan',
  newFirstPin: /^PIN pertama baharu CLERK01/,
  resetNotice: /^PIN anda ditetapkan semula oleh Pentadbir Ujian \(ADM01\) pada /,
  continue: 'Teruskan',
  changeTitle: 'Tukar kata laluan',
  signOut: 'Log keluar',
  grantTitle: 'Peranan CLERK01',
  manager: 'pengurus',
  approvalNeeded:
    'Perubahan ini memerlukan kelulusan orang kedua: pentadbir lain atau pengurus memasukkan ID kakitangan dan PIN mereka.',
} as const;

const STAFF = [
  { staffId: 'CLERK01', fullName: 'Kerani Ujian', roles: ['clerk'] },
  { staffId: 'MGR01', fullName: 'Pengurus Ujian', roles: ['manager'] },
] as const satisfies readonly StaffMember[];

async function signIn(page: Page): Promise<void> {
  await signInOnScreen(page, 'ms', ADMIN.staffId, ADMIN.secret);
  await expect(page.getByRole('heading', { name: 'Pengguna staf' })).toBeVisible();
}

test('the admin disables a clerk, is refused their own account, sets MyVAS and devices, and audits it', async ({
  page,
}) => {
  await consoleWithStaff(page, station.url, STAFF, { secret: ADMIN.secret, openDay: false });
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
  // Changing MyVAS asks for a manager beside the admin, in the same form.
  const managerApproval = page.getByRole('group', { name: words.managerApproval });
  await managerApproval.getByLabel(words.approverStaffId).fill('MGR01');
  await managerApproval.getByLabel(words.approverSecret).fill(ADMIN.secret);
  await managerApproval.getByLabel(words.approverSecret).press('Enter');
  await expect(page.getByText(words.ppvSaved)).toBeVisible();
  await expect(page.getByText(words.tokenSet)).toBeVisible();
  await expect(page.getByLabel(words.token)).toHaveValue('');
  // This station runs no upload scheduler, whose run is what tells open screens; a fresh page reads it.
  await page.reload();
  await signIn(page);
  await expect(page.getByTestId('status-upload')).toHaveText(words.uploadIdle);
  await expect(page.getByTestId('status-myvas')).toContainText(words.myvasChangedBy);
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

test('a PIN the admin resets is generated and shown once, and its holder is told who reset it', async ({
  page,
}) => {
  await consoleWithStaff(page, station.url, STAFF, { secret: ADMIN.secret, openDay: false });
  await signIn(page);

  const clerkRow = page.getByRole('row', { name: /CLERK01/ });
  // Granting the manager role takes a second person, typed into the same form.
  await clerkRow.getByRole('button', { name: 'Tukar peranan' }).click();
  const roles = page.getByRole('form', { name: words.grantTitle });
  await roles.getByLabel(words.manager).check();
  await roles.getByRole('button', { name: words.save }).click();
  await expect(roles.getByRole('alert')).toHaveText(words.approvalNeeded);
  await roles.getByRole('button', { name: 'Batal' }).click();

  await clerkRow.getByRole('button', { name: words.resetPin }).click();
  await clerkRow.getByRole('button', { name: words.save }).click();
  await expect(clerkRow.getByRole('status')).toContainText(words.newFirstPin);
  const firstPin = (await clerkRow.getByTestId('first-pin').textContent()) ?? '';
  expect(firstPin).toMatch(/^[0-9]{8}$/);
  await checkScreen(page, 'admin-6-first-pin');

  await page.getByRole('button', { name: words.signOut }).click();
  await page.getByLabel('ID staf').fill('CLERK01');
  await page.getByLabel('Kata laluan atau PIN').fill(firstPin);
  await page.getByLabel('Kata laluan atau PIN').press('Enter');
  await expect(page.getByRole('listitem')).toHaveText(words.resetNotice);
  await checkScreen(page, 'admin-7-reset-notice');
  await page.getByRole('button', { name: words.continue }).click();
  await expect(page.getByRole('heading', { name: words.changeTitle })).toBeVisible();
});

test('wrong PINs make the staff ID wait, said in words', async ({ page }) => {
  await consoleWithStaff(page, station.url, STAFF, { secret: ADMIN.secret, openDay: false });
  await expect(page.getByRole('heading', { name: 'Log masuk' })).toBeVisible();
  // Four wrong PINs through the page's own connection, the fifth typed at the form.
  await page.evaluate(async () => {
    const { ppv } = globalThis as unknown as { ppv: PpvApi };
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await ppv.invoke('auth.signIn', { staffId: 'CLERK01', secret: 'salah-sekali-lagi' });
    }
  });
  await page.getByLabel('ID staf').fill('CLERK01');
  await page.getByLabel('Kata laluan atau PIN').fill('salah-sekali-lagi');
  await page.getByLabel('Kata laluan atau PIN').press('Enter');
  await expect(page.getByRole('alert')).toHaveText(
    /^ID kakitangan atau PIN salah terlalu kerap\. Cuba lagi selepas \d{2}:\d{2}:\d{2}\.$/,
  );
  await checkScreen(page, 'admin-8-sign-in-wait');
});
