/**
 * The manager's day in Chromium through the station server, on a fresh database: open a walk-in
 * day, see its close-out, be refused the close while a recipient still waits in the queue (a clerk
 * registers one from another desk), mark them as gone, seal the day, and find its batch waiting to
 * upload because MyVAS is not set up. Each screen is saved and scanned for accessibility.
 */
import { expect, test, type Page } from '@playwright/test';
import { startConsoleStation, type ConsoleStation } from './console-station';
import { checkScreen, invokeInPage, ppvWithStaff } from './screens';

let station: ConsoleStation;
test.beforeEach(async () => {
  station = await startConsoleStation();
});
test.afterEach(async () => station.close());

const SECRET = 'kata-laluan-2026';
const MANAGER = { staffId: 'MGR01', secret: SECRET };
const CLERK = { staffId: 'CLERK01', secret: SECRET };

/** Sets up the PPV and its manager and clerk through the page's own station connection. */
async function seedStaff(page: Page): Promise<void> {
  await ppvWithStaff(
    page,
    [
      { staffId: MANAGER.staffId, fullName: 'Pengurus Ujian', roles: ['manager'] },
      { staffId: CLERK.staffId, fullName: 'Kerani Ujian', roles: ['clerk'] },
    ],
    { secret: SECRET, openDay: false },
  );
}

/** A clerk at another desk registers a synthetic walk-in recipient, who waits in the queue. */
async function registerFromAnotherDesk(desk: Page): Promise<void> {
  await desk.goto(station.url);
  await expect(desk.getByRole('heading', { name: 'Log masuk' })).toBeVisible();
  await invokeInPage(desk, [
    ['auth.signIn', CLERK],
    [
      'recipient.register',
      {
        document: { docType: 'PASSPORT', docNumber: 'A1234567', docCountry: 'IDN' },
        fullName: 'Penerima Ujian',
        birthDate: '1990-01-01',
        sex: 'F',
        nationality: 'IDN',
        addressLine: null,
        postcode: '52100',
        state: 'W.P. Kuala Lumpur',
        phone: '+60123456789',
        consent: true,
        duplicateApproval: null,
      },
    ],
  ]);
}

const words = {
  managerTab: 'Pengurus',
  noDay: 'Tiada hari dibuka. Buka hari sebelum pendaftaran bermula.',
  statusNoDay: 'Hari: tiada hari dibuka',
  walkIn: 'Hadir sendiri (walk-in)',
  openDay: 'Buka hari',
  confirmTime: 'Saya sahkan tarikh dan masa ini betul',
  statusOpen: /^Hari: dibuka \(\d{2}\/\d{2}\/\d{4}\)$/,
  todayTitle: 'Hari ini',
  closeOutTab: 'Tutup hari',
  uploadTab: 'Muat naik dan penolakan',
  noBlockers: 'Tiada perkara menghalang. Hari boleh ditutup.',
  waitingBlocker: /^Penerima .+ \(\*\*\*\*4567\) masih menunggu dalam barisan/,
  close: 'Tutup dan meterai hari',
  refused: 'Hari tidak boleh ditutup: 1 perkara belum selesai.',
  leftReason: 'Sebab mereka beredar (satu sebab untuk semua 1)',
  sealed:
    /^Hari \d{2}\/\d{2}\/\d{4} telah ditutup dan dimeterai pada .+: 0 rekod dalam kelompok\.$/,
  notConfigured:
    'MyVAS belum ditetapkan: kelompok menunggu sehingga pentadbir menetapkan alamat dan token MyVAS.',
  uploadWaiting: 'menunggu',
  waitingForSettings: 'tetapan MyVAS',
  clockConfirmedBy: 'disahkan oleh MGR01',
  noRejections: 'Tiada rekod ditolak.',
} as const;

test('the manager opens the day, is refused the close while someone waits, then seals it', async ({
  page,
  context,
}) => {
  await page.goto(station.url);
  await expect(page.getByRole('heading', { name: 'Sediakan PPV ini' })).toBeVisible();
  await seedStaff(page);
  await page.reload();
  await page.getByLabel('ID staf').fill(MANAGER.staffId);
  await page.getByLabel('Kata laluan atau PIN').fill(MANAGER.secret);
  await page.getByLabel('Kata laluan atau PIN').press('Enter');

  await expect(page.getByRole('button', { name: words.managerTab })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(page.getByText(words.noDay)).toBeVisible();
  await expect(page.getByTestId('status-day')).toHaveText(words.statusNoDay);
  await expect(page.getByLabel(words.walkIn)).toBeChecked();
  await checkScreen(page, 'manager-1-no-day');

  await page.getByLabel(words.confirmTime).check();
  await page.getByRole('button', { name: words.openDay }).click();
  await expect(page.getByTestId('status-day')).toHaveText(words.statusOpen);
  await expect(page.getByRole('heading', { name: words.todayTitle })).toBeFocused();
  await page.getByRole('tab', { name: words.closeOutTab }).click();
  await expect(page.getByTestId('manager.closeOut.registrations')).toHaveText('0');
  await expect(page.getByText(words.noBlockers)).toBeVisible();
  await checkScreen(page, 'manager-2-day-open');

  await registerFromAnotherDesk(await context.newPage());
  await expect(page.getByText(words.waitingBlocker)).toBeVisible();
  await expect(page.getByTestId('manager.closeOut.registrations')).toHaveText('1');
  await page.getByRole('button', { name: words.close }).click();
  await expect(page.getByRole('alert').filter({ hasText: words.refused })).toBeVisible();
  await expect(page.getByTestId('status-day')).toHaveText(words.statusOpen);
  await checkScreen(page, 'manager-3-close-refused');

  await page.getByLabel(words.leftReason).fill('Pulang sebelum dipanggil');
  await page.getByLabel(words.leftReason).press('Enter');
  await expect(page.getByText(words.noBlockers)).toBeVisible();
  await expect(page.getByText(words.waitingBlocker)).toHaveCount(0);
  // The refusal no longer holds: it is gone, not left to contradict the screen.
  await expect(page.getByRole('alert').filter({ hasText: words.refused })).toHaveCount(0);

  await page.getByRole('button', { name: words.close }).click();
  await expect(page.getByTestId('manager-sealed')).toHaveText(words.sealed);
  await expect(page.getByTestId('manager-sealed')).toBeFocused();
  await expect(page.getByTestId('status-day')).toHaveText(words.statusNoDay);
  await expect(page.getByText(words.noDay)).toBeVisible();
  await page.getByRole('tab', { name: words.uploadTab }).click();
  await expect(page.getByTestId('manager-myvas-not-configured')).toHaveText(words.notConfigured);
  const batch = page.getByTestId('manager-batch');
  await expect(batch).toHaveCount(1);
  await expect(batch.getByRole('cell')).toHaveText([
    /^\d{2}\/\d{2}\/\d{4}$/,
    /.+/,
    '0',
    words.uploadWaiting,
    '0',
    '0',
    '0',
    words.waitingForSettings,
    '—',
    words.clockConfirmedBy,
  ]);
  await expect(page.getByText(words.noRejections)).toBeVisible();
  await checkScreen(page, 'manager-4-sealed');
});
