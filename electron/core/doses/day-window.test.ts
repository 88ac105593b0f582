/**
 * Hard rule 2 against a determined insider: a dose never lands outside its day, after the PPV's
 * closure, or from the future — by any write that creates or changes one (record, amend, void,
 * presence, observation, vial, registration). Through the dispatcher and a real database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFixtures } from '../days/fixtures';
import { HOUR, MINUTE, type Harness } from '../testing/harness';
import {
  advance,
  arrive,
  cleanRefusal,
  closeDay,
  confirm,
  createStation,
  doseInput,
  GTIN,
  laterDay,
  nthRecipient,
  openVial,
  recordDose,
  refusedCleanly,
  vaccinate,
  type Visitor,
} from '../testing/scenario';

let h: Harness;
beforeEach(async () => {
  h = await createStation();
});
afterEach(() => h.close());

/**
 * Monday: visitor 1 vaccinated, the day sealed. Tuesday's day open from 08:00: visitor 2 waits with
 * presence confirmed, visitor 3 waits for presence, visitors 4 and 5 vaccinated. Then the clock runs
 * to Wednesday 00:30 with Tuesday's day still open.
 */
async function tuesdayLeftOpen(options: { closureOnTuesday: boolean }) {
  const monday = arrive(h, 1);
  const mondayDose = vaccinate(h, monday);
  closeDay(h);
  await laterDay(h, 1);
  if (options.closureOnTuesday) {
    h.ok('mgr', 'ppv.setClosureDate', { closureDate: '2026-03-03', reason: 'PPV ditutup' });
  }
  const vial = openVial(h);
  const waiting = arrive(h, 2);
  const unconfirmed = arrive(h, 3, { confirm: false });
  const toVoid = recordDose(h, arrive(h, 4), vial.vialId);
  const inObservation = recordDose(h, arrive(h, 5), vial.vialId);
  await advance(h, 15 * HOUR + 50 * MINUTE); // Tuesday 23:50
  const lastMinuteOfTuesday = h.clock.now() + 9 * MINUTE;
  await advance(h, 40 * MINUTE); // Wednesday 00:30
  return {
    monday,
    mondayDose,
    vial,
    waiting,
    unconfirmed,
    toVoid,
    inObservation,
    lastMinuteOfTuesday,
  };
}

type Setting = Awaited<ReturnType<typeof tuesdayLeftOpen>>;

/** Every write that creates or changes a dose, as a determined insider would try it after midnight. */
const writes: Array<[string, string, string, (s: Setting) => unknown]> = [
  [
    'a dose backdated into the open day',
    'vax',
    'dose.record',
    (s) => doseInput(h, s.waiting, s.vial.vialId, s.lastMinuteOfTuesday),
  ],
  [
    'an amendment of a sealed dose',
    'mgr',
    'dose.amend',
    (s) => ({
      doseId: s.mondayDose.doseId,
      reason: 'Lot salah direkodkan',
      vialId: s.vial.vialId,
      administeredAt: s.mondayDose.administeredAt,
      site: 'R_DELTOID',
    }),
  ],
  ['a void', 'mgr', 'dose.void', (s) => ({ doseId: s.toVoid.doseId, reason: 'Direkod silap' })],
  [
    'a presence',
    'vax',
    'presence.confirm',
    (s) => ({
      registrationId: s.unconfirmed.registrationId,
      method: 'MYKAD_TYPED',
      scanned: s.unconfirmed.docNumber,
      reason: 'Cip kad rosak',
    }),
  ],
  [
    'an observation ended',
    'vax',
    'observation.release',
    (s) => ({ doseId: s.inObservation.doseId, adverseEventNote: 'Pening ringan' }),
  ],
  [
    'a vial opened',
    'vax',
    'vial.open',
    () => ({
      gtin: GTIN.COMIRNATY,
      lot: 'LOT-LEWAT',
      expiry: '2027-12-31',
      serial: null,
      lotConfirmed: true,
    }),
  ],
  ['a new recipient registered', 'desk', 'recipient.register', () => nthRecipient(40)],
  [
    'a known recipient registered again',
    'desk',
    'registration.create',
    (s) => ({ recipientId: s.monday.recipientId, phone: '+60123456789', consent: true }),
  ],
];

describe.each([
  ['a day left open past midnight', false, 'DAY_NOT_TODAY'],
  ['the day after the PPV’s closure date', true, 'PPV_CLOSED'],
])('%s', (_name, closureOnTuesday, code) => {
  it.each(writes)('refuses %s (%s %s), writing nothing', async (_what, desk, channel, input) => {
    const setting = await tuesdayLeftOpen({ closureOnTuesday });
    expect(refusedCleanly(h, desk, channel as 'dose.record', input(setting))).toBe(code);
  });

  it('can still be closed: an observation whose time is up no longer blocks', async () => {
    const setting = await tuesdayLeftOpen({ closureOnTuesday });
    const blockers = h.ok('mgr', 'day.closeOutSummary', {}).blockers;
    expect(blockers.map((blocker) => blocker.kind).sort()).toEqual([
      'incomplete-registration',
      'incomplete-registration',
      'unreconciled-vial',
    ]);
    for (const visitor of [setting.waiting, setting.unconfirmed]) {
      h.ok('mgr', 'registration.setOutcome', {
        registrationId: visitor.registrationId,
        outcome: 'left',
        reason: 'Pulang sebelum suntikan',
      });
    }
    h.ok('mgr', 'vial.reconcile', { vialId: setting.vial.vialId, dosesWasted: 4 });
    expect(h.ok('mgr', 'day.close', {}).sessionDate).toBe('2026-03-03');
  });
});

describe('the administration time', () => {
  function waiting(): { visitor: Visitor; vialId: string } {
    return { visitor: arrive(h, 1), vialId: openVial(h).vialId };
  }

  it('is at most 60 minutes before it is recorded (DOSE_RECORDED_TOO_LATE)', async () => {
    const { visitor, vialId } = waiting();
    const given = h.clock.now();
    await advance(h, HOUR + MINUTE);
    const error = cleanRefusal(h, 'vax', 'dose.record', doseInput(h, visitor, vialId, given));
    expect(error.code).toBe('DOSE_RECORDED_TOO_LATE');
    expect(error.message.en).toContain('08:01');
    expect(recordDose(h, visitor, vialId, given + MINUTE).administeredAt).toBe(given + MINUTE);
  });

  it('is never before the recipient’s presence at the station (DOSE_BEFORE_PRESENCE)', async () => {
    const visitor = arrive(h, 1, { confirm: false });
    const vial = openVial(h);
    await advance(h, 10 * MINUTE);
    confirm(h, visitor);
    const beforePresence = h.clock.now() - 5 * MINUTE;
    const error = cleanRefusal(
      h,
      'vax',
      'dose.record',
      doseInput(h, visitor, vial.vialId, beforePresence),
    );
    expect(error.code).toBe('DOSE_BEFORE_PRESENCE');
    expect(error.message.ms).toContain('08:10');
    expect(recordDose(h, visitor, vial.vialId).doseNumber).toBe(1);
  });

  it('of an amendment stays after the presence and inside the dose’s own day', async () => {
    const visitor = arrive(h, 1, { confirm: false });
    await advance(h, 10 * MINUTE);
    confirm(h, visitor);
    const dose = vaccinate(h, visitor);
    closeDay(h);
    await laterDay(h, 1);
    const vial = openVial(h);
    const amend = (administeredAt: number) => ({
      doseId: dose.doseId,
      reason: 'Masa suntikan salah',
      vialId: vial.vialId,
      administeredAt,
      site: 'L_DELTOID' as const,
    });
    expect(refusedCleanly(h, 'mgr', 'dose.amend', amend(dose.administeredAt - 5 * MINUTE))).toBe(
      'DOSE_BEFORE_PRESENCE',
    );
    expect(refusedCleanly(h, 'mgr', 'dose.amend', amend(h.clock.now()))).toBe(
      'DOSE_AFTER_CLOSE_OUT',
    );
    expect(h.ok('mgr', 'dose.amend', amend(dose.administeredAt)).administeredAt).toBe(
      dose.administeredAt,
    );
  });
});

describe('closing a day whose last record lies ahead of the clock', () => {
  it('waits, saying from when it can close, and seals no earlier than that record', async () => {
    const visitor = arrive(h, 1);
    const vial = openVial(h);
    const ahead = h.clock.now() + 100_000;
    const dose = recordDose(h, visitor, vial.vialId, ahead);
    h.ok('vax', 'observation.release', { doseId: dose.doseId, adverseEventNote: null });
    h.ok('mgr', 'vial.reconcile', { vialId: vial.vialId, dosesWasted: 5 });

    const error = cleanRefusal(h, 'mgr', 'day.close', {});
    expect(error.code).toBe('DAY_CLOSE_TOO_EARLY');
    expect(error.message.en).toContain('02/03/2026 08:02');
    expect(error.message.ms).toContain('02/03/2026 08:02');

    await advance(h, 100_000);
    const batch = h.ok('mgr', 'day.close', {});
    expect(batch.closedAt).toBeGreaterThanOrEqual(ahead);
  });

  it('is refused by the database itself', async () => {
    const f = await createFixtures(h);
    const day = h.ok('mgr', 'day.current', {});
    if (!day) throw new Error('no open day');
    const registrationId = f.registration(day.dayId, f.recipient());
    f.dose(day.dayId, registrationId, f.vial(day.dayId), {
      administeredAt: h.clock.now() + MINUTE,
    });
    expect(() =>
      h.db.sqlite
        .prepare(
          `UPDATE days SET state = 'sealed', closed_at = ?, closed_device_at = ?, closed_by = ? WHERE id = ?`,
        )
        .run(h.clock.now(), h.clock.now(), f.managerId, day.dayId),
    ).toThrow(/DAY_CLOSED_BEFORE_RECORD/);
  });
});
