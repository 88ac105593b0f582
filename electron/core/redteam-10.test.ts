/**
 * Red team of issue 10, through the dispatcher and a real database: each test asserts the SAFE
 * outcome of an attack a determined insider (clerk, vaccinator, manager) would try.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE, TEST_PIN, type Harness } from './testing/harness';
import {
  arrive,
  cleanRefusal,
  closeDay,
  newRecipient,
  openVial,
  recordDose,
  openedStations,
  refusedCleanly,
  skewClock,
  type RegisterInput,
} from './testing/scenario';
import { dashed, syntheticMyKad } from './testing/synthetic';

const stations = openedStations();
const { create: station, restart } = stations;
const servers: Server[] = [];
afterEach(async () => {
  stations.closeAll();
  for (const server of servers.splice(0)) {
    await new Promise((resolve) => server.close(resolve));
  }
});

function batchCount(h: Harness): number {
  return (h.db.sqlite.prepare('SELECT count(*) AS n FROM batches').get() as { n: number }).n;
}

/** A day whose only visitor left: nothing blocks its close, and no dose bounds its closing time. */
async function dayWithAVisitorWhoLeft(h: Harness): Promise<void> {
  const visitor = arrive(h, 1);
  h.clock.advance(HOUR);
  for (const desk of ['mgr', 'desk', 'vax'])
    await h.okAsync(desk, 'auth.unlock', { secret: TEST_PIN });
  h.ok('mgr', 'registration.setOutcome', {
    registrationId: visitor.registrationId,
    outcome: 'left',
    reason: 'Pulang sebelum suntikan',
  });
}

describe('day.close on a clock that cannot be trusted', () => {
  it('refuses to seal after a restart with the PC clock set back (closedAt before openedAt)', async () => {
    const h = await station();
    await dayWithAVisitorWhoLeft(h);
    const openedAt = h.ok('mgr', 'day.current', {})!.openedAt;
    const again = await restart(h, openedAt - 2 * HOUR);
    expect(again.ok('mgr', 'clock.status', {}).stopReason).toBe('behind-records');
    expect(refusedCleanly(again, 'mgr', 'day.close', {})).toBe('CLOCK_BEHIND_RECORDS');
    expect(batchCount(again)).toBe(0);
  });

  it.each([
    ['forward', 3 * HOUR, 'CLOCK_JUMPED'],
    ['back', -3 * HOUR, 'CLOCK_BEHIND_RECORDS'],
  ])('refuses to seal while the PC clock was set %s during the run', async (_way, jump, code) => {
    const h = await station();
    await dayWithAVisitorWhoLeft(h);
    h.clock.setWallClock(h.clock.now() + jump);
    for (const desk of ['mgr', 'desk', 'vax'])
      await h.callAsync(desk, 'auth.unlock', { secret: TEST_PIN });
    expect(refusedCleanly(h, 'mgr', 'day.close', {})).toBe(code);
    expect(batchCount(h)).toBe(0);
  });
});

describe('day.close after MyVAS measures a PC clock that ran ahead', () => {
  it('refuses cleanly (never INTERNAL) when corrected time is before the day opened', async () => {
    const h = await station();
    await dayWithAVisitorWhoLeft(h);
    // The day opened an hour ago on the PC's clock, confirmed by the manager; MyVAS, reached now,
    // says the PC runs 65 minutes ahead: corrected time is 5 minutes before the day opened.
    skewClock(h, -(HOUR + 5 * MINUTE), 'myvas');
    expect(refusedCleanly(h, 'mgr', 'day.close', {})).toBe('DAY_CLOSE_TOO_EARLY');
    expect(batchCount(h)).toBe(0);
  });
});

describe('the set-back guard poisoned by a time from the future', () => {
  it('lets the station record again after a manager confirms, when a stranger’s failed sign-in was dated a year ahead', async () => {
    const h = await station();
    const visitor = arrive(h, 1);
    const vial = openVial(h);
    const real = h.clock.now();
    h.clock.setWallClock(real + 365 * 86_400_000);
    expect(
      await h.refusedAsync('stranger', 'auth.signIn', { staffId: 'VAX01', secret: '000000' }),
    ).toBe('SIGN_IN_FAILED');
    h.clock.setWallClock(real);
    // Nobody signed in did anything; the manager confirms the (right) time shown.
    expect(h.call('mgr', 'clock.confirm', { confirmedTime: h.app.clock.now().at }).ok).toBe(true);
    expect(recordDose(h, visitor, vial.vialId).doseNumber).toBe(1);
  });
});

/** A process on the desk PC answering `GET /v1/time` with whatever the PC's clock says. */
async function timeServerOnLoopback(h: Harness): Promise<string> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify({ serverTime: new Date(h.clock.now()).toISOString() }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('a "MyVAS" on loopback that tells the time the PC shows', () => {
  it('cannot reopen yesterday after its day was sealed, to backdate a dose into it', async () => {
    const h = await station();
    const monday = arrive(h, 1);
    recordDose(h, monday, openVial(h).vialId);
    closeDay(h);

    // Tuesday 09:00: the admin points the console at a time server of their own...
    h.clock.advance(25 * HOUR);
    for (const desk of ['mgr', 'desk', 'vax', 'admin'])
      await h.callAsync(desk, 'auth.unlock', { secret: TEST_PIN });
    const current = h.ok('admin', 'ppv.settings', {});
    await h.okAsync('admin', 'ppv.updateSettings', {
      approval: { staffId: 'MGR01', secret: TEST_PIN },
      name: current.name,
      state: current.state,
      district: current.district,
      myvasEndpoint: await timeServerOnLoopback(h),
      myvasToken: 'a-development-token',
      idleLockMinutes: current.idleLockMinutes,
      exportRowLimit: current.exportRowLimit,
      retentionDays: current.retentionDays,
    });
    // ...and the PC clock is put back to Monday 10:00: the "measured" time agrees with it.
    h.clock.setWallClock(h.clock.now() - 23 * HOUR);
    for (const desk of ['mgr', 'desk', 'vax'])
      await h.callAsync(desk, 'auth.unlock', { secret: TEST_PIN });
    const opening = await h.app.dispatch(
      'day.open',
      { channel: 'walk-in', confirmedTime: null },
      { connectionId: 'mgr', stationId: 'test-station' },
    );
    // On main the day opens as "measured", dated Monday: every dose recorded in it is backdated
    // into a day already sealed, and real MyVAS later takes them (under 72 hours, not even late).
    expect(opening.ok).toBe(false);
  });
});

describe('names a clerk types to slip past the duplicate check', () => {
  // Invisible characters Unicode files as letters or marks (Default_Ignorable_Code_Point):
  // Hangul fillers, the combining grapheme joiner, variation selectors, Mongolian free variation
  // selectors. SPEC.md: names with invisible characters are refused in words.
  it.each([
    ['HANGUL FILLER', '\u3164'],
    ['HANGUL CHOSEONG FILLER', '\u115F'],
    ['HALFWIDTH HANGUL FILLER', '\uFFA0'],
    ['COMBINING GRAPHEME JOINER', '\u034F'],
    ['VARIATION SELECTOR-16', '\uFE0F'],
    ['MONGOLIAN FREE VARIATION SELECTOR ONE', '\u180B'],
    ['VARIATION SELECTOR-17', '\u{E0100}'],
  ])('refuses a name holding %s', async (_name, invisible) => {
    const h = await station();
    const error = cleanRefusal(
      h,
      'desk',
      'recipient.register',
      newRecipient({ fullName: `Siti Ami${invisible}nah binti Ujian` }),
    );
    expect(error.code).toBe('RECIPIENT_NAME_CHARACTER');
  });

  function secondHolder(fullName: string, sex: 'M' | 'F'): RegisterInput {
    return newRecipient({
      fullName,
      sex,
      document: { docType: 'PASSPORT', docNumber: 'K7654321', docCountry: 'IND' },
      nationality: 'IND',
    });
  }

  it.each([
    ['Raj a/l Kumar', 'Raj anak lelaki Kumar', 'M'],
    ['Devi a/p Kumar', 'Devi anak perempuan Kumar', 'F'],
  ] as const)('finds %s and %s as one person', async (first, second, sex) => {
    const h = await station();
    h.ok(
      'desk',
      'recipient.register',
      newRecipient({
        fullName: first,
        sex,
        document: {
          docType: 'MYKAD',
          docNumber: dashed(syntheticMyKad({ birthDate: '1990-01-01', sex })),
          docCountry: null,
        },
      }),
    );
    expect(refusedCleanly(h, 'desk', 'recipient.register', secondHolder(second, sex))).toBe(
      'POSSIBLE_DUPLICATE',
    );
  });
});
