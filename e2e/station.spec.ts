/**
 * Browser mode in Chromium: the real renderer build served by the station server over a real
 * database, with window.ppv being the page's own station bridge (no stand-in).
 */
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import type { DispatchResult } from '../electron/contract';
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

test('the page takes the key out of the address bar and talks to the console', async ({ page }) => {
  await page.goto(station.url);
  expect(page.url()).toBe(`${station.origin}/`);
  expect(await invoke(page, 'ppv.status', {})).toMatchObject({ ok: true, value: { setUp: true } });

  await page.reload();
  expect(await invoke(page, 'ppv.status', {})).toMatchObject({ ok: true });
});

test('a page without the right key gets STATION_DISCONNECTED', async ({ page }) => {
  await page.goto(`${station.origin}/?key=not-the-key`);
  expect(await invoke(page, 'ppv.status', {})).toMatchObject({
    ok: false,
    error: { code: 'STATION_DISCONNECTED' },
  });
});
