/**
 * A PPV day with the hub and three paired desks, in Chromium, once in Malay and once in English: the
 * admin sets up the PPV at the hub; three browsers pair with the hub over its own TLS (Chromium trusts
 * only the hub's authority, by its key) as the registration counter, a vaccinator's table and the
 * manager's office; the clerk registers a walk-in, the vaccinator confirms presence and records
 * dose 1, the manager sees the day at their desk; each desk's name is in the audit. Then the manager's
 * desk is revoked and gets nothing, as a browser that never paired gets nothing.
 */
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { startHubStation, type HubStation } from './hub-station';
import { checkScreen, DAY_STAFF, ppvWithStaff, signInOnScreen, wordsIn } from './screens';

/** Synthetic: born 14 May 1990, Selangor (14), male (odd last digit). */
const AHMAD = { mykad: '900514145001', shown: '900514-14-5001', name: 'Ahmad bin Ujian' };
/** Comirnaty's synthetic GTIN, expiry 31 December 2030, lot LOT-HARI-1. */
const VIAL = '0100200000000011' + '17301231' + '10LOT-HARI-1';
const SECRET = 'kata-laluan-2026';
const refusedText = /This station is not paired with this hub/;

let hub: HubStation;
let browser: Browser;
test.beforeEach(async () => {
  hub = await startHubStation();
  browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', `--ignore-certificate-errors-spki-list=${hub.caSpkiHash}`],
  });
});
test.afterEach(async () => {
  await browser.close();
  await hub.close();
});

for (const language of ['ms', 'en'] as const) {
  const t = wordsIn(language);
  const screen = (name: string) => `hub-${language}-${name}`;

  /** A browser of its own paired with the hub as `deskName`, signed in as `staffId`. */
  async function pairedDesk(
    deskName: string,
    staffId: string,
    options: { code?: string; shot?: string } = {},
  ): Promise<Page> {
    const { code = hub.pairingCode(), shot } = options;
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${hub.desksOrigin}/pair?code=${code}`);
    await page.getByLabel(/Nama meja/).fill(deskName);
    if (shot) await checkScreen(page, screen(shot));
    await page.getByRole('button', { name: /Pasangkan/ }).click();
    if (language === 'en') await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { name: t('signIn.title') })).toBeVisible();
    await signInOnScreen(page, language, staffId, SECRET);
    return page;
  }

  test(`a day at the hub and three paired desks, in ${language === 'ms' ? 'Malay' : 'English'}`, async () => {
    test.setTimeout(120_000);

    // --- at the hub: the PPV, its staff and the day ------------------------------------------------
    const atHub = await (await browser.newContext()).newPage();
    await atHub.goto(hub.url);
    await ppvWithStaff(atHub, DAY_STAFF, { secret: SECRET, openDay: true });

    // --- the manager at the hub gives the first pairing code, with its QR ---------------------------
    await atHub.reload();
    if (language === 'en') await atHub.getByRole('button', { name: 'English' }).click();
    await signInOnScreen(atHub, language, 'MGR01', SECRET);
    await atHub.getByRole('tab', { name: t('manager.tabs.ppv') }).click();
    await expect(atHub.getByText(t('manager.desks.none'))).toBeVisible();
    await atHub.getByRole('button', { name: t('manager.desks.issue') }).click();
    const codeShown = atHub.getByTestId('manager-pairing-code');
    await expect(codeShown).toHaveText(/^\w{4}-\w{4}$/);
    await expect(atHub.getByRole('img', { name: /\w{4}-\w{4}/ })).toBeVisible();
    await checkScreen(atHub, screen('0-hub-pairing-code'));
    const firstCode = (await codeShown.textContent()) ?? '';

    // --- a browser that never paired gets nothing ---------------------------------------------------
    const stranger = await (await browser.newContext()).newPage();
    await stranger.goto(hub.desksOrigin);
    await expect(stranger.getByText(refusedText)).toBeVisible();

    // --- the registration counter: a walk-in by typed MyKad number ----------------------------------
    const clerk = await pairedDesk('Kaunter 1', 'CLERK01', {
      code: firstCode,
      shot: '1-pairing-form',
    });
    await expect(clerk.getByText(t('desk.queue.empty'))).toBeVisible();
    await expect(clerk.getByTestId('status-desk')).toHaveText(
      t('status.desk', { name: 'Kaunter 1' }),
    );
    const documentField = clerk.getByLabel(t('desk.find.docNumber'));
    await documentField.fill(AHMAD.mykad);
    await documentField.press('Enter');
    await clerk.getByLabel(t('desk.new.fullName')).fill(AHMAD.name);
    await clerk.getByLabel(t('desk.new.postcode')).fill('43000');
    await clerk.getByLabel(t('desk.new.state')).fill('Selangor');
    await clerk.getByLabel(t('desk.visit.phone')).fill('+60123456789');
    await clerk.getByRole('button', { name: t('desk.new.submit') }).click();
    await expect(clerk.getByText(t('desk.registered', { name: AHMAD.name }))).toBeVisible();
    await checkScreen(clerk, screen('2-registered-at-counter'));

    // --- the vaccinator's table: presence, a vial, dose 1 -------------------------------------------
    const vaccinator = await pairedDesk('Meja vaksin 2', 'VAX01');
    await vaccinator.getByRole('button', { name: new RegExp(`^${AHMAD.name} · `) }).click();
    const scanField = vaccinator.getByLabel(t('vaccinator.scan.label'));
    // No card reader at this desk: the number typed is no card read, so it asks why.
    await scanField.fill(AHMAD.mykad);
    await scanField.press('Enter');
    await vaccinator
      .getByLabel(t('vaccinator.presence.reason'))
      .fill('Tiada pembaca kad di meja ini');
    await vaccinator.getByLabel(t('vaccinator.presence.reason')).press('Enter');
    await expect(
      vaccinator.getByText(t('vaccinator.presence.confirmedFor', { name: AHMAD.name })),
    ).toBeVisible();
    await scanField.fill(VIAL);
    await scanField.press('Enter');
    // No lot was recorded as delivered here: the lot shown is confirmed against the label.
    await vaccinator
      .getByRole('alertdialog')
      .getByRole('button', { name: t('vaccinator.lot.confirm', { lot: 'LOT-HARI-1' }) })
      .click();
    await expect(
      vaccinator.getByText(
        t('vaccinator.vial.opened', {
          product: 'Comirnaty',
          lot: 'LOT-HARI-1',
          expiry: '31/12/2030',
        }),
      ),
    ).toBeVisible();
    await vaccinator
      .getByLabel(t('vaccinator.dose.site'))
      .selectOption({ label: t('vaccinator.site.L_DELTOID') });
    await vaccinator.getByRole('button', { name: t('vaccinator.dose.submit') }).click();
    await expect(
      vaccinator.getByRole('heading', { name: t('vaccinator.queue.title', { count: 0 }) }),
    ).toBeVisible();
    await checkScreen(vaccinator, screen('3-dose-at-table'));

    // --- the manager's office: the day, and the dose in observation ---------------------------------
    const manager = await pairedDesk('Meja pengurus', 'MGR01');
    await expect(manager.getByTestId('status-day')).toHaveText(/\d{2}\/\d{2}\/\d{4}/);
    await expect(manager.getByTestId('status-desk')).toHaveText(
      t('status.desk', { name: 'Meja pengurus' }),
    );
    await manager.getByRole('tab', { name: t('manager.tabs.close-out') }).click();
    await expect(
      manager.getByText(
        t('manager.blocker.in-observation', { label: `${AHMAD.name} (********5001)` }),
      ),
    ).toBeVisible();
    await checkScreen(manager, screen('4-manager-office'));

    // Each desk's own name is on what was done there.
    expect(hub.auditStations('recipient.register')).toEqual([
      expect.stringMatching(/^desk:\S+ Kaunter 1\//),
    ]);
    expect(hub.auditStations('dose.record')).toEqual([
      expect.stringMatching(/^desk:\S+ Meja vaksin 2\//),
    ]);

    // --- the manager's desk is revoked at the hub: cut off, and nothing more ------------------------
    const desksAtHub = atHub.getByTestId('manager-desk');
    await expect(desksAtHub).toHaveCount(3);
    await expect(desksAtHub.filter({ hasText: 'Meja pengurus' })).toContainText(
      t('manager.desks.connected'),
    );
    await atHub
      .getByLabel(t('manager.desks.reason', { name: 'Meja pengurus' }))
      .fill('Komputer dipindahkan');
    await atHub
      .getByRole('button', { name: t('manager.desks.revoke', { name: 'Meja pengurus' }) })
      .click();
    await expect(desksAtHub.filter({ hasText: 'Meja pengurus' })).toContainText(
      t('manager.desks.revoked', { time: '' }).trim(),
    );
    await checkScreen(atHub, screen('6-hub-desks'));
    await manager.reload();
    await expect(manager.getByText(refusedText)).toBeVisible();
    await checkScreen(manager, screen('5-revoked'));
  });
}
