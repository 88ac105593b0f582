/**
 * A possible duplicate at the registration desk, in Chromium through the station server on a fresh
 * database: a second passport under the same name and birth date is shown with its candidate, the
 * clerk's own approval is refused, and a manager's approval with a reason saves it into the queue.
 */
import { expect, test, type Page } from '@playwright/test';
import type { PpvApi, Role } from '../electron/contract';
import { startConsoleStation, type ConsoleStation } from './console-station';
import { checkScreen, ppvWithStaff } from './screens';

const STAFF: readonly { staffId: string; fullName: string; roles: Role[] }[] = [
  { staffId: 'CLERK01', fullName: 'Kerani Ujian', roles: ['clerk'] },
  { staffId: 'MGR01', fullName: 'Pengurus Ujian', roles: ['manager'] },
];
const SECRET = 'kata-laluan-2026';

let station: ConsoleStation;
test.beforeEach(async () => {
  station = await startConsoleStation();
});
test.afterEach(async () => station.close());

/** The PPV, its staff (first PIN changed), an open walk-in day and one synthetic passport holder. */
async function seed(page: Page): Promise<void> {
  await page.goto(station.url);
  await ppvWithStaff(page, STAFF, { secret: SECRET, openDay: true });
  await page.evaluate(
    async ({ secret }) => {
      const ppv = (globalThis as unknown as { ppv: PpvApi }).ppv;
      async function must(result: Promise<{ ok: boolean; error?: { code: string } }>) {
        const settled = await result;
        if (!settled.ok) throw new Error(`seeding refused: ${settled.error?.code}`);
      }
      await must(ppv.invoke('auth.signIn', { staffId: 'CLERK01', secret }));
      await must(
        ppv.invoke('recipient.register', {
          document: { docType: 'PASSPORT', docNumber: 'A1234567', docCountry: 'SGP' },
          fullName: 'Lee Mei Ling',
          birthDate: '1990-03-03',
          sex: 'F',
          nationality: 'SGP',
          addressLine: null,
          postcode: '50000',
          state: 'W.P. Kuala Lumpur',
          phone: '+60123450001',
          consent: true,
        }),
      );
      await must(ppv.invoke('auth.signOut', {}));
    },
    { secret: SECRET },
  );
  await page.reload();
}

test('a possible duplicate is saved only with a manager’s approval and a reason', async ({
  page,
}) => {
  await seed(page);
  await page.getByLabel('ID staf').fill('CLERK01');
  await page.getByLabel('Kata laluan atau PIN').fill(SECRET);
  await page.getByLabel('Kata laluan atau PIN').press('Enter');
  await expect(page.getByRole('heading', { name: 'Giliran menunggu (1)' })).toBeVisible();

  // Another passport, typed loosely: it normalises to B7654321 / MYS and is not on file.
  await page.getByLabel('Jenis dokumen').selectOption({ label: 'Pasport' });
  await page.getByLabel('Nombor dokumen (taip atau imbas)').fill(' b765 4321 ');
  await page.getByLabel('Negara pengeluar (kod tiga huruf, contoh IDN)').fill('mys');
  await page.getByLabel('Negara pengeluar (kod tiga huruf, contoh IDN)').press('Enter');
  await expect(
    page.getByRole('heading', { name: /^Pendaftaran baharu: Pasport B7654321/ }),
  ).toBeVisible();

  // The same person by name (punctuation and case aside) and birth date.
  await page.getByLabel('Nama penuh').fill('LEE Mei-Ling');
  await page.getByRole('group', { name: 'Tarikh lahir' }).getByRole('spinbutton').first().click();
  await page.keyboard.type('03031990');
  await page.getByLabel('Perempuan').check();
  await page.getByLabel('Warganegara (kod tiga huruf)').fill('MYS');
  await page.getByLabel('Poskod').fill('50000');
  await page.getByLabel('Negeri').fill('W.P. Kuala Lumpur');
  await page.getByLabel('Telefon (contoh 012-345 6789)').fill('012-345 0002');
  await page.getByRole('button', { name: 'Penerima bersetuju: daftar penerima' }).click();

  await expect(
    page.getByText(
      'Penerima lain mungkin orang yang sama: nama yang sama dengan tarikh lahir yang sama atau hampir sama, atau nombor pasport yang sama dari negara lain. Pengurus perlu meluluskan dengan sebab.',
    ),
  ).toBeVisible();
  const duplicates = page.getByRole('dialog', { name: 'Kemungkinan pendua:' });
  await expect(duplicates.getByRole('listitem')).toHaveCount(1);
  await expect(duplicates.getByRole('listitem')).toContainText('Lee Mei Ling · Pasport');
  await expect(duplicates.getByRole('listitem')).toContainText('03/03/1990');
  const staffId = page.getByLabel('ID staf pengurus');
  const secret = page.getByLabel('Kata laluan atau PIN pengurus');
  await expect(staffId).toBeFocused();
  await checkScreen(page, 'duplicate-1-candidates');

  // The clerk's own credentials are not a manager's approval.
  await page.keyboard.type('CLERK01');
  await secret.fill(SECRET);
  await page
    .getByLabel('Sebab didaftarkan walaupun mungkin pendua')
    .fill('Orang berbeza, disahkan dengan dokumen asal');
  await secret.press('Enter');
  await expect(
    duplicates.getByText('Kelulusan mesti oleh pengurus yang aktif dengan PIN yang betul.'),
  ).toBeVisible();
  await expect(secret).toHaveValue('');
  await expect(staffId).toBeFocused();
  // Nothing saved: the queue behind the dialog still holds one.
  await expect(page.getByText('Giliran menunggu (1)')).toBeVisible();
  await checkScreen(page, 'duplicate-2-not-a-manager');

  // The manager with a wrong PIN: refused in words, the PIN cleared and focused for another try.
  await staffId.fill('MGR01');
  await secret.fill('pin-salah-999');
  await secret.press('Enter');
  await expect(
    duplicates.getByText('Kelulusan ditolak: ID kakitangan atau PIN pelulus salah.'),
  ).toBeVisible();
  await expect(secret).toHaveValue('');
  await expect(secret).toBeFocused();

  // The manager's approval saves the recipient into the queue.
  await page.keyboard.type(SECRET);
  await page.getByRole('button', { name: 'Luluskan dan daftar penerima' }).click();
  await expect(
    page.getByText('LEE Mei-Ling didaftarkan dan menunggu dalam giliran.'),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Giliran menunggu (2)' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'LEE Mei-Ling' })).toBeVisible();
  await expect(duplicates).toHaveCount(0);
  await checkScreen(page, 'duplicate-3-approved');
});
