/**
 * Sign-ins at the production scrypt cost must not stall the thread that serves every desk (issue 11).
 * Each hash takes a second or so of CPU here; done on the event loop, it would hold every other call
 * that long. The test asserts the order of things, not their timing: a call made after six sign-ins
 * started is answered before any of them, and other calls keep being answered while they run.
 * `npm run bench` measures the event loop's stall itself.
 */
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

it('signs six desks in at the production cost while every other call is answered', async () => {
  let probing = true;
  let probes = 0;
  const probe = (async () => {
    while (probing) {
      const result = await app.dispatch('catalogue.products', {}, desk('admin'));
      expect(result.ok).toBe(true);
      probes += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  const signIns = Array.from({ length: SIGN_INS }, (_, index) =>
    app.dispatch(
      'auth.signIn',
      { staffId: 'ADMIN01', secret: index % 2 === 0 ? TEST_PIN : '000000' },
      desk(`desk-${index}`),
    ),
  );
  // Asked after all six began hashing, another desk's call is answered before any of them.
  const first = await Promise.race([
    Promise.race(signIns).then(() => 'a sign-in'),
    app.dispatch('catalogue.products', {}, desk('other')).then(() => 'the other desk'),
  ]);
  expect(first).toBe('the other desk');
  const probesWhenFirstAnswered = probes;
  const results = await Promise.all(signIns);
  probing = false;
  await probe;

  expect(results.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual(
    Array.from({ length: SIGN_INS }, (_, index) => (index % 2 === 0 ? 'ok' : 'SIGN_IN_FAILED')),
  );
  // The admin's desk was served all along, not once at the end.
  expect(probes).toBeGreaterThan(probesWhenFirstAnswered);
}, 120_000);
