/**
 * The status bar when MyVAS's audit anchors disagree with the station's log, in Chromium through the
 * station server: "not yet confirmed" before MyVAS is reached, then the conflict in words, in Malay
 * and in English, pushed to the open page. MyVAS's side is a stand-in on loopback that holds another
 * head at every entry (the reference MyVAS's own answer is tested in scripts/myvas/anchors.test.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startConsoleStation, type ConsoleStation } from './console-station';
import { checkScreen, invokeInPage, ppvWithStaff, signInOnScreen } from './screens';

let station: ConsoleStation;
let myvas: Server;
let myvasUrl: string;
test.beforeEach(async () => {
  station = await startConsoleStation();
  myvas = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const serverTime = new Date().toISOString();
      const conflict = request.method === 'POST' && request.url === '/v1/anchors';
      response.writeHead(conflict ? 409 : 200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          conflict
            ? { serverTime, code: 'ANCHOR_CONFLICT', head: 'f'.repeat(64) }
            : { serverTime, anchors: [] },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => myvas.listen(0, '127.0.0.1', resolve));
  myvasUrl = `http://127.0.0.1:${(myvas.address() as AddressInfo).port}`;
});
test.afterEach(async () => {
  await station.close();
  myvas.closeAllConnections();
  await new Promise((resolve) => myvas.close(resolve));
});

const ADMIN = { staffId: 'ADM01', secret: 'rahsia-pentadbir-2026' };

async function signIn(page: Page): Promise<void> {
  await signInOnScreen(page, 'ms', ADMIN.staffId, ADMIN.secret);
  await expect(page.getByRole('heading', { name: 'Pengguna staf' })).toBeVisible();
}

test('the status bar says in words that MyVAS disagrees with the audit log', async ({ page }) => {
  await page.goto(station.url);
  await expect(page.getByRole('heading', { name: 'Sediakan PPV ini' })).toBeVisible();
  // A manager beside the admin: the MyVAS address and token change only with their approval.
  await ppvWithStaff(page, [{ staffId: 'MGR01', fullName: 'Pengurus Ujian', roles: ['manager'] }], {
    secret: ADMIN.secret,
    openDay: false,
  });
  await invokeInPage(page, [
    ['auth.signIn', ADMIN],
    [
      'ppv.updateSettings',
      {
        name: 'PPV Dewan Ujian',
        state: 'W.P. Kuala Lumpur',
        district: 'Kuala Lumpur',
        myvasEndpoint: myvasUrl,
        myvasToken: 'token-ujian-0123456789abcdef',
        idleLockMinutes: 30,
        exportRowLimit: 200,
        retentionDays: 90,
        approval: { staffId: 'MGR01', secret: ADMIN.secret },
      },
    ],
    ['auth.signOut', {}],
  ]);
  await page.reload();
  await signIn(page);
  const audit = page.getByTestId('status-audit');
  await expect(audit).toHaveText('Log audit: belum disahkan MyVAS');

  await station.anchor();
  await expect(audit).toHaveText('Log audit: bercanggah dengan MyVAS — maklumkan pentadbir');
  await expect(audit).toHaveClass('alarm');
  await checkScreen(page, 'status-audit-conflict');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(audit).toHaveText('Audit log: disagrees with MyVAS — tell the admin');
});
