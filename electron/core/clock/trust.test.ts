/**
 * The trusted clock against a determined insider, through the dispatcher and a real database: a PC
 * clock set back before a restart (and the failed sign-in that would re-arm it), a clock changed
 * while the console runs, and the manager's confirmation that settles a jump.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../testing/harness';
import {
  arrive,
  cleanRefusal,
  doseInput,
  openVial,
  recordDose,
  openedStations,
  refusedCleanly,
  skewClock,
} from '../testing/scenario';

const stations = openedStations();
const { create: station, restart } = stations;
afterEach(() => stations.closeAll());

describe('a PC clock set back before a restart', () => {
  it('stops dose recording, and a failed sign-in written after it does not re-arm it', async () => {
    const h = await station();
    const visitor = arrive(h, 1);
    const vial = openVial(h);
    const setBack = h.clock.now() - HOUR;
    const again = await restart(h, setBack);
    expect(again.ok('vax', 'clock.status', {})).toMatchObject({
      state: 'stop',
      stopReason: 'behind-records',
    });

    // The trick: a failed sign-in is the newest row, dated on the set-back clock.
    expect(
      await again.refusedAsync('spare', 'auth.signIn', { staffId: 'VAX01', secret: '000000' }),
    ).toBe('SIGN_IN_FAILED');
    const newest = again.db.sqlite
      .prepare<[], { action: string; at: number }>(
        'SELECT action, at FROM audit_log ORDER BY seq DESC LIMIT 1',
      )
      .get();
    expect(newest).toEqual({ action: 'auth.signInFailed', at: setBack });

    const error = cleanRefusal(again, 'vax', 'dose.record', doseInput(again, visitor, vial.vialId));
    expect(error.code).toBe('CLOCK_BEHIND_RECORDS');
    expect(error.message.en).toContain('02/03/2026 07:');
    expect(error.message.ms).toContain('02/03/2026 08:');
    // Nor may a manager confirm a time behind what the station already recorded.
    expect(
      refusedCleanly(again, 'mgr', 'clock.confirm', { confirmedTime: again.app.clock.now().at }),
    ).toBe('CLOCK_BEHIND_RECORDS');
  });

  it('records again once MyVAS time is measured', async () => {
    const h = await station();
    const visitor = arrive(h, 1);
    const vial = openVial(h);
    const again = await restart(h, h.clock.now() - 5 * MINUTE);
    expect(again.ok('vax', 'clock.status', {}).stopReason).toBe('behind-records');
    skewClock(again, 5 * MINUTE, 'myvas');
    const trueNow = again.app.clock.now().at;
    expect(recordDose(again, visitor, vial.vialId, trueNow).administeredAt).toBe(trueNow);
  });
});

describe('a PC clock changed while the console runs', () => {
  it.each([
    ['forward', 3 * MINUTE],
    ['back', -3 * MINUTE],
  ])(
    'set %s by 3 minutes stops dose recording until a manager confirms the time',
    async (_way, jump) => {
      const h = await station();
      skewClock(h, 0, 'myvas');
      const visitor = arrive(h, 1);
      const vial = openVial(h);
      h.clock.setWallClock(h.clock.now() + jump);

      expect(h.ok('vax', 'clock.status', {})).toMatchObject({
        state: 'stop',
        stopReason: 'jumped',
        jumpedByMs: jump,
      });
      const given = h.app.clock.now().at;
      const error = cleanRefusal(
        h,
        'vax',
        'dose.record',
        doseInput(h, visitor, vial.vialId, given),
      );
      expect(error.code).toBe('CLOCK_JUMPED');
      expect(error.message.en).toContain('3 min');

      expect(h.refused('vax', 'clock.confirm', { confirmedTime: given })).toBe('FORBIDDEN');
      expect(refusedCleanly(h, 'mgr', 'clock.confirm', { confirmedTime: given - 5 * MINUTE })).toBe(
        'CLOCK_CONFIRMATION_MISMATCH',
      );
      expect(h.ok('mgr', 'clock.confirm', { confirmedTime: given }).stopReason).toBeNull();
      const entry = h.db.sqlite
        .prepare<[], { action: string; detail: string }>(
          'SELECT action, detail FROM audit_log ORDER BY seq DESC LIMIT 1',
        )
        .get();
      expect(entry?.action).toBe('clock.confirm');
      expect(JSON.parse(entry?.detail ?? '{}')).toMatchObject({ jumpedByMs: jump });
      expect(h.events.at(-1)?.event).toBe('clock.changed');

      expect(recordDose(h, visitor, vial.vialId, given).doseNumber).toBe(1);
    },
  );

  it('takes a move of up to 2 minutes as no jump', async () => {
    const h = await station();
    const visitor = arrive(h, 1);
    const vial = openVial(h);
    h.clock.setWallClock(h.clock.now() + 2 * MINUTE);
    expect(h.ok('vax', 'clock.status', {}).stopReason).toBeNull();
    expect(recordDose(h, visitor, vial.vialId).doseNumber).toBe(1);
  });

  it('stays stopped after the clock is put back, until measured again', async () => {
    const h = await station();
    const visitor = arrive(h, 1);
    const vial = openVial(h);
    const before = h.clock.now();
    h.clock.setWallClock(before + HOUR);
    expect(h.ok('vax', 'clock.status', {}).stopReason).toBe('jumped');
    h.clock.setWallClock(before);
    expect(h.ok('vax', 'clock.status', {}).stopReason).toBe('jumped');
    expect(refusedCleanly(h, 'vax', 'dose.record', doseInput(h, visitor, vial.vialId))).toBe(
      'CLOCK_JUMPED',
    );
    skewClock(h, 0, 'myvas');
    expect(recordDose(h, visitor, vial.vialId).doseNumber).toBe(1);
  });

  it('stops for the clock set back behind the records when MyVAS was never reached', async () => {
    const h = await station();
    const visitor = arrive(h, 1);
    const vial = openVial(h);
    h.clock.setWallClock(h.clock.now() - 3 * MINUTE);
    expect(refusedCleanly(h, 'vax', 'dose.record', doseInput(h, visitor, vial.vialId))).toBe(
      'CLOCK_BEHIND_RECORDS',
    );
  });

  it('refuses a confirmation while the clock is off MyVAS by more than 10 minutes', async () => {
    const h = await station();
    skewClock(h, 3 * HOUR, 'myvas');
    expect(refusedCleanly(h, 'mgr', 'clock.confirm', { confirmedTime: h.app.clock.now().at })).toBe(
      'CLOCK_UNTRUSTED',
    );
  });
});
