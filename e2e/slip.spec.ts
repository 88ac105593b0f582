/**
 * The recipient slip at the registration desk, in Chromium through the station server on a fresh
 * database: a walk-in registered through the screens gets a slip whose QR code carries
 * `PPVSLIP1:<slip token>` of that very registration; on an outreach day the phone is optional.
 * Staff and the day are seeded through the page's own `window.ppv`.
 */
import { expect, test, type Page } from '@playwright/test';
import { startConsoleStation, type ConsoleStation } from './console-station';
import { checkScreen, invokeInPage, ppvWithStaff } from './screens';

/** Synthetic: born 14 May 1990, Selangor (14), male (odd last digit). */
const MYKAD = '900514145001';
const SECRET = 'kata-laluan-2026';

let station: ConsoleStation;
test.beforeEach(async () => {
  station = await startConsoleStation();
});
test.afterEach(async () => station.close());

type DayChannel =
  | { channel: 'walk-in' }
  | {
      channel: 'outreach';
      outreachLocation: { place: string; district: string; state: string };
    };

/** The PPV, a clerk and a manager (first PINs changed), and an open day of the given kind. */
async function seed(page: Page, day: DayChannel): Promise<void> {
  await page.goto(station.url);
  await ppvWithStaff(
    page,
    [
      { staffId: 'CLERK01', fullName: 'Kerani Ujian', roles: ['clerk'] },
      { staffId: 'MGR01', fullName: 'Pengurus Ujian', roles: ['manager'] },
    ],
    { secret: SECRET, openDay: false },
  );
  await invokeInPage(page, [
    ['auth.signIn', { staffId: 'MGR01', secret: SECRET }],
    ['day.open', day],
    ['auth.signOut', {}],
  ]);
  await page.reload();
  await page.getByLabel('ID staf').fill('CLERK01');
  await page.getByLabel('Kata laluan atau PIN').fill(SECRET);
  await page.getByLabel('Kata laluan atau PIN').press('Enter');
  await expect(page.getByRole('heading', { name: 'Kaunter pendaftaran', level: 2 })).toBeVisible();
}

/** Every slip token the station sends this page (the registration's answer carries one). */
function watchSlipTokens(page: Page): string[] {
  const tokens: string[] = [];
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => {
      const text = typeof payload === 'string' ? payload : payload.toString('utf8');
      for (const match of text.matchAll(/"slipToken":"([A-Za-z0-9_-]{22})"/g)) {
        tokens.push(match[1] ?? '');
      }
    }),
  );
  return tokens;
}

async function findNewRecipient(page: Page): Promise<void> {
  await page.getByLabel('Nombor dokumen (taip atau imbas)').fill(MYKAD);
  await page.getByLabel('Nombor dokumen (taip atau imbas)').press('Enter');
}

/** Fills the new-recipient form (the phone only when given) and registers. */
async function registerNewRecipient(page: Page, phone: string | null): Promise<void> {
  await page.getByLabel('Nama penuh').fill('Ahmad bin Ujian');
  await page.getByLabel('Poskod').fill('43000');
  await page.getByLabel('Negeri').fill('Selangor');
  if (phone !== null) await page.getByLabel('Telefon (contoh 012-345 6789)').fill(phone);
  await page.getByRole('button', { name: 'Penerima bersetuju: daftar penerima' }).click();
}

test('a registered walk-in gets a slip whose QR code carries the registration’s slip token', async ({
  page,
}) => {
  const tokens = watchSlipTokens(page);
  await seed(page, { channel: 'walk-in' });
  await findNewRecipient(page);
  await registerNewRecipient(page, '+60123456789');

  const slip = page.getByRole('region', { name: 'Slip penerima' });
  await expect(slip).toBeVisible();
  await expect(slip).toContainText('Ahmad bin Ujian');
  await expect(slip).toContainText('********5001');
  await expect(slip).not.toContainText(MYKAD);
  const qr = slip.getByRole('img', { name: 'Kod QR slip penerima' });
  await expect(qr).toBeVisible();
  await expect(qr).toHaveAttribute('src', /^data:image\/png;base64,/);
  expect(tokens).toHaveLength(1);
  await expect(qr).toHaveAttribute('data-slip-text', `PPVSLIP1:${tokens[0]}`);
  await expect(slip.getByRole('button', { name: 'Cetak slip (Termal 80 mm)' })).toBeVisible();
  await expect(slip.getByRole('button', { name: 'Cetak slip (A4)' })).toBeVisible();
  await expect(page.getByLabel('Nombor dokumen (taip atau imbas)')).toBeFocused();
  await checkScreen(page, 'slip-1-walk-in');

  // On paper, the slip's copy alone, without buttons.
  await page.emulateMedia({ media: 'print' });
  const paper = page.getByTestId('slip-paper');
  await expect(paper.getByText('Ahmad bin Ujian')).toBeVisible();
  await expect(paper.getByRole('img', { name: 'Kod QR slip penerima' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Cetak slip/ })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Cari atau daftar penerima' })).toBeHidden();
  await expect(page.getByRole('heading', { name: /^Giliran menunggu/ })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  // In English, the slip reads in English; a new search puts it away.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('region', { name: 'Recipient slip' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Recipient slip QR code' })).toBeVisible();
  await page.getByLabel('Document number (type or scan)').fill(MYKAD);
  await page.getByLabel('Document number (type or scan)').press('Enter');
  await expect(page.getByRole('heading', { name: 'Existing recipient' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Recipient slip' })).toHaveCount(0);
});

test('on an outreach day the phone is optional and a recipient without one gets a slip', async ({
  page,
}) => {
  await seed(page, {
    channel: 'outreach',
    outreachLocation: { place: 'Dewan Kampung Ujian', district: 'Hulu Langat', state: 'Selangor' },
  });
  await findNewRecipient(page);
  await expect(
    page.getByLabel('Telefon, pilihan untuk jangkauan (contoh 012-345 6789)'),
  ).toBeVisible();
  await registerNewRecipient(page, null);

  const slip = page.getByRole('region', { name: 'Slip penerima' });
  await expect(slip).toContainText('Ahmad bin Ujian');
  await expect(slip.getByRole('img', { name: 'Kod QR slip penerima' })).toHaveAttribute(
    'data-slip-text',
    /^PPVSLIP1:[A-Za-z0-9_-]{22}$/,
  );
  await checkScreen(page, 'slip-2-outreach');
});
