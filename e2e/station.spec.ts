/**
 * Browser mode in Chromium: the real renderer build served by the station server over a real
 * database, with window.ppv being the page's own station bridge (no stand-in), and the page's key
 * handed over by a one-time link.
 */
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import type { DispatchResult } from '../electron/contract';
import { silentLogger } from '../electron/core/shared/log';
import { createHarness, type Harness } from '../electron/core/testing/harness';
import { classifyScan } from '../electron/devices/scan/classify';
import { startStationServer, type StationServer } from '../electron/station/server';

let harness: Harness;
let station: StationServer;

test.beforeAll(async () => {
  harness = createHarness({ classifyScan: (text) => classifyScan(text, { today: '2026-03-02' }) });
  harness.setUpPpv();
  station = await startStationServer({
    app: harness.app,
    rendererDir: path.resolve(import.meta.dirname, '..', 'out', 'renderer'),
    stationId: 'e2e-station',
    log: silentLogger,
  });
});
test.afterAll(async () => {
  await station.close();
  harness.close();
});

const invoke = (page: Page, channel: string, input: unknown) =>
  page.evaluate(
    ([channel, input]) =>
      (
        globalThis as unknown as {
          ppv: { invoke(c: string, i: unknown): Promise<DispatchResult<unknown>> };
        }
      ).ppv.invoke(channel, input),
    [channel, input] as const,
  );

/** Every address the tab's history holds, as Chromium keeps it. */
async function history(page: Page): Promise<string[]> {
  const devtools = await page.context().newCDPSession(page);
  const { entries } = (await devtools.send('Page.getNavigationHistory')) as {
    entries: Array<{ url: string }>;
  };
  return entries.map((entry) => entry.url);
}

test('the page trades its one-time link for a cookie it cannot read, and talks to the console', async ({
  page,
  context,
}) => {
  const link = station.issuePageUrl();
  await page.goto(link);
  expect(page.url()).toBe(`${station.origin}/`);
  expect(await invoke(page, 'ppv.status', {})).toMatchObject({ ok: true, value: { setUp: true } });

  const [cookie] = await context.cookies();
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
  const key = cookie?.value ?? '';
  expect(key).toMatch(/^[\w-]{43}$/);
  // What the page's own script can see: no cookie, and nothing stored.
  const seenByScript = await page.evaluate(() => {
    const page = globalThis as unknown as {
      document: { cookie: string };
      sessionStorage: Record<string, string>;
      localStorage: Record<string, string>;
    };
    return JSON.stringify([
      page.document.cookie,
      { ...page.sessionStorage },
      { ...page.localStorage },
    ]);
  });
  expect(seenByScript).not.toContain(key);
  expect(JSON.parse(seenByScript)[0]).toBe('');
  expect(link).not.toContain(key);

  await page.reload();
  expect(await invoke(page, 'ppv.status', {})).toMatchObject({ ok: true });
  const visited = await history(page);
  // The tab opened on about:blank; then the console's address, only ever without its code.
  expect(visited.filter((address) => address !== 'about:blank')).toEqual([`${station.origin}/`]);
});

test('a link opens the console once: a second browser with it gets a refusal and no key', async ({
  browser,
}) => {
  const link = station.issuePageUrl();
  const first = await (await browser.newContext()).newPage();
  await first.goto(link);
  expect(await invoke(first, 'ppv.status', {})).toMatchObject({ ok: true });

  const second = await (await browser.newContext()).newPage();
  const refused = await second.goto(link);
  expect(refused?.status()).toBe(403);
  await expect(second.getByText('This link has already been used or has expired')).toBeVisible();
  await expect(
    second.getByText('Pautan ini telah digunakan atau telah tamat tempoh'),
  ).toBeVisible();
  expect(await second.context().cookies()).toEqual([]);
});

test('a page opened without a link gets STATION_DISCONNECTED', async ({ page }) => {
  await page.goto(`${station.origin}/`);
  expect(await invoke(page, 'ppv.status', {})).toMatchObject({
    ok: false,
    error: { code: 'STATION_DISCONNECTED' },
  });
});
