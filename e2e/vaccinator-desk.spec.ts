/**
 * The vaccinator in one motion at 1366×768, in both languages: a slip scan picks and confirms the
 * recipient, a vial scan opens the vial, one key records. Scans are sent as a wedge scanner sends
 * them (e2e/desk-keys.ts), Ctrl+] standing for GS.
 */
import { expect, test, type Page } from '@playwright/test';
import { en } from '../renderer/i18n/messages';
import type { PpvApi, Role } from '../electron/contract';
import { startConsoleStation, type ConsoleStation } from './console-station';
import { countKeys, fitsWindow, GS } from './desk-keys';
import { syntheticMyKad } from '../electron/core/testing/synthetic';
import {
  checkScreen,
  invokeInPage,
  openInLanguage,
  ppvWithStaff,
  registrationOf,
  signInOnScreen,
  type Person,
} from './screens';

const STAFF: readonly { staffId: string; fullName: string; roles: Role[] }[] = [
  { staffId: 'CLERK01', fullName: 'Kerani Ujian', roles: ['clerk'] },
  { staffId: 'VAX01', fullName: 'Vaksinator Ujian', roles: ['vaccinator'] },
  { staffId: 'MGR01', fullName: 'Pengurus Ujian', roles: ['manager'] },
];
const SECRET = 'kata-laluan-2026';
/** Synthetic: born 14 May 1990, Selangor (14), male. */
const MYKAD = '900514145001';
/** Synthetic: born 20 February 1985, Selangor (10), female. */
const OTHER_MYKAD = '850220105002';
/** Comirnaty's synthetic GTIN, expiry 31 December 2030, lot LOT-E2E-1, then GS and a serial. */
const VIAL = `010020000000001117301231${'10LOT-E2E-1'}${GS}21SN0009`;
/** A vial of delivered lot LOT24C, from a scanner that dropped GS: lot and serial merged. */
const MERGED_VIAL = '010020000000001117301231' + '10LOT24C' + '21SN0009';

const WORDS = {
  ms: {
    present: 'Kehadiran Ahmad bin Ujian disahkan.',
    record: 'Ya, rekod dos',
    opened: 'Vial dibuka: Comirnaty, lot LOT-E2E-1, luput 31/12/2030.',
    vial: 'Comirnaty, lot LOT-E2E-1, luput 31/12/2030 (0/6 dos)',
    recorded: /^Dos 1 \(COMIRNATY\) direkodkan untuk Ahmad bin Ujian/,
    scan: 'Imbas slip, MyKad atau vial (atau taip nombor MyKad dan tekan Enter)',
    eligible: 'Layak',
  },
  en: {
    present: 'Ahmad bin Ujian is here: presence confirmed.',
    record: 'Yes, record the dose',
    opened: 'Vial opened: Comirnaty, lot LOT-E2E-1, expiry 31/12/2030.',
    vial: 'Comirnaty, lot LOT-E2E-1, expiry 31/12/2030 (0/6 doses)',
    recorded: /^Dose 1 \(COMIRNATY\) recorded for Ahmad bin Ujian/,
    scan: 'Scan a slip, MyKad or vial (or type a MyKad number and press Enter)',
    eligible: 'Yes',
  },
} as const;

let station: ConsoleStation;
test.beforeEach(async () => {
  station = await startConsoleStation();
});
test.afterEach(async () => station.close());
test.use({ viewport: { width: 1366, height: 768 } });

/** The PPV, its staff, an open day and two MyKad holders waiting; returns the first one's slip QR. */
async function seed(
  page: Page,
  language: 'ms' | 'en',
  groupSeparatorKey: string | null = null,
): Promise<string> {
  return (await seedBoth(page, language, groupSeparatorKey))[0];
}

/** As `seed`, returning both holders' slip QRs (Ahmad's, then Siti's); `others` wait after them. */
async function seedBoth(
  page: Page,
  language: 'ms' | 'en',
  groupSeparatorKey: string | null = null,
  /** Recipients waiting after Ahmad and Siti. */
  others: readonly Person[] = [],
): Promise<readonly [string, string]> {
  await openInLanguage(page, station.url, language);
  await ppvWithStaff(page, STAFF, { secret: SECRET, openDay: true });
  await invokeInPage(page, [
    // The manager records the lots received: a vial of another lot asks before it opens.
    ['auth.signIn', { staffId: 'MGR01', secret: SECRET }],
    ['lot.deliver', { gtin: '00200000000011', lot: 'LOT-E2E-1', expiry: '2030-12-31' }],
    ['lot.deliver', { gtin: '00200000000011', lot: 'LOT24C', expiry: '2030-12-31' }],
    // The station's scanner sends this key for GS besides Ctrl+]: its device setting.
    ['device.setWedgeGsKey', { groupSeparatorKey }],
    ['auth.signOut', {}],
  ]);
  const slip = await page.evaluate(
    async ({ secret, people }) => {
      const ppv = (globalThis as unknown as { ppv: PpvApi }).ppv;
      await ppv.invoke('auth.signIn', { staffId: 'CLERK01', secret });
      const tokens: string[] = [];
      for (const person of people) {
        const result = await ppv.invoke('recipient.register', person);
        if (!result.ok) throw new Error(`seeding refused: ${result.error.code}`);
        tokens.push(result.value.registration.slipToken);
      }
      await ppv.invoke('auth.signOut', {});
      return [`PPVSLIP1:${tokens[0]}`, `PPVSLIP1:${tokens[1]}`] as const;
    },
    {
      secret: SECRET,
      people: (
        [
          [MYKAD, 'Ahmad bin Ujian', '1990-05-14', 'M'],
          [OTHER_MYKAD, 'Siti binti Ujian', '1985-02-20', 'F'],
          ...others,
        ] as const
      ).map(registrationOf),
    },
  );
  await page.reload();
  await signInOnScreen(page, language, 'VAX01', SECRET);
  // A scan goes where focus is: the station is ready once its scan field has it.
  await expect(page.getByLabel(WORDS[language].scan)).toBeFocused();
  return slip;
}

for (const language of ['ms', 'en'] as const) {
  const words = WORDS[language];

  test(`${language}: a dose with a slip scan, a vial scan and one key`, async ({ page }) => {
    const slip = await seed(page, language);
    const scanField = page.getByLabel(words.scan);
    await expect(scanField).toBeFocused();
    const keys = countKeys(page);

    await keys.scan(slip);
    await expect(page.getByTestId('vaccinator-note')).toHaveText(words.present);
    await expect(scanField).toBeFocused();

    await keys.scan(VIAL);
    await expect(page.getByTestId('vaccinator-note')).toHaveText(words.opened);
    await expect(page.getByLabel(words.vial)).toBeChecked();
    const preview = page.getByTestId('vaccinator-dose-preview');
    await expect(preview).toContainText('Comirnaty');
    await expect(preview).toContainText(words.eligible);
    await expect(page.getByRole('button', { name: words.record })).toBeFocused();
    const ready = await fitsWindow(page);
    expect(ready.scrollHeight).toBeLessThanOrEqual(ready.innerHeight);
    await checkScreen(page, `vaccinator-desk-${language}-1-ready`);

    await keys.press('Enter');
    await expect(page.getByTestId('vaccinator-note')).toHaveText(words.recorded);
    expect(keys.keys).toBeLessThanOrEqual(1);
    // The desk is ready for the next person: no one picked, focus back where the next slip goes.
    await expect(page.getByRole('button', { name: words.record })).toHaveCount(0);
    await expect(scanField).toBeFocused();
    const fit = await fitsWindow(page);
    expect(fit.scrollHeight).toBeLessThanOrEqual(fit.innerHeight);
    await checkScreen(page, `vaccinator-desk-${language}-2-recorded`);
  });
}

/** A long name, as many are: it must be read in full at the queue, where the vaccinator calls it. */
const LONG_NAME = 'Nurul Aisyah Humaira binti Wan Mohd Khairuddin Ujian';

for (const language of ['ms', 'en'] as const) {
  test(`${language}: a long name in the queue is read in full, with its number and time, in the window`, async ({
    page,
  }) => {
    const mykad = syntheticMyKad({ birthDate: '1992-07-09', sex: 'F' });
    await seedBoth(page, language, null, [[mykad, LONG_NAME, '1992-07-09', 'F']]);
    const queue = page.locator('.queue-window');
    const row = queue.getByRole('button', { name: new RegExp(`^${LONG_NAME} · \\*{8}\\d{4} · `) });
    await expect(row).toBeVisible();
    // A pointer resting on the row shows it whole too.
    expect(await row.getAttribute('title')).toMatch(new RegExp(`^${LONG_NAME} · `));
    // Every part of the row is drawn whole: the name, wrapped, and the number and time under it.
    const clipped = await row.evaluate((button) =>
      [button, ...Array.from(button.querySelectorAll('*'))]
        .filter(
          (part) =>
            part.scrollWidth > part.clientWidth + 1 || part.scrollHeight > part.clientHeight + 1,
        )
        .map((part) => part.textContent),
    );
    expect(clipped).toEqual([]);
    await expect(row).toContainText(LONG_NAME);
    await expect(row).toContainText(mykad.slice(-4));
    // The queue stays in its column, clear of the work beside it, and the screen in the window.
    const queueBox = await queue.boundingBox();
    const rowBox = await row.boundingBox();
    const workBox = await page.locator('.station-work').boundingBox();
    expect(rowBox!.x + rowBox!.width).toBeLessThanOrEqual(queueBox!.x + queueBox!.width);
    expect(queueBox!.x + queueBox!.width).toBeLessThanOrEqual(workBox!.x);
    const fit = await fitsWindow(page);
    expect(fit.scrollHeight).toBeLessThanOrEqual(fit.innerHeight);
    await checkScreen(page, `vaccinator-desk-${language}-5-long-name`);
  });
}

test('a MyKad number scanned is no card read: it picks its holder once the reason is given', async ({
  page,
}) => {
  await seed(page, 'ms');
  const keys = countKeys(page);
  await keys.scan(OTHER_MYKAD);
  const reason = page.getByLabel('Sebab nombor ditaip (cth. cip kad rosak)');
  await expect(reason).toBeFocused();
  await expect(page.getByTestId('vaccinator-note')).toHaveText('');
  await reason.fill('Cip kad rosak');
  await keys.press('Enter');
  await expect(page.getByTestId('vaccinator-note')).toHaveText(
    'Kehadiran Siti binti Ujian disahkan.',
  );
  await expect(page.getByRole('heading', { name: 'Penerima: Siti binti Ujian' })).toBeVisible();
});

test('a wedge that sends the station’s configured key for GS gets the vial, lot and serial apart', async ({
  page,
}) => {
  const slip = await seed(page, 'en', 'F8');
  const keys = countKeys(page);
  await keys.scan(slip);
  await keys.scan(VIAL, 'F8');
  await expect(page.getByTestId('vaccinator-note')).toHaveText(WORDS.en.opened);
  await expect(page.getByRole('button', { name: WORDS.en.record })).toBeFocused();
});

test('without the key configured for the station, that key does not stand for GS', async ({
  page,
}) => {
  const slip = await seed(page, 'en');
  const keys = countKeys(page);
  await keys.scan(slip);
  await keys.scan(VIAL, 'F8');
  // F8 is no character here: it breaks the burst, and what follows it is no vial code.
  await expect(page.getByTestId('vaccinator-note')).toHaveText(
    'This code is not a recipient slip, a MyKad number or a vial code. Scan the slip or the vial’s DataMatrix code.',
  );
  await expect(page.getByRole('radio')).toHaveCount(0);
});

for (const language of ['ms', 'en'] as const) {
  test(`${language}: a merged lot is stopped for the vaccinator to confirm, and Enter does not open it`, async ({
    page,
  }) => {
    const slip = await seed(page, language);
    const keys = countKeys(page);
    await keys.scan(slip);
    await keys.scan(MERGED_VIAL);
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('lot-shown')).toHaveText('LOT24C21SN0009');
    await checkScreen(page, `vaccinator-desk-${language}-3-merged-lot`);
    // The first thing focused is "scan again": a stray Enter does not open the merged lot.
    await keys.press('Enter');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('vaccinator-note')).toHaveText(
      language === 'ms'
        ? 'Vial lot LOT24C21SN0009 tidak dibuka. Imbas semula vial.'
        : 'The vial of lot LOT24C21SN0009 was not opened. Scan the vial again.',
    );
    await expect(page.getByRole('radio')).toHaveCount(0);
  });
}

test('the vaccinator opens an undelivered lot only by confirming the lot shown', async ({
  page,
}) => {
  const slip = await seed(page, 'ms');
  const keys = countKeys(page);
  await keys.scan(slip);
  await keys.scan('010020000000001117301231' + '10LOT-BARU');
  const dialog = page.getByRole('alertdialog');
  await dialog
    .getByRole('button', { name: 'Label vial menunjukkan lot LOT-BARU: buka vial' })
    .click();
  await expect(page.getByTestId('vaccinator-note')).toHaveText(
    'Vial dibuka: Comirnaty, lot LOT-BARU, luput 31/12/2030.',
  );
  await expect(page.getByRole('button', { name: WORDS.ms.record })).toBeFocused();
});

test('an observation ending, of a dose given at another station, raises the alarm on time: seen and announced', async ({
  page,
  browser,
}) => {
  // The page's clock is Playwright's: time is moved on, never waited for. This PC's clock is an
  // hour slow: the observation is timed by the console's trusted clock all the same.
  await page.clock.install({ time: Date.now() - 60 * 60_000 });
  const [, sitiSlip] = await seedBoth(page, 'en');
  const alarm = page.getByTestId('observation-alarm');
  await expect(alarm).toHaveText('');

  // Another station: Siti's dose is recorded there, on its own connection.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto(station.url);
  await otherPage.evaluate(
    async ({ secret, slip }) => {
      const ppv = (globalThis as unknown as { ppv: PpvApi }).ppv;
      const must = async <T>(result: Promise<{ ok: true; value: T } | { ok: false }>) => {
        const settled = await result;
        if (!settled.ok) throw new Error(`refused: ${JSON.stringify(settled)}`);
        return settled.value;
      };
      await must(ppv.invoke('auth.signIn', { staffId: 'VAX01', secret }));
      const siti = await must(ppv.invoke('presence.scan', { method: 'SLIP_QR', scanned: slip }));
      const vial = await must(
        ppv.invoke('vial.open', {
          gtin: '00200000000011',
          lot: 'LOT-E2E-1',
          expiry: '2030-12-31',
          serial: null,
          lotConfirmed: false,
        }),
      );
      const { correctedNow } = await must(ppv.invoke('clock.status', {}));
      await must(
        ppv.invoke('dose.record', {
          registrationId: siti.registrationId,
          vialId: vial.vialId,
          administeredAt: correctedNow,
          site: 'L_DELTOID',
        }),
      );
    },
    { secret: SECRET, slip: sitiSlip },
  );
  await other.close();

  const observations = page.getByRole('region', { name: /^In observation/ });
  await expect(observations).toContainText('Siti binti Ujian');
  await expect(observations).toContainText('min left');
  await expect(alarm).toHaveText('');

  // Fifteen minutes on, by the page's clock: the observation is over.
  await page.clock.fastForward('15:10');
  await expect(alarm).toHaveText(
    en['vaccinator.observation.ended'].replace('{names}', 'Siti binti Ujian'),
  );
  await expect(alarm).toBeVisible();
  await expect(alarm).toHaveAttribute('role', 'alert');
  await expect(alarm).toHaveAttribute('aria-live', 'assertive');
  await expect(observations).toContainText('Observation ended at');
  await checkScreen(page, 'vaccinator-desk-en-4-observation-alarm');
});
