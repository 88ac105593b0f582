/**
 * A dose MyVAS rejected, corrected by the manager: the rejection shows with its code, the manager
 * amends it with the right vial from today's, and the rejection shows as corrected. The day, the
 * dose and MyVAS's answer are seeded (the answer through the station's own upload store: no MyVAS
 * runs in these tests); the correction goes through the screens, in Malay.
 */
import { expect, test, type Page } from '@playwright/test';
import type { PpvApi } from '../electron/contract';
import { startConsoleStation, type ConsoleStation } from './console-station';
import { checkScreen, ppvWithStaff, signInOnScreen } from './screens';

const SECRET = 'kata-laluan-2026';

let station: ConsoleStation;
test.beforeEach(async () => {
  station = await startConsoleStation();
});
test.afterEach(async () => station.close());

/**
 * A PPV with its staff; a day on which Ahmad had dose 1 from lot LOT-SALAH, sealed; a new day open
 * with lot LOT-BETUL. Then the manager signs in.
 */
async function seedSealedDose(page: Page): Promise<{ batchId: string; doseId: string }> {
  await page.goto(station.url);
  await ppvWithStaff(
    page,
    [
      { staffId: 'MGR01', fullName: 'Pengurus Ujian', roles: ['manager'] },
      { staffId: 'CLERK01', fullName: 'Kerani Ujian', roles: ['clerk'] },
      { staffId: 'VAX01', fullName: 'Vaksinator Ujian', roles: ['vaccinator'] },
    ],
    { secret: SECRET, openDay: true },
  );
  return page.evaluate(
    async ({ secret }) => {
      const ppv = (globalThis as unknown as { ppv: PpvApi }).ppv;
      async function must<T>(
        result: Promise<{ ok: true; value: T } | { ok: false; error: { code: string } }>,
      ) {
        const settled = await result;
        if (!settled.ok) throw new Error(`seeding refused: ${settled.error.code}`);
        return settled.value;
      }
      const as = async (staffId: string, work: () => Promise<void>) => {
        await must(ppv.invoke('auth.signIn', { staffId, secret }));
        await work();
        await must(ppv.invoke('auth.signOut', {}));
      };
      let registrationId = '';
      await as('CLERK01', async () => {
        const { registration } = await must(
          ppv.invoke('recipient.register', {
            document: { docType: 'MYKAD', docNumber: '900514145001', docCountry: null },
            fullName: 'Ahmad bin Ujian',
            birthDate: '1990-05-14',
            sex: 'M',
            nationality: 'MYS',
            addressLine: null,
            postcode: '43000',
            state: 'Selangor',
            phone: '+60123456789',
            consent: true,
          }),
        );
        registrationId = registration.registrationId;
      });
      let vialId = '';
      let doseId = '';
      await as('VAX01', async () => {
        await must(
          ppv.invoke('presence.confirm', {
            registrationId,
            method: 'MYKAD_TYPED',
            scanned: '900514145001',
            reason: 'Ujian: tiada pembaca kad',
          }),
        );
        vialId = (
          await must(
            ppv.invoke('vial.open', {
              gtin: '00200000000011',
              lot: 'LOT-SALAH',
              expiry: '2030-12-31',
              serial: null,
              lotConfirmed: true,
            }),
          )
        ).vialId;
        doseId = (
          await must(
            ppv.invoke('dose.record', {
              registrationId,
              vialId,
              administeredAt: Date.now(),
              site: 'L_DELTOID',
            }),
          )
        ).doseId;
      });
      let batchId = '';
      await as('MGR01', async () => {
        await must(ppv.invoke('observation.release', { doseId, adverseEventNote: null }));
        await must(ppv.invoke('vial.reconcile', { vialId, dosesWasted: 5 }));
        batchId = (await must(ppv.invoke('day.close', {}))).batchId;
        const { correctedNow } = await must(ppv.invoke('clock.status', {}));
        await must(ppv.invoke('day.open', { channel: 'walk-in', confirmedTime: correctedNow }));
      });
      await as('VAX01', async () => {
        await must(
          ppv.invoke('vial.open', {
            gtin: '00200000000011',
            lot: 'LOT-BETUL',
            expiry: '2030-12-31',
            serial: null,
            lotConfirmed: true,
          }),
        );
      });
      return { batchId, doseId };
    },
    { secret: SECRET },
  );
}

async function signInManager(page: Page): Promise<void> {
  await page.reload();
  await signInOnScreen(page, 'ms', 'MGR01', SECRET);
}

test('the manager amends a dose MyVAS rejected, and sees it corrected', async ({ page }) => {
  const seeded = await seedSealedDose(page);
  station.myvasJudged(seeded.batchId, [{ recordId: seeded.doseId, code: 'EXPIRED_LOT' }]);
  await signInManager(page);
  await page.getByRole('tab', { name: 'Muat naik dan penolakan' }).click();

  const row = page.getByTestId('manager-rejection');
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell').nth(0)).toHaveText('••••••••5001');
  await expect(row.getByRole('cell').nth(3)).toHaveText('EXPIRED_LOT');
  await row.getByRole('button', { name: 'Pinda dos ••••••••5001' }).click();
  await expect(
    page.getByRole('heading', { name: 'Pindaan dos ••••••••5001 (dos 1, COMIRNATY)' }),
  ).toBeFocused();
  await page.getByLabel('Sebab pindaan').fill('Lot salah dipilih; vial sebenar LOT-BETUL');
  await expect(page.getByLabel('Vial sebenar (dibuka hari ini)')).toHaveValue(/.+/);
  await page.getByLabel('Tempat suntikan').selectOption({ label: 'Lengan kiri (deltoid)' });
  await checkScreen(page, 'manager-5-amend');
  await page.getByRole('button', { name: 'Rekod pindaan' }).click();

  await expect(
    page.getByText('Pindaan dos ••••••••5001 direkodkan; ia dihantar bersama kelompok hari ini.'),
  ).toBeVisible();
  await expect(row.getByRole('cell').nth(5)).toHaveText('ya');
  await checkScreen(page, 'manager-6-amended');
});

test('the manager finds a recipient by document and amends a sealed dose', async ({ page }) => {
  await seedSealedDose(page);
  await signInManager(page);
  await page.getByRole('tab', { name: 'Pembetulan' }).click();

  await page.getByLabel('Nombor dokumen', { exact: true }).fill('900514-14-5001');
  await page.getByRole('button', { name: 'Cari penerima' }).click();
  await expect(page.getByRole('heading', { name: 'Dos Ahmad bin Ujian' })).toBeVisible();
  const dose = page.getByTestId('manager-correct-dose');
  await expect(dose).toHaveCount(1);
  await expect(dose).toContainText('1 · COMIRNATY');
  await dose.getByRole('button', { name: 'Pinda dos 1' }).click();
  await expect(
    page.getByRole('heading', { name: 'Pindaan dos 900514-14-5001 (dos 1, COMIRNATY)' }),
  ).toBeFocused();
  await page.getByLabel('Sebab pindaan').fill('Tempat suntikan salah direkodkan');
  await page.getByLabel('Tempat suntikan').selectOption({ label: 'Lengan kanan (deltoid)' });
  await checkScreen(page, 'manager-7-correct-dose');
  await page.getByRole('button', { name: 'Rekod pindaan' }).click();
  await expect(
    page.getByText('Pindaan dos 900514-14-5001 direkodkan; ia dihantar bersama kelompok hari ini.'),
  ).toBeVisible();
});
