/**
 * One whole day at a PPV where the clerk, the vaccinator and the manager each try what the national
 * audit found insiders doing — a dose backdated into a day left open, a dose from the future, a clock
 * moved, the same person under another card or a name that only looks different, a day closed early,
 * records after the PPV's closure — through the dispatcher and a real database. At the end, only the
 * honest work is stored, every batch holds only what happened inside its day, and the audit log is
 * intact.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { HOUR, MINUTE, TEST_PIN, type Harness } from './testing/harness';
import {
  advance,
  arrive,
  batchRows,
  cleanRefusal,
  confirm,
  createStation,
  doseInput,
  newRecipient,
  openVial,
  openWalkIn,
  recordDose,
  refusedCleanly,
  skewClock,
} from './testing/scenario';
import { syntheticMyKad } from './testing/synthetic';

let h: Harness;
beforeEach(async () => {
  h = await createStation();
});
afterEach(() => h.close());

const count = (table: string) =>
  h.db.sqlite.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()!.n;

it('an adversarial day: every attempt refused with nothing written, the honest work sealed', async () => {
  skewClock(h, 0, 'myvas');

  // Monday: an honest dose, and a second person left waiting; the manager leaves the day open.
  const monday = h.ok('mgr', 'day.current', {})!;
  const mondayVial = openVial(h);
  const aminah = arrive(h, 1);
  const mondayDose = recordDose(h, aminah, mondayVial.vialId);
  const waiting = arrive(h, 2);
  await advance(h, 15 * HOUR + 50 * MINUTE); // Monday 23:50
  const lastMinutesOfMonday = h.clock.now() + 5 * MINUTE;
  await advance(h, 40 * MINUTE); // Tuesday 00:30

  // Vaccinator: a dose backdated into Monday's day, still open after midnight.
  expect(
    refusedCleanly(
      h,
      'vax',
      'dose.record',
      doseInput(h, waiting, mondayVial.vialId, lastMinutesOfMonday),
    ),
  ).toBe('DAY_NOT_TODAY');
  // Clerk: a late registration into yesterday's day.
  expect(refusedCleanly(h, 'desk', 'recipient.register', newRecipient())).toBe('DAY_NOT_TODAY');
  // The manager can only close it; it seals with Monday's one dose.
  h.ok('mgr', 'registration.setOutcome', {
    registrationId: waiting.registrationId,
    outcome: 'left',
    reason: 'Pulang sebelum dipanggil',
  });
  h.ok('mgr', 'vial.reconcile', { vialId: mondayVial.vialId, dosesWasted: 5 });
  const mondayBatch = h.ok('mgr', 'day.close', {});
  expect(batchRows(h, mondayBatch.batchId).map((row) => row.record_id)).toEqual([
    mondayDose.doseId,
  ]);

  // Tuesday 08:00: the manager opens the day on a measured clock.
  await advance(h, 7 * HOUR + 30 * MINUTE);
  skewClock(h, 0, 'myvas');
  openWalkIn(h);
  const vial = openVial(h);

  // Clerk: the same person under every other JPN card, and under names that only look different.
  const siti = h.ok('desk', 'recipient.register', newRecipient()).recipient;
  const digits = syntheticMyKad({ birthDate: '1990-01-01', sex: 'F' });
  for (const docType of ['MYPR', 'MYKAS', 'BIRTH_CERT'] as const) {
    expect(
      refusedCleanly(
        h,
        'desk',
        'recipient.register',
        newRecipient({ document: { docType, docNumber: digits, docCountry: null } }),
      ),
    ).toBe('RECIPIENT_EXISTS');
  }
  const asPassport = (fullName: string, birthDate = '1990-01-01') =>
    newRecipient({
      document: {
        docType: 'PASSPORT',
        docNumber: `K${fullName.length}0${birthDate.slice(-2)}`,
        docCountry: 'IDN',
      },
      nationality: 'IDN',
      fullName,
      birthDate,
    });
  for (const [fullName, birthDate, code] of [
    ['Siti Aminah b\u200Binti Ujian', '1990-01-01', 'RECIPIENT_NAME_CHARACTER'], // zero-width space
    ['Siti Аminаh binti Ujian', '1990-01-01', 'POSSIBLE_DUPLICATE'], // Cyrillic А and а
    ['Siti Aminah bt. Ujian', '1990-01-02', 'POSSIBLE_DUPLICATE'], // other patronymic, a day apart
    ['SITI AMINAH BINTI UJIAN', '1990-01-01', 'POSSIBLE_DUPLICATE'],
  ] as const) {
    expect(
      refusedCleanly(h, 'desk', 'recipient.register', asPassport(fullName, birthDate)),
      fullName,
    ).toBe(code);
  }
  // A bidi override to reverse how the name shows is refused outright, naming the character.
  const bidi = cleanRefusal(
    h,
    'desk',
    'recipient.register',
    asPassport('Siti \u202EhanimA binti Ujian'),
  );
  expect(bidi.code).toBe('RECIPIENT_NAME_CHARACTER');
  expect(bidi.message.ms).not.toBe(bidi.message.en);
  // A phone as Malaysians type it is taken, stored the one way.
  const ali = h.ok(
    'desk',
    'recipient.register',
    newRecipient({
      document: {
        docType: 'MYKAD',
        docNumber: syntheticMyKad({ birthDate: '1985-07-14', sex: 'M' }),
        docCountry: null,
      },
      fullName: 'Ali bin Ujian',
      birthDate: '1985-07-14',
      sex: 'M',
      phone: '011-2345 6789',
    }),
  );
  confirm(h, {
    registrationId: ali.registration.registrationId,
    docNumber: syntheticMyKad({ birthDate: '1985-07-14', sex: 'M' }),
  });

  // Vaccinator: Siti has not been confirmed present; a dose before presence, then from the future.
  const sitiVisit = h
    .ok('vax', 'queue.list', {})
    .items.find((item) => item.recipientId === siti.recipientId)!;
  expect(refusedCleanly(h, 'vax', 'dose.record', doseInput(h, sitiVisit, vial.vialId))).toBe(
    'PRESENCE_NOT_CONFIRMED',
  );
  const aliVisit = { registrationId: ali.registration.registrationId };
  expect(
    refusedCleanly(
      h,
      'vax',
      'dose.record',
      doseInput(h, aliVisit, vial.vialId, h.clock.now() + 2 * MINUTE + 1_000),
    ),
  ).toBe('DOSE_IN_FUTURE');
  await advance(h, 61 * MINUTE);
  expect(
    refusedCleanly(
      h,
      'vax',
      'dose.record',
      doseInput(h, aliVisit, vial.vialId, h.clock.now() - 61 * MINUTE),
    ),
  ).toBe('DOSE_RECORDED_TOO_LATE');

  // Someone moves the PC clock ahead while the console runs: recording stops until the manager
  // confirms the time shown.
  h.clock.setWallClock(h.clock.now() + 10 * MINUTE);
  expect(refusedCleanly(h, 'vax', 'dose.record', doseInput(h, aliVisit, vial.vialId))).toBe(
    'CLOCK_JUMPED',
  );
  h.clock.setWallClock(h.clock.now() - 10 * MINUTE);
  skewClock(h, 0, 'myvas');
  const aliDose = recordDose(h, aliVisit, vial.vialId);

  // Manager: close the day with a record still ahead of the clock — refused, said from when.
  const early = h
    .ok('vax', 'queue.list', {})
    .items.find((item) => item.recipientId === siti.recipientId)!;
  h.ok('vax', 'registration.setOutcome', {
    registrationId: early.registrationId,
    outcome: 'left',
    reason: 'Tidak hadir',
  });
  h.ok('vax', 'observation.release', { doseId: aliDose.doseId, adverseEventNote: null });
  const ahead = { registrationId: arrive(h, 3).registrationId };
  const aheadDose = recordDose(h, ahead, vial.vialId, h.clock.now() + 100_000);
  h.ok('vax', 'observation.release', { doseId: aheadDose.doseId, adverseEventNote: null });
  h.ok('mgr', 'vial.reconcile', { vialId: vial.vialId, dosesWasted: 0 });
  expect(refusedCleanly(h, 'mgr', 'day.close', {})).toBe('DAY_CLOSE_TOO_EARLY');
  await advance(h, 2 * MINUTE);

  // The manager sets the PPV's closure to today and seals; nothing lands after it.
  h.ok('mgr', 'ppv.setClosureDate', { closureDate: '2026-03-03', reason: 'PPV ditutup' });
  const tuesdayBatch = h.ok('mgr', 'day.close', {});
  expect(tuesdayBatch.closedAt).toBeGreaterThanOrEqual(aheadDose.administeredAt);
  expect(
    batchRows(h, tuesdayBatch.batchId)
      .map((row) => row.record_id)
      .sort(),
  ).toEqual([aliDose.doseId, aheadDose.doseId].sort());
  await advance(h, 16 * HOUR);
  expect(
    refusedCleanly(h, 'mgr', 'day.open', { channel: 'walk-in', confirmedTime: h.clock.now() }),
  ).toBe('PPV_CLOSED');

  // What got in: five people, three doses; Monday and Tuesday sealed; the log intact.
  expect(monday.dayId).not.toBe(tuesdayBatch.dayId);
  expect(count('recipients')).toBe(5);
  expect(count('doses')).toBe(3);
  expect(count("days WHERE state = 'sealed'")).toBe(2);
  await h.okAsync('admin', 'auth.unlock', { secret: TEST_PIN });
  expect(h.ok('admin', 'audit.verify', {})).toMatchObject({ intact: true, problems: [] });
});
