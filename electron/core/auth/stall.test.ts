/**
 * The one timing-shaped test (issue 11): sign-ins at the production scrypt cost must not stall the
 * thread that serves every desk. Each hash takes a second or so of CPU here; done on the event loop,
 * it would hold every other call that long. The bounds are generous: the goal is 20 ms, and
 * `npm run bench` reports the measured stall.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../../db/open';
import { createConsole, type ConsoleApp } from '../app';
import { manualClock } from '../shared/clock';
import { silentLogger } from '../shared/log';
import { MONDAY_8AM, TEST_KEY, TEST_PIN } from '../testing/harness';
import { productionHashCost } from './secrets';

/**
 * A shared test machine stalls an idle event loop by tens of milliseconds now and then; one hash on
 * the loop at this cost stalls it for 300 ms to over a second. The bounds sit between the two.
 */
const GENEROUS_BOUND_MS = 250;
const TYPICAL_BOUND_MS = 100;
const SIGN_INS = 6;

let dir: string;
let app: ConsoleApp;
const desk = (connectionId: string) => ({ connectionId, stationId: 'stall-test' });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ppv-stall-'));
  const db = openDatabase({ file: path.join(dir, 'ppv.db'), key: TEST_KEY });
  app = createConsole({
    db,
    clock: manualClock(MONDAY_8AM),
    stationId: 'stall-test',
    hashCost: productionHashCost,
    log: silentLogger,
  });
  await app.dispatch(
    'ppv.setUp',
    {
      ppvCode: 'PPV-WPKL-0001',
      name: 'PPV Ujian',
      state: 'W.P. Kuala Lumpur',
      district: 'Kepong',
      admin: { staffId: 'ADMIN01', fullName: 'Pentadbir Ujian', secret: TEST_PIN },
    },
    desk('admin'),
  );
  await app.dispatch('auth.signIn', { staffId: 'ADMIN01', secret: TEST_PIN }, desk('admin'));
}, 120_000);

afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

it('signs six desks in at the production cost without stalling any other call', async () => {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let probing = true;
  let probes = 0;
  let slowestCall = 0;
  const probe = (async () => {
    while (probing) {
      const started = performance.now();
      const result = await app.dispatch('catalogue.products', {}, desk('admin'));
      expect(result.ok).toBe(true);
      slowestCall = Math.max(slowestCall, performance.now() - started);
      probes += 1;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  delay.enable();
  const signIns = Array.from({ length: SIGN_INS }, (_, index) =>
    app.dispatch(
      'auth.signIn',
      { staffId: 'ADMIN01', secret: index % 2 === 0 ? TEST_PIN : '000000' },
      desk(`desk-${index}`),
    ),
  );
  const results = await Promise.all(signIns);
  delay.disable();
  probing = false;
  await probe;

  expect(results.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual(
    Array.from({ length: SIGN_INS }, (_, index) => (index % 2 === 0 ? 'ok' : 'SIGN_IN_FAILED')),
  );
  // The other desk was served all along, not once at the end.
  expect(probes).toBeGreaterThan(50);
  const maxStallMs = delay.max / 1e6;
  expect(delay.percentile(99) / 1e6).toBeLessThan(TYPICAL_BOUND_MS);
  expect(maxStallMs).toBeLessThan(GENEROUS_BOUND_MS);
  expect(slowestCall).toBeLessThan(GENEROUS_BOUND_MS);
}, 120_000);
