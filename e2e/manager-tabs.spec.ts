/**
 * The manager's page as tabs at 1366×768, in both languages: each tab fits the window with the status
 * bar in sight (its screenshot saved, axe finding nothing serious); and in the PPV tab a box of a GTIN
 * the catalogue does not know is attached to its product, then its lot recorded.
 */
import { expect, test, type Page } from '@playwright/test';
import { en, ms } from '../renderer/i18n/messages';
import { startConsoleStation, type ConsoleStation } from './console-station';
import { localise } from '../electron/contract/errors';
import { countKeys, fitsWindow, GS } from './desk-keys';
import { checkScreen, openInLanguage, ppvWithStaff, signInOnScreen } from './screens';

const SECRET = 'kata-laluan-2026';
const TABS = ['today', 'close-out', 'upload', 'corrections', 'ppv'] as const;
/** A real-looking GTIN (valid check digit) the synthetic catalogue does not know; lot R-77. */
const REAL_BOX = '0104006381333931' + '17301231' + '10R-77';

let station: ConsoleStation;
test.beforeEach(async () => {
  station = await startConsoleStation();
});
test.afterEach(async () => station.close());
test.use({ viewport: { width: 1366, height: 768 } });

async function signInManager(page: Page, language: 'ms' | 'en'): Promise<void> {
  await openInLanguage(page, station.url, language);
  await ppvWithStaff(
    page,
    [
      { staffId: 'MGR01', fullName: 'Pengurus Ujian', roles: ['manager'] },
      { staffId: 'VAX01', fullName: 'Vaksinator Ujian', roles: ['vaccinator'] },
    ],
    { secret: SECRET, openDay: true },
  );
  await page.reload();
  await signInOnScreen(page, language, 'MGR01', SECRET);
}

for (const language of ['ms', 'en'] as const) {
  const t = language === 'ms' ? ms : en;

  test(`${language}: every manager tab fits the window, the status bar in sight`, async ({
    page,
  }) => {
    await signInManager(page, language);
    await expect(page.getByRole('tab', { name: t['manager.tabs.today'] })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    for (const tab of TABS) {
      await page.getByRole('tab', { name: t[`manager.tabs.${tab}`] }).click();
      await expect(page.getByRole('tabpanel')).toBeVisible();
      await expect(page.getByTestId('status-day')).toBeInViewport();
      const fit = await fitsWindow(page);
      expect(fit.scrollHeight, `${tab} is taller than the window`).toBeLessThanOrEqual(
        fit.innerHeight,
      );
      await checkScreen(page, `manager-tabs-${language}-${tab}`);
    }
  });

  test(`${language}: a box of an unknown GTIN is attached to its product, then its lot recorded`, async ({
    page,
  }) => {
    await signInManager(page, language);
    await page.getByRole('tab', { name: t['manager.tabs.ppv'] }).click();
    const field = page.getByLabel(t['manager.lots.scan']);
    await field.focus();
    await countKeys(page).scan(REAL_BOX);
    const gtin = '04006381333931';
    await expect(
      page.getByRole('heading', { name: t['manager.lots.unknownGtin'].replace('{gtin}', gtin) }),
    ).toBeVisible();
    await page
      .getByLabel(t['manager.lots.whichProduct'])
      .selectOption({ label: 'Comirnaty (Pfizer-BioNTech)' });
    await page
      .getByRole('button', { name: t['manager.lots.attach'].replace('{gtin}', gtin) })
      .click();
    const lots = page.getByTestId('manager-lots');
    await expect(lots.getByRole('row')).toHaveCount(2);
    await expect(lots.getByRole('cell')).toHaveText(['Comirnaty', 'R-77', '31/12/2030', gtin]);
    await expect(field).toBeFocused();
  });

  test(`${language}: the manager sets this station's scanner GS key, and a box scanned with it keeps lot and serial apart`, async ({
    page,
  }) => {
    await signInManager(page, language);
    await page.getByRole('tab', { name: t['manager.tabs.ppv'] }).click();
    const gsKey = page.getByLabel(t['scanTester.gsKey']);
    await gsKey.focus();
    // A key that codes are made of is refused in words, and nothing changes.
    await page.keyboard.press('1');
    await expect(
      page.getByText(localise('GS_KEY_NOT_ALLOWED', { key: '1' })[language]),
    ).toBeVisible();
    await expect(gsKey).toHaveValue(t['scanTester.gsKeyNone']);
    await page.keyboard.press('F8');
    await expect(page.getByText(t['scanTester.gsKeySaved'].replace('{key}', 'F8'))).toBeVisible();
    await expect(gsKey).toHaveValue('F8');
    await checkScreen(page, `manager-tabs-${language}-scanner-gs-key`);

    await page.getByLabel(t['manager.lots.scan']).focus();
    await countKeys(page).scan(`0100200000000011173012311${'0R-88'}${GS}21SN0009`, 'F8');
    const lots = page.getByTestId('manager-lots');
    await expect(lots.getByRole('row')).toHaveCount(2);
    await expect(lots.getByRole('cell')).toHaveText([
      'Comirnaty',
      'R-88',
      '31/12/2030',
      '00200000000011',
    ]);
  });
}
