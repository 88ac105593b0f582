/**
 * The daily report of a sealed day, at 1366×768 in both languages: chosen in the manager's close-out
 * tab (with the next day already open there), shown in a dialog with counts only, and printed alone
 * on one A4 page (the PDF Chromium makes has one page). The open day has no report yet.
 */
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import type { PpvApi } from '../electron/contract';
import { localise } from '../electron/contract/errors';
import { en, ms, type MessageKey } from '../renderer/i18n/messages';
import { startConsoleStation, type ConsoleStation } from './console-station';
import { fitsWindow } from './desk-keys';
import {
  checkScreen,
  openInLanguage,
  ppvWithStaff,
  printedPages,
  registrationOf,
  signInOnScreen,
  type Person,
} from './screens';

test.use({ viewport: { width: 1366, height: 768 } });

const SECRET = 'kata-laluan-2026';
const SCREENS = path.resolve(import.meta.dirname, '..', 'test-results', 'screens');
/** Synthetic people: they pass the identity checks and belong to nobody. */
const PEOPLE: readonly Person[] = [
  ['900514145001', 'Ahmad bin Ujian', '1990-05-14', 'M'],
  ['850220105002', 'Siti binti Ujian', '1985-02-20', 'F'],
];
/** A4's width in PDF points. */
const A4_WIDTH_PT = (210 / 25.4) * 72;

let station: ConsoleStation;
test.beforeEach(async () => {
  station = await startConsoleStation();
});
test.afterEach(async () => station.close());

/**
 * A day played through the page's own connection: Ahmad vaccinated from a delivered lot, Siti gone
 * home before her turn (her reason naming her), the vial reconciled with five doses wasted, the day
 * sealed, and the next day opened. Returns the sealed day's id and the open one's.
 */
async function sealedDay(page: Page): Promise<{ sealed: string; open: string }> {
  return page.evaluate(
    async ({ secret, people }) => {
      const ppv = (globalThis as unknown as { ppv: PpvApi }).ppv;
      const must = async <T>(result: Promise<{ ok: true; value: T } | { ok: false }>) => {
        const settled = await result;
        if (!settled.ok) throw new Error(`refused: ${JSON.stringify(settled)}`);
        return settled.value;
      };
      const now = async () => (await must(ppv.invoke('clock.status', {}))).correctedNow;
      await must(ppv.invoke('auth.signIn', { staffId: 'MGR01', secret }));
      const day = await must(ppv.invoke('day.current', {}));
      await must(
        ppv.invoke('lot.deliver', { gtin: '00200000000011', lot: 'FN1234', expiry: '2030-12-31' }),
      );
      await must(ppv.invoke('auth.signOut', {}));

      await must(ppv.invoke('auth.signIn', { staffId: 'CLERK01', secret }));
      const registered = [];
      for (const person of people) {
        registered.push(await must(ppv.invoke('recipient.register', person)));
      }
      await must(ppv.invoke('auth.signOut', {}));

      await must(ppv.invoke('auth.signIn', { staffId: 'VAX01', secret }));
      const [ahmad, siti] = registered;
      if (!ahmad || !siti || !day) throw new Error('nothing to play');
      await must(
        ppv.invoke('presence.scan', {
          method: 'SLIP_QR',
          scanned: `PPVSLIP1:${ahmad.registration.slipToken}`,
        }),
      );
      const vial = await must(
        ppv.invoke('vial.open', {
          gtin: '00200000000011',
          lot: 'FN1234',
          expiry: '2030-12-31',
          serial: null,
          lotConfirmed: false,
        }),
      );
      const dose = await must(
        ppv.invoke('dose.record', {
          registrationId: ahmad.registration.registrationId,
          vialId: vial.vialId,
          administeredAt: await now(),
          site: 'L_DELTOID',
        }),
      );
      await must(
        ppv.invoke('observation.release', { doseId: dose.doseId, adverseEventNote: null }),
      );
      await must(ppv.invoke('auth.signOut', {}));

      await must(ppv.invoke('auth.signIn', { staffId: 'MGR01', secret }));
      await must(
        ppv.invoke('registration.setOutcome', {
          registrationId: siti.registration.registrationId,
          outcome: 'left',
          reason: 'Siti binti Ujian pulang',
        }),
      );
      await must(ppv.invoke('vial.reconcile', { vialId: vial.vialId, dosesWasted: 5 }));
      await must(ppv.invoke('day.close', {}));
      const next = await must(
        ppv.invoke('day.open', { channel: 'walk-in', confirmedTime: await now() }),
      );
      await must(ppv.invoke('auth.signOut', {}));
      return { sealed: day.dayId, open: next.dayId };
    },
    { secret: SECRET, people: PEOPLE.map(registrationOf) },
  );
}

for (const language of ['ms', 'en'] as const) {
  const table = language === 'ms' ? ms : en;
  const t = (key: MessageKey, params: Record<string, string | number> = {}) =>
    table[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );

  test(`${language}: a sealed day's report, counts only, prints on one A4 page`, async ({
    page,
  }) => {
    await openInLanguage(page, station.url, language);
    await ppvWithStaff(
      page,
      [
        { staffId: 'CLERK01', fullName: 'Kerani Ujian', roles: ['clerk'] },
        { staffId: 'VAX01', fullName: 'Vaksinator Ujian', roles: ['vaccinator'] },
        { staffId: 'MGR01', fullName: 'Pengurus Ujian', roles: ['manager'] },
      ],
      { secret: SECRET, openDay: true },
    );
    const days = await sealedDay(page);
    await page.reload();
    await signInOnScreen(page, language, 'MGR01', SECRET);
    const closeOutTab = page.getByRole('tab', { name: t('manager.tabs.close-out') });
    await expect(closeOutTab).toBeVisible();

    // The open day has no report: refused in words, whichever way it is asked for.
    const openRefusal = await page.evaluate(async (dayId) => {
      const ppv = (globalThis as unknown as { ppv: PpvApi }).ppv;
      return ppv.invoke('day.report', { dayId });
    }, days.open);
    expect(openRefusal).toMatchObject({
      ok: false,
      error: { code: 'DAY_NOT_SEALED' },
    });
    const sessionDate = await page.evaluate(async () => {
      const ppv = (globalThis as unknown as { ppv: PpvApi }).ppv;
      const day = await ppv.invoke('day.current', {});
      return day.ok ? (day.value?.sessionDate ?? '') : '';
    });
    expect(!openRefusal.ok && openRefusal.error.message[language]).toBe(
      localise('DAY_NOT_SEALED', { sessionDate })[language],
    );

    await closeOutTab.click();
    const picker = page.getByLabel(t('manager.report.day'), { exact: true });
    await expect(picker).toHaveValue(days.sealed);
    await page.getByRole('button', { name: t('manager.report.show') }).click();

    const dialog = page.getByRole('dialog');
    const [year, month, date] = sessionDate.split('-');
    await expect(
      dialog.getByRole('heading', {
        name: t('manager.report.heading', { date: `${date}/${month}/${year}` }),
      }),
    ).toBeVisible();
    await expect(dialog.getByRole('table', { name: t('manager.report.dosesTitle') })).toContainText(
      'Comirnaty',
    );
    const wastage = dialog.getByRole('table', { name: t('manager.report.wastageTitle') });
    await expect(wastage.getByRole('row').nth(1).getByRole('cell')).toHaveText([
      'COMIRNATY',
      'FN1234',
      '1',
      '1',
      '5',
    ]);
    for (const [docNumber, fullName] of PEOPLE) {
      await expect(dialog).not.toContainText(fullName);
      await expect(dialog).not.toContainText(docNumber.slice(-4));
    }
    await expect(dialog).not.toContainText('pulang');
    await expect(dialog.getByRole('button', { name: t('manager.report.print') })).toBeFocused();
    const fit = await fitsWindow(page);
    expect(fit.scrollHeight).toBeLessThanOrEqual(fit.innerHeight);
    await checkScreen(page, `daily-report-${language}-1-dialog`);

    // The print dialog itself is the browser's; the page's print CSS is what is checked here.
    await page.evaluate(() => {
      (globalThis as unknown as { print(): void }).print = () => undefined;
    });
    await dialog.getByRole('button', { name: t('manager.report.print') }).click();
    const printed = await printedPages(page);
    expect(printed.pages).toBe(1);
    expect(printed.widthPt).toBeCloseTo(A4_WIDTH_PT, 0);
    await page.emulateMedia({ media: 'print' });
    const paper = page.getByTestId('report-paper');
    await expect(paper).toBeVisible();
    await expect(paper).toContainText('FN1234');
    await expect(page.getByRole('tab')).toHaveCount(0);
    await page.screenshot({
      path: path.join(SCREENS, `daily-report-${language}-2-paper.png`),
      fullPage: true,
    });
    await page.emulateMedia({ media: null });

    await dialog.getByRole('button', { name: t('manager.report.close') }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('report-paper')).toHaveCount(0);
  });
}
