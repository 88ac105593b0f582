import type { ChannelOutput, ChannelParsedInput } from '../../contract';
import {
  assertGs1Lot,
  assertGs1Serial,
  assertLotUsable,
  findProductByCode,
  findProductByGtin,
  gtin14,
  nextDoseDue,
  planNextDose,
  type Catalogue,
  type PriorDose,
  type Product,
} from '../catalogue';
import { assertClockTrusted } from '../clock';
import { assertDayTakesRecords } from '../days/open-day';
import type { CoreDeps } from '../deps';
import type { HandlerContext } from '../dispatch/types';
import { createWaitingCount } from '../registration/waiting-count';
import { DomainError, refuse } from '../shared/errors';
import { ageOn, malaysiaDate, malaysiaDisplay } from '../shared/time';
import {
  assertComplete,
  doseView,
  vialView,
  type DoseDraft,
  type DoseInsert,
  type DoseView,
  type Presence,
  type Series,
  type VialRow,
  type VialView,
} from './records';

/** Hard rule 2: an administration time may run ahead of the trusted clock by this much. */
export const FUTURE_TOLERANCE_MS = 2 * 60 * 1000;
/** Hard rule 2: a dose is recorded at most this long after it was given. */
export const RECORDING_WINDOW_MS = 60 * 60 * 1000;
export const OBSERVATION_MS = 15 * 60 * 1000;

/** What a dose service call needs of the dispatcher's handler context. */
export type DoseContext = Pick<HandlerContext, 'actor' | 'now' | 'describe' | 'emit'>;

interface RegistrationRow {
  id: string;
  recipient_id: string;
  day_id: string;
  registered_at: number;
  queue_status: 'waiting' | 'vaccinated' | 'deferred' | 'left';
  presence_method: Presence | null;
  presence_confirmed_at: number | null;
  day_state: 'open' | 'sealed';
  session_date: string;
  opened_at: number;
  closed_at: number | null;
  has_dose: 0 | 1;
}

interface HistoryRow {
  id: string;
  product_code: string;
  dose_number: number;
  series: Series;
  administered_at: number;
}

interface DoseRow extends DoseInsert {
  void_record_id: string | null;
  day_state: 'open' | 'sealed';
  day_session_date: string;
  day_opened_at: number;
  day_closed_at: number | null;
  registered_at: number;
  presence_confirmed_at: number | null;
  superseded: 0 | 1;
}

function toPriorDose(row: HistoryRow): PriorDose {
  return {
    productCode: row.product_code,
    doseNumber: row.dose_number,
    series: row.series,
    date: malaysiaDate(row.administered_at),
  };
}

/**
 * Vials and dose records under the seven hard rules (SPEC.md). Every function expects to run inside
 * the dispatcher's write transaction: it checks everything first and writes only at the end, so a
 * refusal leaves nothing behind.
 */
export function createDoseService(deps: CoreDeps) {
  const { sqlite } = deps.db;

  const selectRegistration = sqlite.prepare<[string], RegistrationRow>(
    `SELECT r.id, r.recipient_id, r.day_id, r.registered_at, r.queue_status, r.presence_method,
            r.presence_confirmed_at, d.state AS day_state, d.session_date, d.opened_at, d.closed_at,
            EXISTS (SELECT 1 FROM doses x WHERE x.registration_id = r.id
                    AND x.record_type = 'dose' AND x.void_record_id IS NULL) AS has_dose
       FROM registrations r JOIN days d ON d.id = r.day_id
      WHERE r.id = ?`,
  );
  // Effective history: not void, and not superseded by a non-void amendment (which stands in for it).
  const selectHistory = sqlite.prepare<[string], HistoryRow>(
    `SELECT d.id, d.product_code, d.dose_number, d.series, d.administered_at
       FROM doses d
      WHERE d.recipient_id = ? AND d.void_record_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM doses a WHERE a.amends = d.id AND a.void_record_id IS NULL)`,
  );
  const selectDose = sqlite.prepare<[string], DoseRow>(
    `SELECT d.*, day.state AS day_state, day.session_date AS day_session_date,
            day.opened_at AS day_opened_at, day.closed_at AS day_closed_at, r.registered_at,
            r.presence_confirmed_at,
            EXISTS (SELECT 1 FROM doses a WHERE a.amends = d.id AND a.void_record_id IS NULL) AS superseded
       FROM doses d
       JOIN days day ON day.id = d.day_id
       JOIN registrations r ON r.id = d.registration_id
      WHERE d.id = ?`,
  );
  /** The day a dose was given: its own for a dose, the first record's for an amendment of any depth. */
  const selectAdministrationDay = sqlite.prepare<
    [string],
    { session_date: string; opened_at: number; closed_at: number | null }
  >(
    `WITH RECURSIVE chain (id, amends, day_id) AS (
       SELECT id, amends, day_id FROM doses WHERE id = ?
       UNION ALL
       SELECT d.id, d.amends, d.day_id FROM doses d JOIN chain c ON d.id = c.amends
     )
     SELECT day.session_date, day.opened_at, day.closed_at
       FROM chain JOIN days day ON day.id = chain.day_id
      WHERE chain.amends IS NULL`,
  );
  /** What MyVAS made of a record: accepted, duplicate, rejected; none while not yet judged. */
  const selectUploadResult = sqlite.prepare<[string], { status: string }>(
    'SELECT status FROM upload_results WHERE record_id = ?',
  );
  const selectActiveVaccinator = sqlite.prepare<[string], { one: number }>(
    `SELECT 1 AS one FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'vaccinator'
      WHERE u.id = ? AND u.active = 1`,
  );
  const insertDose = sqlite.prepare<[DoseInsert]>(
    `INSERT INTO doses (id, record_type, amends, amend_reason, registration_id, recipient_id, day_id,
       vial_id, product_code, gtin, lot, expiry, dose_number, series, administered_at, site,
       vaccinator_id, presence, recorded_at, recorded_device_at, recorded_by, observation_ends_at,
       observation_released_at, adverse_event_note)
     VALUES (@id, @record_type, @amends, @amend_reason, @registration_id, @recipient_id, @day_id,
       @vial_id, @product_code, @gtin, @lot, @expiry, @dose_number, @series, @administered_at, @site,
       @vaccinator_id, @presence, @recorded_at, @recorded_device_at, @recorded_by, @observation_ends_at,
       @observation_released_at, @adverse_event_note)`,
  );
  const markVoid = sqlite.prepare<[string, string, string, number, number, string | null, string]>(
    `UPDATE doses SET void_record_id = ?, void_reason = ?, voided_by = ?, voided_at = ?,
            voided_device_at = ?, void_day_id = ?
      WHERE id = ?`,
  );
  const markReleased = sqlite.prepare<[number, string | null, string]>(
    'UPDATE doses SET observation_released_at = ?, adverse_event_note = ? WHERE id = ?',
  );
  const setQueueStatus = sqlite.prepare<[string, string, string]>(
    'UPDATE registrations SET queue_status = ? WHERE id = ? AND queue_status = ?',
  );
  const waitingCount = createWaitingCount(deps.db);

  const selectVial = sqlite.prepare<[string], VialRow>('SELECT * FROM vials WHERE id = ?');
  const selectSameVial = sqlite.prepare<[string, string, string, string], VialRow>(
    'SELECT * FROM vials WHERE day_id = ? AND gtin = ? AND lot = ? AND serial = ? LIMIT 1',
  );
  const pageVials = sqlite.prepare<[string, string, number], VialRow>(
    'SELECT * FROM vials WHERE day_id = ? AND id > ? ORDER BY id LIMIT ?',
  );
  const insertVial = sqlite.prepare<
    [string, string, string, string, string, string, string | null, number, number, string]
  >(
    `INSERT INTO vials (id, day_id, product_code, gtin, lot, expiry, serial, doses_per_vial,
       doses_drawn, opened_at, opened_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
  );
  const drawFromVial = sqlite.prepare<[string]>(
    'UPDATE vials SET doses_drawn = doses_drawn + 1 WHERE id = ?',
  );
  const markReconciled = sqlite.prepare<[number, string, number, string]>(
    'UPDATE vials SET reconciled_at = ?, reconciled_by = ?, doses_wasted = ? WHERE id = ?',
  );

  const selectDeliveredLot = sqlite.prepare<[string, string], { one: number }>(
    'SELECT 1 AS one FROM delivered_lots WHERE gtin = ? AND lot = ?',
  );
  const selectBirthDate = sqlite.prepare<[string], { birth_date: string }>(
    'SELECT birth_date FROM recipients WHERE id = ?',
  );

  function effectiveHistory(recipientId: string): HistoryRow[] {
    return selectHistory.all(recipientId);
  }

  /** Hard rule 2: a dose is never given before the recipient's presence at the station. */
  function assertAfterPresence(administeredAt: number, presenceConfirmedAt: number | null): void {
    if (presenceConfirmedAt !== null && presenceConfirmedAt > administeredAt) {
      refuse('DOSE_BEFORE_PRESENCE', { presenceAt: malaysiaDisplay(presenceConfirmedAt) });
    }
  }

  function knownProduct(catalogue: Catalogue, vial: VialRow): Product {
    return (
      findProductByCode(catalogue, vial.product_code) ??
      refuse('UNKNOWN_PRODUCT', { gtin: vial.gtin ?? vial.product_code })
    );
  }

  function emitQueue(context: DoseContext, dayId: string): void {
    context.emit('queue.changed', { dayId, waiting: waitingCount(dayId) });
  }

  function recordDose(input: ChannelParsedInput<'dose.record'>, context: DoseContext): DoseView {
    const { actor, now } = context;
    const administeredAt = input.administeredAt ?? now.at;

    // 0. The trusted clock.
    assertClockTrusted(deps.clock.status());

    // 1. Registered, before the administration, and not vaccinated on this registration yet.
    const registration =
      selectRegistration.get(input.registrationId) ?? refuse('REGISTRATION_NOT_FOUND');
    if (registration.registered_at > administeredAt) {
      refuse('NOT_REGISTERED_BEFORE', {
        registeredAt: malaysiaDisplay(registration.registered_at),
      });
    }
    if (registration.queue_status === 'vaccinated' || registration.has_dose === 1) {
      refuse('DOSE_ALREADY_RECORDED');
    }

    // 2. Inside the registration's day, which must be the open one, today's, before the PPV's
    // closure; at most 60 minutes ago, not ahead of the clock, and after the recipient's presence.
    if (registration.closed_at !== null) {
      refuse('DOSE_AFTER_CLOSE_OUT', { closedAt: malaysiaDisplay(registration.closed_at) });
    }
    if (registration.day_state !== 'open') refuse('NO_OPEN_DAY');
    assertDayTakesRecords(deps.settings, registration, now);
    if (registration.queue_status !== 'waiting') refuse('REGISTRATION_NOT_WAITING');
    const administeredDate = malaysiaDate(administeredAt);
    if (administeredAt > now.at + FUTURE_TOLERANCE_MS) {
      refuse('DOSE_IN_FUTURE', { administeredAt: malaysiaDisplay(administeredAt) });
    }
    if (administeredAt < registration.opened_at || administeredDate !== registration.session_date) {
      refuse('DOSE_OUTSIDE_DAY', { openedAt: malaysiaDisplay(registration.opened_at) });
    }
    assertAfterPresence(administeredAt, registration.presence_confirmed_at);
    if (administeredAt < now.at - RECORDING_WINDOW_MS) {
      refuse('DOSE_RECORDED_TOO_LATE', { earliest: malaysiaDisplay(now.at - RECORDING_WINDOW_MS) });
    }

    // 3–4. The dose number and series follow from the effective history and the vial's product.
    const catalogue = deps.catalogue.load();
    const found = selectVial.get(input.vialId);
    const vial = found && found.day_id === registration.day_id ? found : null;
    const history = effectiveHistory(registration.recipient_id).map(toPriorDose);
    const plan = vial
      ? planNextDose(catalogue, history, vial.product_code, administeredDate)
      : null;

    // 5. The vial.
    if (!vial || !plan) refuse('VIAL_NOT_FOUND');
    if (vial.reconciled_at !== null) refuse('VIAL_CLOSED');
    if (vial.doses_drawn >= vial.doses_per_vial) {
      refuse('VIAL_EMPTY', { dosesPerVial: vial.doses_per_vial });
    }
    const product = knownProduct(catalogue, vial);
    assertLotUsable(vial.lot, vial.expiry, administeredDate);

    // 6. The vaccinator and the recipient's presence.
    if (!selectActiveVaccinator.get(actor.userId)) refuse('VACCINATOR_NOT_ACTIVE');
    if (registration.presence_method === null) refuse('PRESENCE_NOT_CONFIRMED');

    // 7. Every required field.
    const row: DoseDraft = {
      id: deps.newId(),
      record_type: 'dose',
      amends: null,
      amend_reason: null,
      registration_id: registration.id,
      recipient_id: registration.recipient_id,
      day_id: registration.day_id,
      vial_id: vial.id,
      product_code: product.code,
      gtin: vial.gtin,
      lot: vial.lot,
      expiry: vial.expiry,
      dose_number: plan.doseNumber,
      series: plan.series,
      administered_at: administeredAt,
      site: input.site,
      vaccinator_id: actor.userId,
      presence: registration.presence_method,
      recorded_at: now.at,
      recorded_device_at: now.deviceAt,
      recorded_by: actor.userId,
      observation_ends_at: administeredAt + OBSERVATION_MS,
      observation_released_at: null,
      adverse_event_note: null,
    };
    assertComplete(row);

    insertDose.run(row);
    drawFromVial.run(vial.id);
    setQueueStatus.run('vaccinated', registration.id, registration.queue_status);
    context.describe({
      entityType: 'dose',
      entityId: row.id,
      detail: {
        doseNumber: row.dose_number,
        productCode: row.product_code,
        lot: row.lot,
        registrationId: row.registration_id,
        vialId: row.vial_id,
      },
    });
    emitQueue(context, registration.day_id);
    return doseView(row, plan.warnings);
  }

  /**
   * What `dose.record` would make of this recipient and vial now: the dose number and product, the
   * recipient's age, and the refusal an interval, product or lot rule would give. Nothing is written.
   */
  function previewDose(
    input: ChannelParsedInput<'dose.preview'>,
    now: DoseContext['now'],
    assertReadable: (recipientId: string) => void,
  ): ChannelOutput<'dose.preview'> {
    const registration =
      selectRegistration.get(input.registrationId) ?? refuse('REGISTRATION_NOT_FOUND');
    assertReadable(registration.recipient_id);
    const found = selectVial.get(input.vialId);
    const vial = found && found.day_id === registration.day_id ? found : refuse('VIAL_NOT_FOUND');
    const catalogue = deps.catalogue.load();
    const product = knownProduct(catalogue, vial);
    const today = malaysiaDate(now.at);
    const birthDate = selectBirthDate.get(registration.recipient_id)?.birth_date ?? today;
    const history = effectiveHistory(registration.recipient_id).map(toPriorDose);
    // The next dose as the registration desk shows it (one rule for both desks); whether this
    // vial may give it now is what dose.record would say.
    const due = nextDoseDue(catalogue, history, today);
    const preview = {
      productCode: product.code,
      productName: product.name,
      ageYears: ageOn(birthDate, today),
      doseNumber: due.doseNumber,
      dueFrom: due.earliestDate,
    };
    try {
      const plan = planNextDose(catalogue, history, vial.product_code, today);
      assertLotUsable(vial.lot, vial.expiry, today);
      return {
        ...preview,
        eligible: true,
        refusal: null,
        warnings: plan.warnings,
      };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const { code, message } = error.toBody();
      return {
        ...preview,
        eligible: false,
        refusal: { code, message },
        warnings: [],
      };
    }
  }

  function releaseObservation(
    input: ChannelParsedInput<'observation.release'>,
    context: DoseContext,
  ): ChannelOutput<'observation.release'> {
    const { now } = context;
    const dose = selectDose.get(input.doseId);
    if (
      !dose ||
      dose.void_record_id !== null ||
      dose.superseded === 1 ||
      dose.day_state !== 'open' ||
      dose.observation_released_at !== null
    ) {
      refuse('OBSERVATION_NOT_FOUND');
    }
    assertDayTakesRecords(deps.settings, { session_date: dose.day_session_date }, now);
    markReleased.run(now.at, input.adverseEventNote, dose.id);
    context.describe({
      entityType: 'dose',
      entityId: dose.id,
      detail: {
        adverseEvent: input.adverseEventNote !== null,
        releasedEarly: now.at < dose.observation_ends_at,
      },
    });
    return { done: true };
  }

  function voidDose(
    input: ChannelParsedInput<'dose.void'>,
    context: DoseContext,
  ): ChannelOutput<'dose.void'> {
    const { actor, now } = context;
    assertClockTrusted(deps.clock.status());
    const dose = selectDose.get(input.doseId) ?? refuse('DOSE_NOT_FOUND');
    if (dose.void_record_id !== null) refuse('DOSE_ALREADY_VOID');
    if (dose.superseded === 1) refuse('DOSE_SUPERSEDED');
    // The void is made in the open day, which must be today's, before the PPV's closure.
    const openDay = deps.days.require();
    assertDayTakesRecords(deps.settings, openDay, now);

    const history = effectiveHistory(dose.recipient_id);
    const later = history.filter((other) => other.dose_number > dose.dose_number);
    if (later.length > 0) {
      refuse(
        'DOSE_SEQUENCE',
        { expected: Math.max(...history.map((other) => other.dose_number)) + 1 },
        { laterDoseNumbers: later.map((other) => other.dose_number).sort((a, b) => a - b) },
      );
    }

    // A void of a dose whose day is still open never leaves the station; otherwise it travels in
    // the open day's batch.
    const ownDayOpen = dose.day_state === 'open';
    const voidDayId = ownDayOpen ? null : openDay.id;
    const goneWithIt = ownDayOpen ? [] : recordsGoneWith(dose);
    const voidRecordId = deps.newId();
    markVoid.run(
      voidRecordId,
      input.reason,
      actor.userId,
      now.at,
      now.deviceAt,
      voidDayId,
      dose.id,
    );
    // Voided on the station only: MyVAS no longer holds them either, so nothing travels for them.
    for (const gone of goneWithIt) {
      markVoid.run(deps.newId(), input.reason, actor.userId, now.at, now.deviceAt, null, gone.id);
    }

    const requeued =
      ownDayOpen &&
      dose.record_type === 'dose' &&
      setQueueStatus.run('waiting', dose.registration_id, 'vaccinated').changes > 0;
    context.describe({
      entityType: 'dose',
      entityId: dose.id,
      detail: {
        voidRecordId,
        recordType: dose.record_type,
        doseNumber: dose.dose_number,
        registrationId: dose.registration_id,
        voidDayId,
        requeued,
        ...(goneWithIt.length > 0 ? { alsoVoided: goneWithIt.map((gone) => gone.id) } : {}),
      },
    });
    if (requeued) emitQueue(context, dose.day_id);
    return { done: true };
  }

  /**
   * The records a sealed amendment stood in for that a void of it leaves standing nowhere. At MyVAS
   * (1.1) an amendment either replaced the record it names (accepted), or closed that record's
   * rejection, or was rejected while the record it names stands. Only in the last case does the
   * record come back; otherwise the dose is gone at MyVAS, so it must be gone here too, or the
   * station's history would hold a dose MyVAS does not. Refused while MyVAS has not judged the
   * amendment: which case it is, nobody knows yet.
   */
  function recordsGoneWith(amendment: DoseRow): DoseRow[] {
    const gone: DoseRow[] = [];
    let current = amendment;
    while (current.amends !== null) {
      const currentResult = selectUploadResult.get(current.id)?.status;
      if (currentResult === undefined) refuse('AMENDMENT_NOT_JUDGED');
      const original = selectDose.get(current.amends) ?? refuse('DOSE_NOT_FOUND');
      const originalResult = selectUploadResult.get(original.id)?.status;
      const originalStands = currentResult === 'rejected' && originalResult !== 'rejected';
      if (originalStands) break;
      gone.push(original);
      current = original;
    }
    return gone;
  }

  function amendDose(input: ChannelParsedInput<'dose.amend'>, context: DoseContext): DoseView {
    const { actor, now } = context;
    const { administeredAt } = input;
    assertClockTrusted(deps.clock.status());

    const original = selectDose.get(input.doseId) ?? refuse('DOSE_NOT_FOUND');
    if (original.void_record_id !== null) refuse('DOSE_ALREADY_VOID');
    if (original.superseded === 1) refuse('DOSE_SUPERSEDED');
    if (original.day_state !== 'sealed' || original.day_closed_at === null) {
      refuse('DOSE_NOT_SEALED');
    }
    // The amendment is made in the open day, which must be today's, before the PPV's closure.
    const openDay = deps.days.require();
    assertDayTakesRecords(deps.settings, openDay, now);

    // The corrected time lies in the (sealed) day the dose was given, after its registration and
    // presence: for an amendment of an amendment, the first record's day, not the day the amendment
    // was made.
    const given = selectAdministrationDay.get(original.id) ?? refuse('DOSE_NOT_FOUND');
    const givenClosedAt = given.closed_at ?? refuse('DOSE_NOT_SEALED');
    const administeredDate = malaysiaDate(administeredAt);
    if (administeredAt > now.at + FUTURE_TOLERANCE_MS) {
      refuse('DOSE_IN_FUTURE', { administeredAt: malaysiaDisplay(administeredAt) });
    }
    if (administeredAt > givenClosedAt) {
      refuse('DOSE_AFTER_CLOSE_OUT', { closedAt: malaysiaDisplay(givenClosedAt) });
    }
    if (administeredAt < given.opened_at || administeredDate !== given.session_date) {
      refuse('DOSE_OUTSIDE_DAY', { openedAt: malaysiaDisplay(given.opened_at) });
    }
    if (original.registered_at > administeredAt) {
      refuse('NOT_REGISTERED_BEFORE', { registeredAt: malaysiaDisplay(original.registered_at) });
    }
    assertAfterPresence(administeredAt, original.presence_confirmed_at);

    const catalogue = deps.catalogue.load();
    // The right vial is one opened today for the correction, or one of the dose's own day.
    const vial = selectVial.get(input.vialId);
    if (!vial || (vial.day_id !== openDay.id && vial.day_id !== original.day_id)) {
      refuse('VIAL_NOT_FOUND');
    }
    const product = knownProduct(catalogue, vial);
    assertLotUsable(vial.lot, vial.expiry, administeredDate);

    const history = effectiveHistory(original.recipient_id).filter(
      (other) => other.id !== original.id,
    );
    if (history.length + 1 !== original.dose_number) {
      refuse('DOSE_SEQUENCE', { expected: history.length + 1 });
    }
    const plan = planNextDose(catalogue, history.map(toPriorDose), product.code, administeredDate);
    if (plan.doseNumber !== original.dose_number) {
      refuse('DOSE_SEQUENCE', { expected: plan.doseNumber });
    }

    const row: DoseDraft = {
      id: deps.newId(),
      record_type: 'amendment',
      amends: original.id,
      amend_reason: input.reason,
      registration_id: original.registration_id,
      recipient_id: original.recipient_id,
      day_id: openDay.id,
      vial_id: vial.id,
      product_code: product.code,
      gtin: vial.gtin,
      lot: vial.lot,
      expiry: vial.expiry,
      dose_number: original.dose_number,
      series: plan.series,
      administered_at: administeredAt,
      site: input.site,
      vaccinator_id: original.vaccinator_id,
      presence: original.presence,
      recorded_at: now.at,
      recorded_device_at: now.deviceAt,
      recorded_by: actor.userId,
      observation_ends_at: administeredAt,
      observation_released_at: now.at,
      adverse_event_note: original.adverse_event_note,
    };
    assertComplete(row);

    insertDose.run(row);
    context.describe({
      entityType: 'dose',
      entityId: row.id,
      detail: {
        amends: original.id,
        doseNumber: row.dose_number,
        productCode: row.product_code,
        lot: row.lot,
        registrationId: row.registration_id,
        vialId: row.vial_id,
      },
    });
    return doseView(row, plan.warnings);
  }

  function openVial(input: ChannelParsedInput<'vial.open'>, context: DoseContext): VialView {
    const { actor, now } = context;
    const day = deps.days.require();
    const today = assertDayTakesRecords(deps.settings, day, now);

    const catalogue = deps.catalogue.load();
    const product = findProductByGtin(catalogue, input.gtin);
    assertGs1Lot(input.lot);
    if (input.serial !== null) assertGs1Serial(input.serial);
    assertLotUsable(input.lot, input.expiry, today);
    const gtin = gtin14(input.gtin);
    const existing =
      input.serial === null ? undefined : selectSameVial.get(day.id, gtin, input.lot, input.serial);
    // A lot the PPV did not receive may be lot and serial merged by a scanner that dropped GS: a
    // new vial of it opens only once the vaccinator has checked the lot shown against the label.
    const delivered = !!selectDeliveredLot.get(gtin, input.lot);
    if (!existing && !delivered && !input.lotConfirmed) {
      refuse('LOT_NOT_DELIVERED', { lot: input.lot, product: product.name });
    }
    const vial: VialRow = existing ?? {
      id: deps.newId(),
      day_id: day.id,
      product_code: product.code,
      gtin,
      lot: input.lot,
      expiry: input.expiry,
      serial: input.serial,
      doses_per_vial: product.dosesPerVial,
      doses_drawn: 0,
      opened_at: now.at,
      opened_by: actor.userId,
      reconciled_at: null,
      reconciled_by: null,
      doses_wasted: null,
    };
    if (!existing) {
      insertVial.run(
        vial.id,
        vial.day_id,
        vial.product_code,
        gtin,
        vial.lot,
        vial.expiry,
        vial.serial,
        vial.doses_per_vial,
        vial.opened_at,
        vial.opened_by,
      );
    }
    context.describe({
      entityType: 'vial',
      entityId: vial.id,
      detail: {
        productCode: vial.product_code,
        lot: vial.lot,
        dayId: day.id,
        reopened: !!existing,
        lotDelivered: delivered,
      },
    });
    return vialView(vial, catalogue);
  }

  function listVials(input: ChannelParsedInput<'vial.list'>): ChannelOutput<'vial.list'> {
    const day = deps.days.find();
    if (!day) return { items: [], nextCursor: null };
    const catalogue = deps.catalogue.load();
    const rows = pageVials.all(day.id, input.cursor ?? '', input.limit + 1);
    const items = rows.slice(0, input.limit).map((row) => vialView(row, catalogue));
    return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.vialId ?? null) : null };
  }

  function reconcileVial(
    input: ChannelParsedInput<'vial.reconcile'>,
    context: DoseContext,
  ): VialView {
    const { actor, now } = context;
    const day = deps.days.require();
    const vial = selectVial.get(input.vialId);
    if (!vial || vial.day_id !== day.id) refuse('VIAL_NOT_FOUND');
    if (vial.reconciled_at !== null) refuse('VIAL_CLOSED');
    const remaining = vial.doses_per_vial - vial.doses_drawn;
    if (input.dosesWasted < 0 || input.dosesWasted > remaining) {
      refuse('VIAL_WASTAGE_INVALID', { remaining });
    }
    markReconciled.run(now.at, actor.userId, input.dosesWasted, vial.id);
    context.describe({
      entityType: 'vial',
      entityId: vial.id,
      detail: { dosesDrawn: vial.doses_drawn, dosesWasted: input.dosesWasted },
    });
    const catalogue = deps.catalogue.load();
    return vialView(
      {
        ...vial,
        reconciled_at: now.at,
        reconciled_by: actor.userId,
        doses_wasted: input.dosesWasted,
      },
      catalogue,
    );
  }

  return {
    openVial,
    listVials,
    reconcileVial,
    previewDose,
    recordDose,
    releaseObservation,
    voidDose,
    amendDose,
  };
}

export type DoseService = ReturnType<typeof createDoseService>;
