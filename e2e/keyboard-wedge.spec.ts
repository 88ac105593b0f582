/**
 * A keyboard-wedge scanner types like a very fast keyboard. The same vial code typed at scanner
 * speed is taken as a scan (and classified by the console), and at a person's speed as typing.
 * `window.ppv` stands in for the Electron bridge (the runtime cannot run here) and records calls.
 */
import { expect, test } from '@playwright/test';
import path from 'node:path';
import { serveFolder } from './static-server';

const VIAL = '0109506000134352172712311' + '0AB-123';

let site: Awaited<ReturnType<typeof serveFolder>>;
test.beforeAll(async () => {
  site = await serveFolder(path.resolve(import.meta.dirname, '..', 'out', 'renderer'));
});
test.afterAll(async () => site.close());

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const calls: Array<{ channel: string; input: unknown }> = [];
    Object.assign(globalThis, {
      ppvCalls: calls,
      ppv: {
        invoke: (channel: string, input: { text?: string }) => {
          calls.push({ channel, input });
          return Promise.resolve({
            ok: true,
            value: {
              kind: 'vial',
              gtin: '09506000134352',
              expiry: '2027-12-31',
              lot: 'AB-123',
              serial: null,
            },
          });
        },
        on: () => () => undefined,
      },
    });
  });
  await page.goto(site.url);
});

const calls = (page: import('@playwright/test').Page) =>
  page.evaluate(() => (globalThis as unknown as { ppvCalls: unknown[] }).ppvCalls);

test('a vial code typed at scanner speed is a scan, classified by the console', async ({
  page,
}) => {
  const field = page.getByLabel('Imbas kod, atau taip dan tekan Enter');
  await field.focus();
  await page.keyboard.type(VIAL, { delay: 4 });
  await page.keyboard.press('Enter');

  await expect(page.getByTestId('scan-outcome')).toHaveText('Imbasan: vial');
  await expect(field).toHaveValue('');
  expect(await calls(page)).toEqual([{ channel: 'scan.classify', input: { text: VIAL } }]);
});

test('the same code typed at a person’s speed is typing, left in the field', async ({ page }) => {
  const field = page.getByLabel('Imbas kod, atau taip dan tekan Enter');
  await field.focus();
  await page.keyboard.type(VIAL, { delay: 90 });
  await page.keyboard.press('Enter');

  await expect(page.getByTestId('scan-outcome')).toHaveText(`Ditaip: ${VIAL}`);
  await expect(field).toHaveValue(VIAL);
  expect(await calls(page)).toEqual([]);
});
