/**
 * The vaccinator station with a long queue: thousands waiting, seeded through the page's own
 * `window.ppv` (a clerk registering synthetic passports), a queue window that keeps only the rows in
 * view in the page, and one recipient taken through screening, the dose and the observation panel.
 */
import { expect, test, type Page } from '@playwright/test';
import type { PpvApi } from '../electron/contract';
import { startConsoleStation, type ConsoleStation } from './console-station';
import { checkScreen, DAY_STAFF, ppvWithStaff, signInOnScreen } from './screens';

const WAITING = 5_000;
/** Synthetic: born 14 May 1990, Selangor (14), male (odd last digit). */
const MYKAD = '900514145001';
/** Synthetic: born 20 February 1985, Selangor (10), female (even last digit). */
const OTHER_MYKAD = '850220105002';
/** Comirnaty's synthetic GTIN, expiry 31 December 2030, lot LOT-E2E-1. */
const VIAL = '0100200000000011' + '17301231' + '10LOT-E2E-1';

/** Letters with no look-alike among them and no B (a last word B reads as BIN). */
const NAME_LETTERS = 'ACDEFGHJKMNPQRSTUVWXYZ';

/**
 * The name of waiting visitor `index` (from 1): a name holds letters only, so the index is a word of
 * letters ('Pelawat Ujian A', … 'Pelawat Ujian Z', 'Pelawat Ujian AA', …), each keyed apart.
 */
function visitorName(index: number): string {
  let word = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / NAME_LETTERS.length)) {
    word = NAME_LETTERS[(n - 1) % NAME_LETTERS.length] + word;
  }
  return `Pelawat Ujian ${word}`;
}

const SECRET = 'kata-laluan-2026';

let station: ConsoleStation;
test.beforeEach(async () => {
  station = await startConsoleStation();
});
test.afterEach(async () => station.close());

/**
 * Sets up the PPV, its staff and an open walk-in day; then the clerk registers two MyKad holders
 * first and `waiting` passport holders after them, each with their own birth date.
 */
async function seed(page: Page, waiting: number): Promise<void> {
  await page.goto(station.url);
  await ppvWithStaff(page, DAY_STAFF, { secret: SECRET, openDay: true });
  await page.evaluate(
    async ({ secret, names, mykad, otherMykad }) => {
      const ppv = (globalThis as unknown as { ppv: PpvApi }).ppv;
      async function must(result: Promise<{ ok: boolean; error?: { code: string } }>) {
        const settled = await result;
        if (!settled.ok) throw new Error(`seeding refused: ${settled.error?.code}`);
      }

      await must(ppv.invoke('auth.signIn', { staffId: 'CLERK01', secret }));
      const visit = {
        addressLine: null,
        postcode: '52100',
        state: 'W.P. Kuala Lumpur',
        phone: '+60123456789',
        consent: true,
        duplicateApproval: null,
      };
      await must(
        ppv.invoke('recipient.register', {
          document: { docType: 'MYKAD', docNumber: mykad, docCountry: null },
          fullName: 'Ahmad bin Ujian',
          birthDate: '1990-05-14',
          sex: 'M',
          nationality: 'MYS',
          ...visit,
        }),
      );
      await must(
        ppv.invoke('recipient.register', {
          document: { docType: 'MYKAD', docNumber: otherMykad, docCountry: null },
          fullName: 'Siti binti Ujian',
          birthDate: '1985-02-20',
          sex: 'F',
          nationality: 'MYS',
          ...visit,
        }),
      );
      const firstBirth = Date.UTC(1950, 0, 1);
      const register = (index: number) =>
        must(
          ppv.invoke('recipient.register', {
            document: {
              docType: 'PASSPORT',
              docNumber: `A${String(index).padStart(7, '0')}`,
              docCountry: 'SGP',
            },
            fullName: names[index - 1]!,
            birthDate: new Date(firstBirth + index * 86_400_000).toISOString().slice(0, 10),
            sex: index % 2 === 1 ? 'M' : 'F',
            nationality: 'SGP',
            ...visit,
          }),
        );
      const BATCH = 50;
      for (let start = 1; start <= names.length; start += BATCH) {
        const batch: Promise<void>[] = [];
        for (let index = start; index < start + BATCH && index <= names.length; index += 1) {
          batch.push(register(index));
        }
        await Promise.all(batch);
      }
      await must(ppv.invoke('auth.signOut', {}));
    },
    {
      secret: SECRET,
      names: Array.from({ length: waiting }, (_, at) => visitorName(at + 1)),
      mykad: MYKAD,
      otherMykad: OTHER_MYKAD,
    },
  );
  await page.reload();
}

test('a queue of thousands stays light; screening, the dose and the observation panel', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const seeding = Date.now();
  await seed(page, WAITING);
  test.info().annotations.push({
    type: 'seeding',
    description: `${WAITING} registrations in ${Date.now() - seeding} ms`,
  });
  await signInOnScreen(page, 'ms', 'VAX01', SECRET);

  const total = WAITING + 2;
  await expect(page.getByRole('heading', { name: `Giliran (${total})` })).toBeVisible({
    timeout: 20_000,
  });
  const queue = page.locator('.queue-window');
  const queueButtons = queue.getByRole('button');
  expect(await queueButtons.count()).toBeLessThan(100);
  await checkScreen(page, 'vaccinator-long-1-queue');

  // The end of the queue, by scrolling: the last person is there, still few rows in the page.
  await queue.evaluate((box) => {
    box.scrollTop = box.scrollHeight;
  });
  const lastName = `${visitorName(WAITING)} · `;
  await expect(queue.getByRole('button', { name: lastName })).toBeVisible();
  expect(await queueButtons.count()).toBeLessThan(100);

  // Keyboard: Home goes back to the first, arrows move the selection and keep it in view.
  await queue.getByRole('button', { name: lastName }).focus();
  await page.keyboard.press('Home');
  const first = queue.getByRole('button', { name: /^Ahmad bin Ujian · / });
  await expect(first).toHaveAttribute('aria-pressed', 'true');
  await expect(first).toBeFocused();
  for (let step = 0; step < 15; step += 1) await page.keyboard.press('ArrowDown');
  const sixteenth = queue.getByRole('button', { name: new RegExp(`^${visitorName(14)} · `) });
  await expect(sixteenth).toHaveAttribute('aria-pressed', 'true');
  await expect(sixteenth).toBeFocused();
  await expect(sixteenth).toBeInViewport();
  await expect(page.getByRole('heading', { name: `Penerima: ${visitorName(14)}` })).toBeVisible();

  // "No" at screening defers the recipient, with a reason.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Penerima: Siti binti Ujian' })).toBeVisible();
  const scanField = page.getByLabel(
    'Imbas slip, MyKad atau vial (atau taip nombor MyKad dan tekan Enter)',
  );
  await expect(scanField).toBeFocused();
  await page.keyboard.type(OTHER_MYKAD);
  await page.keyboard.press('Enter');
  // No card reader here: the number typed is no card read, so it asks why (filled, not typed in a
  // burst the wedge detector would take for a scan).
  const reasonField = page.getByLabel('Sebab nombor ditaip (cth. cip kad rosak)');
  await expect(reasonField).toBeFocused();
  await reasonField.fill('Tiada pembaca kad di meja ini');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Kehadiran Siti binti Ujian disahkan.')).toBeVisible();
  await expect(
    page.getByText('Penerima sihat hari ini dan tiada alahan teruk kepada vaksin?'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Tidak, tangguhkan' }).click();
  await page.getByLabel('Sebab penangguhan').fill('Demam sejak semalam');
  await page.getByRole('button', { name: 'Tangguhkan penerima' }).click();
  await expect(
    page.getByText('Siti binti Ujian ditangguhkan dan dikeluarkan daripada giliran.'),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: `Giliran (${total - 1})` })).toBeVisible();

  // A typed MyKad number with a reason confirms its holder; a vial typed in opens; the dose puts them in observation.
  await first.click();
  await expect(scanField).toBeFocused();
  await page.keyboard.type(MYKAD);
  await page.keyboard.press('Enter');
  await expect(reasonField).toBeFocused();
  await reasonField.fill('Tiada pembaca kad di meja ini');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Kehadiran Ahmad bin Ujian disahkan.')).toBeVisible();
  await checkScreen(page, 'vaccinator-long-2-screening');
  await scanField.fill(VIAL);
  await scanField.press('Enter');
  // No lot was recorded as delivered here: the lot shown is confirmed against the label.
  await page
    .getByRole('alertdialog')
    .getByRole('button', { name: 'Label vial menunjukkan lot LOT-E2E-1: buka vial' })
    .click();
  await expect(
    page.getByLabel('Comirnaty, lot LOT-E2E-1, luput 31/12/2030 (0/6 dos)'),
  ).toBeChecked();
  await expect(page.getByRole('button', { name: 'Ya, rekod dos' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(
    page.getByText(/^Dos 1 \(COMIRNATY\) direkodkan untuk Ahmad bin Ujian/),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Dalam pemerhatian (1)' })).toBeVisible();
  await expect(page.getByText(/^(15|14) minit lagi \(hingga \d\d:\d\d\)$/)).toBeVisible();
  await expect(page.getByRole('heading', { name: `Giliran (${total - 2})` })).toBeVisible();
  await checkScreen(page, 'vaccinator-long-3-observation');

  // Ending the observation early, with an adverse-event note.
  await page.getByRole('button', { name: 'Tamatkan pemerhatian Ahmad bin Ujian' }).click();
  await expect(page.getByLabel('Kesan sampingan (jika ada)')).toBeFocused();
  await page.keyboard.type('Pening ringan, pulih selepas rehat');
  await page.getByRole('button', { name: 'Sahkan tamat pemerhatian' }).click();
  await expect(
    page.getByText('Pemerhatian Ahmad bin Ujian ditamatkan; kesan sampingan direkodkan.'),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Dalam pemerhatian (0)' })).toBeVisible();
  await expect(page.getByText('Tiada sesiapa dalam pemerhatian.')).toBeVisible();
});
