/**
 * The app's first run on a PC, in Chromium, once in Malay and once in English: the window talks to
 * the real first-run logic (electron/main/station-role.ts) as Electron's main process wires it — the
 * station server's socket stands in for the IPC, a 0600 folder for the OS key store. Joining a PPV
 * pairs this PC with a real hub over TLS (on 127.0.0.2, this PC's client from 127.0.0.3): a wrong
 * fingerprint is refused in words, the right one makes the PC a desk, whose name then shows in the
 * status bar and the hub's audit. Starting a new PPV makes the PC the hub, and PPV set-up follows.
 */
import { expect, test, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/open';
import { createConsole } from '../electron/core/app';
import { systemClock } from '../electron/core/shared/clock';
import { silentLogger } from '../electron/core/shared/log';
import { startStation, type Station } from '../electron/main/station-role';
import { createDeskClient, pairWithHub } from '../electron/station/desk-client';
import { fileSecretStore } from '../electron/station/secret-files';
import { startStationServer, type StationServer } from '../electron/station/server';
import { en, ms, type MessageKey } from '../renderer/i18n/messages';
import { startHubStation, type HubStation } from './hub-station';
import { checkScreen, ppvWithStaff } from './screens';

const SECRET = 'kata-laluan-2026';
const THIS_PC = '127.0.0.3';

let hub: HubStation;
let folder: string;
let station: Station;
let window: StationServer;

/** This PC on its first run: the first-run logic behind a window on 127.0.0.1. */
async function startThisPc(): Promise<void> {
  folder = mkdtempSync(path.join(tmpdir(), 'ppv-e2e-first-run-'));
  station = await startStation({
    store: fileSecretStore(path.join(folder, 'key-store')),
    databaseExists: false,
    openHub: async () => {
      const db = openDatabase({ file: path.join(folder, 'ppv.db'), key: randomBytes(32) });
      const app = createConsole({ db, clock: systemClock, stationId: 'e2e-pc', log: silentLogger });
      return { ...app, close: () => app.close() };
    },
    openDesk: async (identity, keep) => {
      const client = createDeskClient({ identity, keep, localAddress: THIS_PC, log: silentLogger });
      return { ...client, close: async () => client.close() };
    },
    pair: (input) => pairWithHub({ ...input, localAddress: THIS_PC }),
    log: silentLogger,
  });
  window = await startStationServer({
    // A write in doubt is the desk client's to settle with its hub, not this window's.
    app: { ...station, settleRequests: async () => [] },
    rendererDir: path.resolve(import.meta.dirname, '..', 'out', 'renderer'),
    stationId: 'e2e-pc',
    log: silentLogger,
  });
}

test.beforeEach(async () => {
  hub = await startHubStation();
  await startThisPc();
});
test.afterEach(async () => {
  await window.close();
  await station.close();
  await hub.close();
  rmSync(folder, { recursive: true, force: true });
});

for (const language of ['ms', 'en'] as const) {
  const t = (key: MessageKey, params: Record<string, string> = {}) =>
    (language === 'ms' ? ms : en)[key].replace(
      /\{(\w+)\}/g,
      (_, name: string) => params[name] ?? '',
    );
  const screen = (name: string) => `first-run-${language}-${name}`;
  const inLanguage = async (page: Page) => {
    if (language === 'en') await page.getByRole('button', { name: 'English' }).click();
  };

  test(`joining a PPV makes this PC a desk of the hub, in ${language === 'ms' ? 'Malay' : 'English'}`, async ({
    page,
  }) => {
    const atHub = await page.context().browser()!.newPage();
    await atHub.goto(hub.url);
    await ppvWithStaff(
      atHub,
      [{ staffId: 'CLERK01', fullName: 'Kerani Ujian', roles: ['clerk'] }],
      {
        secret: SECRET,
        openDay: false,
      },
    );

    await page.goto(window.issuePageUrl());
    await inLanguage(page);
    await expect(page.getByRole('heading', { name: t('firstRun.title') })).toBeVisible();
    await checkScreen(page, screen('1-choice'));
    await page.getByRole('button', { name: t('firstRun.desk') }).click();

    const hubAddress = new URL(hub.desksOrigin).host;
    await page.getByLabel(t('firstRun.join.address')).fill(hubAddress);
    await page.getByLabel(t('firstRun.join.fingerprint')).fill('AB:'.repeat(31) + 'AB');
    await page.getByLabel(t('firstRun.join.code')).fill(hub.pairingCode());
    await page.getByLabel(t('firstRun.join.deskName')).fill('Kaunter 4');
    await page.getByRole('button', { name: t('firstRun.join.submit') }).click();
    // Not the hub the person read the fingerprint from: stopped before the code is sent.
    await expect(page.getByRole('alert').first()).toContainText(
      language === 'ms' ? 'Cap jari sijil hab tidak sepadan' : "The hub's certificate fingerprint",
    );
    await checkScreen(page, screen('2-join-refused'));

    await page.getByLabel(t('firstRun.join.fingerprint')).fill(hub.caFingerprint);
    await page.getByRole('button', { name: t('firstRun.join.submit') }).click();
    await expect(page.getByRole('heading', { name: t('signIn.title') })).toBeVisible();
    expect(station.role()).toBe('desk');
    await page.getByLabel(t('signIn.staffId'), { exact: true }).fill('CLERK01');
    await page.getByLabel(t('signIn.secret')).fill(SECRET);
    await page.getByLabel(t('signIn.secret')).press('Enter');
    await expect(page.getByTestId('status-desk')).toHaveText(
      t('status.desk', { name: 'Kaunter 4' }),
    );
    await checkScreen(page, screen('3-desk-signed-in'));
    expect(hub.auditStations('auth.signIn').at(-1)).toMatch(/^desk:\S+ Kaunter 4\//);
  });

  test(`a new PPV makes this PC the hub, and PPV set-up follows, in ${language === 'ms' ? 'Malay' : 'English'}`, async ({
    page,
  }) => {
    await page.goto(window.issuePageUrl());
    await inLanguage(page);
    await page.getByRole('button', { name: t('firstRun.hub') }).click();
    await expect(page.getByRole('heading', { name: t('setUp.title') })).toBeVisible();
    expect(station.role()).toBe('hub');
  });
}
