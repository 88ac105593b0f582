import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelParsedInput } from '../../contract';
import { HOUR, MINUTE, type Harness } from '../testing/harness';
import { assertComplete, type DoseDraft } from './records';
import { createDoseService } from './service';
import {
  actorOf,
  advance,
  arrive,
  cleanRefusal,
  coreDeps,
  createStation,
  doseInput,
  doseRow,
  laterDay,
  openVial,
  queueStatus,
  recordDose,
  refusedCleanly,
  returns,
  serviceContext,
  serviceRefusal,
  skewClock,
  UNKNOWN_ID,
  vaccinate,
} from '../testing/scenario';

let h: Harness;
beforeEach(async () => {
  h = await createStation();
});
afterEach(() => h.close());

const SECOND = 1000;

function refusedRecord(input: unknown): string {
  return refusedCleanly(h, 'vax', 'dose.record', input);
}

describe('dose.record', () => {
  it('records dose 1 with derived number, observation, vial count, queue status, audit and event', () => {
    const visitor = arrive(h, 1);
    const vial = openVial(h);
    h.clock.advance(2 * MINUTE);
    const at = h.clock.now() - MINUTE;
    const dose = recordDose(h, visitor, vial.vialId, at);
    expect(dose).toMatchObject({
      recordType: 'dose',
      amends: null,
      registrationId: visitor.registrationId,
      recipientId: visitor.recipientId,
      productCode: 'COMIRNATY',
      lot: vial.lot,
      expiry: vial.expiry,
      doseNumber: 1,
      series: 'primary',
      administeredAt: at,
      site: 'L_DELTOID',
      recordedAt: h.clock.now(),
      recordedDeviceAt: h.clock.now(),
      observationEndsAt: at + 15 * MINUTE,
      warnings: [],
    });
    expect(h.ok('vax', 'vial.list', {}).items[0]?.dosesDrawn).toBe(1);
    expect(queueStatus(h, visitor.registrationId)).toBe('vaccinated');

    const row = doseRow(h, dose.doseId);
    const vaccinator = actorOf(h, 'vax');
    expect(row).toMatchObject({
      presence: 'MYKAD',
      vaccinator_id: vaccinator.userId,
      recorded_by: vaccinator.userId,
      day_id: h.ok('vax', 'day.current', {})?.dayId,
      void_record_id: null,
    });

    const entry = h.ok('admin', 'audit.list', {}).items[0];
    expect(entry).toMatchObject({
      action: 'dose.record',
      entityType: 'dose',
      entityId: dose.doseId,
    });
    expect(entry?.detail).toEqual({
      doseNumber: 1,
      productCode: 'COMIRNATY',
      lot: vial.lot,
      registrationId: visitor.registrationId,
      vialId: vial.vialId,
    });
    expect(JSON.stringify(entry)).not.toContain(visitor.docNumber);
    expect(JSON.stringify(entry)).not.toContain('Penerima Ujian');
    expect(h.events.at(-1)).toEqual({
      event: 'queue.changed',
      payload: { dayId: row.day_id, waiting: 0 },
    });
  });

  it('only a vaccinator may call it', () => {
    const visitor = arrive(h, 1);
    const vial = openVial(h);
    expect(h.refused('mgr', 'dose.record', doseInput(h, visitor, vial.vialId))).toBe('FORBIDDEN');
  });

  describe('the trusted clock', () => {
    it('stops dose recording when the clock is more than 10 minutes off (CLOCK_UNTRUSTED)', () => {
      const visitor = arrive(h, 1);
      const vial = openVial(h);
      const device = h.clock.now();
      skewClock(h, 3 * HOUR);
      expect(h.app.clock.status().state).toBe('stop');
      const input = doseInput(h, visitor, vial.vialId, device + 3 * HOUR);
      const error = cleanRefusal(h, 'vax', 'dose.record', input);
      expect(error.code).toBe('CLOCK_UNTRUSTED');
      expect(error.message.en).toContain('180 min');
    });

    it('records under a warning offset, on the corrected time', () => {
      const visitor = arrive(h, 1);
      const vial = openVial(h);
      const device = h.clock.now();
      skewClock(h, 5 * MINUTE);
      expect(h.app.clock.status().state).toBe('warn');
      const dose = recordDose(h, visitor, vial.vialId, device + 5 * MINUTE);
      expect(dose.recordedAt).toBe(device + 5 * MINUTE);
      expect(dose.recordedDeviceAt).toBe(device);
    });

    it('stamps a dose given now by the corrected time, not by the PC clock a desk would send', async () => {
      await advance(h, 10 * MINUTE);
      const device = h.clock.now();
      skewClock(h, -5 * MINUTE);
      expect(h.app.clock.status().state).toBe('warn');
      const visitor = arrive(h, 1);
      const vial = openVial(h);
      const ownClock = doseInput(h, visitor, vial.vialId, device);
      expect(refusedRecord(ownClock)).toBe('DOSE_IN_FUTURE');

      const { administeredAt: _sentByTheDesk, ...givenNow } = ownClock;
      const dose = h.ok('vax', 'dose.record', givenNow);
      expect(dose.administeredAt).toBe(device - 5 * MINUTE);
      expect(doseRow(h, dose.doseId)).toMatchObject({ administered_at: device - 5 * MINUTE });
    });
  });

  describe('rule 1: registered, before the administration', () => {
    it('refuses an unknown registration (REGISTRATION_NOT_FOUND)', () => {
      const vial = openVial(h);
      const input = {
        registrationId: UNKNOWN_ID,
        vialId: vial.vialId,
        administeredAt: h.clock.now(),
        site: 'L_DELTOID',
      };
      expect(refusedRecord(input)).toBe('REGISTRATION_NOT_FOUND');
    });

    it('refuses an administration before the registration (NOT_REGISTERED_BEFORE)', () => {
      h.clock.advance(3 * MINUTE);
      const visitor = arrive(h, 1);
      const vial = openVial(h);
      expect(refusedRecord(doseInput(h, visitor, vial.vialId, h.clock.now() - SECOND))).toBe(
        'NOT_REGISTERED_BEFORE',
      );
      expect(recordDose(h, visitor, vial.vialId, h.clock.now()).doseNumber).toBe(1);
    });

    it('refuses a second dose on one registration (DOSE_ALREADY_RECORDED)', () => {
      const visitor = arrive(h, 1);
      const vial = openVial(h);
      recordDose(h, visitor, vial.vialId);
      expect(refusedRecord(doseInput(h, visitor, vial.vialId))).toBe('DOSE_ALREADY_RECORDED');
    });
  });

  describe('rule 2: inside the open day, not in the future, not after closure', () => {
    it('accepts now + 2 min and refuses now + 2 min + 1 s (DOSE_IN_FUTURE)', () => {
      const first = arrive(h, 1);
      const second = arrive(h, 2);
      const vial = openVial(h);
      const now = h.clock.now();
      expect(refusedRecord(doseInput(h, first, vial.vialId, now + 2 * MINUTE + SECOND))).toBe(
        'DOSE_IN_FUTURE',
      );
      expect(recordDose(h, second, vial.vialId, now + 2 * MINUTE).administeredAt).toBe(
        now + 2 * MINUTE,
      );
    });

    it('refuses a time on another calendar date than the day (DOSE_OUTSIDE_DAY)', async () => {
      await advance(h, 15 * HOUR + 50 * MINUTE); // 23:50, the day still open
      const visitor = arrive(h, 1);
      const vial = openVial(h);
      await advance(h, 9 * MINUTE); // 23:59: within the 2 minutes' tolerance lies the next date
      const afterMidnight = h.clock.now() + 90 * SECOND;
      expect(refusedRecord(doseInput(h, visitor, vial.vialId, afterMidnight))).toBe(
        'DOSE_OUTSIDE_DAY',
      );
    });

    it('refuses a registration of a closed day (DOSE_AFTER_CLOSE_OUT)', async () => {
      const visitor = arrive(h, 1);
      h.ok('vax', 'registration.setOutcome', {
        registrationId: visitor.registrationId,
        outcome: 'left',
        reason: 'Pulang sebelum suntikan',
      });
      await laterDay(h, 1);
      const vial = openVial(h);
      expect(refusedRecord(doseInput(h, visitor, vial.vialId))).toBe('DOSE_AFTER_CLOSE_OUT');
    });

    it('refuses any dose once the PPV closure date has passed (PPV_CLOSED)', () => {
      const visitor = arrive(h, 1);
      const vial = openVial(h);
      // ppv.setClosureDate never allows a date before the open day, so set it behind its back.
      h.db.sqlite.prepare("UPDATE ppv_settings SET closure_date = '2026-03-01'").run();
      expect(refusedRecord(doseInput(h, visitor, vial.vialId))).toBe('PPV_CLOSED');
    });

    it('records on the closure date itself', () => {
      h.ok('mgr', 'ppv.setClosureDate', {
        closureDate: '2026-03-02',
        reason: 'Penutupan PPV ujian',
      });
      expect(vaccinate(h, arrive(h, 1)).doseNumber).toBe(1);
    });
  });

  describe('rule 3: the dose number is derived', () => {
    it('ignores a dose number sent with the input and counts the effective history', async () => {
      const visitor = arrive(h, 1);
      const vial = openVial(h);
      const dose = h.ok('vax', 'dose.record', {
        ...doseInput(h, visitor, vial.vialId),
        doseNumber: 3,
      } as ChannelParsedInput<'dose.record'>);
      expect(dose.doseNumber).toBe(1);
      await laterDay(h, 21);
      expect(vaccinate(h, returns(h, visitor)).doseNumber).toBe(2);
    });
  });

  describe('rule 4: interval and product', () => {
    it('accepts dose 2 exactly at the interval (21 days for Comirnaty)', async () => {
      const visitor = arrive(h, 1);
      vaccinate(h, visitor);
      await laterDay(h, 21);
      const dose = vaccinate(h, returns(h, visitor));
      expect(dose).toMatchObject({ doseNumber: 2, series: 'primary', productCode: 'COMIRNATY' });
    });

    it('refuses dose 2 one day short of the interval (DOSE_INTERVAL)', async () => {
      const visitor = arrive(h, 1);
      vaccinate(h, visitor);
      await laterDay(h, 20);
      const again = returns(h, visitor);
      const vial = openVial(h);
      const error = cleanRefusal(h, 'vax', 'dose.record', doseInput(h, again, vial.vialId));
      expect(error.code).toBe('DOSE_INTERVAL');
      expect(error.message.en).toContain('23/03/2026');
    });

    it('refuses mixing products in the primary series (PRODUCT_MISMATCH)', async () => {
      const visitor = arrive(h, 1);
      vaccinate(h, visitor, 'COMIRNATY');
      await laterDay(h, 90);
      const again = returns(h, visitor);
      const vial = openVial(h, 'VAXZEVRIA');
      expect(refusedRecord(doseInput(h, again, vial.vialId))).toBe('PRODUCT_MISMATCH');
    });

    it('gives a booster of another approved product after the primary series', async () => {
      const visitor = arrive(h, 1);
      vaccinate(h, visitor, 'COMIRNATY');
      await laterDay(h, 21); // 2026-03-23
      vaccinate(h, returns(h, visitor), 'COMIRNATY');

      await laterDay(h, 91); // 2026-06-22: one day short of 3 months
      let again = returns(h, visitor);
      const early = openVial(h, 'VAXZEVRIA');
      expect(refusedRecord(doseInput(h, again, early.vialId))).toBe('DOSE_INTERVAL');
      h.ok('vax', 'registration.setOutcome', {
        registrationId: again.registrationId,
        outcome: 'deferred',
        reason: 'Terlalu awal untuk dos penggalak',
      });

      await laterDay(h, 1); // 2026-06-23
      again = returns(h, visitor);
      const booster = vaccinate(h, again, 'VAXZEVRIA');
      expect(booster).toMatchObject({ doseNumber: 3, series: 'booster', productCode: 'VAXZEVRIA' });
    });

    it('refuses a product not approved as a booster (PRODUCT_NOT_BOOSTER)', async () => {
      const visitor = arrive(h, 1);
      vaccinate(h, visitor, 'CONVIDECIA'); // single-dose primary series
      await laterDay(h, 120);
      const again = returns(h, visitor);
      const vial = openVial(h, 'CONVIDECIA');
      expect(refusedRecord(doseInput(h, again, vial.vialId))).toBe('PRODUCT_NOT_BOOSTER');
      expect(vaccinate(h, again, 'COMIRNATY')).toMatchObject({ doseNumber: 2, series: 'booster' });
    });

    it('returns the advisory warning above a maximum interval', async () => {
      const visitor = arrive(h, 1);
      vaccinate(h, visitor, 'CORONAVAC');
      await laterDay(h, 30);
      const dose = vaccinate(h, returns(h, visitor), 'CORONAVAC');
      expect(dose.warnings).toEqual([{ code: 'INTERVAL_ABOVE_MAXIMUM', maxDays: 28, days: 30 }]);
    });
  });

  describe('rule 5: the vial', () => {
    it('refuses an unknown vial or one of another day (VIAL_NOT_FOUND)', async () => {
      const visitor = arrive(h, 1);
      expect(refusedRecord(doseInput(h, visitor, UNKNOWN_ID))).toBe('VIAL_NOT_FOUND');
      const old = openVial(h);
      vaccinate(h, visitor);
      await laterDay(h, 21);
      const again = returns(h, visitor);
      expect(refusedRecord(doseInput(h, again, old.vialId))).toBe('VIAL_NOT_FOUND');
    });

    it('refuses a reconciled vial (VIAL_CLOSED)', () => {
      const visitor = arrive(h, 1);
      const vial = openVial(h);
      h.ok('mgr', 'vial.reconcile', { vialId: vial.vialId, dosesWasted: 0 });
      expect(refusedRecord(doseInput(h, visitor, vial.vialId))).toBe('VIAL_CLOSED');
    });

    it('refuses a vial whose doses are all drawn (VIAL_EMPTY)', () => {
      const vial = openVial(h, 'CORONAVAC'); // one dose per vial
      recordDose(h, arrive(h, 1), vial.vialId);
      expect(refusedRecord(doseInput(h, arrive(h, 2), vial.vialId))).toBe('VIAL_EMPTY');
    });

    it('refuses a lot expired on the administration date (VIAL_EXPIRED)', () => {
      const visitor = arrive(h, 1);
      // vial.open refuses an expired lot, so this vial is put in behind its back.
      const day = h.ok('vax', 'day.current', {});
      h.db.sqlite
        .prepare(
          `INSERT INTO vials (id, day_id, product_code, gtin, lot, expiry, serial, doses_per_vial,
             doses_drawn, opened_at, opened_by)
           VALUES (?, ?, 'COMIRNATY', '00200000000011', 'OLD1', '2026-03-01', NULL, 6, 0, ?, ?)`,
        )
        .run(UNKNOWN_ID, day?.dayId, h.clock.now(), actorOf(h, 'vax').userId);
      expect(refusedRecord(doseInput(h, visitor, UNKNOWN_ID))).toBe('VIAL_EXPIRED');
    });

    it('refuses a vial whose product is not in the catalogue (UNKNOWN_PRODUCT)', () => {
      const visitor = arrive(h, 1);
      const vial = openVial(h);
      const deps = coreDeps(h);
      const withoutComirnaty = {
        ...deps.catalogue,
        load: () => {
          const catalogue = deps.catalogue.load();
          return {
            ...catalogue,
            products: catalogue.products.filter((product) => product.code !== 'COMIRNATY'),
          };
        },
      };
      const service = createDoseService({ ...deps, catalogue: withoutComirnaty });
      const refusal = serviceRefusal(h, () =>
        service.recordDose(
          doseInput(h, visitor, vial.vialId),
          serviceContext(h, actorOf(h, 'vax')),
        ),
      );
      expect(refusal.code).toBe('UNKNOWN_PRODUCT');
    });
  });

  describe('rule 6: an active vaccinator and confirmed presence', () => {
    it('refuses a caller without the vaccinator role, at the service (VACCINATOR_NOT_ACTIVE)', () => {
      const visitor = arrive(h, 1);
      const vial = openVial(h);
      const service = createDoseService(coreDeps(h));
      const refusal = serviceRefusal(h, () =>
        service.recordDose(
          doseInput(h, visitor, vial.vialId),
          serviceContext(h, actorOf(h, 'mgr')),
        ),
      );
      expect(refusal.code).toBe('VACCINATOR_NOT_ACTIVE');
    });

    it('refuses a disabled vaccinator, at the service and at the channel', async () => {
      const visitor = arrive(h, 1);
      const vial = openVial(h);
      await h.staff('vax2', ['vaccinator'], 'VAX02');
      const disabled = actorOf(h, 'vax2');
      h.ok('admin', 'user.setActive', {
        userId: disabled.userId,
        active: false,
        reason: 'Bertukar ke PPV lain',
      });
      const service = createDoseService(coreDeps(h));
      const refusal = serviceRefusal(h, () =>
        service.recordDose(doseInput(h, visitor, vial.vialId), serviceContext(h, disabled)),
      );
      expect(refusal.code).toBe('VACCINATOR_NOT_ACTIVE');
      expect(h.refused('vax2', 'dose.record', doseInput(h, visitor, vial.vialId))).toBe(
        'UNAUTHENTICATED',
      );
    });

    it('refuses a recipient whose presence is not confirmed (PRESENCE_NOT_CONFIRMED)', () => {
      const visitor = arrive(h, 1, { confirm: false });
      const vial = openVial(h);
      expect(refusedRecord(doseInput(h, visitor, vial.vialId))).toBe('PRESENCE_NOT_CONFIRMED');
    });
  });

  describe('rule 7: every required field', () => {
    it('lists the missing fields of an incomplete row (DOSE_INCOMPLETE)', () => {
      const draft: DoseDraft = {
        id: '01900000-0000-7000-8000-000000000001',
        record_type: 'dose',
        amends: null,
        amend_reason: null,
        registration_id: 'r',
        recipient_id: 'p',
        day_id: 'd',
        vial_id: 'v',
        product_code: 'COMIRNATY',
        gtin: null,
        lot: ' ',
        expiry: '2026-12-31',
        dose_number: 1,
        series: 'primary',
        administered_at: 1,
        site: null,
        vaccinator_id: 'u',
        presence: undefined,
        recorded_at: 1,
        recorded_device_at: 1,
        recorded_by: 'u',
        observation_ends_at: 1,
        observation_released_at: null,
        adverse_event_note: null,
      };
      const refusal = serviceRefusal(h, () => assertComplete(draft));
      expect(refusal.code).toBe('DOSE_INCOMPLETE');
      expect(refusal.toBody().message.en).toBe(
        'The dose record is incomplete: lot, site, presence.',
      );
      expect(() =>
        assertComplete({ ...draft, lot: 'A1', site: 'L_THIGH', presence: 'SLIP_QR' }),
      ).not.toThrow();
      expect(() =>
        assertComplete({
          ...draft,
          lot: 'A1',
          site: 'L_THIGH',
          presence: 'SLIP_QR',
          record_type: 'amendment',
        }),
      ).toThrow(/amends, reason/);
    });

    it('the database itself refuses incomplete rows, sealed days and edits', async () => {
      const visitor = arrive(h, 1);
      const dose = vaccinate(h, visitor);
      const { sqlite } = h.db;
      h.ok('mgr', 'dose.void', { doseId: dose.doseId, reason: 'Rekod ujian pangkalan data' });
      const row = doseRow(h, dose.doseId);
      const valid: Record<string, unknown> = {
        ...row,
        id: '01900000-0000-7000-8000-0000000000aa',
        void_record_id: null,
        void_reason: null,
        voided_by: null,
        voided_at: null,
        voided_device_at: null,
        void_day_id: null,
      };
      const columns = Object.keys(valid);
      const insert = sqlite.prepare(
        `INSERT INTO doses (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
      );
      const before = h.counts();
      expect(() => insert.run({ ...valid, lot: null })).toThrow(
        /NOT NULL constraint failed: doses\.lot/,
      );
      expect(() => insert.run({ ...valid, site: 'ARM' })).toThrow(
        /CHECK constraint failed: doses_site/,
      );
      expect(() => insert.run({ ...valid, presence: null })).toThrow(/NOT NULL constraint failed/);
      expect(() => insert.run({ ...valid, expiry: '31/12/2026' })).toThrow(
        /CHECK constraint failed/,
      );
      expect(() =>
        insert.run({ ...valid, administered_at: Number(valid.recorded_at) + 3 * MINUTE }),
      ).toThrow(/CHECK constraint failed: doses_recorded_after_given/);
      expect(h.counts()).toEqual(before);
      expect(() =>
        sqlite.prepare("UPDATE doses SET site = 'R_THIGH' WHERE id = ?").run(dose.doseId),
      ).toThrow(/DOSE_FIXED/);

      h.ok('mgr', 'registration.setOutcome', {
        registrationId: visitor.registrationId,
        outcome: 'left',
        reason: 'Pulang selepas rekod dibatalkan',
      });
      await laterDay(h, 1);
      expect(() => insert.run(valid)).toThrow(/DAY_SEALED/);
    });
  });

  describe('void and record again', () => {
    it('voids a dose recorded in error during the day and records it again correctly', () => {
      const visitor = arrive(h, 1);
      const vial = openVial(h);
      const wrong = recordDose(h, visitor, vial.vialId);
      h.ok('mgr', 'dose.void', { doseId: wrong.doseId, reason: 'Salah tapak suntikan' });
      expect(queueStatus(h, visitor.registrationId)).toBe('waiting');
      const right = h.ok('vax', 'dose.record', {
        ...doseInput(h, visitor, vial.vialId),
        site: 'R_DELTOID',
      });
      expect(right).toMatchObject({ doseNumber: 1, site: 'R_DELTOID' });
      expect(right.doseId).not.toBe(wrong.doseId);
      expect(h.ok('vax', 'vial.list', {}).items[0]?.dosesDrawn).toBe(2);
    });
  });
});
