import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelParsedInput } from '../../contract';
import { HOUR, MINUTE, TEST_PIN, type Harness } from '../testing/harness';
import { createUploadStore } from '../upload/store';
import { createDoseService } from './service';
import {
  actorOf,
  advance,
  arrive,
  batchRows,
  closeDay,
  coreDeps,
  createStation,
  doseInput,
  doseRow,
  laterDay,
  openVial,
  queueStatus,
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

const reason = 'Pembetulan rekod ujian';

/** The dose.amend input correcting `dose` to `vialId`, at its own time in the left deltoid unless changed. */
function amendInput(
  dose: { doseId: string; administeredAt: number },
  vialId: string,
  changes: Partial<
    Pick<ChannelParsedInput<'dose.amend'>, 'reason' | 'administeredAt' | 'site'>
  > = {},
): ChannelParsedInput<'dose.amend'> {
  return {
    doseId: dose.doseId,
    reason,
    vialId,
    administeredAt: dose.administeredAt,
    site: 'L_DELTOID',
    ...changes,
  };
}

function currentDayId(): string {
  const day = h.ok('mgr', 'day.current', {});
  if (!day) throw new Error('no open day');
  return day.dayId;
}

describe('observation.release', () => {
  it('ends the observation, keeping an adverse-event note out of the audit log', () => {
    const dose = vaccinate(h, arrive(h, 1));
    h.clock.advance(4 * MINUTE);
    const note = 'Pening ringan, pulih selepas rehat';
    h.ok('vax', 'observation.release', { doseId: dose.doseId, adverseEventNote: note });
    expect(doseRow(h, dose.doseId)).toMatchObject({
      observation_released_at: h.clock.now(),
      adverse_event_note: note,
    });
    const entry = h.ok('admin', 'audit.list', {}).items[0];
    expect(entry).toMatchObject({ action: 'observation.release', entityId: dose.doseId });
    expect(entry?.detail).toEqual({ adverseEvent: true, releasedEarly: true });
  });

  it('refuses an unknown dose, a second release and a void dose (OBSERVATION_NOT_FOUND)', () => {
    expect(
      refusedCleanly(h, 'vax', 'observation.release', {
        doseId: UNKNOWN_ID,
        adverseEventNote: null,
      }),
    ).toBe('OBSERVATION_NOT_FOUND');

    const released = vaccinate(h, arrive(h, 1));
    h.ok('vax', 'observation.release', { doseId: released.doseId });
    expect(refusedCleanly(h, 'vax', 'observation.release', { doseId: released.doseId })).toBe(
      'OBSERVATION_NOT_FOUND',
    );

    const voided = vaccinate(h, arrive(h, 2));
    h.ok('mgr', 'dose.void', { doseId: voided.doseId, reason });
    expect(refusedCleanly(h, 'mgr', 'observation.release', { doseId: voided.doseId })).toBe(
      'OBSERVATION_NOT_FOUND',
    );
  });

  it('refuses a dose of a sealed day and an amendment (OBSERVATION_NOT_FOUND)', async () => {
    const dose = vaccinate(h, arrive(h, 1));
    await laterDay(h, 1);
    // Closing needed every observation released, and a released observation is final in the database.
    expect(() =>
      h.db.sqlite
        .prepare('UPDATE doses SET observation_released_at = NULL WHERE id = ?')
        .run(dose.doseId),
    ).toThrow(/DOSE_FIXED/);
    expect(refusedCleanly(h, 'mgr', 'observation.release', { doseId: dose.doseId })).toBe(
      'OBSERVATION_NOT_FOUND',
    );
    const amendment = h.ok(
      'mgr',
      'dose.amend',
      amendInput(dose, openVial(h).vialId, { site: 'R_DELTOID' }),
    );
    expect(refusedCleanly(h, 'mgr', 'observation.release', { doseId: amendment.doseId })).toBe(
      'OBSERVATION_NOT_FOUND',
    );
  });
});

describe('dose.void', () => {
  it('voids a dose of the open day: the row stays, the registration waits again', () => {
    const visitor = arrive(h, 1);
    const dose = vaccinate(h, visitor);
    h.clock.advance(MINUTE);
    h.ok('mgr', 'dose.void', { doseId: dose.doseId, reason: 'Direkod pada penerima yang salah' });
    const row = doseRow(h, dose.doseId);
    expect(row).toMatchObject({
      void_reason: 'Direkod pada penerima yang salah',
      voided_at: h.clock.now(),
      voided_device_at: h.clock.now(),
      void_day_id: null,
    });
    expect(String(row.void_record_id)).toHaveLength(36);
    expect(queueStatus(h, visitor.registrationId)).toBe('waiting');
    expect(h.events.at(-1)).toMatchObject({ event: 'queue.changed', payload: { waiting: 1 } });
    const entry = h.ok('admin', 'audit.list', {}).items[0];
    expect(entry).toMatchObject({ action: 'dose.void', entityId: dose.doseId });
    expect(JSON.stringify(entry?.detail)).not.toContain('salah');
  });

  it('voids a dose of a sealed day in the open day’s batch', async () => {
    const visitor = arrive(h, 1);
    const dose = vaccinate(h, visitor);
    await laterDay(h, 1);
    h.ok('mgr', 'dose.void', { doseId: dose.doseId, reason });
    expect(doseRow(h, dose.doseId).void_day_id).toBe(currentDayId());
    expect(queueStatus(h, visitor.registrationId)).toBe('vaccinated');
    const batch = closeDay(h);
    const types = h.db.sqlite
      .prepare('SELECT record_type FROM batch_records WHERE batch_id = ?')
      .pluck()
      .all(batch.batchId);
    expect(types).toEqual(['void']);
  });

  it('needs an open day to void a sealed day’s dose (NO_OPEN_DAY)', () => {
    const dose = vaccinate(h, arrive(h, 1));
    closeDay(h);
    expect(refusedCleanly(h, 'mgr', 'dose.void', { doseId: dose.doseId, reason })).toBe(
      'NO_OPEN_DAY',
    );
  });

  it('refuses an unknown dose (DOSE_NOT_FOUND) and a second void (DOSE_ALREADY_VOID)', () => {
    expect(refusedCleanly(h, 'mgr', 'dose.void', { doseId: UNKNOWN_ID, reason })).toBe(
      'DOSE_NOT_FOUND',
    );
    const dose = vaccinate(h, arrive(h, 1));
    h.ok('mgr', 'dose.void', { doseId: dose.doseId, reason });
    expect(refusedCleanly(h, 'mgr', 'dose.void', { doseId: dose.doseId, reason })).toBe(
      'DOSE_ALREADY_VOID',
    );
  });

  it('refuses a void that would leave a gap in the doses (DOSE_SEQUENCE)', async () => {
    const visitor = arrive(h, 1);
    const first = vaccinate(h, visitor);
    await laterDay(h, 21);
    const second = vaccinate(h, returns(h, visitor));
    expect(refusedCleanly(h, 'mgr', 'dose.void', { doseId: first.doseId, reason })).toBe(
      'DOSE_SEQUENCE',
    );
    h.ok('mgr', 'dose.void', { doseId: second.doseId, reason });
    h.ok('mgr', 'dose.void', { doseId: first.doseId, reason });
  });

  it('voids a sealed amendment as MyVAS does: the record it replaced comes back only where MyVAS still holds it', async () => {
    const replaced = arrive(h, 1);
    const kept = arrive(h, 2);
    const doses = [vaccinate(h, replaced), vaccinate(h, kept)];
    const firstDay = closeDay(h);
    /** MyVAS's judgement of every record of the batch: accepted unless listed. */
    const judge = (batchId: string, rejected: string[] = []) =>
      createUploadStore(h.db).saveResults(
        batchId,
        batchRows(h, batchId).map((row) =>
          rejected.includes(row.record_id)
            ? { recordId: row.record_id, status: 'rejected' as const, code: 'INTERVAL' }
            : { recordId: row.record_id, status: 'accepted' as const },
        ),
        h.clock.now(),
      );
    judge(firstDay.batchId);
    await laterDay(h, 1);
    const vial = openVial(h);
    const [accepted, rejected] = doses.map(
      (dose) => h.ok('mgr', 'dose.amend', amendInput(dose, vial.vialId)).doseId,
    );
    const amendments = closeDay(h);
    await laterDay(h, 1);
    expect(refusedCleanly(h, 'mgr', 'dose.void', { doseId: accepted!, reason })).toBe(
      'AMENDMENT_NOT_JUDGED',
    );
    judge(amendments.batchId, [rejected!]);

    // Accepted, the amendment replaced the dose at MyVAS: voiding it leaves none, here as there.
    h.ok('mgr', 'dose.void', { doseId: accepted!, reason });
    expect(doseRow(h, doses[0]!.doseId)).toMatchObject({ void_day_id: null, void_reason: reason });
    // Rejected, it left MyVAS's record standing: voiding it brings the dose back here too.
    h.ok('mgr', 'dose.void', { doseId: rejected!, reason });
    expect(doseRow(h, doses[1]!.doseId).void_record_id).toBeNull();
    const batch = closeDay(h);
    expect(batchRows(h, batch.batchId).map((row) => row.record_type)).toEqual(['void', 'void']);
    await h.okAsync('admin', 'auth.unlock', { secret: TEST_PIN });
    const entries = h.ok('admin', 'audit.list', { limit: 20 }).items;
    expect(entries.find((entry) => entry.entityId === accepted)?.detail).toMatchObject({
      alsoVoided: [doses[0]!.doseId],
    });
  });

  it('is for managers only', () => {
    const dose = vaccinate(h, arrive(h, 1));
    expect(h.refused('vax', 'dose.void', { doseId: dose.doseId, reason })).toBe('FORBIDDEN');
  });
});

describe('dose.amend', () => {
  /** Dose 1 given at 08:00 on 2026-03-02, its day sealed at 10:00, and the next day open. */
  async function sealedDose() {
    const visitor = arrive(h, 1);
    const dose = vaccinate(h, visitor);
    const day = h.ok('mgr', 'day.current', {});
    await advance(h, 2 * HOUR);
    await laterDay(h, 1);
    if (!day) throw new Error('no day');
    return { visitor, dose, day };
  }

  it('corrects a sealed dose with an amendment that takes its place', async () => {
    const { visitor, dose, day } = await sealedDose();
    const vial = openVial(h, 'VAXZEVRIA', { lot: 'FK9999' });
    const correctedAt = dose.administeredAt + 20 * MINUTE;
    const amendment = h.ok(
      'mgr',
      'dose.amend',
      amendInput(dose, vial.vialId, {
        reason: 'Lot vial salah direkod',
        administeredAt: correctedAt,
        site: 'R_DELTOID',
      }),
    );
    expect(amendment).toMatchObject({
      recordType: 'amendment',
      amends: dose.doseId,
      registrationId: visitor.registrationId,
      recipientId: visitor.recipientId,
      doseNumber: 1,
      series: 'primary',
      productCode: 'VAXZEVRIA',
      lot: 'FK9999',
      administeredAt: correctedAt,
      site: 'R_DELTOID',
      recordedAt: h.clock.now(),
      observationEndsAt: correctedAt,
    });
    const row = doseRow(h, amendment.doseId);
    expect(row).toMatchObject({
      day_id: currentDayId(),
      amend_reason: 'Lot vial salah direkod',
      observation_released_at: h.clock.now(),
      vaccinator_id: doseRow(h, dose.doseId).vaccinator_id,
    });
    expect(row.day_id).not.toBe(day.dayId);
    expect(h.ok('vax', 'vial.list', {}).items[0]?.dosesDrawn).toBe(0);

    // The original is superseded: no second void or amendment of it, and the history uses the amendment.
    expect(refusedCleanly(h, 'mgr', 'dose.void', { doseId: dose.doseId, reason })).toBe(
      'DOSE_SUPERSEDED',
    );
    expect(
      refusedCleanly(
        h,
        'mgr',
        'dose.amend',
        amendInput(dose, vial.vialId, { administeredAt: correctedAt, site: 'R_DELTOID' }),
      ),
    ).toBe('DOSE_SUPERSEDED');
    const batch = closeDay(h);
    expect(batch.recordCount).toBe(1);

    // The series now follows the amendment: Vaxzevria, with its own interval.
    await laterDay(h, 20);
    const again = returns(h, visitor);
    const record = (product: 'COMIRNATY' | 'VAXZEVRIA') =>
      refusedCleanly(h, 'vax', 'dose.record', doseInput(h, again, openVial(h, product).vialId));
    expect(record('COMIRNATY')).toBe('PRODUCT_MISMATCH');
    expect(record('VAXZEVRIA')).toBe('DOSE_INTERVAL');
  });

  it("takes a vial of today or of the dose's own day, never one of another day", async () => {
    const visitor = arrive(h, 1);
    const ownDayVial = openVial(h, 'VAXZEVRIA', { lot: 'FK1111' });
    const dose = vaccinate(h, visitor);
    await advance(h, 2 * HOUR);
    await laterDay(h, 1);
    const otherDayVial = openVial(h, 'VAXZEVRIA', { lot: 'FK2222' });
    await advance(h, 2 * HOUR);
    await laterDay(h, 1);

    expect(refusedCleanly(h, 'mgr', 'dose.amend', amendInput(dose, otherDayVial.vialId))).toBe(
      'VIAL_NOT_FOUND',
    );
    const amendment = h.ok('mgr', 'dose.amend', amendInput(dose, ownDayVial.vialId));
    expect(amendment).toMatchObject({ lot: 'FK1111', amends: dose.doseId });
  });

  it('voiding an amendment in its open day restores the original', async () => {
    const { dose } = await sealedDose();
    const vial = openVial(h);
    const amendment = h.ok('mgr', 'dose.amend', amendInput(dose, vial.vialId, { site: 'R_THIGH' }));
    expect(
      refusedCleanly(h, 'mgr', 'dose.amend', {
        ...amendInput(dose, vial.vialId, { site: 'R_THIGH' }),
        doseId: amendment.doseId,
      }),
    ).toBe('DOSE_NOT_SEALED');
    h.ok('mgr', 'dose.void', { doseId: amendment.doseId, reason });
    expect(doseRow(h, amendment.doseId).void_day_id).toBeNull();
    h.ok('mgr', 'dose.amend', amendInput(dose, vial.vialId, { site: 'L_THIGH' }));
  });

  it('refuses a dose of the open day: void it instead (DOSE_NOT_SEALED)', () => {
    const dose = vaccinate(h, arrive(h, 1));
    const vial = openVial(h);
    const input = amendInput(dose, vial.vialId);
    expect(refusedCleanly(h, 'mgr', 'dose.amend', input)).toBe('DOSE_NOT_SEALED');
  });

  it('needs an open day to carry the amendment (NO_OPEN_DAY)', () => {
    const dose = vaccinate(h, arrive(h, 1));
    const vial = openVial(h);
    closeDay(h);
    const input = amendInput(dose, vial.vialId);
    expect(refusedCleanly(h, 'mgr', 'dose.amend', input)).toBe('NO_OPEN_DAY');
  });

  it('refuses a corrected time before the registration (NOT_REGISTERED_BEFORE)', async () => {
    await advance(h, 30 * MINUTE);
    const { dose, day } = await sealedDose();
    const input = amendInput(dose, openVial(h).vialId, {
      administeredAt: day.openedAt + 10 * MINUTE,
    });
    expect(refusedCleanly(h, 'mgr', 'dose.amend', input)).toBe('NOT_REGISTERED_BEFORE');
  });

  it('refuses a vial whose product left the catalogue (UNKNOWN_PRODUCT)', async () => {
    const { dose } = await sealedDose();
    const vial = openVial(h);
    const deps = coreDeps(h);
    const empty = { ...deps.catalogue, load: () => ({ products: [], intervalRules: [] }) };
    const service = createDoseService({ ...deps, catalogue: empty });
    const refusal = serviceRefusal(h, () =>
      service.amendDose(amendInput(dose, vial.vialId), serviceContext(h, actorOf(h, 'mgr'))),
    );
    expect(refusal.code).toBe('UNKNOWN_PRODUCT');
  });

  it('refuses unknown, void and superseded originals', async () => {
    const { dose } = await sealedDose();
    const vial = openVial(h);
    const input = amendInput(dose, vial.vialId);
    expect(refusedCleanly(h, 'mgr', 'dose.amend', { ...input, doseId: UNKNOWN_ID })).toBe(
      'DOSE_NOT_FOUND',
    );
    h.ok('mgr', 'dose.void', { doseId: dose.doseId, reason });
    expect(refusedCleanly(h, 'mgr', 'dose.amend', input)).toBe('DOSE_ALREADY_VOID');
  });

  it('keeps the corrected time inside the original’s day and not in the future', async () => {
    const { dose, day } = await sealedDose();
    const vial = openVial(h);
    const amend = (administeredAt: number) =>
      refusedCleanly(h, 'mgr', 'dose.amend', amendInput(dose, vial.vialId, { administeredAt }));
    expect(amend(day.openedAt - MINUTE)).toBe('DOSE_OUTSIDE_DAY');
    expect(amend(h.clock.now() - HOUR)).toBe('DOSE_AFTER_CLOSE_OUT');
    expect(amend(h.clock.now() + 3 * MINUTE)).toBe('DOSE_IN_FUTURE');
  });

  it('refuses an unknown vial (VIAL_NOT_FOUND) and a lot expired at the corrected time (VIAL_EXPIRED)', async () => {
    const { dose } = await sealedDose();
    const input = amendInput(dose, UNKNOWN_ID);
    expect(refusedCleanly(h, 'mgr', 'dose.amend', input)).toBe('VIAL_NOT_FOUND');
    h.db.sqlite
      .prepare(
        `INSERT INTO vials (id, day_id, product_code, gtin, lot, expiry, serial, doses_per_vial,
           doses_drawn, opened_at, opened_by)
         SELECT ?, id, 'COMIRNATY', NULL, 'OLD1', '2026-03-01', NULL, 6, 0, opened_at, opened_by
           FROM days WHERE state = 'open'`,
      )
      .run(UNKNOWN_ID);
    expect(refusedCleanly(h, 'mgr', 'dose.amend', input)).toBe('VIAL_EXPIRED');
  });

  it('refuses an amendment that breaks the series: a later dose (DOSE_SEQUENCE) or another product (PRODUCT_MISMATCH)', async () => {
    const visitor = arrive(h, 1);
    const first = vaccinate(h, visitor);
    await laterDay(h, 21);
    const second = vaccinate(h, returns(h, visitor));
    await laterDay(h, 1);
    const vial = openVial(h, 'VAXZEVRIA');
    const comirnaty = openVial(h, 'COMIRNATY');
    expect(refusedCleanly(h, 'mgr', 'dose.amend', amendInput(first, comirnaty.vialId))).toBe(
      'DOSE_SEQUENCE',
    );
    expect(refusedCleanly(h, 'mgr', 'dose.amend', amendInput(second, vial.vialId))).toBe(
      'PRODUCT_MISMATCH',
    );
  });

  it('stops with the clock more than 10 minutes off (CLOCK_UNTRUSTED)', async () => {
    const { dose } = await sealedDose();
    const vial = openVial(h);
    skewClock(h, -3 * HOUR);
    const input = amendInput(dose, vial.vialId);
    expect(refusedCleanly(h, 'mgr', 'dose.amend', input)).toBe('CLOCK_UNTRUSTED');
  });

  it('amends a sealed amendment: the corrected time still lies in the day the dose was given', async () => {
    const { dose, day } = await sealedDose();
    const first = h.ok('mgr', 'dose.amend', amendInput(dose, openVial(h).vialId));
    await laterDay(h, 1);
    const vial = openVial(h, 'VAXZEVRIA', { lot: 'FK2222' });
    const again = amendInput(
      { doseId: first.doseId, administeredAt: dose.administeredAt },
      vial.vialId,
    );
    const second = h.ok('mgr', 'dose.amend', again);
    expect(second).toMatchObject({ amends: first.doseId, productCode: 'VAXZEVRIA', doseNumber: 1 });
    expect(
      refusedCleanly(h, 'mgr', 'dose.amend', {
        ...again,
        doseId: second.doseId,
        administeredAt: day.openedAt - MINUTE,
      }),
    ).toBe('DOSE_NOT_SEALED');
    await laterDay(h, 1);
    const third = { ...again, doseId: second.doseId };
    expect(
      refusedCleanly(h, 'mgr', 'dose.amend', { ...third, administeredAt: day.openedAt - MINUTE }),
    ).toBe('DOSE_OUTSIDE_DAY');
    expect(
      refusedCleanly(h, 'mgr', 'dose.amend', { ...third, administeredAt: h.clock.now() - HOUR }),
    ).toBe('DOSE_AFTER_CLOSE_OUT');
  });
});
